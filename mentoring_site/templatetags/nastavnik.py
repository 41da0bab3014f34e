from django import template
from django.utils.safestring import mark_safe

from mentoring_site.declension import decline, document_title, quoted, typeset
from mentoring_site.plural import ru_count, ru_plural_form

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


@register.filter(name="typeset")
def typeset_filter(text: str) -> str:
    """``{{ point|typeset }}``: escaped, one-letter words tied to the next, names not hyphenated."""
    return mark_safe(typeset(str(text)))  # noqa: S308 — typeset escapes the text itself
