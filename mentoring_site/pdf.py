"""Printable documents: an HTML template rendered to PDF by WeasyPrint.

Fonts are shipped in ``static/fonts`` (DejaVu, embedded as a subset into every PDF), and the
URL fetcher only serves files from the project's static directories, so a document can never
make WeasyPrint fetch anything from the network or read other local files.
"""

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

from mentoring_site.files import content_disposition

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "static:"
# PNG images made for one document (QR codes of a slip sheet): ``<img src="memory:<name>">``.
MEMORY_SCHEME = "memory:"


def _static_only_fetcher(images: Mapping[str, bytes] | None = None) -> "URLFetcher":
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves ``static:<path>`` from the static directories and ``memory:<name>`` from the document's own
        PNG images, and refuses every other URL."""

        def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> "URLFetcherResponse":
            name = url.removeprefix(MEMORY_SCHEME)
            if url.startswith(MEMORY_SCHEME) and images and name in images:
                return URLFetcherResponse(url, body=images[name], headers={"Content-Type": "image/png"})
            if not url.startswith(STATIC_SCHEME):
                raise ValueError(f"Внешние ресурсы в документах запрещены: {url}")
            path = finders.find(url.removeprefix(STATIC_SCHEME).lstrip("/"))
            if not path:
                raise ValueError(f"Нет такого статического файла: {url}")
            return super().fetch(Path(path).resolve().as_uri(), headers)

    return StaticOnlyFetcher(allowed_protocols=["file"], allow_redirects=False)


def render_pdf(template: str, context: dict) -> bytes:
    """Render ``template`` with ``context`` and return the PDF bytes."""
    return html_to_pdf(render_to_string(template, context))


# Spaces and line breaks of the template before a block's end («…участников\n   </td>»): they print
# nothing, but WeasyPrint then breaks a hyphenated cell's last line after its first part («мониторин- |
# га влияния…»).
_TRAILING_SPACE = re.compile(r"\s+(?=</(?:td|th|div|li|p|h[1-6])>)")


def html_to_pdf(html: str, *, images: Mapping[str, bytes] | None = None) -> bytes:
    """``images``: PNG images by name, for ``<img src="memory:<name>">`` (a raster image is laid out much
    faster than the same picture as inline SVG: hundreds of QR codes on a slip sheet)."""
    from weasyprint import HTML

    html = _TRAILING_SPACE.sub("", html)
    fetcher = _static_only_fetcher(images)
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response
