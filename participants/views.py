"""People, consents and the two bases. Personal data: managing roles of the organization only."""

from typing import Any

from django.contrib import messages
from django.db.models import Exists, F, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentoring_site.files import file_response
from mentoring_site.forms_flow import confirm_page, run_action, save_form
from mentoring_site.history import history_page
from mentoring_site.links import pk_url
from mentoring_site.names import full_name
from mentoring_site.pagination import paginate, query_without_page
from mentoring_site.pdf import pdf_response
from mentoring_site.xlsx import export_response
from organizations.access import requires
from organizations.roles import Role

from . import services
from .card import card_sections
from .documents import base_list_pdf
from .documents import consent_pdf as build_consent_pdf
from .exports import BaseExporter, MenteeBaseExporter, MentorBaseExporter
from .filters import MenteeFilter, MentorFilter, PersonFilter
from .forms import ConsentForm, InviteForm, MenteeProfileForm, MentorProfileForm, PersonForm
from .models import Consent, MenteeProfile, MentorProfile, Person

PER_PAGE = 50


def _people(request: HttpRequest) -> Any:
    return Person.objects.visible_to(request.user, request.organization)


# The columns of a row of the participants list: read as plain values (no model instances) in one query.
LIST_COLUMNS = ("pk", "kind", "last_name", "first_name", "patronymic", "school_class", "position")
# Built once: every query that uses it resolves its own copy.
VALID_CONSENT = Exists(Consent.objects.filter(person=OuterRef("pk"), withdrawn_at__isnull=True))


@requires("people.manage")
def person_list(request):
    people = _people(request).order_by("last_name", "first_name", "pk")
    filterset = PersonFilter(request.GET or None, queryset=people)
    page = paginate(request, filterset.qs, PER_PAGE)  # the count runs on the filtered people alone
    # The page's rows: only the shown columns, the profiles' statuses through their joins and the consent as an
    # annotation (a prefetch would clone a queryset per row). Model instances and their 50 columns cost more
    # than the whole query.
    values = page.object_list.values(
        *LIST_COLUMNS,
        mentor_status=F("mentor_profile__status"),
        mentee_status=F("mentee_profile__status"),
        has_consent=VALID_CONSENT,
    )
    detail_url = pk_url("participants:person-detail")
    kinds = dict(Person.Kind.choices)
    mentor_statuses = {value: label.lower() for value, label in MentorProfile.Status.choices}
    mentee_statuses = {value: label.lower() for value, label in MenteeProfile.Status.choices}
    rows = [  # plain dicts: the cheapest lookups for the template
        {
            "url": detail_url(row["pk"]),
            "name": full_name(row["last_name"], row["first_name"], row["patronymic"]),
            "kind": kinds.get(row["kind"], ""),
            "place": row["school_class"] or row["position"],
            "consent": row["has_consent"],
            "mentor": mentor_statuses.get(row["mentor_status"], ""),
            "mentee": mentee_statuses.get(row["mentee_status"], ""),
        }
        for row in values
    ]
    return render(
        request,
        "participants/person_list.html",
        {"filter": filterset, "page_obj": page, "rows": rows, "query": query_without_page(request)},
    )


@requires("people.manage")
def person_form(request, pk=None):
    person = get_object_or_404(_people(request), pk=pk) if pk else Person(organization=request.organization)
    form = PersonForm(request.POST or None, instance=person)
    saved = save_form(
        request,
        form,
        lambda data: services.person_save(person=person, actor=request.user, **data),
        success="Сведения об участнике сохранены.",
    )
    if saved:
        return saved
    twin = _duplicate_of(request, form)
    return render(request, "participants/person_form.html", {"form": form, "person": person, "duplicate": twin})


def _duplicate_of(request: HttpRequest, form: Any) -> Person | None:
    """The existing card a refused duplicate points to (the service names it in its error)."""
    for error in form.non_field_errors().as_data():
        if error.code == "duplicate" and error.params:
            return _people(request).filter(pk=error.params["pk"]).first()
    return None


