from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from .dashboard import panels_for
from .forms import ContextSwitchForm, LoginForm


class NastavnikLoginView(LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


def dashboard(request):
    return render(request, "dashboard.html", {"panels": panels_for(request)})


@require_POST
def switch_context(request):
    """The organization switcher of the top bar: keep the chosen context in the session."""
    form = ContextSwitchForm(request.POST)
    contexts = {c.key: c for c in getattr(request, "available_contexts", ())}
    if not form.is_valid() or form.cleaned_data["context"] not in contexts:
        messages.error(request, "Такой организации нет среди ваших.")
        return redirect("dashboard")
    chosen = contexts[form.cleaned_data["context"]]
    request.session["context"] = chosen.key
    messages.success(request, f"Вы работаете в: {chosen.title}.")
    return redirect("dashboard")


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        '<rect width="32" height="32" rx="6" fill="#1f5f8b"/>'
        '<text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" '
        'font-family="DejaVu Sans, sans-serif" font-weight="bold">Н</text></svg>'
    )
    return HttpResponse(svg, content_type="image/svg+xml")
