/* «Наставник»: the search boxes of the pickers (mentoring_site/widgets.py, templates/widgets/).
   The lists are rendered by the server and work without this file; it only filters them as one types
   (case-insensitive, «ё» = «е», every typed word must occur) and keeps «Выбрано: N» up to date. */
(function () {
  "use strict";

  function normalize(text) {
    return text.toLocaleLowerCase("ru").replace(/ё/g, "е").replace(/\s+/g, " ").trim();
  }

  function matcher(query) {
    var words = normalize(query).split(" ").filter(Boolean);
    return function (text) {
      var haystack = normalize(text);
      return words.every(function (word) {
        return haystack.indexOf(word) !== -1;
      });
    };
  }

  function labelText(element) {
    if (!element) {
      return "";
    }
    var copy = element.cloneNode(true);
    copy.querySelectorAll(".asteriskField").forEach(function (star) {
      star.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function guardKeys(search, update) {
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter in the search box must not send the form
      } else if (event.key === "Escape" && search.value) {
        event.preventDefault();
        search.value = "";
        update();
      }
    });
    search.addEventListener("input", update);
  }

  function setUpCheckboxes(root) {
    var search = root.querySelector("[data-picker-search]");
    var status = root.querySelector("[data-picker-status]");
    var empty = root.querySelector("[data-picker-empty]");
    var rows = Array.prototype.slice.call(root.querySelectorAll("[data-picker-option]"));
    var groups = Array.prototype.slice.call(root.querySelectorAll("[data-picker-group]"));
    var boxes = rows.map(function (row) {
      return row.querySelector("input");
    });

    function update() {
      var query = search ? search.value : "";
      var test = matcher(query);
      var shown = 0;
      rows.forEach(function (row) {
        var hit = test(row.textContent);
        row.hidden = !hit;
        shown += hit ? 1 : 0;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-picker-option]:not([hidden])");
      });
      if (empty && rows.length) {
        empty.hidden = shown > 0;
      }
      if (status) {
        var chosen = boxes.filter(function (box) {
          return box.checked;
        }).length;
        status.textContent =
          "Выбрано: " + chosen + (query.trim() ? " · найдено " + shown + " из " + rows.length : "");
      }
    }

    if (search) {
      var fieldset = root.closest("fieldset");
      var name = labelText(fieldset && fieldset.querySelector("legend"));
      search.setAttribute("aria-label", name ? "Найти в списке «" + name + "»" : "Найти в списке");
      root.querySelector("[data-picker-tools]").hidden = false;
      guardKeys(search, update);
    }
    root.addEventListener("change", update);
    update(); // the browser may have restored a query or checks after «Назад»
  }

  function setUpSelect(root) {
    var search = root.querySelector("[data-picker-search]");
    var status = root.querySelector("[data-picker-status]");
    var select = root.querySelector("select");
    // Hidden <option>s still show in some phones' pickers: the filter takes them out and puts them back.
    var parts = Array.prototype.slice.call(select.children).map(function (element) {
      var options = element.tagName === "OPTGROUP" ? Array.prototype.slice.call(element.children) : null;
      return { element: element, options: options };
    });
    var total = select.querySelectorAll("option:not([value=''])").length;

    function update() {
      var query = search.value;
      var test = matcher(query);
      var shown = 0;
      function keep(option) {
        if (option.value === "" || option.selected) {
          return true;
        }
        var hit = test(option.textContent);
        shown += hit ? 1 : 0;
        return hit;
      }
      var kept = [];
      parts.forEach(function (part) {
        if (!part.options) {
          if (keep(part.element)) {
            kept.push(part.element);
          }
          return;
        }
        var options = part.options.filter(keep);
        part.element.replaceChildren.apply(part.element, options);
        if (options.length) {
          kept.push(part.element);
        }
      });
      var value = select.value;
      select.replaceChildren.apply(select, kept);
      select.value = value;
      status.hidden = !query.trim();
      status.textContent = "Найдено: " + shown + " из " + total;
    }

    var label = select.id ? document.querySelector("label[for='" + select.id + "']") : null;
    var name = labelText(label);
    search.setAttribute("aria-label", name ? "Найти в списке «" + name + "»" : "Найти в списке");
    search.hidden = false;
    guardKeys(search, update);
    if (search.value) {
      update();
    }
  }

  function start() {
    document.querySelectorAll("[data-picker]").forEach(setUpCheckboxes);
    document.querySelectorAll("[data-picker-select]").forEach(setUpSelect);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
