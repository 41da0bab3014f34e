from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import LoginView, PasswordResetConfirmView, PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from .dashboard import panels_for
from .forms import LoginForm


class NastavnikLoginView(LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


# Letters to reset a password: at most this many to one address, and from one address of the network.
RESET_RATE_PER_EMAIL = "3/h"
RESET_RATE_PER_IP = "20/h"


class ThrottledPasswordResetView(PasswordResetView):
    """Password reset by e-mail, limited per typed address and per client IP (django-ratelimit over the
    shared cache): nobody can flood a mailbox or the school's mail server. The answer is the same whether
    or not the address has an account."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        by_email = is_ratelimited(
            self.request,
            group="password-reset-email",
            key=lambda _group, _request: email,
            rate=RESET_RATE_PER_EMAIL,
            increment=True,
        )
        by_ip = is_ratelimited(
            self.request, group="password-reset-ip", key="ip", rate=RESET_RATE_PER_IP, increment=True
        )
        if by_email or by_ip:
            form.add_error(
                None,
                "Письма для восстановления пароля на этот адрес уже отправлены несколько раз. Проверьте почту "
                "(и папку «Спам») или попробуйте через час; если письмо не приходит — обратитесь "
                "к администратору школы.",
            )
            context: dict[str, Any] = self.get_context_data(form=form)
            return self.render_to_response(context, status=429)
        return super().form_valid(form)


class UnlockingPasswordResetConfirmView(PasswordResetConfirmView):
    """Setting a new password from the e-mail link also lifts a login lock of that account: whoever locked it
    with wrong guesses, its owner gets back in by the letter, without waiting or calling the administrator."""

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        from axes.utils import reset

        response = super().form_valid(form)
        reset(username=form.user.get_username().lower())
        return response


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