@requires("people.manage")
def person_detail(request, pk):
    person = get_object_or_404(_people(request).select_related("user"), pk=pk)
    return render(
        request,
        "participants/person_detail.html",
        {
            "person": person,
            "consents": person.consents.all(),
            "mentor": MentorProfile.objects.filter(person=person).prefetch_related("forms").first(),
            "mentee": MenteeProfile.objects.filter(person=person).prefetch_related("categories").first(),
            "consent_form": ConsentForm(
                initial={"given_on": timezone.localdate(), "signed_by": services.required_signature(person)}
            ),
            "sections": card_sections(request, person),
        },
    )


@requires("people.manage")
def person_invite(request, pk):
    """An account for a mentor or mentee: the letter carries a link to set the password."""
    person = get_object_or_404(_people(request).select_related("user"), pk=pk)
    role = Role.MENTEE if MenteeProfile.objects.filter(person=person).exists() else Role.MENTOR
    form = InviteForm(request.POST or None, initial={"email": person.email, "role": role})

    def invite(data):
        invitation = services.person_invite(person=person, actor=request.user, **data)  # committed here
        _send_invitation(request, invitation, request.build_absolute_uri("/").rstrip("/"))
        return person

    saved = save_form(
        request,
        form,
        invite,
        success=f"Учётная запись готова: приглашение отправляется на {form.data.get('email', '').strip().lower()}.",
    )
    return saved or render(request, "participants/invite_form.html", {"form": form, "person": person})


def _send_invitation(request, invitation, base_url):
    try:
        services.send_invitation(invitation, organization=request.organization, base_url=base_url)
    except OSError:  # SMTP unreachable or refused: the account stays, the letter can be sent again
        messages.warning(
            request,
            "Письмо не отправлено: почтовый сервер недоступен. Учётная запись создана — "
            "отправьте приглашение ещё раз позже или сообщите администратору (настройка EMAIL_URL).",
        )


@requires("history.view")
def person_history(request, pk):
    return history_page(request, get_object_or_404(_people(request), pk=pk))


@requires("people.manage")
def consent_create(request, pk):
    person = get_object_or_404(_people(request), pk=pk)
    form = ConsentForm(request.POST or None, request.FILES or None)
    saved = save_form(
        request,
        form,
        lambda data: services.consent_record(person=person, actor=request.user, **data),
        success="Согласие внесено.",
        next_url=person,
    )
    return saved or render(request, "participants/consent_form.html", {"form": form, "person": person})


def _consent(request, pk):
    return get_object_or_404(
        Consent.objects.visible_to(request.user, request.organization).select_related("person"), pk=pk
    )


@requires("people.manage")
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk):
    """GET: what the withdrawal erases, irreversibly; POST: withdraw."""
    consent = _consent(request, pk)
    if request.method == "GET":
        person = consent.person
        return confirm_page(
            request,
            title=f"Отзыв согласия: {person.full_name}",
            warning="Отзыв нельзя отменить. Если других действующих согласий нет, будет стёрто безвозвратно:",
            losses=[
                "дата рождения, телефоны, e-mail, родитель (законный представитель) — и в истории изменений;",
                "сканы согласий; категории, запросы и ожидаемые результаты наставляемого;",
                "участие в базах наставников и наставляемых и в работающих парах и группах.",
                "ФИО останется только в уже подписанных документах организации.",
            ],
            confirm="Отозвать согласие и стереть данные",
            cancel_url=person.get_absolute_url(),
        )
    return run_action(
        request,
        lambda: services.consent_withdraw(consent=consent, actor=request.user),
        success="Согласие отозвано: участник исключён из баз, его контакты удалены.",
        next_url=consent.person,
    )


@requires("people.manage")
def consent_scan(request, pk):
    return file_response(_consent(request, pk).scan)


