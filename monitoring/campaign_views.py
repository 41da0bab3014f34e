"""Campaigns (the curator and the director, ``campaigns.manage``): the list, a new campaign with its
recipients, a campaign's page with the background jobs' progress, reminders, slips and closing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentoring_site.files import file_response
from mentoring_site.forms_flow import apply_validation_error, confirm_page, run_action
from mentoring_site.names import full_name
from mentoring_site.pagination import int_param, paginate
from mentoring_site.plural import ru_count
from organizations.access import requires

from . import campaigns, jobs
from .campaign_forms import CampaignForm
from .models import Campaign, MailJob, Recipient

RECIPIENTS_PER_PAGE = 100


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.visible_to(request.user, request.organization).select_related(
            "organization", "questionnaire", "programme", "activity__section__roadmap", "created_by"
        ),
        pk=pk,
    )


def _share(responded: int, total: int) -> int:
    return round(responded * 100 / total) if total else 0


@requires("campaigns.manage")
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Every campaign of the organization with «ответили N из M (P %)», counted in the database."""
    campaigns.close_due(request.organization)
    rows = (
        Campaign.objects.filter(organization=request.organization)
        .select_related("questionnaire")
        .annotate(
            total=Count("recipients"),
            responded=Count("recipients", filter=Q(recipients__responded_at__isnull=False)),
        )
        .order_by("-opens_on", "-pk")
    )
    page = paginate(request, rows, 50)
    for campaign in page:
        campaign.share = _share(campaign.responded, campaign.total)
    return render(request, "monitoring/campaigns/campaign_list.html", {"page_obj": page, "campaigns": page})


@requires("campaigns.manage")
def campaign_create(request: HttpRequest) -> HttpResponse:
    """A new campaign; «Посчитать получателей» shows how many get a link (and how) before anything is saved."""
    organization = request.organization
    initial = {}
    questionnaire_pk = int_param(request.GET.get("questionnaire"))
    if questionnaire_pk:
        chosen = campaigns.questionnaires_for_campaigns(organization).filter(pk=questionnaire_pk).first()
        if chosen is not None:
            initial = {"questionnaire": chosen, "title": chosen.title}
    form = CampaignForm(request.POST or None, organization=organization, initial=initial)
    selection = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            selection = campaigns.select_audience(organization, form.audience(), data["questionnaire"])
            if "preview" not in request.POST:
                try:
                    campaign = campaigns.campaign_create(
                        organization=organization, actor=request.user, **form.service_kwargs()
                    )
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    links = ru_count(selection.count, "личная ссылка", "личные ссылки", "личных ссылок")
                    messages.success(request, f"Анкетирование создано: {links}; письма отправляются в фоне.")
                    return redirect(campaign)
        if form.errors:
            messages.error(request, "Исправьте ошибки в форме.")
    return render(
        request,
        "monitoring/campaigns/campaign_form.html",
        {"form": form, "selection": selection},
    )


def _job_view(job: MailJob | None) -> dict | None:
    if job is None:
        return None
    stale = jobs.is_stale(job)
    return {
        "job": job,
        "active": jobs.is_active(job) and not stale,
        "stale": stale,
        "percent": _share(job.done, job.total),
    }


