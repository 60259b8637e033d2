/* Präventionsnavigator: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    // After a failed submission, move focus to the error summary so that screen reader
    // and keyboard users start where the problems are listed (it has tabindex="-1").
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
    // Links in the error summary: focus the field itself, not just scroll to it.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".pn-error-summary a[href^='#']");
      if (!link) {
        return;
      }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        target.focus();
        target.scrollIntoView({ block: "center" });
      }
    });
  });
})();
