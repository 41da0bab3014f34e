"""Links on pages: one ``reverse()`` per page instead of one per row (≈45 µs each), and the links without
arguments (the menu's, the buttons') reversed once per process instead of on every page."""

from collections.abc import Callable

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

_MARKER = 987654321
_CACHE_SIZE = 2048

_reversed_urls: dict[tuple[object, ...], str] = {}


def pk_url(name: str) -> Callable[[int], str]:
    """For a URL pattern whose only argument is ``pk``: ``pk_url("pairing:detail")(7)`` → "/pairing/7/"."""
    head, tail = _reversed(name, None, {"pk": _MARKER}).split(str(_MARKER))
    return lambda pk: f"{head}{pk}{tail}"


def plain_url(name: str, current_app: str | None = None) -> str:
    """``reverse(name)`` for a URL without arguments, remembered per URLconf (its resolver, which Django
    replaces when the URLconf changes), script prefix and current application: the same answer, computed once.
    An unknown name raises ``NoReverseMatch`` every time, as ``reverse`` does."""
    return _reversed(name, current_app, None)


def _reversed(name: str, current_app: str | None, kwargs: dict[str, int] | None) -> str:
    urlconf = get_urlconf()
    key = (get_resolver(urlconf), get_script_prefix(), name, current_app, tuple(kwargs.items()) if kwargs else ())
    try:
        return _reversed_urls[key]
    except KeyError:
        pass
    url = reverse(name, urlconf=urlconf, kwargs=kwargs, current_app=current_app)
    if len(_reversed_urls) >= _CACHE_SIZE:  # names come from code and templates: a few; never grow without bound
        _reversed_urls.clear()
    _reversed_urls[key] = url
    return url
