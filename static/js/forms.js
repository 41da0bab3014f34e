// Forms of «Наставник»: go to the first error, let tables grow, warn before leaving unsaved changes.
// Everything works without this file; it only saves the user scrolling and retyping.
(function () {
  "use strict";

  // 1. A refused form: bring the first field with an error into view and put the cursor in it.
  // A picker's search box (hidden until picker.js shows it) is not the field: its first checkbox is.
  var FIELDS = "input:not([type=hidden]):not([data-picker-search]), select, textarea";

  function focusFirstError() {
    var invalid = document.querySelector("form .is-invalid, form .invalid-feedback, form .errorlist");
    if (!invalid) return;
    var field = invalid.matches("input, select, textarea")
      ? invalid
      : (invalid.closest(".mb-3, .form-group, fieldset") || invalid).querySelector(FIELDS);
    (field || invalid).scrollIntoView({ block: "center" });
    if (field) field.focus({ preventScroll: true });
  }

  // 2. A table of a formset: «Добавить строку» copies the empty row (its <template>) with the next index.
  function setUpFormsets() {
    document.querySelectorAll("[data-formset]").forEach(function (box) {
      var prefix = box.getAttribute("data-formset");
      var total = box.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
      var max = box.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
      var template = box.querySelector("template[data-empty-row]");
      var rows = box.querySelector("[data-rows]");
      var button = box.querySelector("[data-add-row]");
      if (!total || !template || !rows || !button) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var index = parseInt(total.value, 10);
        if (max && index >= parseInt(max.value, 10)) return;
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        rows.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        var first = rows.lastElementChild && rows.lastElementChild.querySelector("textarea, input:not([type=hidden]), select");
        if (first) first.focus();
      });
    });
  }

  // 3. A form marked data-warn-unsaved asks before the page is left with changes not saved.
  function setUpUnsavedWarning() {
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
      // A refused form holds what the user typed and has not saved: leaving it must ask too.
      var changed = !!document.getElementById("form-errors");
      function typed(event) {
        if (!event.target.matches("[data-picker-search]")) changed = true; // a search is not a change
      }
      form.addEventListener("input", typed);
      form.addEventListener("change", typed);
      form.addEventListener("submit", function () { changed = false; });
      window.addEventListener("beforeunload", function (event) {
        if (changed) {
          event.preventDefault();
          event.returnValue = "";
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpFormsets();
    setUpUnsavedWarning();
    focusFirstError();
  });
})();
