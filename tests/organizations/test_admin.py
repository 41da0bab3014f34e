import pytest
from django.urls import reverse

from organizations.models import Membership
from organizations.roles import Role
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def test_the_admin_is_in_russian(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Наставник — администрирование" in html
    assert "Роли в организациях" in html


def test_an_organization_admin_sees_only_own_memberships(client, admin_user, org, other_org):
    stranger = member(other_org, Role.MENTOR, user__last_name="Чужакова")
    client.force_login(admin_user)
    html = client.get(reverse("admin:organizations_membership_changelist")).content.decode()
    assert "Чужакова" not in html
    change = client.get(reverse("admin:organizations_membership_change", args=[stranger.memberships.get().pk]))
    assert change.status_code == 302  # "does not exist" for an outsider's row


def test_an_organization_admin_searches_users(client, admin_user, org):
    member(org, Role.MENTOR, user__last_name="Ёлкина")
    client.force_login(admin_user)
    html = client.get(reverse("admin:mentoring_site_user_changelist") + "?q=Ёлкина").content.decode()
    assert "Ёлкина" in html


def test_an_organization_admin_creates_an_account_with_its_role(client, admin_user, org, other_org):
    client.force_login(admin_user)
    form = client.get(reverse("admin:mentoring_site_user_add")).context["adminform"].form
    assert list(form.fields["organization"].queryset) == [org]
    response = client.post(
        reverse("admin:mentoring_site_user_add"),
        {
            "username": "new.teacher",
            "last_name": "Новикова",
            "first_name": "Вера",
            "patronymic": "Павловна",
            "email": "vera@example.org",
            "password1": "Nastavnik-2027!",
            "password2": "Nastavnik-2027!",
            "usable_password": "true",
            "organization": org.pk,
            "role": Role.MENTOR,
            "position": "Учитель химии",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user__username="new.teacher")
    assert (membership.organization, membership.role) == (org, Role.MENTOR)
    assert membership.user.history.first().history_user == admin_user


def test_an_account_named_by_initials_is_refused(client, admin_user, org):
    """Pickers name everyone in full: «Демина Е.И.» beside «Лебедева Марина Олеговна» was the complaint."""
    client.force_login(admin_user)
    data = {
        "username": "demina",
        "last_name": "Демина",
        "first_name": "Е.",
        "patronymic": "И.",
        "password1": "Nastavnik-2027!",
        "password2": "Nastavnik-2027!",
        "usable_password": "true",
        "organization": org.pk,
        "role": Role.DIRECTOR,
    }
    response = client.post(reverse("admin:mentoring_site_user_add"), data)
    assert response.status_code == 200
    assert "Напишите полностью («Елена», а не «Е.»)" in response.content.decode()
    assert not Membership.objects.filter(user__username="demina").exists()
    teacher = member(org, Role.MENTOR)
    change = client.post(
        reverse("admin:mentoring_site_user_change", args=[teacher.pk]),
        {
            "username": teacher.username,
            "last_name": teacher.last_name,
            "first_name": teacher.first_name,
            "patronymic": "П.",
            "email": teacher.email,
            "is_active": "on",
            "date_joined_0": "01.09.2026",
            "date_joined_1": "10:00:00",
        },
    )
    assert change.status_code == 200 and "Напишите полностью («Ивановна», а не «И.»)" in change.content.decode()
    teacher.refresh_from_db()
    assert teacher.patronymic != "П."


def test_an_organization_admin_cannot_make_a_superuser(client, admin_user, org):
    teacher = member(org, Role.MENTOR)
    client.force_login(admin_user)
    form = client.get(reverse("admin:mentoring_site_user_change", args=[teacher.pk])).context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "is_staff" not in form.fields


def test_an_organization_admin_cannot_touch_a_superuser(client, admin_user, org):
    boss = UserFactory(is_superuser=True, is_staff=True)
    Membership.objects.create(user=boss, organization=org, role=Role.MENTOR)
    client.force_login(admin_user)
    response = client.post(reverse("admin:mentoring_site_user_change", args=[boss.pk]), {"username": "hacked"})
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.username != "hacked"


def test_a_curator_is_sent_to_the_admin_login(client, curator):
    client.force_login(curator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_superuser_sees_every_organization(client, org, other_org):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(reverse("admin:organizations_organization_changelist")).content.decode()
    assert org.short_name in html and other_org.short_name in html


def test_a_membership_must_match_its_role(client, org):
    from django.core.exceptions import ValidationError

    user = UserFactory()
    with pytest.raises(ValidationError, match="Муниципальному координатору укажите муниципалитет"):
        Membership(user=user, organization=org, role=Role.COORDINATOR).full_clean()
    with pytest.raises(ValidationError, match="У пользователя уже есть эта роль"):
        Membership.objects.create(user=user, organization=org, role=Role.MENTOR)
        Membership(user=user, organization=org, role=Role.MENTOR).full_clean()
