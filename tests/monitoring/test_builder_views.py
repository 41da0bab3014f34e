"""The constructor's pages: who may open them, what they show, forms that keep what was typed, query pins."""

import subprocess

import pytest
from django.urls import reverse

from monitoring import builder
from monitoring.models import Question, Questionnaire
from tests.conftest import client_for
from tests.factories import AnswerFactory, CampaignFactory, QuestionnaireFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def standard(key="mentee-before"):
    return Questionnaire.objects.standard().get(key=key)


@pytest.fixture
def copy(org, curator):
    return builder.questionnaire_copy(questionnaire=standard(), organization=org, actor=curator)


def url(name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs=kwargs or None)


# --- list ---------------------------------------------------------------------------------------------------


def test_list_shows_standard_originals_and_own_latest_versions(client, org, curator, other_org):
    mine = builder.questionnaire_copy(questionnaire=standard("satisfaction"), organization=org, actor=curator)
    v2 = builder.questionnaire_new_version(questionnaire=mine, actor=curator)
    QuestionnaireFactory(organization=other_org, title="Чужая анкета")
    archived = QuestionnaireFactory(organization=org, title="Старая анкета", is_archived=True)
    page = client_for(client, curator).get(url("questionnaire-list")).content.decode()
    assert page.count("Создать копию для организации") == Questionnaire.objects.standard().count() == 10
    assert "на основе методических рекомендаций" in page
    assert v2.get_absolute_url() in page and mine.get_absolute_url() not in page
    assert "версия 2" in page and "10 вопросов" in page
    assert "Чужая анкета" not in page and "Старая анкета" not in page
    archive = client.get(url("questionnaire-list") + "?archived=1").content.decode()
    assert archived.get_absolute_url() in archive and "Создать копию" not in archive


def test_list_counts_campaigns_of_the_organization(client, org, curator, copy):
    CampaignFactory(organization=org, questionnaire=copy)
    CampaignFactory(organization=org, questionnaire=copy)
    page = client_for(client, curator).get(url("questionnaire-list")).content.decode()
    assert "2 анкетирования" in page


