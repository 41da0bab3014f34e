import factory
from django.contrib.auth import get_user_model

from mentoring_site.access import Role
from programs.models import Membership, Municipality, Organization, Programme

PASSWORD = "pass-2026-test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = factory.Iterator(["Иванова", "Петров", "Сидорова", "Ёлкин", "Ковалёва"])
    first_name = factory.Iterator(["Мария", "Илья", "Ольга", "Пётр", "Анна"])
    patronymic = factory.Iterator(["Сергеевна", "Андреевич", "Игоревна", "Олегович", "Павловна"])
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Муниципальный округ № {n}")
    region = "Тестовая область"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    full_name = factory.Sequence(lambda n: f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»")
    short_name = factory.Sequence(lambda n: f"МБОУ «Школа № {n}»")
    slug = factory.Sequence(lambda n: f"school-{n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    director_name = "Тестова А.Б."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.CURATOR
    position = "Учитель"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Программа наставничества № {n}")
    start_year = 2026


def member(organization, role, **kwargs):
    """A new user holding ``role`` in ``organization``."""
    return MembershipFactory(organization=organization, role=role, **kwargs).user


def approve(document, director, **fields):
    """Send ``document`` for approval and approve it as ``director`` (the whole workflow)."""
    from datetime import date

    from programs import services

    services.document_submit(document=document, actor=director)
    fields.setdefault("approval_date", date(2026, 9, 1))
    return services.document_approve(document=document, actor=director, **fields)
