"""The reference page of the list benchmarks: a bare 50-row Django list (the issue's «about 4.4 ms
here»), served through the same middleware, so that targets follow the machine's speed."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from participants.models import Person

ROWS = engines["django"].from_string(
    "<table>{% for p in people %}<tr><td>{{ p.last_name }}</td><td>{{ p.first_name }}</td>"
    "<td>{{ p.position }}</td></tr>{% endfor %}</table>"
)


def bare_list(request):
    return HttpResponse(ROWS.render({"people": Person.objects.order_by("pk")[:50]}, request))


urlpatterns = [
    path("bench/bare-list/", bare_list, name="bench-bare-list"),
    path("", include("mentoring_site.urls")),
]