@requires("people.manage")
def consent_pdf(request, pk):
    """The consent form filled with the person's data, to print and sign."""
    person = get_object_or_404(_people(request).select_related("organization"), pk=pk)
    return pdf_response(build_consent_pdf(person), f"Согласие на обработку ПДн — {person.full_name}.pdf")


# --- The two bases -------------------------------------------------------------------------------


def _mentors(request):
    return (
        MentorProfile.objects.filter(person__in=_people(request))
        .select_related("person")
        .prefetch_related(Prefetch("forms", to_attr="form_list"))  # to_attr: no queryset cloned per row
        .order_by("person__last_name", "person__first_name", "pk")
    )


def _mentees(request):
    return (
        MenteeProfile.objects.filter(person__in=_people(request))
        .select_related("person")
        .prefetch_related(Prefetch("categories", to_attr="category_list"))
        .order_by("person__last_name", "person__first_name", "pk")
    )


@requires("people.manage")
def mentor_list(request):
    filterset = MentorFilter(request.GET or None, queryset=_mentors(request), organization=request.organization)
    page = paginate(request, filterset.qs, PER_PAGE)
    return render(
        request,
        "participants/mentor_list.html",
        {"filter": filterset, "page_obj": page, "mentors": page.object_list, "query": query_without_page(request)},
    )


@requires("people.manage")
def mentee_list(request):
    filterset = MenteeFilter(request.GET or None, queryset=_mentees(request))
    page = paginate(request, filterset.qs, PER_PAGE)
    return render(
        request,
        "participants/mentee_list.html",
        {"filter": filterset, "page_obj": page, "mentees": page.object_list, "query": query_without_page(request)},
    )


@requires("people.manage")
def mentor_form(request, pk):
    person = get_object_or_404(_people(request), pk=pk)
    profile = MentorProfile.objects.filter(person=person).first()
    form = MentorProfileForm(request.POST or None, instance=profile, organization=request.organization)
    saved = save_form(
        request,
        form,
        lambda data: services.mentor_profile_save(person=person, actor=request.user, forms=data.pop("forms"), **data),
        success="База наставников обновлена.",
        next_url=person,
    )
    return saved or render(
        request, "participants/profile_form.html", {"form": form, "person": person, "kind": "mentor"}
    )


@requires("people.manage")
def mentee_form(request, pk):
    person = get_object_or_404(_people(request), pk=pk)
    profile = MenteeProfile.objects.filter(person=person).first()
    form = MenteeProfileForm(request.POST or None, instance=profile, person=person)
    saved = save_form(
        request,
        form,
        lambda data: services.mentee_profile_save(
            person=person, actor=request.user, categories=data.pop("categories"), **data
        ),
        success="База наставляемых обновлена.",
        next_url=person,
    )
    return saved or render(
        request, "participants/profile_form.html", {"form": form, "person": person, "kind": "mentee"}
    )


@requires("people.manage")
def base_export(request: HttpRequest, base: str, fmt: str) -> HttpResponse:
    """A base as Excel or as a printed list (the same rows)."""
    if base == "mentors":
        exporter: BaseExporter = MentorBaseExporter(request.organization, _mentors(request))
    elif base == "mentees":
        exporter = MenteeBaseExporter(request.organization, _mentees(request))
    else:
        raise Http404("Нет такой базы.")
    if fmt == "xlsx":
        return export_response(exporter)
    if fmt == "pdf":
        return pdf_response(base_list_pdf(exporter), exporter.filename().removesuffix(".xlsx") + ".pdf")
    raise Http404("Нет такого формата.")


@requires("people.own_record")
def my_record(request):
    """A mentor or mentee sees their own record: nothing of anybody else."""
    people = (
        _people(request)
        .filter(user=request.user)
        .prefetch_related("consents", "mentee_profile__categories", "mentor_profile__forms")
    )
    return render(request, "participants/my_record.html", {"people": people})
