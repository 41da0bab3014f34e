import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from mentoring_site.names import is_initial
from organizations.models import Membership, Municipality, Organization
from organizations.roles import Role
from programs.models import Programme

pytestmark = pytest.mark.django_db

SEED_ORGANIZATIONS = {
    "МБОУ-ООШ №11",
    "Гимназия «Жуковка»",
    "МБОУ Сов-Дарская ООШ",
    "МБОУ «СОШ ст. Старица»",
    "ПОУ «Северодвинский колледж управления и информационных технологий»",
}


def _snapshot():
    user_model = get_user_model()
    history = [m.history.count() for m in (user_model, Organization, Membership, Programme, Municipality)]
    from participants.models import Consent, MenteeProfile, MentorProfile, Person

    return {
        "people": sorted(
            Person.objects.values_list("last_name", "first_name", "birth_date", "school_class", "user_id")
        ),
        "bases": (MentorProfile.objects.count(), MenteeProfile.objects.count(), Consent.objects.count()),
        "users": sorted((u.username, u.full_name, u.email, u.password != "") for u in user_model.objects.all()),
        "passwords": dict(user_model.objects.values_list("username", "password")),
        "organizations": sorted(
            tuple(sorted(model_to_dict(o, exclude=["id"]).items())) for o in Organization.objects.all()
        ),
        "memberships": sorted(
            Membership.objects.values_list(
                "user__username", "organization__slug", "municipality__name", "role", "position"
            )
        ),
        "programmes": sorted(Programme.objects.values_list("organization__slug", "title", "start_year")),
        "history": history,
    }


def test_load_demo_twice_gives_the_same_data():
    call_command("load_demo")
    first = _snapshot()
    call_command("load_demo")
    assert _snapshot() == first


def test_the_demo_holds_the_five_seed_organizations_and_their_people():
    call_command("load_demo")
    assert set(Organization.objects.values_list("short_name", flat=True)) == SEED_ORGANIZATIONS
    staritsa = Organization.objects.get(slug="staritsa")
    assert staritsa.full_name == (
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа ст. Старица»"
    )
    directors = dict(Organization.objects.values_list("slug", "director_name"))
    assert directors["oosh-11"] == "Молокова Т.М."
    assert directors["zhukovka"] == "Демина Е.И."
    assert directors["sevcol"] == "Лукьяненко С.В."
    names = {u.full_name for u in get_user_model().objects.all()}
    assert {"Цвиринько Ирина Петровна", "Сиваш Ольга Анатольевна"} <= names


def test_every_demo_account_is_named_in_full_and_signs_with_the_seeds_initials():
    """Pickers list «Демина Елена Ивановна» beside «Лебедева Марина Олеговна», not «Демина Е.И.»."""
    call_command("load_demo")
    users = get_user_model().objects.all()
    initials = [u.full_name for u in users if is_initial(u.first_name) or is_initial(u.patronymic)]
    assert initials == []
    signatures = {u.username: u.short_name for u in users}
    assert (signatures["director"], signatures["molokova"], signatures["lukyanenko"]) == (
        "Е.И. Демина",
        "Т.М. Молокова",
        "С.В. Лукьяненко",
    )


def test_the_demo_keeps_the_rules_of_the_forms_of_mentoring():
    """The demo is what a school would enter: no mentor works in a form that refuses their kind (a physics
    teacher in «Ученик – ученик» could not save his mentor's card), no pair breaks its form's rule."""
    from pairing.models import Mentorship
    from participants.models import MentorProfile

    call_command("load_demo")
    refused = [
        f"{profile.person.full_name} {form.refuses('mentor', profile.person.kind)}"
        for profile in MentorProfile.objects.select_related("person").prefetch_related("forms")
        for form in profile.forms.all()
        if form.refuses("mentor", profile.person.kind)
    ]
    for pair in Mentorship.objects.select_related("form", "mentor__person").prefetch_related("members__mentee__person"):
        people = [("mentor", pair.mentor.person)] + [("mentee", m.mentee.person) for m in pair.members.all()]
        refused += [
            f"{p.full_name} {pair.form.refuses(side, p.kind)}" for side, p in people if pair.form.refuses(side, p.kind)
        ]
    assert refused == []


def test_the_demo_accounts_log_in_with_the_demo_password(client):
    call_command("load_demo")
    expected = {
        "admin": ("zhukovka", Role.ADMIN),
        "director": ("zhukovka", Role.DIRECTOR),
        "curator": ("zhukovka", Role.CURATOR),
        "mentor": ("zhukovka", Role.MENTOR),
        "mentee": ("zhukovka", Role.MENTEE),
        "director2": ("staritsa", Role.DIRECTOR),
        "curator2": ("staritsa", Role.CURATOR),
        "mentor2": ("staritsa", Role.MENTOR),
    }
    for username, (slug, role) in expected.items():
        user = get_user_model().objects.get(username=username)
        assert user.check_password("demo-2026"), username
        assert user.memberships.filter(organization__slug=slug, role=role).exists(), username
    coordinator = get_user_model().objects.get(username="coordinator")
    membership = coordinator.memberships.get()
    assert membership.role == Role.COORDINATOR
    assert membership.municipality.organizations.filter(slug="zhukovka").exists()


def test_load_demo_refuses_a_production_database(settings):
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="Демо-данные не загружаются в рабочую базу"):
        call_command("load_demo")
    assert not Organization.objects.exists()


def test_the_demo_holds_an_optimal_and_an_acceptable_evaluation_and_the_signed_order_on_results():
    from documents.models import Order
    from monitoring.models import Evaluation

    call_command("load_demo")
    levels = dict(Evaluation.objects.approved().filter(school_year=2025).values_list("organization__slug", "level"))
    assert levels == {"zhukovka": "optimal", "staritsa": "acceptable"}
    order = Order.objects.get(organization__slug="zhukovka", kind=Order.Kind.RESULTS)
    assert order.status == Order.Status.SIGNED and "оптимальным: 16 баллов из 18" in order.points
    assert [a.kind for a in order.appendices.all()] == ["monitoring.report"]
