// The question form of the constructor: show the parts that the chosen kind of question uses (the scale, the
// options). Without this file every part is shown and the server ignores what the kind does not use.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var kind = document.querySelector("[data-question-kind]");
    if (!kind) return;
    function update() {
      document.querySelectorAll("[data-kinds]").forEach(function (part) {
        if (part === kind || part.matches("input, select, textarea")) return;
        part.hidden = part.getAttribute("data-kinds").split(" ").indexOf(kind.value) === -1;
      });
      var legend = document.querySelector("[data-options-legend]");
      if (legend) {
        legend.textContent = legend.getAttribute(kind.value === "matrix" ? "data-matrix" : "data-choice");
      }
    }
    kind.addEventListener("change", update);
    update();
  });
})();
