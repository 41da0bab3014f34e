import re
from typing import Any

from django import template
from django.template import defaulttags
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from mentoring_site.declension import decline, document_title, nest_quotes, quoted, tie, typeset
from mentoring_site.links import plain_url
from mentoring_site.plural import ru_count, ru_plural_form
from mentoring_site.text import list_items as _list_items

register = template.Library()
_MISSING = object()


class PlainURLNode(defaulttags.URLNode):
    """``{% url %}`` whose link has no arguments (the menu's, the page's buttons: ~20 on every page) takes it
    from ``links.plain_url`` (reversed once per process); with arguments or ``as var`` it is Django's own."""

    def render(self, context):
        if self.args or self.kwargs or self.asvar:
            return super().render(context)
        request = getattr(context, "request", None)  # the current application as Django's tag finds it
        current_app = getattr(request, "current_app", _MISSING)
        if current_app is _MISSING:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = plain_url(self.view_name.resolve(context), current_app)
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's ``{% url %}`` (the same syntax and errors; this library is a builtin, loaded after Django's
    own, so every template gets it), with the links that have no arguments reversed once per process."""
    node = defaulttags.url(parser, token)
    return PlainURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.filter
def ru_plural(value, forms: str) -> str:
    """``{{ n|ru_plural:"наставник,наставника,наставников" }}`` → «5 наставников»."""
    one, few, many = (f.strip() for f in forms.split(","))
    try:
        return ru_count(int(value), one, few, many)
    except (TypeError, ValueError):
        return ""


@register.filter
def ru_plural_word(value, forms: str) -> str:
    """Only the word: ``{{ n|ru_plural_word:"минуту,минуты,минут" }}``."""
    one, few, many = (f.strip() for f in forms.split(","))
    try:
        return ru_plural_form(int(value), one, few, many)
    except (TypeError, ValueError):
        return many


@register.filter
def russian_reason(exception) -> str:
    """The reason a refusal carries (``PermissionDenied("Пара уже завершена.")``), shown on the 403 page when it
    is ours, in Russian; a library's English message or none gives ""."""
    text = str(exception or "").strip()
    return text if re.search("[А-Яа-яЁё]", text) else ""


@register.filter
def minutes(delta) -> int:
    return int(delta.total_seconds() // 60) if delta else 0


@register.filter
def on(request, patterns: str) -> bool:
    """Is the page one of ``patterns`` («namespace:url-name», ``*`` allowed, comma-separated)?

    The navigation marks its active item from ``request.resolver_match``, not from the path.
    """
    from fnmatch import fnmatchcase

    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    here = f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or "")
    return any(fnmatchcase(here, pattern.strip()) for pattern in patterns.split(","))


@register.filter(name="case")
def in_case(value, spec: str) -> str:
    """A name in the case a sentence needs: ``{{ organization|case:"prepositional" }}`` (the short
    name; ``"genitive,full_name"`` for the full one), ``{{ curator|case:"accusative" }}``, or any
    text: a ФИО or a phrase («заместитель директора» → «заместителя директора»)."""
    case_name, _, source = spec.partition(",")
    method = getattr(value, "in_case", None)
    if callable(method):
        return method(case_name, source or None) if source else method(case_name)
    return decline(value, case_name)


@register.filter(name="doc_case")
def doc_case(title: str, case: str) -> str:
    """``Утвердить {{ roadmap.title|doc_case:"accusative" }}`` → «Утвердить дорожную карту реализации …»."""
    return document_title(str(title), case)


@register.filter(name="quoted")
def quoted_filter(text: str) -> str:
    """``{{ title|quoted }}`` → «Положение о наставничестве в Гимназии „Жуковка“»."""
    return quoted(str(text))


@register.filter(name="nest_quotes")
def nest_quotes_filter(text: Any) -> str:
    """``{{ organization.full_name|nest_quotes }}`` → «… учреждение «Гимназия „Жуковка“»»: a printed name
    keeps one pair of «» per quotation, whatever quotes were typed inside."""
    return nest_quotes(str(text or ""))


@register.filter(name="typeset")
def typeset_filter(text: Any) -> Any:
    """``{{ point|typeset }}``: escaped, one-letter words tied to the next, names not hyphenated; a value
    that is not text (a date, a number) is left for the template to format."""
    if not isinstance(text, str):
        return text
    return mark_safe(typeset(text))  # noqa: S308 — typeset escapes the text itself


@register.filter(name="tie")
def tie_filter(text: Any) -> Any:
    """``{{ cell|tie }}``: :func:`~mentoring_site.declension.typeset` for a table's cell (no boxes)."""
    if not isinstance(text, str):
        return text
    return mark_safe(tie(text))  # noqa: S308 — tie escapes the text itself


@register.filter
def list_items(text) -> list[str]:
    """A list typed one item per line → its items, without the «-» or «1.» typed before them."""
    return _list_items(text)


# «…» with at most one level of „…“ or «…» inside: a proper name in quotes.
_QUOTED = re.compile(r"«[^«»]*(?:«[^«»]*»[^«»]*)*»")


@register.filter
def keep_names(text) -> SafeString:
    """``text`` with every «quoted name» in a ``<span class="name">``, so that a heading printed in
    capitals keeps «СОШ ст. Старица» as the school writes it."""
    text = str(text or "")
    parts, last = [], 0
    for match in _QUOTED.finditer(text):
        parts.append(conditional_escape(text[last : match.start()]))
        parts.append(format_html('<span class="name">{}</span>', match.group()))
        last = match.end()
    parts.append(conditional_escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (each part escaped above)
