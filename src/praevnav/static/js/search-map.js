/* Präventionsnavigator: maps of the search page and the offer page, and small helpers for
   both (print button, focus after htmx paging). A progressive enhancement: every page
   works without this file, and the table view lists what the map shows.
   Text from the server is only ever inserted as text (textContent), never as HTML. */
(function () {
  "use strict";

  document.documentElement.classList.add("pn-js");

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // A map in `container` with the configured tiles (if any) and the tenant's areas as base.
  function createMap(container) {
    var data = container.dataset;
    container.hidden = false;
    var map = L.map(container, {
      zoomControl: false, scrollWheelZoom: false, minZoom: 7, maxZoom: 18
    });
    L.control.zoom({
      zoomInTitle: data.labelZoomIn || "+",
      zoomOutTitle: data.labelZoomOut || "−"
    }).addTo(map);
    map.setView([51.2, 6.8], 11);
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(map);
    }
    var areas = getJSON(data.areasUrl).then(function (geo) {
      if (!geo || !geo.features || !geo.features.length) { return null; }
      var layer = L.geoJSON(geo, {
        interactive: false,
        style: {
          color: "#4e5267", weight: 1, fillColor: "#dfe3ea",
          fillOpacity: data.tileUrl ? 0.1 : 0.55
        }
      }).addTo(map);
      layer.bringToBack();
      return layer;
    });
    return { map: map, areas: areas };
  }

  function popup(title, url, place) {
    var box = element("div");
    if (url) {
      var link = element("a", "kern-link", title);
      link.href = url;
      box.appendChild(link);
    } else {
      box.appendChild(element("strong", "", title));
    }
    if (place) { box.appendChild(element("div", "", place)); }
    return box;
  }

  function marker(lat, lon, title) {
    return L.marker([lat, lon], { title: title, alt: title, keyboard: true });
  }

  // --- the search page ------------------------------------------------------------------
  function searchMap(container) {
    var setup = createMap(container);
    var map = setup.map;
    var label = container.dataset.labelOffers || "";
    var clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var html = element("span", "", String(n));
        html.appendChild(element("span", "kern-sr-only", " " + label));
        var size = n < 10 ? 34 : n < 100 ? 40 : 48;
        return L.divIcon({ html: html, className: "pn-cluster", iconSize: L.point(size, size) });
      }
    }).addTo(map);
    var placeLayer = L.layerGroup().addTo(map);
    var current = null;

    function load(query) {
      current = query;
      getJSON(container.dataset.hitsUrl + (query ? "?" + query : "")).then(function (data) {
        if (!data || query !== current) { return; }
        clusters.clearLayers();
        placeLayer.clearLayers();
        var markers = data.points.map(function (p) {
          return marker(p.lat, p.lon, p.title).bindPopup(popup(p.title, p.url, p.place));
        });
        clusters.addLayers(markers);
        var bounds = clusters.getBounds();
        if (data.place) {
          var where = L.latLng(data.place.lat, data.place.lon);
          L.circleMarker(where, { radius: 7, color: "#a8000b", weight: 3, interactive: false })
            .addTo(placeLayer);
          if (data.radius) {
            L.circle(where, { radius: data.radius, color: "#a8000b", weight: 1, fill: false,
              interactive: false }).addTo(placeLayer);
          }
          bounds = bounds.isValid() ? bounds.extend(where) : L.latLngBounds([where]);
        }
        if (bounds.isValid()) {
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
        } else {
          setup.areas.then(function (layer) { if (layer) { map.fitBounds(layer.getBounds()); } });
        }
      });
    }

    function queryOfResults() {
      var body = document.getElementById("search-results-body");
      return body ? body.dataset.query || "" : "";
    }

    load(queryOfResults());
    document.body.addEventListener("htmx:afterSettle", function () {
      var query = queryOfResults();
      if (query !== current) { load(query); }
    });
  }

  // --- the offer page -------------------------------------------------------------------
  function offerMap(container) {
    var source = document.getElementById(container.dataset.points);
    var points = source ? JSON.parse(source.textContent) : [];
    if (!points.length) { return; }
    var setup = createMap(container);
    var group = L.featureGroup(points.map(function (p) {
      return marker(p.lat, p.lon, p.name).bindPopup(popup(p.name, "", p.address));
    })).addTo(setup.map);
    setup.map.fitBounds(group.getBounds(), { padding: [32, 32], maxZoom: 15 });
  }

  // --- helpers for both pages -----------------------------------------------------------
  function printButtons() {
    document.querySelectorAll("[data-pn-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // After paging with htmx, focus the results heading: the link that was used is gone.
  function focusAfterPaging() {
    var paged = false;
    document.addEventListener("click", function (event) {
      paged = !!(event.target.closest && event.target.closest(".pn-pager, .pn-viewswitch"));
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      if (!paged) { return; }
      paged = false;
      var heading = document.getElementById("results-heading");
      if (heading) { heading.focus(); }
    });
  }

  // Facet checkboxes have no ids (they would double the page size): after htmx replaced
  // them, focus the one with the same name and value again.
  function keepCheckboxFocus() {
    var key = null;
    document.body.addEventListener("htmx:beforeSwap", function () {
      var active = document.activeElement;
      key = active && active.type === "checkbox" && active.name
        ? [active.name, active.value] : null;
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      if (!key) { return; }
      var selector = "input[type=checkbox][name=\"" + CSS.escape(key[0]) + "\"][value=\"" +
        CSS.escape(key[1]) + "\"]";
      key = null;
      var box = document.querySelector(selector);
      if (box) { box.focus(); }
    });
  }

  ready(function () {
    printButtons();
    focusAfterPaging();
    keepCheckboxFocus();
    if (typeof L === "undefined") { return; }
    var search = document.getElementById("result-map");
    if (search) { searchMap(search); }
    var offer = document.getElementById("offer-map");
    if (offer) { offerMap(offer); }
  });
})();
