"""factory_boy factories for every model of the project (tests and benchmarks build rows with them)."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

from documents.models import LocalAct, Order, OrderAppendix
from monitoring.models import Answer, Campaign, Option, Question, Questionnaire, Recipient, Response, Section
from organizations.models import Membership, Municipality, Organization
from organizations.roles import Role
from pairing.models import (
    CalendarFeed,
    IndividualPlan,
    MatchingCriterion,
    Meeting,
    Mentorship,
    MentorshipMember,
    Nomination,
    PlanItem,
    Preference,
)
from participants.models import Consent, MenteeCategory, MenteeProfile, MentorProfile, Person, search_key
from programs.models import (
    Activity,
    MentoringForm,
    ParticipantProfile,
    Programme,
    ProgrammeMechanism,
    ProgrammeResponsibility,
    ProgrammeStage,
    Roadmap,
    RoadmapSection,
    RoleModel,
    Stage,
    WorkingGroupMember,
)

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


# --- organizations -------------------------------------------------------------------------------


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


# --- programs --------------------------------------------------------------------------------------


class StageFactory(factory.django.DjangoModelFactory):
    """The seven stages are reference data (a data migration): the factory finds them by number."""

    class Meta:
        model = Stage
        django_get_or_create = ("number",)

    number = 1
    title = "Подготовка условий для запуска программы наставничества"


def standard_form(name: str = "Учитель – учитель") -> MentoringForm:
    """One of the five standard forms of the target model (loaded by a data migration)."""
    return MentoringForm.objects.get(organization=None, name=name)


class MentoringFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringForm

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Своя форма № {n}")


class RoleModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleModel

    form = factory.SubFactory(MentoringFormFactory)
    organization = factory.SelfAttribute("form.organization")
    name = factory.Sequence(lambda n: f"Ролевая модель № {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Программа наставничества № {n}")
    start_year = 2026


class ProgrammeResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeResponsibility

    programme = factory.SubFactory(ProgrammeFactory)
    directions = "Утверждение документов"
    responsible = "Директор"


class ProgrammeStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeStage

    programme = factory.SubFactory(ProgrammeFactory)
    title = "Подготовительный"
    activities = "Сбор запросов"


class ParticipantProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipantProfile

    programme = factory.SubFactory(ProgrammeFactory)
    mentor = "Опытный педагог"
    mentee = "Молодой специалист"


class ProgrammeMechanismFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeMechanism

    programme = factory.SubFactory(ProgrammeFactory)
    stage = "Обучение наставников"
    activities = "Обучающий семинар"


class RoadmapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Roadmap

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Дорожная карта № {n}")
    start_year = 2026


class RoadmapSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapSection

    roadmap = factory.SubFactory(RoadmapFactory)
    stage = factory.SubFactory(StageFactory)
    number = "Этап 1."
    title = "Подготовка условий для запуска программы наставничества"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    section = factory.SubFactory(RoadmapSectionFactory)
    number = factory.Sequence(lambda n: f"1.{n}.")
    title = factory.Sequence(lambda n: f"Мероприятие № {n}")
    deadline = "до 31 октября"
    due_date = date(2026, 10, 31)


class WorkingGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroupMember

    organization = factory.SubFactory(OrganizationFactory)
    full_name = factory.Sequence(lambda n: f"Членова{n} А.Б.")
    position = "Учитель"


# --- participants -----------------------------------------------------------------------------------


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    kind = Person.Kind.TEACHER
    last_name = factory.Sequence(lambda n: f"Фамилия{n}")
    first_name = "Анна"
    patronymic = "Сергеевна"
    birth_date = date(1985, 3, 14)
    position = "Учитель"
    search_name = factory.LazyAttribute(lambda p: search_key(p.last_name, p.first_name, p.patronymic))


class StudentFactory(PersonFactory):
    kind = Person.Kind.STUDENT
    birth_date = date(2011, 5, 20)
    position = ""
    school_class = "9А"
    parent_name = "Родителева Ольга Ивановна"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    given_on = date(2025, 9, 1)


class MenteeCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeCategory

    name = factory.Sequence(lambda n: f"Категория № {n}")
    audience = MenteeCategory.Audience.STUDENTS


class MentorProfileFactory(factory.django.DjangoModelFactory):
    """A mentor in the base, with a valid consent."""

    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    status = MentorProfile.Status.ACTIVE
    can_help_with = "Методика урока"

    @factory.post_generation
    def consent(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            ConsentFactory(person=obj.person, **kwargs)


class MenteeProfileFactory(factory.django.DjangoModelFactory):
    """A mentee in the base (a pupil), with a valid consent."""

    class Meta:
        model = MenteeProfile
        skip_postgeneration_save = True

    person = factory.SubFactory(StudentFactory)
    requests = "Подготовка к олимпиаде"

    @factory.post_generation
    def consent(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            kwargs.setdefault("signed_by", Consent.SignedBy.BOTH)
            kwargs.setdefault("representative", obj.person.parent_name)
            ConsentFactory(person=obj.person, **kwargs)


# --- pairing -------------------------------------------------------------------------------------------


class MentorshipFactory(factory.django.DjangoModelFactory):
    """A working pair: one mentor and one mentee of the same organization."""

    class Meta:
        model = Mentorship
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    mentor = factory.SubFactory(MentorProfileFactory, person__organization=factory.SelfAttribute("...organization"))
    form = factory.LazyFunction(standard_form)
    started_on = date(2026, 9, 15)
    member = factory.RelatedFactory(
        "tests.factories.MentorshipMemberFactory", factory_related_name="mentorship", joined_on=date(2026, 9, 15)
    )


class MentorshipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorshipMember

    mentorship = factory.SubFactory(MentorshipFactory, member=None)
    mentee = factory.SubFactory(
        MenteeProfileFactory, person__organization=factory.SelfAttribute("...mentorship.organization")
    )
    joined_on = date(2026, 9, 15)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    mentorship = factory.SubFactory(MentorshipFactory)
    kind = Meeting.Kind.REGULAR
    status = Meeting.Status.HELD
    date = date(2026, 9, 20)
    topic = "Разбор олимпиадных задач"


class IndividualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndividualPlan

    mentorship = factory.SubFactory(MentorshipFactory)
    deficits = "Подготовка к олимпиаде по физике"
    goals = "Выйти на муниципальный этап олимпиады"


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(IndividualPlanFactory)
    task = "Освоить решение задач по механике"
    activity = "Еженедельные занятия с наставником"
    due_on = date(2026, 12, 20)


class MatchingCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingCriterion

    organization = factory.SubFactory(OrganizationFactory)
    key = MatchingCriterion.Key.SUBJECT
    weight = 3


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(StudentFactory, organization=factory.SelfAttribute("..organization"))
    preferred = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    school_year = 2026


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    organization = factory.SubFactory(OrganizationFactory)
    mentor = factory.SubFactory(MentorProfileFactory, person__organization=factory.SelfAttribute("...organization"))
    kind = Nomination.Kind.GRATITUDE
    reason = "За подготовку призёра муниципального этапа олимпиады"
    school_year = 2026


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
    token = factory.Sequence(lambda n: f"feed-token-{n:040d}")


# --- documents --------------------------------------------------------------------------------------------


class LocalActFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAct

    organization = factory.SubFactory(OrganizationFactory)
    kind = LocalAct.Kind.REGULATION
    title = "Положение о наставничестве"
    body = "1. Общие положения\n1.1. Настоящее Положение определяет порядок наставничества."


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    organization = factory.SubFactory(OrganizationFactory)
    kind = Order.Kind.IMPLEMENTATION
    number = factory.Sequence(lambda n: f"{n + 1}-О")
    date = date(2026, 8, 22)
    year = 2026
    title = "О внедрении целевой модели наставничества"
    points = "Внедрить целевую модель наставничества."
    prepared_by = factory.SubFactory(UserFactory)


class OrderAppendixFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderAppendix

    order = factory.SubFactory(OrderFactory)
    number = 1
    kind = "programs.working_group"
    object_id = None
    title = "Состав рабочей группы по внедрению целевой модели наставничества"


# --- monitoring ----------------------------------------------------------------------------------------


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """An organization's questionnaire; add sections and questions with the factories below."""

    class Meta:
        model = Questionnaire

    organization = factory.SubFactory(OrganizationFactory)
    title = "Анкета наставляемого (входная)"
    audience = Questionnaire.Audience.MENTEE
    purpose = Questionnaire.Purpose.BEFORE


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    title = "Оценка до начала программы"
    order = factory.Sequence(lambda n: n + 1)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A 1–10 scale question by default; pass ``kind`` and add options for the others."""

    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    questionnaire = factory.SelfAttribute("section.questionnaire")
    order = factory.Sequence(lambda n: n + 1)
    kind = Question.Kind.SCALE
    text = factory.Sequence(lambda n: f"Насколько Вы уверены в своих силах? ({n})")
    scale_min = factory.LazyAttribute(lambda q: 1 if q.kind in Question.NUMERIC else None)
    scale_max = factory.LazyAttribute(lambda q: 10 if q.kind in Question.NUMERIC else None)
    code = factory.Sequence(lambda n: f"param-{n}")


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.SINGLE)
    order = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"Вариант {n}")
    value = factory.Sequence(lambda n: f"v{n}")


class CampaignFactory(factory.django.DjangoModelFactory):
    """An open campaign (27.11.2026–10.12.2026) of an organization's questionnaire."""

    class Meta:
        model = Campaign

    organization = factory.SubFactory(OrganizationFactory)
    questionnaire = factory.SubFactory(QuestionnaireFactory, organization=factory.SelfAttribute("..organization"))
    title = "Входное анкетирование наставляемых"
    opens_on = date(2026, 11, 27)
    closes_on = date(2026, 12, 10)


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recipient

    campaign = factory.SubFactory(CampaignFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..campaign.organization"))


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    campaign = factory.SubFactory(CampaignFactory)
    questionnaire = factory.SelfAttribute("campaign.questionnaire")


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)


def member(organization, role, **kwargs):
    """A new user holding ``role`` in ``organization``."""
    return MembershipFactory(organization=organization, role=role, **kwargs).user


def approve(document, director, **fields):
    """Send ``document`` for approval and approve it as ``director`` (the whole workflow)."""
    from programs import services

    services.document_submit(document=document, actor=director)
    fields.setdefault("approval_date", date(2026, 9, 1))
    return services.document_approve(document=document, actor=director, **fields)
