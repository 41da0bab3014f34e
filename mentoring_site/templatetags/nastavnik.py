import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from mentoring_site.plural import ru_count, ru_plural_form
from mentoring_site.text import list_items as _list_items

register = template.Library()


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
