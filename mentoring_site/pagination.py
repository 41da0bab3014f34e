"""Pagination of list pages: a bad page number is a 404, never a 500."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404


def paginate(request, queryset, per_page: int):
    try:
        return Paginator(queryset, per_page).page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("Нет такой страницы.") from error


def query_without_page(request) -> str:
    """The current filters, for the «Назад»/«Вперёд» links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
