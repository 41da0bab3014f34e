"""The constructor's services: copies, versions, conditions, scales, option codes, standard originals."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring import builder
from monitoring.models import Answer, Question, Questionnaire
from tests.factories import (
    AnswerFactory,
    CampaignFactory,
    OptionFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def standard(key="mentee-before"):
    return Questionnaire.objects.standard().get(key=key)


def signature(questionnaire):
    """Everything a respondent sees, with conditions by text: equal for a faithful copy."""
    rows = []
    for section in builder.structure(questionnaire):
        rows.append(("section", section.order, section.title, section.description))
        for q in section.question_list:
            condition = (q.show_if.question.text, q.show_if.value) if q.show_if else None
            rows.append(
                (q.order, q.kind, q.text, q.help_text, q.required, q.scale_min, q.scale_max, q.min_label, q.max_label,
                 q.code, condition, [(o.order, o.label, o.value) for o in q.option_list])
            )  # fmt: skip
    return rows


def scale_data(section, **overrides):
    data = {"section": section, "kind": Question.Kind.SCALE, "text": "Насколько Вам интересно?", "required": True}
    data.update(scale_min=1, scale_max=10, min_label="совсем нет", max_label="очень")
    data.update(overrides)
    return data


# --- copies -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["mentee-before", "satisfaction", "curator", "preference"])
def test_copy_is_faithful_and_points_at_its_own_rows(org, curator, key):
    original = standard(key)
    copy = builder.questionnaire_copy(questionnaire=original, organization=org, actor=curator)
    assert copy.organization == org and copy.source == original and copy.version == 1 and copy.key == key
    assert (copy.title, copy.anonymous, copy.basis) == (original.title, original.anonymous, original.basis)
    assert signature(copy) == signature(original)
    # every condition points at the copy's own option, never at the original's
    for question in copy.questions.filter(show_if__isnull=False).select_related("show_if__question"):
        assert question.show_if.question.questionnaire_id == copy.pk
    assert copy.history.first().history_user == curator


def test_copy_is_editable_and_the_original_is_not(org, curator):
    original = standard()
    copy = builder.questionnaire_copy(questionnaire=original, organization=org, actor=curator)
    edited = builder.questionnaire_update(questionnaire=copy, actor=curator, title="Входная анкета 7-х классов")
    assert not edited.new_version and edited.questionnaire.pk == copy.pk
    original.refresh_from_db()
    assert original.title == "Анкета наставляемого (входная)"
    with pytest.raises(PermissionDenied, match="только для чтения"):
        builder.questionnaire_update(questionnaire=original, actor=curator, title="Моя")
    section = original.sections.first()
    with pytest.raises(PermissionDenied):
        builder.question_save(questionnaire=original, actor=curator, **scale_data(section))
    with pytest.raises(PermissionDenied):
        builder.section_delete(section=section, actor=curator)


def test_only_editors_of_the_organization_copy(org, mentor, outsider):
    with pytest.raises(ValidationError, match="куратор и директор"):
        builder.questionnaire_copy(questionnaire=standard(), organization=org, actor=mentor)
    with pytest.raises(ValidationError):
        builder.questionnaire_copy(questionnaire=standard(), organization=org, actor=outsider)


def test_another_organizations_questionnaire_is_not_copied(org, curator, other_org):
    theirs = QuestionnaireFactory(organization=other_org)
    with pytest.raises(ValidationError):
        builder.questionnaire_copy(questionnaire=theirs, organization=org, actor=curator)


# --- versions -----------------------------------------------------------------------------------------------


def answered_copy(org, curator):
    copy = builder.questionnaire_copy(questionnaire=standard(), organization=org, actor=curator)
    campaign = CampaignFactory(organization=org, questionnaire=copy)
    response = ResponseFactory(campaign=campaign, questionnaire=copy)
    scale = copy.questions.get(code="mentee.confidence")
    yes_no = copy.questions.get(code="mentee.experience")
    AnswerFactory(response=response, question=scale, number=7)
    AnswerFactory(response=response, question=yes_no, option=yes_no.options.get(value="yes"))
    return copy, response


def test_an_edit_after_answers_makes_version_2_and_keeps_the_answered_questions(org, curator):
    copy, response = answered_copy(org, curator)
    before = signature(copy)
    scale = copy.questions.get(code="mentee.confidence")
    edited = builder.question_save(
        questionnaire=copy,
        actor=curator,
        question=scale,
        **scale_data(scale.section, text="Насколько Вы уверены в себе?", scale_min=0, scale_max=5, code=scale.code),
    )
    v2 = edited.questionnaire
    assert edited.new_version and v2.version == 2 and v2.previous == copy and v2.source == copy.source
    assert builder.version_message(edited) == (
        "Изменения сохранены в новой версии 2: ответы на версию 1 сохранены без изменений."
    )
    copy.refresh_from_db()
    assert signature(copy) == before  # version 1 as it was answered
    answer = Answer.objects.get(response=response, number=7)
    assert answer.question.text == "Насколько Вы уверены в своих силах в учёбе (работе)?"
    assert answer.question.questionnaire == copy and (answer.question.scale_min, answer.question.scale_max) == (1, 10)
    changed = v2.questions.get(code="mentee.confidence")
    assert (changed.text, changed.scale_min, changed.scale_max) == ("Насколько Вы уверены в себе?", 0, 5)
    assert edited.obj == changed
    # the next edit changes version 2 itself: it has no answers
    again = builder.section_save(questionnaire=v2, actor=curator, title="Итог")
    assert not again.new_version and again.questionnaire == v2
    # version 1 is no longer editable: the page must open the latest
    with pytest.raises(ValidationError, match="последнюю версию"):
        builder.section_save(questionnaire=copy, actor=curator, title="Ещё")
    assert builder.latest_version(copy) == v2
    assert [v.version for v in builder.versions_of(copy)] == [1, 2]


def test_a_started_campaign_also_holds_the_version(org, curator, frozen_today):
    questionnaire = QuestionnaireFactory(organization=org)
    section = SectionFactory(questionnaire=questionnaire)
    question = QuestionFactory(section=section)
    CampaignFactory(organization=org, questionnaire=questionnaire)  # opens 27.11.2026: not started on 20.11
    assert not builder.question_delete(question=question, actor=curator).new_version
    CampaignFactory(organization=org, questionnaire=questionnaire, opens_on="2026-11-01")
    edited = builder.section_save(questionnaire=questionnaire, actor=curator, section=section, title="Новое")
    assert edited.new_version and edited.questionnaire.sections.get().title == "Новое"
    section.refresh_from_db()
    assert section.title != "Новое"


def test_deleting_an_answered_question_removes_it_from_the_new_version_only(org, curator):
    copy, response = answered_copy(org, curator)
    scale = copy.questions.get(code="mentee.confidence")
    edited = builder.question_delete(question=scale, actor=curator)
    assert edited.new_version
    assert not edited.questionnaire.questions.filter(code="mentee.confidence").exists()
    assert copy.questions.filter(code="mentee.confidence").exists()
    assert response.answers.count() == 2


def test_moving_in_an_answered_questionnaire_keeps_version_1_order(org, curator):
    copy, _ = answered_copy(org, curator)
    first, second = copy.sections.order_by("order")[:2]
    edited = builder.section_move(section=second, actor=curator, up=True)
    assert [s.title for s in edited.questionnaire.sections.order_by("order")][:2] == [second.title, first.title]
    assert [s.title for s in copy.sections.order_by("order")][:2] == [first.title, second.title]


# --- conditions ---------------------------------------------------------------------------------------------


def test_show_if_must_be_an_earlier_choice_option_of_the_same_questionnaire(org, curator, other_org):
    questionnaire = QuestionnaireFactory(organization=org)
    section = SectionFactory(questionnaire=questionnaire, order=1)
    choice = QuestionFactory(section=section, kind=Question.Kind.YES_NO, order=1, scale_min=None, scale_max=None)
    yes = OptionFactory(question=choice, value="yes", label="Да")
    scale = QuestionFactory(section=section, order=2)
    text = {"kind": Question.Kind.TEXT, "text": "Почему?", "section": section, "required": False}

    made = builder.question_save(questionnaire=questionnaire, actor=curator, show_if=yes, **text)
    assert made.obj.show_if == yes and made.obj.order == 3

    alien = OptionFactory(question=QuestionFactory(section=SectionFactory(), kind=Question.Kind.SINGLE))
    with pytest.raises(ValidationError) as error:
        builder.question_save(questionnaire=questionnaire, actor=curator, show_if=alien, **text)
    assert error.value.message_dict["show_if"] == ["Условие — вариант ответа вопроса этой же анкеты."]

    matrix_row = OptionFactory(
        question=QuestionFactory(section=section, kind=Question.Kind.MATRIX, order=0, scale_min=1, scale_max=5)
    )
    with pytest.raises(ValidationError, match="вопроса с выбором"):
        builder.question_save(questionnaire=questionnaire, actor=curator, show_if=matrix_row, **text)

    with pytest.raises(ValidationError, match="самого себя"):
        builder.question_save(
            questionnaire=questionnaire,
            actor=curator,
            question=choice,
            options=[],
            show_if=yes,  # its own option
            kind=Question.Kind.YES_NO,
            text=choice.text,
            section=section,
        )
    # a condition on a later question: refused, and nothing saved
    later = builder.question_save(
        questionnaire=questionnaire,
        actor=curator,
        kind=Question.Kind.SINGLE,
        text="Что выбрали?",
        section=section,
        options=[{"label": "Первое"}, {"label": "Второе"}],
    ).obj
    with pytest.raises(ValidationError, match="более ранний вопрос"):
        builder.question_save(
            questionnaire=questionnaire,
            actor=curator,
            question=scale,
            show_if=later.options.first(),
            **scale_data(section, text=scale.text),
        )
    scale.refresh_from_db()
    assert scale.show_if is None
    # moving the dependent question above its source is refused too
    dependent = made.obj
    builder.question_move(question=dependent, actor=curator, up=True)  # above the scale: fine
    with pytest.raises(ValidationError, match="более ранний вопрос"):
        builder.question_move(question=dependent, actor=curator, up=True)  # above its source: refused


def test_a_question_others_depend_on_is_not_deleted(org, curator):
    copy = builder.questionnaire_copy(questionnaire=standard(), organization=org, actor=curator)
    source = copy.questions.get(code="mentee.experience")
    with pytest.raises(ValidationError, match="Где и в какой роли"):
        builder.question_delete(question=source, actor=curator)
    with pytest.raises(ValidationError, match="сначала снимите"):
        builder.question_save(
            questionnaire=copy,
            actor=curator,
            question=source,
            kind=Question.Kind.TEXT,
            text=source.text,
            section=source.section,
        )
    assert copy.questions.filter(pk=source.pk).exists()


# --- scales and options -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "field", "message"),
    [
        (None, 10, "scale_min", "Укажите начало шкалы (от 0 до 10)."),
        (1, None, "scale_max", "Укажите конец шкалы (от 0 до 10)."),
        (-1, 5, "scale_min", "Шкала начинается с числа от 0 до 10."),
        (1, 11, "scale_max", "Шкала заканчивается числом от 0 до 10."),
        (5, 5, "scale_max", "Конец шкалы должен быть больше её начала."),
        (7, 2, "scale_max", "Конец шкалы должен быть больше её начала."),
    ],
)
def test_scale_bounds(org, curator, low, high, field, message):
    questionnaire = QuestionnaireFactory(organization=org)
    section = SectionFactory(questionnaire=questionnaire)
    with pytest.raises(ValidationError) as error:
        builder.question_save(
            questionnaire=questionnaire, actor=curator, **scale_data(section, scale_min=low, scale_max=high)
        )
    assert error.value.message_dict[field] == [message]
    assert not questionnaire.questions.exists()


@pytest.mark.parametrize(("low", "high"), [(1, 10), (1, 5), (0, 2), (3, 7)])
def test_scales_within_0_to_10(org, curator, low, high):
    questionnaire = QuestionnaireFactory(organization=org)
    section = SectionFactory(questionnaire=questionnaire)
    question = builder.question_save(
        questionnaire=questionnaire, actor=curator, **scale_data(section, scale_min=low, scale_max=high)
    ).obj
    assert list(question.scale_values) == list(range(low, high + 1))


def test_option_values_are_slugs_of_labels_unique_in_the_question(org, curator):
    questionnaire = QuestionnaireFactory(organization=org)
    section = SectionFactory(questionnaire=questionnaire)
    question = builder.question_save(
        questionnaire=questionnaire,
        actor=curator,
        section=section,
        kind=Question.Kind.MULTIPLE,
        text="Что Вам интересно?",
        options=[
            {"label": "Щедрость и юмор!"},
            {"label": "Ёлка"},
            {"label": "Ёлка"},
            {"label": "Своё", "value": "own"},
            {"label": "   "},
        ],
    ).obj
    assert [(o.label, o.value) for o in question.options.all()] == [
        ("Щедрость и юмор!", "shchedrost-i-yumor"),
        ("Ёлка", "elka"),
        ("Ёлка", "elka-2"),
        ("Своё", "own"),
    ]
    # a label corrected later keeps its value: answers are counted by it
    first = question.options.first()
    builder.question_save(
        questionnaire=questionnaire,
        actor=curator,
        question=question,
        section=section,
        kind=Question.Kind.MULTIPLE,
        text=question.text,
        options=[{"id": first.pk, "label": "Щедрость", "value": first.value}, {"label": "Другое"}],
    )
    assert [(o.label, o.value) for o in question.options.all()] == [
        ("Щедрость", "shchedrost-i-yumor"),
        ("Другое", "drugoe"),
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([{"label": "Один"}], "хотя бы два варианта"),
        ([{"label": "А", "value": "a"}, {"label": "Б", "value": "a"}], "повторяется"),
        ([{"label": "А", "value": "Код А"}, {"label": "Б"}], "латинские буквы"),
    ],
)
def test_bad_options_are_refused(org, curator, options, message):
    questionnaire = QuestionnaireFactory(organization=org)
    section = SectionFactory(questionnaire=questionnaire)
    with pytest.raises(ValidationError, match=message):
        builder.question_save(
            questionnaire=questionnaire,
            actor=curator,
            section=section,
            kind=Question.Kind.SINGLE,
            text="Выберите",
            options=options,
        )
    assert not questionnaire.questions.exists()


def test_yes_no_options_are_made_by_the_service_and_a_matrix_needs_statements(org, curator):
    questionnaire = QuestionnaireFactory(organization=org)
    section = SectionFactory(questionnaire=questionnaire)
    yes_no = builder.question_save(
        questionnaire=questionnaire,
        actor=curator,
        section=section,
        kind=Question.Kind.YES_NO,
        text="Было интересно?",
        options=[{"label": "Ага"}],
    ).obj
    assert [(o.value, o.label) for o in yes_no.options.all()] == [("yes", "Да"), ("no", "Нет")]
    with pytest.raises(ValidationError, match="утверждения матрицы"):
        builder.question_save(questionnaire=questionnaire, actor=curator, kind=Question.Kind.MATRIX, **{
            k: v for k, v in scale_data(section).items() if k != "kind"
        })  # fmt: skip
    matrix = builder.question_save(
        questionnaire=questionnaire,
        actor=curator,
        options=[{"label": "Цели понятны"}, {"label": "Встречи регулярны"}],
        **scale_data(section, kind=Question.Kind.MATRIX, scale_min=1, scale_max=5),
    ).obj
    assert matrix.options.count() == 2 and list(matrix.scale_values) == [1, 2, 3, 4, 5]
    text = builder.question_save(
        questionnaire=questionnaire,
        actor=curator,
        question=matrix,
        options=[{"label": "лишнее"}],
        **scale_data(section, kind=Question.Kind.LONG_TEXT),
    ).obj
    assert (text.scale_min, text.scale_max, text.options.count()) == (None, None, 0)


def test_parameter_codes(org, curator):
    questionnaire = QuestionnaireFactory(organization=org)
    section = SectionFactory(questionnaire=questionnaire)
    builder.question_save(questionnaire=questionnaire, actor=curator, **scale_data(section, code="mentee.confidence"))
    with pytest.raises(ValidationError, match="уже измеряет"):
        builder.question_save(
            questionnaire=questionnaire, actor=curator, **scale_data(section, code="mentee.confidence")
        )
    with pytest.raises(ValidationError, match="латинские буквы"):
        builder.question_save(questionnaire=questionnaire, actor=curator, **scale_data(section, code="Уверенность"))


def test_slug_from_label():
    assert builder.slug_from_label("Учитель – ученик") == "uchitel-uchenik"
    assert builder.slug_from_label("Подъезд, объём") == "podezd-obem"
    assert builder.slug_from_label("!!!") == "variant"


# --- settings and archive -----------------------------------------------------------------------------------


def test_anonymous_questionnaire_never_shows_answers_to_mentors(org, curator):
    with pytest.raises(ValidationError) as error:
        builder.questionnaire_create(
            organization=org, actor=curator, title="Опрос", anonymous=True, mentors_see_results=True
        )
    assert "mentors_see_results" in error.value.message_dict
    made = builder.questionnaire_create(organization=org, actor=curator, title="Опрос", anonymous=True)
    assert [s.title for s in made.sections.all()] == ["Вопросы"]


def test_archive_and_restore(org, curator, frozen_today):
    questionnaire = QuestionnaireFactory(organization=org)
    campaign = CampaignFactory(organization=org, questionnaire=questionnaire)
    with pytest.raises(ValidationError, match="анкетировании"):
        builder.questionnaire_archive(questionnaire=questionnaire, actor=curator, archived=True)
    campaign.delete()
    builder.questionnaire_archive(questionnaire=questionnaire, actor=curator, archived=True)
    assert builder.list_rows(org)["own"] == []
    assert builder.list_rows(org, archived=True)["own"] == [questionnaire]
    with pytest.raises(ValidationError, match="в архиве"):
        builder.questionnaire_update(questionnaire=questionnaire, actor=curator, title="Новая")
    builder.questionnaire_archive(questionnaire=questionnaire, actor=curator, archived=False)
    assert builder.list_rows(org)["own"] == [questionnaire]
