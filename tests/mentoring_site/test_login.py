import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_shows_the_login_page_in_russian(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Логин или e-mail" in html
    assert "Забыли пароль?" in html
    assert 'lang="ru"' in html


def test_it_logs_in_with_username(client, curator):
    response = _login(client, curator.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.session[SESSION_KEY] == str(curator.pk)


def test_it_logs_in_with_email_in_any_case(client, curator):
    response = _login(client, curator.email.upper())
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(curator.pk)


def test_it_rejects_a_wrong_password_in_russian(client, curator):
    response = _login(client, curator.username, "wrong")
    assert response.status_code == 200
    assert "Неверный логин (e-mail) или пароль" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_it_keeps_the_typed_login_after_an_error(client, curator):
    response = _login(client, curator.username, "wrong")
    assert f'value="{curator.username}"' in response.content.decode()


def test_it_rejects_an_inactive_account(client, curator):
    curator.is_active = False
    curator.save()
    response = _login(client, curator.username)
    assert SESSION_KEY not in client.session
    assert response.status_code == 200


def test_it_locks_the_account_after_five_failures_in_a_row(client, curator):
    for _ in range(4):
        assert _login(client, curator.username, "wrong").status_code == 200
    locked = _login(client, curator.username, "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Вход временно заблокирован" in html
    assert "15 минут" in html
    # Even the right password does not get in while the lock holds.
    again = _login(client, curator.username)
    assert again.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_lock_ends_after_fifteen_minutes(client, curator):
    from datetime import timedelta

    from django.utils import timezone
    from freezegun import freeze_time

    start = timezone.now()
    with freeze_time(start):
        for _ in range(5):
            _login(client, curator.username, "wrong")
        assert _login(client, curator.username).status_code == 429
    with freeze_time(start + timedelta(minutes=16)):
        assert _login(client, curator.username).status_code == 302


def test_four_failures_then_success_resets_the_counter(client, curator):
    for _ in range(4):
        _login(client, curator.username, "wrong")
    assert _login(client, curator.username).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, curator.username, "wrong").status_code == 200


def test_the_session_key_is_rotated_at_login(client, curator):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    _login(client, curator.username)
    assert client.session.session_key != before


def test_logout_is_post_only(client, curator):
    client.force_login(curator)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(reverse("programs:programme-list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/programs/"


def test_password_reset_sends_a_russian_email_with_a_working_link(client, curator):
    response = client.post(reverse("password_reset"), {"email": curator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Восстановление пароля в «Наставнике»"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", message.body).group(1)
    page = client.get(link, follow=True)
    assert "Новый пароль" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "Nastavnik-2027!", "new_password2": "Nastavnik-2027!"})
    assert done.status_code == 302
    curator.refresh_from_db()
    assert curator.check_password("Nastavnik-2027!")


def test_password_reset_for_an_unknown_email_tells_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Проверьте почту" in response.content.decode()
    assert mail.outbox == []


def test_password_change_requires_the_old_password(client, curator):
    client.force_login(curator)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "Nastavnik-2027!", "new_password2": "Nastavnik-2027!"},
    )
    assert response.status_code == 200
    assert "Ваш старый пароль введен неправильно" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Nastavnik-2027!", "new_password2": "Nastavnik-2027!"},
    )
    assert response.status_code == 302
    curator.refresh_from_db()
    assert curator.check_password("Nastavnik-2027!")


def test_the_lock_holds_however_the_login_is_typed(client, curator):
    for _ in range(5):
        _login(client, curator.username, "wrong")
    for variant in (curator.username.upper(), f"  {curator.username} ", curator.email.upper()):
        response = _login(client, variant)
        assert response.status_code == 429, variant
    assert SESSION_KEY not in client.session


def test_failures_in_different_case_count_together(client, curator):
    for variant in (
        curator.username,
        curator.username.upper(),
        curator.email,
        curator.username.title(),
        " " + curator.username,
    ):
        _login(client, variant, "wrong")
    assert _login(client, curator.username).status_code == 429


def test_logins_are_unique_whatever_the_case(curator):
    from django.core.exceptions import ValidationError

    from tests.factories import UserFactory

    other = UserFactory.build(username=curator.username.upper(), email="other@example.org")
    with pytest.raises(ValidationError, match="Пользователь с таким логином уже есть"):
        other.full_clean()


def test_password_reset_letters_are_limited_per_address(client, curator):
    from django.core import mail

    url = reverse("password_reset")
    statuses = [client.post(url, {"email": curator.email.upper()}).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    refused = client.post(url, {"email": curator.email})
    assert "попробуйте через час" in refused.content.decode()


def test_password_reset_letters_are_limited_per_network_address(client, settings):
    from mentoring_site.views import RESET_RATE_PER_IP

    limit = int(RESET_RATE_PER_IP.split("/")[0])
    url = reverse("password_reset")
    statuses = [client.post(url, {"email": f"nobody{i}@example.org"}).status_code for i in range(limit + 1)]
    assert statuses[:limit] == [302] * limit
    assert statuses[limit] == 429


def test_a_locked_account_is_unlocked_by_the_password_reset_letter(client, curator):
    for _ in range(5):
        _login(client, curator.username, "wrong")
    assert _login(client, curator.username).status_code == 429
    client.post(reverse("password_reset"), {"email": curator.email})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[-1].body)[1]
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "Нов-пароль-2026!", "new_password2": "Нов-пароль-2026!"})
    assert done.status_code == 302
    assert _login(client, curator.username, "Нов-пароль-2026!").status_code == 302
    assert SESSION_KEY in client.session
