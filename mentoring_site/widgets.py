"""Pickers that work by touch: a list of checkboxes with a search box, and a select that can be searched.

``CheckboxPicker`` replaces ``<select multiple>`` (which needs Ctrl, has none on a phone and cuts long
names): the server renders one checkbox per option — each row a label, tappable as a whole, its name
wrapping instead of cut — inside a box that scrolls when the list is long. With JavaScript
(``static/js/picker.js``, loaded by base.html) a search box above filters the rows as one types
(case-insensitive, «ё» = «е») and «Выбрано: N» follows the choice. Without JavaScript the list works
as it is. ``SearchableSelect`` is a plain ``<select>`` that gets the same search box when it offers
more than ``SEARCHABLE_FROM`` options.

Both render from ``templates/widgets/`` (``FORM_RENDERER`` is ``TemplatesSetting``). A bound form
renders what was submitted, so a refused form keeps every checked row checked.
"""

from typing import Any

from django import forms

# A list this long is searched rather than scanned by eye.
SEARCHABLE_FROM = 16
# A checkbox list gets its search box earlier: seven rows fit the box without scrolling.
CHECKBOX_SEARCHABLE_FROM = 8


def _option_count(optgroups: list[tuple[Any, list[dict[str, Any]], int]]) -> int:
    return sum(1 for _, options, _ in optgroups for option in options if option["value"] not in ("", None))


class CheckboxPicker(forms.SelectMultiple):
    """Many of many: checkboxes with a search box (grouped choices become headed groups)."""

    template_name = "widgets/checkbox_picker.html"
    option_template_name = "widgets/checkbox_picker_option.html"
    input_type = "checkbox"
    checked_attribute = {"checked": True}
    option_inherits_attrs = True
    use_fieldset = True  # the field's label is the legend of the group of checkboxes
    searchable_from = CHECKBOX_SEARCHABLE_FROM

    def __init__(self, attrs: dict[str, Any] | None = None, *, searchable_from: int | None = None) -> None:
        super().__init__(attrs)
        if searchable_from is not None:
            self.searchable_from = searchable_from

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # «required» on each checkbox would demand all of them

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        """The options' ids; the group itself is named by its legend, not by a ``<label for>``."""
        if index is None:
            return ""
        return f"{id_}_{index}" if id_ else ""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        # The box carries the field's styling and ARIA; a checkbox keeps only what is its own.
        option["attrs"] = {key: val for key, val in option["attrs"].items() if key in ("id", "checked", "disabled")}
        return option

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        count = _option_count(widget["optgroups"])
        chosen = sum(1 for _, options, _ in widget["optgroups"] for option in options if option["selected"])
        css = widget["attrs"].pop("class", "")
        widget.update(
            count=count,
            chosen=chosen,
            searchable=count >= self.searchable_from,
            invalid="is-invalid" in css.split(),
            box_attrs={key: val for key, val in widget["attrs"].items() if key in ("id", "aria-describedby")},
        )
        return context


class SearchableSelect(forms.Select):
    """One of many: a ``<select>``; with more than ``searchable_from - 1`` options a search box filters it."""

    template_name = "widgets/searchable_select.html"
    searchable_from = SEARCHABLE_FROM

    def __init__(self, attrs: dict[str, Any] | None = None, choices=(), *, searchable_from: int | None = None):
        super().__init__(attrs, choices)
        if searchable_from is not None:
            self.searchable_from = searchable_from

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["count"] = _option_count(widget["optgroups"])
        widget["searchable"] = widget["count"] >= self.searchable_from
        return context
