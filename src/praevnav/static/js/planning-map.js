/* Präventionsnavigator: the coverage choropleth and the print button of the planning pages.
   A progressive enhancement: the table on the same page lists every value the map shows,
   and the legend is written by the server. Areas come from the tenant's own polygons;
   tiles only when PRAEVNAV_TILE_URL is set. Text is inserted as text only. */
(function () {
  "use strict";

  var COLOURS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  function printButtons() {
    document.querySelectorAll("[data-pn-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function choropleth(container) {
    var data = container.dataset;
    var source = document.getElementById(data.values);
    var values = source ? JSON.parse(source.textContent) : {};
    container.hidden = false;
    var map = L.map(container, { zoomControl: false, scrollWheelZoom: false, minZoom: 7, maxZoom: 16 });
    L.control.zoom({ zoomInTitle: data.labelZoomIn || "+", zoomOutTitle: data.labelZoomOut || "−" }).addTo(map);
    map.setView([51.2, 6.8], 11);
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(map);
    }
    fetch(data.areasUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; })
      .then(function (geo) {
        if (!geo || !geo.features || !geo.features.length) { container.hidden = true; return; }
        var layer = L.geoJSON(geo, {
          style: function (feature) {
            var entry = values[feature.properties.code];
            var cls = entry ? entry.c : null;
            return {
              color: "#1b1c22", weight: 1,
              fillColor: cls === null || cls === undefined ? "#9a9ea8" : COLOURS[cls],
              fillOpacity: cls === null || cls === undefined ? 0.35 : 0.8,
              dashArray: cls === null || cls === undefined ? "3 3" : null
            };
          },
          onEachFeature: function (feature, lyr) {
            var entry = values[feature.properties.code];
            var text = feature.properties.name + ": " +
              (entry && entry.v !== "" ? entry.v : (data.labelNone || "–"));
            lyr.bindTooltip(text, { sticky: true });
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds());
      });
  }

  ready(function () {
    printButtons();
    if (typeof L === "undefined") { return; }
    var container = document.getElementById("coverage-map");
    if (container) { choropleth(container); }
  });
})();
