"""People, consents and the two bases. Personal data: managing roles of the organization only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring_site.access import MANAGING_ROLES, ORGANIZATION_ROLES, Role, role_required
from mentoring_site.documents import pdf_response, render_pdf
from mentoring_site.files import file_response
from mentoring_site.forms_flow import save_form
from mentoring_site.history import history_page
from mentoring_site.links import pk_url
from mentoring_site.pagination import paginate, query_without_page
from mentoring_site.xlsx import write_xlsx, xlsx_response

from . import services
from .card import card_sections
from .filters import MenteeFilter, MentorFilter, PersonFilter
from .forms import ConsentForm, InviteForm, MenteeProfileForm, MentorProfileForm, PersonForm
from .models import Consent, MenteeProfile, MentorProfile, Person

PER_PAGE = 50


def _people(request):
    return Person.objects.visible_to(request.user, request.organization)


@role_required(*MANAGING_ROLES)
def person_list(request):
    people = (
        _people(request).select_related("mentor_profile", "mentee_profile").order_by("last_name", "first_name", "pk")
    )
    # An annotation, not a prefetch: prefetching clones a queryset per row (≈5 ms for 50 rows).
    people = people.annotate(
        has_consent=Exists(Consent.objects.filter(person=OuterRef("pk"), withdrawn_at__isnull=True))
    )
    filterset = PersonFilter(request.GET or None, queryset=people)
    page = paginate(request, filterset.qs, PER_PAGE)
    detail_url = pk_url("participants:person-detail")
    kinds = dict(Person.Kind.choices)
    rows = []
    for person in page.object_list:  # plain dicts: the cheapest lookups for the template
        mentor = getattr(person, "mentor_profile", None)
        mentee = getattr(person, "mentee_profile", None)
        rows.append(
            {
                "url": detail_url(person.pk),
                "name": person.full_name,
                "kind": kinds.get(person.kind, ""),
                "place": person.place,
                "consent": person.has_consent,
                "mentor": mentor.get_status_display().lower() if mentor else "",
                "mentee": mentee.get_status_display().lower() if mentee else "",
            }
        )
    return render(
        request,
        "participants/person_list.html",
        {"filter": filterset, "page_obj": page, "rows": rows, "query": query_without_page(request)},
    )


@role_required(*MANAGING_ROLES)
def person_form(request, pk=None):
    person = get_object_or_404(_people(request), pk=pk) if pk else Person(organization=request.organization)
    form = PersonForm(request.POST or None, instance=person)
    saved = save_form(
        request,
        form,
        lambda data: services.person_save(person=person, actor=request.user, **data),
        success="Сведения об участнике сохранены.",
    )
    return saved or render(request, "participants/person_form.html", {"form": form, "person": person})


@role_required(*MANAGING_ROLES)
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
            "can_see_history": bool(request.roles & {Role.ADMIN, Role.DIRECTOR}),
            "sections": card_sections(request, person),
        },
    )


@role_required(*MANAGING_ROLES)
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


@role_required(Role.ADMIN, Role.DIRECTOR)
def person_history(request, pk):
    return history_page(request, get_object_or_404(_people(request), pk=pk))


@role_required(*MANAGING_ROLES)
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
    return get_object_or_404(Consent.objects.filter(person__in=_people(request)).select_related("person"), pk=pk)


@require_POST
@role_required(*MANAGING_ROLES)
def consent_withdraw(request, pk):
    consent = _consent(request, pk)
    try:
        services.consent_withdraw(consent=consent, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Согласие отозвано: участник исключён из баз, его контакты удалены.")
    return redirect(consent.person)


@role_required(*MANAGING_ROLES)
def consent_scan(request, pk):
    return file_response(_consent(request, pk).scan)


@role_required(*MANAGING_ROLES)
def consent_pdf(request, pk):
    """The consent form filled with the person's data, to print and sign."""
    person = get_object_or_404(_people(request).select_related("organization"), pk=pk)
    pdf = render_pdf(
        "participants/documents/consent.html",
        {"person": person, "organization": person.organization, "signed_by": services.required_signature(person)},
    )
    return pdf_response(pdf, f"Согласие на обработку ПДн — {person.short_name}.pdf")


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


@role_required(*MANAGING_ROLES)
def mentor_list(request):
    filterset = MentorFilter(request.GET or None, queryset=_mentors(request), organization=request.organization)
    page = paginate(request, filterset.qs, PER_PAGE)
    return render(
        request,
        "participants/mentor_list.html",
        {"filter": filterset, "page_obj": page, "mentors": page.object_list, "query": query_without_page(request)},
    )


@role_required(*MANAGING_ROLES)
def mentee_list(request):
    filterset = MenteeFilter(request.GET or None, queryset=_mentees(request))
    page = paginate(request, filterset.qs, PER_PAGE)
    return render(
        request,
        "participants/mentee_list.html",
        {"filter": filterset, "page_obj": page, "mentees": page.object_list, "query": query_without_page(request)},
    )


@role_required(*MANAGING_ROLES)
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


@role_required(*MANAGING_ROLES)
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


@role_required(*MANAGING_ROLES)
def base_export(request, base, fmt):
    organization = request.organization
    if base == "mentors":
        title = "База наставников"
        headers = ["№", "ФИО", "Должность", "Стаж", "Формы наставничества", "Чем может быть полезен", "Статус"]
        rows = [
            (
                i,
                m.person.full_name,
                m.person.position,
                m.person.experience_years,
                ", ".join(f.name for f in m.form_list),
                m.can_help_with,
                m.get_status_display(),
            )
            for i, m in enumerate(_mentors(request), start=1)
        ]
    elif base == "mentees":
        title = "База наставляемых"
        headers = ["№", "ФИО", "Класс / должность", "Категории", "Запросы", "Источник", "Статус"]
        rows = [
            (
                i,
                m.person.full_name,
                m.person.school_class or m.person.position,
                ", ".join(c.name for c in m.category_list),
                "; ".join(m.request_list),
                m.get_source_display(),
                m.get_status_display(),
            )
            for i, m in enumerate(_mentees(request), start=1)
        ]
    else:
        raise Http404("Нет такой базы.")
    filename = f"{title} — {organization.short_name}"
    if fmt == "xlsx":
        content = write_xlsx(title=title, caption=f"{title}: {organization.full_name}", headers=headers, rows=rows)
        return xlsx_response(content, f"{filename}.xlsx")
    if fmt == "pdf":
        pdf = render_pdf(
            "participants/documents/base_list.html",
            {
                "organization": organization,
                "title": title,
                "headers": headers,
                "rows": rows,
                "today": timezone.localdate(),
            },
        )
        return pdf_response(pdf, f"{filename}.pdf")
    raise Http404("Нет такого формата.")


@role_required(*ORGANIZATION_ROLES)
def my_record(request):
    """A mentor or mentee sees their own record: nothing of anybody else."""
    people = (
        _people(request)
        .filter(user=request.user)
        .prefetch_related("consents", "mentee_profile__categories", "mentor_profile__forms")
    )
    return render(request, "participants/my_record.html", {"people": people})