@requires("campaigns.manage")
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if campaign.closed_at is None and campaign.status == Campaign.Status.CLOSED:
        campaign = campaigns.campaign_close(campaign=campaign, actor=None)  # its date has passed: close now
        campaign = _campaign(request, pk)
    recipients = Recipient.objects.filter(campaign=campaign)
    counts = recipients.aggregate(
        total=Count("pk"),
        responded=Count("pk", filter=Q(responded_at__isnull=False)),
        emailed=Count("pk", filter=Q(channel=Recipient.Channel.EMAIL)),
        slips=Count("pk", filter=Q(channel=Recipient.Channel.SLIP)),
        failed=Count("pk", filter=~Q(send_error="")),
    )
    counts["share"] = _share(counts["responded"], counts["total"])
    jobs = campaigns.latest_jobs(campaign)
    job_views = {kind: _job_view(jobs.get(kind)) for kind in MailJob.Kind.values}
    page = paginate(
        request,
        recipients.order_by("person__last_name", "person__first_name", "pk").values(
            "pk",
            "person__last_name",
            "person__first_name",
            "person__patronymic",
            "person__school_class",
            "person__position",
            "channel",
            "sent_at",
            "send_error",
            "reminded_at",
            "opened_at",
            "responded_at",
        ),
        RECIPIENTS_PER_PAGE,
    )
    rows = [
        {
            **row,
            "name": full_name(row["person__last_name"], row["person__first_name"], row["person__patronymic"]),
            "place": row["person__school_class"] or row["person__position"],
        }
        for row in page
    ]
    failures = list(
        recipients.exclude(send_error="")
        .order_by("person__last_name", "pk")
        .values("person__last_name", "person__first_name", "person__patronymic", "send_error")[:50]
    )
    refresh = any(view and view["active"] for view in job_views.values())
    return render(
        request,
        "monitoring/campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "counts": counts,
            "jobs": job_views,
            "page_obj": page,
            "rows": rows,
            "failures": [
                {
                    "name": full_name(f["person__last_name"], f["person__first_name"], f["person__patronymic"]),
                    "error": f["send_error"],
                }
                for f in failures
            ],
            "refresh": refresh,
            "channels": dict(Recipient.Channel.choices),
        },
    )


@requires("campaigns.manage")
@require_POST
def campaign_remind(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return run_action(
        request,
        lambda: campaigns.reminders_request(campaign=campaign, actor=request.user),
        success=lambda job: f"Напоминания отправляются: {ru_count(job.total, 'письмо', 'письма', 'писем')}.",
        next_url=campaign.get_absolute_url(),
    )


@requires("campaigns.manage")
@require_POST
def campaign_slips(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return run_action(
        request,
        lambda: campaigns.slips_request(campaign=campaign, actor=request.user),
        success=lambda job: f"Листки готовятся: {ru_count(job.total, 'листок', 'листка', 'листков')}.",
        next_url=campaign.get_absolute_url(),
    )


@requires("campaigns.manage")
def campaign_slips_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The slip sheet PDF, only through this page (media is not public)."""
    campaign = _campaign(request, pk)
    job = (
        campaign.jobs.filter(kind=MailJob.Kind.SLIPS, status=MailJob.Status.DONE)
        .exclude(file="")
        .order_by("-pk")
        .first()
    )
    if job is None:
        raise Http404("Листки ещё не готовы.")
    response = file_response(job.file)
    return response


@requires("campaigns.manage")
@require_POST
def campaign_resume(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """«Продолжить» an interrupted job, «Повторить» the failed letters."""
    campaign = _campaign(request, pk)
    if kind not in MailJob.Kind.values:
        raise Http404("Нет такой задачи.")
    job = campaign.jobs.filter(kind=kind).order_by("-pk").first()
    if job is None:
        raise Http404("Нет такой задачи.")
    return run_action(
        request,
        lambda: campaigns.job_resume(job=job, actor=request.user),
        success="Задача снова в очереди.",
        next_url=campaign.get_absolute_url(),
    )


@requires("campaigns.manage")
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    """«Завершить досрочно»: asks first (GET), closes on POST."""
    campaign = _campaign(request, pk)
    if campaign.closed_at:
        messages.info(request, "Анкетирование уже завершено.")
        return redirect(campaign)
    if request.method != "POST":
        losses = ["Личные ссылки перестанут открываться: ответить будет нельзя."]
        if campaign.activity_id:
            losses.append(f"Мероприятие дорожной карты «{campaign.activity.title}» будет отмечено выполненным.")
        return confirm_page(
            request,
            title=f"Завершить «{campaign.title}» досрочно?",
            warning="Сбор ответов закончится сейчас, итоги будут подведены по тем, кто уже ответил.",
            losses=losses,
            confirm="Завершить",
            cancel_url=campaign.get_absolute_url(),
        )
    return run_action(
        request,
        lambda: campaigns.campaign_close(campaign=campaign, actor=request.user),
        success=lambda closed: f"Анкетирование завершено. {closed.summary}",
        next_url=campaign.get_absolute_url(),
    )
