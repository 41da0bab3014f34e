from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .dashboard import panels_for
from .forms import LoginForm


class NastavnikLoginView(LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


def dashboard(request: HttpRequest) -> HttpResponse:
    """Every logged-in user: the panels their roles allow (each panel names its permission)."""
    return render(request, "dashboard.html", {"panels": panels_for(request)})


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        '<rect width="32" height="32" rx="6" fill="#1f5f8b"/>'
        '<text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" '
        'font-family="DejaVu Sans, sans-serif" font-weight="bold">Н</text></svg>'
    )
    return HttpResponse(svg, content_type="image/svg+xml")
