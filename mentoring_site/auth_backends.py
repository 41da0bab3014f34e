from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or with the e-mail address, both case-insensitive."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        login = username.strip()
        field = "email__iexact" if "@" in login else "username__iexact"
        matches = list(user_model._default_manager.filter(**{field: login})[:2])
        if len(matches) != 1:
            # Run the hasher anyway so that timing does not tell whether the login exists.
            user_model().set_password(password)
            return None
        user = matches[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def update_last_login_quietly(sender, user, **kwargs):
    """Record the login time without adding an audit-history row for it."""
    user.last_login = timezone.now()
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving


def axes_username(request, credentials) -> str:
    """The account a login attempt is for, however it was typed (case, spaces, e-mail).

    django-axes counts failures per this value, so «Director», « director» and the e-mail of
    the same account all share one counter.
    """
    login = ((credentials or {}).get("username") or "").strip().lower()
    if "@" in login:
        username = (
            get_user_model()._default_manager.filter(email__iexact=login).values_list("username", flat=True).first()
        )
        if username:
            return username.lower()
    return login