def test_list_queries_are_constant(client, org, curator, django_assert_max_num_queries):
    client_for(client, curator)
    client.get(url("questionnaire-list"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get(url("questionnaire-list"))
    for key in ("mentee-before", "mentee-after", "mentor-before", "curator", "satisfaction", "preference"):
        made = builder.questionnaire_copy(questionnaire=standard(key), organization=org, actor=curator)
        CampaignFactory(organization=org, questionnaire=made)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("questionnaire-list"))


@pytest.mark.parametrize("who", ["mentor", "mentee", "admin_user"])
def test_other_roles_are_refused(client, request, who):
    user = request.getfixturevalue(who)
    assert client_for(client, user).get(url("questionnaire-list")).status_code == 403


# --- preview ------------------------------------------------------------------------------------------------


def test_preview_shows_the_questionnaire_as_the_respondent_sees_it(client, curator):
    original = standard("satisfaction")
    page = client_for(client, curator).get(original.get_absolute_url()).content.decode()
    assert "Анкета удовлетворённости участников программы" in page
    assert "Матрица (несколько утверждений на одной шкале)" in page
    assert "Анкета анонимная" in page
    assert "обязательный" in page and "на основе методических рекомендаций" in page
    assert "Создать копию для организации" in page
    assert "Настройки анкеты" not in page and "Добавить вопрос" not in page  # a standard original: the copy only
    before = client.get(standard().get_absolute_url()).content.decode()
    assert "Показывается, если на вопрос «Сталкивались ли Вы раньше с программой наставничества?» ответили «Да»" in (
        before
    )
    assert "1 — совсем нет" in before and "10 — в полной мере" in before


def test_preview_queries_do_not_grow_with_questions(client, curator, django_assert_max_num_queries):
    client_for(client, curator)
    client.get(standard("meeting-feedback").get_absolute_url())
    with django_assert_max_num_queries(20) as few:
        client.get(standard("meeting-feedback").get_absolute_url())  # 4 questions
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(standard("mentee-after").get_absolute_url())  # 15 questions


def test_preview_of_an_old_version_links_the_latest(client, org, curator, copy):
    v2 = builder.questionnaire_new_version(questionnaire=copy, actor=curator)
    page = client_for(client, curator).get(copy.get_absolute_url()).content.decode()
    assert "Это версия 1" in page and v2.get_absolute_url() in page
    assert "Добавить вопрос" not in page
    latest = client.get(v2.get_absolute_url()).content.decode()
    assert copy.get_absolute_url() in latest and "Добавить вопрос в раздел" in latest


def test_outsider_gets_404(client, outsider, copy):
    client_for(client, outsider)
    assert client.get(copy.get_absolute_url()).status_code == 404
    assert client.post(url("questionnaire-copy", pk=copy.pk)).status_code == 404
    question = copy.questions.first()
    assert client.post(url("questionnaire-question-delete", pk=question.pk)).status_code == 404


# --- copy, create, edit -------------------------------------------------------------------------------------


def test_copy_button_makes_the_organizations_copy(client, org, curator):
    original = standard("mentor-profile")
    response = client_for(client, curator).post(url("questionnaire-copy", pk=original.pk))
    made = Questionnaire.objects.get(organization=org, source=original)
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Копия для организации создана" in page and "Настройки анкеты" in page


@pytest.mark.parametrize(
    "name",
    ["questionnaire-edit", "questionnaire-archive", "questionnaire-section-create"],
)
def test_forged_changes_of_a_standard_original_are_403(client, curator, name):
    original = standard()
    response = client_for(client, curator).post(url(name, pk=original.pk), {"title": "Моя"})
    assert response.status_code == 403
    original.refresh_from_db()
    assert original.title == "Анкета наставляемого (входная)" and original.sections.count() == 3


def test_forged_question_changes_of_a_standard_original_are_403(client, curator):
    question = standard().questions.first()
    client_for(client, curator)
    assert client.post(url("questionnaire-question-edit", pk=question.pk), {"text": "x"}).status_code == 403
    assert client.post(url("questionnaire-question-delete", pk=question.pk)).status_code == 403
    move = url("questionnaire-question-move", pk=question.pk, direction="down")
    assert client.post(move).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_create_questionnaire_keeps_what_was_typed_on_error(client, org, curator):
    client_for(client, curator)
    data = {"title": "Опрос 9-х классов", "audience": "mentee", "purpose": "other", "anonymous": "on"}
    page = client.post(url("questionnaire-create"), {**data, "mentors_see_results": "on"}).content.decode()
    assert "не показываются наставникам" in page and "Опрос 9-х классов" in page
    assert not Questionnaire.objects.filter(organization=org).exists()
    response = client.post(url("questionnaire-create"), data)
    made = Questionnaire.objects.get(organization=org)
    assert response["Location"] == made.get_absolute_url() and made.anonymous and made.created_by == curator


def question_post(section, **overrides):
    data = {
        "section": section.pk,
        "kind": "scale",
        "text": "Насколько полезными были встречи?",
        "required": "on",
        "scale_min": "1",
        "scale_max": "5",
        "min_label": "бесполезны",
        "max_label": "очень полезны",
        "code": "",
        "show_if": "",
        "options-TOTAL_FORMS": "3",
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "60",
    }
    for i in range(3):
        data[f"options-{i}-label"] = ""
        data[f"options-{i}-value"] = ""
    data.update(overrides)
    return data


def test_add_a_question_and_errors_keep_what_was_typed(client, curator, copy):
    section = copy.sections.order_by("order").last()
    client_for(client, curator)
    bad = question_post(section, scale_min="4", scale_max="2", text="Мой вопрос о встречах")
    page = client.post(url("questionnaire-question-create", pk=section.pk), bad).content.decode()
    assert "Конец шкалы должен быть больше её начала." in page and "Мой вопрос о встречах" in page
    response = client.post(url("questionnaire-question-create", pk=section.pk), question_post(section))
    made = copy.questions.get(text="Насколько полезными были встречи?")
    assert response["Location"] == copy.get_absolute_url() + f"#question-{made.pk}"
    assert (made.scale_min, made.scale_max, made.min_label) == (1, 5, "бесполезны")


def test_add_a_choice_question_with_a_condition(client, curator, copy):
    section = copy.sections.order_by("order").last()
    yes = copy.questions.get(code="mentee.experience").options.get(value="yes")
    data = question_post(
        section,
        kind="single",
        text="Как часто Вы встречались?",
        show_if=str(yes.pk),
        **{"options-0-label": "Раз в неделю", "options-1-label": "Раз в месяц", "options-1-value": "monthly"},
    )
    client_for(client, curator).post(url("questionnaire-question-create", pk=section.pk), data)
    made = copy.questions.get(text="Как часто Вы встречались?")
    assert made.show_if == yes and made.scale_min is None
    assert [(o.label, o.value) for o in made.options.all()] == [
        ("Раз в неделю", "raz-v-nedelyu"),
        ("Раз в месяц", "monthly"),
    ]
    # an option of another questionnaire is not a choice of the form
    alien = standard().questions.get(code="mentee.experience").options.get(value="yes")
    page = client.post(
        url("questionnaire-question-edit", pk=made.pk), {**data, "show_if": str(alien.pk)}
    ).content.decode()
    assert "Выберите корректный вариант" in page or "Выберите вариант" in page
    made.refresh_from_db()
    assert made.show_if == yes


def test_an_edit_after_answers_says_so_and_keeps_version_1(client, org, curator, copy):
    campaign = CampaignFactory(organization=org, questionnaire=copy)
    question = copy.questions.get(code="mentee.confidence")
    AnswerFactory(response=ResponseFactory(campaign=campaign, questionnaire=copy), question=question, number=8)
    client_for(client, curator)
    assert "любое изменение сохранится в&nbsp;новой версии 2" in client.get(copy.get_absolute_url()).content.decode()
    data = question_post(question.section, text="Уверенность в себе", scale_min="1", scale_max="10", code=question.code)
    response = client.post(url("questionnaire-question-edit", pk=question.pk), data, follow=True)
    v2 = Questionnaire.objects.get(previous=copy)
    assert response.redirect_chain[-1][0].startswith(v2.get_absolute_url())
    assert "Вопрос сохранён в новой версии 2: ответы на версию 1 сохранены без изменений." in (
        response.content.decode()
    )
    question.refresh_from_db()
    assert question.text == "Насколько Вы уверены в своих силах в учёбе (работе)?"


def test_delete_asks_first(client, curator, copy):
    question = copy.questions.get(code="mentee.confidence")
    client_for(client, curator)
    page = client.get(url("questionnaire-question-delete", pk=question.pk)).content.decode()
    assert "Удалить вопрос?" in page and question.text in page
    assert copy.questions.filter(pk=question.pk).exists()
    client.post(url("questionnaire-question-delete", pk=question.pk))
    assert not copy.questions.filter(pk=question.pk).exists()
    section = copy.sections.first()
    assert "Удалить раздел?" in client.get(url("questionnaire-section-delete", pk=section.pk)).content.decode()
    response = client.post(url("questionnaire-section-delete", pk=section.pk), follow=True)
    assert "Раздел удалён." in response.content.decode()


def test_move_and_rename_sections(client, curator, copy):
    first, second = copy.sections.order_by("order")[:2]
    client_for(client, curator)
    client.post(url("questionnaire-section-move", pk=second.pk, direction="up"))
    assert list(copy.sections.order_by("order")[:2]) == [second, first]
    assert client.post(url("questionnaire-section-move", pk=second.pk, direction="sideways")).status_code == 404
    client.post(url("questionnaire-section-edit", pk=first.pk), {"title": "Прошлый опыт", "description": ""})
    first.refresh_from_db()
    assert first.title == "Прошлый опыт"
    page = client.post(url("questionnaire-section-edit", pk=first.pk), {"title": ""}).content.decode()
    assert "Назовите раздел." in page


def test_archive_button(client, org, curator, copy):
    client_for(client, curator)
    client.post(url("questionnaire-archive", pk=copy.pk))
    copy.refresh_from_db()
    assert copy.is_archived
    page = client.get(copy.get_absolute_url()).content.decode()
    assert "Вернуть из архива" in page and "Добавить вопрос" not in page


# --- the paper blank ----------------------------------------------------------------------------------------


def test_printable_blank(client, org, curator, tmp_path):
    original = standard("satisfaction")
    response = client_for(client, curator).get(url("questionnaire-print", pk=original.pk))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    path = tmp_path / "blank.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert org.full_name.split()[0] in text
    assert "Анкета удовлетворённости участников программы" in text
    assert "Я вижу результат своего участия" in text  # a matrix statement
    assert "Анкета анонимная: имя писать не нужно." in text
    assert "Страница 1 из" in text
