"""Pagination of list pages: a bad page number is a 404, never a 500."""

from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest


def paginate(request: HttpRequest, queryset: Any, per_page: int) -> Page:
    try:
        return Paginator(queryset, per_page).page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("Нет такой страницы.") from error


def query_without_page(request: HttpRequest) -> str:
    """The current filters, for the «Назад»/«Вперёд» links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def int_param(value: object) -> int | None:
    """A query-string number, or ``None`` for anything that is not plain ASCII digits."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None
