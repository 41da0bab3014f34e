from django.apps import AppConfig


class MentoringSiteConfig(AppConfig):
    """The project package is an app too: it holds the user model and cross-app helpers."""

    name = "mentoring_site"
    verbose_name = "Пользователи"

    def ready(self):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from . import auth_backends

        # Django's own receiver would write a history row on every login; ours does not.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(auth_backends.update_last_login_quietly, dispatch_uid="update_last_login")
