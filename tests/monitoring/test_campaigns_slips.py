"""The slip sheet: made in the background, downloaded through the campaign page; its text holds each pupil's
link and each QR code decodes to it."""

import subprocess
from datetime import timedelta

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from monitoring import campaigns
from monitoring.models import MailJob, Recipient
from tests.conftest import client_for
from tests.factories import MenteeProfileFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org, curator):
    for index, school_class in enumerate(["7А", "7А", "8Б"]):
        MenteeProfileFactory(
            person__organization=org, person__school_class=school_class, person__last_name=f"Ученикова{index}"
        )
    MenteeProfileFactory(person__organization=org, person__email="teacher@example.org")  # by e-mail: no slip
    today = timezone.localdate()
    return campaigns.campaign_create(
        organization=org,
        actor=curator,
        questionnaire=QuestionnaireFactory(organization=org, title="Анкета <b>наставляемого</b>"),
        title="Входное анкетирование",
        opens_on=today,
        closes_on=today + timedelta(days=10),
        audience=campaigns.Audience(roles=["mentees"]),
    )


def test_the_slip_sheet_is_made_in_the_background_and_each_qr_code_is_the_pupils_link(
    client, curator, campaign, run_tasks, tmp_path, settings
):
    settings.SITE_URL = "https://nastavnik.school.example"
    client_for(client, curator)
    download = reverse("monitoring:campaign-slips-download", kwargs={"pk": campaign.pk})
    assert client.get(download).status_code == 404  # not made yet

    client.post(reverse("monitoring:campaign-slips", kwargs={"pk": campaign.pk}))
    job = campaign.jobs.get(kind=MailJob.Kind.SLIPS)
    assert (job.status, job.total) == ("queued", 3)
    run_tasks()
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 3)
    assert "скачать PDF" in client.get(campaign.get_absolute_url()).content.decode()

    response = client.get(download)
    assert response.status_code == 200
    pdf = tmp_path / "slips.pdf"
    pdf.write_bytes(b"".join(response.streaming_content))
    assert pdf.read_bytes().startswith(b"%PDF")

    links = {
        f"https://nastavnik.school.example/f/{token}/"
        for token in Recipient.objects.filter(campaign=campaign, channel="slip").values_list("token", flat=True)
    }
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert all(link in text for link in links)
    assert "Анкета <b>наставляемого</b>" in text  # the title as typed, not as markup
    assert text.index("7А") < text.index("8Б")
    assert "teacher@example.org" not in text

    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp_path / "page")], check=True)
    decoded = set()
    for page in sorted(tmp_path.glob("page*.png")):
        decoded |= {barcode.text for barcode in zxingcpp.read_barcodes(Image.open(page))}
    assert decoded == links
    # a class per page: 7А on the first, 8Б on the second
    assert len(list(tmp_path.glob("page*.png"))) == 2


def test_slips_are_downloaded_only_by_the_organizations_managers(client, curator, mentor, outsider, campaign):
    job = MailJob.objects.create(campaign=campaign, kind=MailJob.Kind.SLIPS, total=3)
    from monitoring.slips import make_slip_sheet

    make_slip_sheet(job.pk)
    download = reverse("monitoring:campaign-slips-download", kwargs={"pk": campaign.pk})
    assert client_for(client, curator).get(download).status_code == 200
    assert client_for(client, mentor).get(download).status_code == 403
    assert client_for(client, outsider).get(download).status_code == 404
