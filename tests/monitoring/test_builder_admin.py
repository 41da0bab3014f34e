"""The Django admin of the monitoring models: an organization's administrator looks, the product changes; the
standard originals are the superuser's to change; who answered what is not shown to the administrator."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from monitoring.models import Questionnaire
from tests.conftest import client_for
from tests.factories import AnswerFactory, QuestionnaireFactory, RecipientFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def test_org_admin_sees_own_and_standard_questionnaires_read_only(client, org, other_org, admin_user):
    own = QuestionnaireFactory(organization=org, title="Своя анкета")
    QuestionnaireFactory(organization=other_org, title="Чужая анкета")
    original = Questionnaire.objects.standard().get(key="satisfaction")
    client_for(client, admin_user)
    listing = client.get(reverse("admin:monitoring_questionnaire_changelist")).content.decode()
    assert "Своя анкета" in listing and original.title in listing and "Чужая анкета" not in listing
    for questionnaire in (own, original):
        change = reverse("admin:monitoring_questionnaire_change", args=[questionnaire.pk])
        assert client.get(change).status_code == 200
        assert client.post(change, {"title": "Изменено"}).status_code == 403
    assert client.get(reverse("admin:monitoring_questionnaire_add")).status_code == 403
    original.refresh_from_db()
    assert original.title == "Анкета удовлетворённости участников программы"


def test_superuser_may_correct_a_standard_original(client):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    original = Questionnaire.objects.standard().get(key="satisfaction")
    client_for(client, root)
    page = client.get(reverse("admin:monitoring_questionnaire_change", args=[original.pk])).content.decode()
    assert 'name="title"' in page


def test_answers_and_link_secrets_are_not_shown_to_the_org_admin(client, org, admin_user):
    recipient = RecipientFactory(campaign__organization=org, draft={"q1": "черновой ответ"})
    response = ResponseFactory(campaign=recipient.campaign, recipient=recipient, person=recipient.person)
    AnswerFactory(response=response, text="Мой честный ответ")
    client_for(client, admin_user)
    assert client.get(reverse("admin:monitoring_response_changelist")).status_code == 403
    assert client.get(reverse("admin:monitoring_answer_changelist")).status_code == 403
    page = client.get(reverse("admin:monitoring_recipient_change", args=[recipient.pk])).content.decode()
    assert recipient.person.last_name in page
    assert recipient.token not in page and "черновой ответ" not in page
