/* Präventionsnavigator: choropleth of the planning pages (accessibility, gaps).
   Progressive enhancement: the table on the page shows every value the map shows.
   Classes and names come from the server (json_script); inserted as text only. */
(function () {
  "use strict";
  var COLOURS = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"];
  var NONE = "#d9d9d9";
  function start() {
    var box = document.getElementById("access-map");
    if (!box || typeof L === "undefined") { return; }
    var values = JSON.parse(document.getElementById(box.dataset.values).textContent);
    box.hidden = false;
    var map = L.map(box, { scrollWheelZoom: false });
    fetch(box.dataset.areasUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (geo) {
        if (!geo || !geo.features || !geo.features.length) { box.hidden = true; return; }
        var layer = L.geoJSON(geo, {
          style: function (f) {
            var v = values[f.properties.code];
            var cls = v && v.cls !== null && v.cls !== undefined ? v.cls : null;
            return { color: "#4e5267", weight: 1, fillOpacity: 0.8,
                     fillColor: cls === null ? NONE : COLOURS[Math.min(cls, COLOURS.length - 1)] };
          },
          onEachFeature: function (f, l) {
            var v = values[f.properties.code];
            var text = f.properties.name + ": " + (v && v.label ? v.label :
              (v && v.value !== null && v.value !== undefined ? v.value.toFixed(2) : "–"));
            l.bindTooltip(text);
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds());
      });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
