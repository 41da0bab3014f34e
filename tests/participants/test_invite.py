import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership
from organizations.roles import Role
from participants import services
from participants.models import MenteeProfile, Person
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

User = get_user_model()


_SISTERS = ["Анна", "Вера", "Галина", "Дарья", "Елена", "Жанна", "Зоя", "Инна"]


def _mentee_person(org, actor, *, consent=True, email="belova@school.example"):
    """A new card each time: sisters of one family (the same ФИО twice would be one person)."""
    person = services.person_save(
        person=Person(organization=org),
        actor=actor,
        last_name="Белова",
        first_name=_SISTERS[Person.objects.filter(organization=org).count()],
        patronymic="Дмитриевна",
        kind=Person.Kind.TEACHER,
        email=email,
    )
    if consent:
        services.consent_record(person=person, actor=actor, given_on=date(2026, 9, 1), signed_by="self")
        services.mentee_profile_save(person=person, actor=actor, requests="Классное руководство")
    return person


def _invite(client, person, **data):
    payload = {"role": "mentee", "email": person.email}
    payload.update(data)
    return client.post(reverse("participants:person-invite", args=[person.pk]), payload)


def test_an_invited_mentee_sets_a_password_and_sees_their_record(client, org, curator):
    person = _mentee_person(org, curator)
    client.force_login(curator)
    page = client.get(reverse("participants:person-invite", args=[person.pk])).content.decode()
    assert 'value="belova@school.example"' in page and re.search(r'value="mentee"[^>]*checked', page)
    response = _invite(client, person)
    assert response.status_code == 302
    person.refresh_from_db()
    user = person.user
    assert (user.username, user.email, user.full_name) == ("belova", "belova@school.example", "Белова Анна Дмитриевна")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organization=org, role=Role.MENTEE, is_active=True).exists()
    assert person.history.first().history_user == curator
    (letter,) = mail.outbox
    assert letter.to == ["belova@school.example"] and org.short_name in letter.subject
    assert "Ваш логин: belova" in letter.body and "действует 3 дня" in letter.body
    link = re.search(r"http://testserver(/accounts/reset/\S+)", letter.body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Наставник-2026!", "new_password2": "Наставник-2026!"}
    )
    assert done.status_code == 302
    login = client.post(reverse("login"), {"username": "belova", "password": "Наставник-2026!"})
    assert login.status_code == 302
    html = client.get(reverse("participants:my-record")).content.decode()
    assert "Классное руководство" in html
    # Once the account is in use, it cannot be invited again.
    client.force_login(curator)
    response = _invite(client, person)
    assert response.status_code == 200 and "уже есть учётная запись «belova»" in response.content.decode()


def test_nobody_is_invited_without_consent_or_e_mail_and_nothing_is_created(client, org, curator):
    person = _mentee_person(org, curator, consent=False)
    client.force_login(curator)
    response = _invite(client, person)
    assert response.status_code == 200 and "Нет действующего согласия" in response.content.decode()
    other = _mentee_person(org, curator, email="")
    response = _invite(client, other, email="")
    assert response.status_code == 200 and "Обязательное поле" in response.content.decode()
    response = _invite(client, other, email="not-an-address")
    assert "Введите правильный адрес электронной почты" in response.content.decode()
    assert not User.objects.filter(email__in=["belova@school.example", ""]).exclude(pk=curator.pk).exists()
    assert not mail.outbox


def test_staff_roles_cannot_be_given_by_invitation(client, org, curator):
    person = _mentee_person(org, curator)
    client.force_login(curator)
    response = _invite(client, person, role="director")
    assert response.status_code == 200 and "Выберите корректный вариант" in response.content.decode()
    with pytest.raises(Exception, match="только роль наставника"):
        services.person_invite(person=person, actor=curator, role=Role.ADMIN, email=person.email)
    assert (
        not Membership.objects.filter(role__in=[Role.DIRECTOR, Role.ADMIN], organization=org)
        .exclude(user=curator)
        .exists()
    )


def test_an_existing_account_is_linked_and_gets_a_login_link(client, org, other_org, curator):
    teacher = member(other_org, Role.MENTOR, user__email="belova@school.example", user__username="abelova")
    teacher.last_login = timezone.now()
    teacher.save()
    person = _mentee_person(org, curator)
    client.force_login(curator)
    assert _invite(client, person).status_code == 302
    person.refresh_from_db()
    assert person.user == teacher and User.objects.filter(email="belova@school.example").count() == 1
    assert set(teacher.memberships.values_list("organization__slug", "role")) == {
        (other_org.slug, "mentor"),
        (org.slug, "mentee"),
    }
    (letter,) = mail.outbox
    assert "/accounts/login/" in letter.body and "/accounts/reset/" not in letter.body


def test_an_account_of_another_person_of_the_organization_is_not_taken(client, org, curator):
    taken = UserFactory(email="belova@school.example")
    Person.objects.create(organization=org, last_name="Другая", first_name="Ирина", user=taken)
    person = _mentee_person(org, curator)
    client.force_login(curator)
    response = _invite(client, person)
    assert "уже связана с другим участником" in response.content.decode()
    person.refresh_from_db()
    assert person.user is None


def test_an_unreachable_mail_server_keeps_the_account_and_says_so(client, org, curator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    person = _mentee_person(org, curator)
    client.force_login(curator)
    response = _invite(client, person)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Письмо не отправлено" in page and "Пригласить ещё раз" in page
    person.refresh_from_db()
    assert person.user is not None and MenteeProfile.objects.filter(person=person).exists()


def test_mentors_and_mentees_cannot_invite(client, org, curator):
    person = _mentee_person(org, curator)
    for role in (Role.MENTOR, Role.MENTEE):
        client.force_login(member(org, role))
        assert _invite(client, person).status_code == 403
    assert Person.objects.get(pk=person.pk).user is None


def test_an_invitation_never_redirects_an_account_to_another_address(client, org, other_org, curator):
    """The letter goes to the account's own address only: no way to take over an unused account."""
    victim = member(other_org, Role.MENTEE, user__email="pupil@other.example")
    person = _mentee_person(org, curator, email="pupil@other.example")
    services.person_invite(person=person, actor=curator, role=Role.MENTEE, email="pupil@other.example")
    person.refresh_from_db()
    assert person.user == victim
    client.force_login(curator)
    response = _invite(client, person, email="attacker@evil.example")
    assert response.status_code == 200 and "приглашение уходит только на него" in response.content.decode()
    victim.refresh_from_db()
    assert victim.email == "pupil@other.example"
    assert not mail.outbox
    # Accounts of staff — roles other than mentor and mentee anywhere — are linked only by an administrator.
    director = member(other_org, Role.DIRECTOR, user__email="director@other.example")
    someone = _mentee_person(org, curator, email="director@other.example")
    assert "служебной учётной записи" in _invite(client, someone).content.decode()
    assert list(director.memberships.values_list("role", flat=True)) == ["director"]
    superuser = UserFactory(email="root@school.example", is_superuser=True, is_staff=True)
    other = _mentee_person(org, curator, email="root@school.example")
    response = _invite(client, other)
    assert "служебной учётной записи" in response.content.decode()
    assert not superuser.memberships.exists() and Person.objects.get(pk=other.pk).user is None
