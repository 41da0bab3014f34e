"""Middleware that knows no app: the request's charset, and caching of pages with personal data."""

import codecs
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class Utf8FormsMiddleware:
    """A form sent in another charset (koi8-r, windows-1251, an unknown one) is refused with a Russian 400
    before anything reads it: the site's pages are UTF-8, and a guessed decoding would save garbage."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in BODY_METHODS:
            charset = request.content_params.get("charset", "") if request.content_type else ""
            if charset and _codec(charset) != "utf-8":
                message = (
                    f"Форма отправлена в кодировке «{charset[:40]}», а сайт принимает только UTF-8. "
                    "Откройте страницу заново в браузере и отправьте форму ещё раз: ничего не сохранено."
                )
                return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


def _codec(charset: str) -> str:
    try:
        return codecs.lookup(charset.strip().strip('"')).name
    except LookupError:
        return "unknown"


class PrivatePagesMiddleware:
    """Pages and files served to a signed-in user may hold personal data (cards, bases, PDFs, scans,
    exports): no browser or proxy keeps a copy (``Cache-Control: private, no-store``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
