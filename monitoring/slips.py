"""The slip sheet: cut-out slips with a QR code of each personal link, for pupils without e-mail.

One slip per recipient of channel «slip», class by class (a heading per class, each class from a new
page), each with the name and class, the questionnaire, the QR code and the link as text, and the closing
date; dashed cut lines. A4, DejaVu embedded (``mentoring_site.pdf``). Made in the background: the job's
``done`` follows the QR codes made, the PDF is stored in ``MailJob.file`` and downloaded from the campaign
page by a permission-checked view.
"""

import io
from itertools import groupby
from typing import Any

import segno
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from mentoring_site.pdf import html_to_pdf

from .campaigns import personal_url
from .models import Campaign, MailJob, Recipient

NO_CLASS = "Без класса"
PROGRESS_EVERY = 25


def _class_key(name: str) -> tuple[int, str]:
    digits = "".join(ch for ch in name if ch.isdigit())
    return (int(digits) if digits else 999, name)


def slip_recipients(campaign: Campaign) -> list[Recipient]:
    """Recipients of slips, class by class («5А» before «10Б»), by name within a class."""
    recipients = list(
        Recipient.objects.filter(campaign=campaign, channel=Recipient.Channel.SLIP)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__patronymic", "pk")
    )
    return sorted(recipients, key=lambda r: _class_key(r.person.school_class or NO_CLASS))


def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as a PNG of one pixel per module (the slip scales it up without smoothing).
    A fixed mask: choosing the best of eight triples the time and any mask reads alike on paper."""
    buffer = io.BytesIO()
    segno.make(url, error="l", boost_error=False, mask=0).save(buffer, kind="png", scale=1, border=2)
    return buffer.getvalue()


def slip_sheet_pdf(campaign: Campaign, recipients: list[Recipient], progress: Any = None) -> bytes:
    """The PDF bytes; ``progress(n)`` is called as QR codes are made."""
    slips = []
    images = {}
    for index, recipient in enumerate(recipients, start=1):
        link = personal_url(recipient.token)
        images[f"qr{index}"] = qr_png(link)
        slips.append(
            {
                "name": recipient.person.full_name,
                "school_class": recipient.person.school_class,
                "group": recipient.person.school_class or NO_CLASS,
                "link": link,
                "qr": f"memory:qr{index}",
            }
        )
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(index)
    groups = []
    for name, items in groupby(slips, key=lambda s: s["group"]):
        chunk = list(items)
        groups.append((name, [chunk[i : i + 2] for i in range(0, len(chunk), 2)]))  # two slips a row
    html = render_to_string(
        "monitoring/campaigns/slips_pdf.html",
        {
            "campaign": campaign,
            "organization": campaign.organization,
            "questionnaire": campaign.questionnaire,
            "groups": groups,
        },
    )
    return html_to_pdf(html, images=images)


def make_slip_sheet(job_id: int) -> int:
    """The job's function: make the sheet, store it in ``job.file``, mark the job done."""
    job = MailJob.objects.select_related("campaign__organization", "campaign__questionnaire").get(pk=job_id)
    if job.status == MailJob.Status.DONE and job.file:
        return job.total
    MailJob.objects.filter(pk=job.pk).update(status=MailJob.Status.RUNNING, done=0, updated_at=timezone.now())
    campaign = job.campaign
    recipients = slip_recipients(campaign)

    def progress(done: int) -> None:
        MailJob.objects.filter(pk=job.pk).update(done=done, updated_at=timezone.now())

    try:
        pdf = slip_sheet_pdf(campaign, recipients, progress)
    except Exception as error:
        MailJob.objects.filter(pk=job.pk).update(
            status=MailJob.Status.FAILED, error=f"Не удалось сделать листки: {error}"[:1000], updated_at=timezone.now()
        )
        raise
    with transaction.atomic():
        job = MailJob.objects.select_for_update().get(pk=job.pk)
        old = job.file.name if job.file else ""
        job.file.save(f"listki-{campaign.pk}.pdf", ContentFile(pdf), save=False)
        job.total = job.done = len(recipients)
        job.status, job.error = MailJob.Status.DONE, ""
        job.save()
    if old and old != job.file.name:
        job.file.storage.delete(old)
    return len(recipients)
