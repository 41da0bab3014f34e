/* The form of a personal link: a question with a condition (data-condition="q12=yes") shows only while
   that option is chosen. Without JavaScript every question shows; the server ignores hidden answers. */
(function () {
  "use strict";
  var form = document.querySelector("form.fill-form");
  if (!form) { return; }
  var dependent = Array.prototype.slice.call(form.querySelectorAll("[data-condition]"));
  if (!dependent.length) { return; }

  function chosen(name, value) {
    var fields = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      var holder = field.closest(".fill-question");
      if (holder && holder.hidden) { return false; }
      if (field.tagName === "SELECT") { if (field.value === value) { return true; } }
      else if (field.checked && field.value === value) { return true; }
    }
    return false;
  }

  function update() {
    // a few passes: a question may depend on one that depends on another
    for (var pass = 0; pass < 5; pass++) {
      var changed = false;
      dependent.forEach(function (fieldset) {
        var parts = fieldset.getAttribute("data-condition").split("=");
        var hide = !chosen(parts[0], parts.slice(1).join("="));
        if (fieldset.hidden !== hide) { fieldset.hidden = hide; changed = true; }
      });
      if (!changed) { break; }
    }
  }

  form.addEventListener("change", update);
  update();
  var errors = document.getElementById("fill-errors");
  if (errors) { errors.focus(); }
})();
