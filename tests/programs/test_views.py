import pytest
from django.urls import reverse

from organizations.roles import Role
from programs import services
from programs.models import Programme
from tests.factories import ProgrammeFactory, member

pytestmark = pytest.mark.django_db


def _valid(**overrides):
    data = {"title": "Программа наставничества в МБОУ «Школа № 1»", "framework": "teachers", "start_year": "2026"}
    data.update(overrides)
    return data


def test_curator_creates_a_programme(client, curator, org):
    client.force_login(curator)
    response = client.post(reverse("programs:programme-create"), _valid(curator=curator.pk))
    programme = Programme.objects.get()
    assert response.status_code == 302
    # the general part creates it; then the sections, one step at a time
    assert response["Location"] == reverse("programs:programme-edit-step", args=[programme.pk, "explanatory"])
    assert programme.organization == org
    assert programme.curator == curator
    assert programme.school_year == "2026/2027"
    assert programme.history.get().history_user == curator


def test_the_create_form_offers_only_this_organizations_curators(client, curator, outsider):
    client.force_login(curator)
    form = client.get(reverse("programs:programme-create")).context["form"]
    assert list(form.fields["curator"].queryset) == [curator]
    response = client.post(reverse("programs:programme-create"), _valid(curator=outsider.pk))
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Programme.objects.exists()


def test_an_invalid_form_re_renders_in_russian_and_keeps_what_was_typed(client, curator):
    client.force_login(curator)
    response = client.post(reverse("programs:programme-create"), _valid(start_year="1900", title="Моя программа"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Убедитесь, что это значение больше либо равно 2019." in html
    assert "Исправьте ошибки в форме." in html
    assert "Моя программа" in html
    assert not Programme.objects.exists()


def test_an_empty_title_is_refused(client, curator):
    client.force_login(curator)
    response = client.post(reverse("programs:programme-create"), _valid(title=""))
    assert "Обязательное поле." in response.content.decode()
    assert not Programme.objects.exists()


def test_director_edits_and_the_history_shows_who_changed_what(client, director, org):
    programme = ProgrammeFactory(organization=org, title="Старое название")
    client.force_login(director)
    response = client.post(reverse("programs:programme-edit", args=[programme.pk]), _valid(title="Новое название"))
    assert response.status_code == 302
    history = client.get(reverse("programs:programme-history", args=[programme.pk]))
    html = history.content.decode()
    assert "Старое название" in html and "Новое название" in html
    assert director.full_name in html
    entry = history.context["entries"][0]
    assert entry.who == director.full_name
    assert any(c.field == "название" for c in entry.changes)


def test_mentor_may_read_but_not_create(client, mentor, org):
    programme = ProgrammeFactory(organization=org)
    client.force_login(mentor)
    assert client.get(programme.get_absolute_url()).status_code == 200
    assert client.get(reverse("programs:programme-create")).status_code == 403
    assert client.post(reverse("programs:programme-create"), _valid()).status_code == 403
    assert Programme.objects.count() == 1


def test_outsider_gets_404_for_view_edit_and_post(client, outsider, org):
    programme = ProgrammeFactory(organization=org, title="Не трогать")
    client.force_login(outsider)
    assert client.get(programme.get_absolute_url()).status_code == 404
    assert client.get(reverse("programs:programme-edit", args=[programme.pk])).status_code == 404
    response = client.post(reverse("programs:programme-edit", args=[programme.pk]), _valid(title="Взлом"))
    assert response.status_code == 404
    programme.refresh_from_db()
    assert programme.title == "Не трогать"


def test_the_list_is_paginated_and_runs_a_constant_number_of_queries(client, curator, org, django_assert_num_queries):
    client.force_login(curator)
    ProgrammeFactory(organization=org, curator=curator)
    with django_assert_num_queries(5):
        assert client.get(reverse("programs:programme-list")).status_code == 200
    for _ in range(30):
        ProgrammeFactory(organization=org, curator=member(org, Role.CURATOR))
    with django_assert_num_queries(5):
        response = client.get(reverse("programs:programme-list"))
    assert response.status_code == 200
    assert len(response.context["programmes"]) == 20
    assert response.context["page_obj"].paginator.num_pages == 2


def test_the_list_names_the_curator_in_full_as_the_pickers_do(client, curator, director, org):
    ProgrammeFactory(organization=org, curator=director)
    client.force_login(curator)
    html = client.get(reverse("programs:programme-list")).content.decode()
    assert director.full_name in html and director.short_name not in html


def test_a_page_number_out_of_range_is_a_404_not_a_500(client, curator):
    client.force_login(curator)
    assert client.get(reverse("programs:programme-list") + "?page=99").status_code == 404
    assert client.get(reverse("programs:programme-list") + "?page=abc").status_code == 404


def test_the_programme_form_is_in_steps_that_save_separately(client, curator, org):
    programme = ProgrammeFactory(organization=org, title="Программа «Вместе»", goal="Старая цель")
    client.force_login(curator)
    html = client.get(reverse("programs:programme-edit", args=[programme.pk])).content.decode()
    for slug in ("main", "explanatory", "management", "stages", "staffing", "forms", "monitoring"):
        assert reverse("programs:programme-edit-step", args=[programme.pk, slug]) in html
    assert 'name="goal"' not in html  # the first step is the general part only
    step = reverse("programs:programme-edit-step", args=[programme.pk, "explanatory"])
    response = client.post(step, {"goal": "Новая цель", "tasks": "Задача 1\nЗадача 2", "next": "1"})
    assert response["Location"] == reverse("programs:programme-edit-step", args=[programme.pk, "management"])
    programme.refresh_from_db()
    assert (programme.goal, programme.title) == ("Новая цель", "Программа «Вместе»")  # the rest stays
    response = client.post(step, {"goal": "Без «далее»"})
    assert response["Location"] == step
    assert client.get(reverse("programs:programme-edit-step", args=[programme.pk, "nothing"])).status_code == 404


def test_the_step_counter_does_not_contradict_the_section_numbers(client, curator, org):
    """The sixth step is the printed section 5: «Раздел 6 из 7» beside «5. Формы наставничества» misled."""
    programme = ProgrammeFactory(organization=org)
    client.force_login(curator)
    html = client.get(reverse("programs:programme-edit-step", args=[programme.pk, "forms"])).content.decode()
    assert "Шаг 6 из 7." in html and "5. Формы наставничества" in html
    assert "Раздел 6 из 7" not in html


def test_the_programme_tables_grow_row_by_row(client, curator, org):
    programme = ProgrammeFactory(organization=org)
    client.force_login(curator)
    url = reverse("programs:programme-edit-step", args=[programme.pk, "management"])
    html = client.get(url).content.decode()
    assert "<template data-empty-row>" in html and "responsibilities-__prefix__-directions" in html
    assert "Добавить строку" in html
    data = {"responsibilities-TOTAL_FORMS": "3", "responsibilities-INITIAL_FORMS": "0"}
    for i, who in enumerate(["Директор", "Куратор", ""]):  # the third row, left empty, is not saved
        data |= {
            f"responsibilities-{i}-directions": f"Направление {i}" if who else "",
            f"responsibilities-{i}-responsible": who,
        }
    assert client.post(url, data).status_code == 302
    assert list(programme.responsibilities.values_list("responsible", flat=True)) == ["Директор", "Куратор"]
    url = reverse("programs:programme-edit-step", args=[programme.pk, "forms"])
    data = {
        "forms_description": "Описание",
        "participant_profiles-TOTAL_FORMS": "1",
        "participant_profiles-INITIAL_FORMS": "0",
        "participant_profiles-0-mentor": "Опытный педагог",
        "participant_profiles-0-mentee": "Молодой специалист",
        "mechanism-TOTAL_FORMS": "0",
        "mechanism-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    assert programme.participant_profiles.get().mentee == "Молодой специалист"
    assert programme.responsibilities.count() == 2  # another step's table is left as it was


@pytest.mark.parametrize(
    ("step", "table"), [("stages", "stages"), ("management", "responsibilities"), ("forms", "mechanism")]
)
def test_a_forged_row_count_is_refused_without_building_thousands_of_rows(client, curator, org, step, table):
    """«TOTAL_FORMS=100000» in one small POST: refused in Russian, at most 100 rows built and drawn."""
    programme = ProgrammeFactory(organization=org)
    client.force_login(curator)
    url = reverse("programs:programme-edit-step", args=[programme.pk, step])
    data = {
        f"{name}-{key}": "0"
        for name in ("participant_profiles", "mechanism")
        for key in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    data |= {f"{table}-TOTAL_FORMS": "100000", f"{table}-INITIAL_FORMS": "0"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "В таблице может быть не больше 100 строк." in response.content.decode()
    assert all(len(formset.forms) <= 100 for formset, _title in response.context["formsets"])
    assert not programme.stages.exists() and not programme.mechanism.exists()


def test_every_printed_block_of_the_programme_is_typed_in_its_step(client, curator, org):
    """The mechanism table, the note after the bases and the text after the indicator table are
    entered where the school's document has them (steps 4, 5 and 6–8)."""
    programme = ProgrammeFactory(organization=org)
    client.force_login(curator)
    step = reverse("programs:programme-edit-step", args=[programme.pk, "forms"])
    html = client.get(step).content.decode()
    assert "Механизм реализации (этапы и мероприятия)" in html and "mechanism-__prefix__-stage" in html
    data = {
        "forms_description": "",
        "participant_profiles-TOTAL_FORMS": "0",
        "participant_profiles-INITIAL_FORMS": "0",
        "mechanism-TOTAL_FORMS": "2",
        "mechanism-INITIAL_FORMS": "0",
        "mechanism-0-stage": "Обучение наставников",
        "mechanism-0-activities": "Обучающий семинар",
        "mechanism-1-stage": "",  # an empty row is not saved
    }
    assert client.post(step, data).status_code == 302
    assert list(programme.mechanism.values_list("stage", "activities")) == [
        ("Обучение наставников", "Обучающий семинар")
    ]
    for slug, field in (("staffing", "bases_note"), ("monitoring", "monitoring_results")):
        url = reverse("programs:programme-edit-step", args=[programme.pk, slug])
        assert f'name="{field}"' in client.get(url).content.decode()
        assert client.post(url, {field: "Текст школы"}).status_code == 302
        programme.refresh_from_db()
        assert getattr(programme, field) == "Текст школы"


def test_a_mechanism_row_without_its_stage_is_refused_and_kept(client, curator, org):
    programme = ProgrammeFactory(organization=org)
    client.force_login(curator)
    step = reverse("programs:programme-edit-step", args=[programme.pk, "forms"])
    data = {
        "participant_profiles-TOTAL_FORMS": "0",
        "participant_profiles-INITIAL_FORMS": "0",
        "mechanism-TOTAL_FORMS": "1",
        "mechanism-INITIAL_FORMS": "0",
        "mechanism-0-activities": "Анкетирование",
    }
    response = client.post(step, data)
    assert response.status_code == 200
    assert "Анкетирование" in response.content.decode()
    assert not programme.mechanism.exists()


def test_a_refused_step_lists_its_errors_at_the_top_with_links_and_keeps_the_text(client, curator, org):
    programme = ProgrammeFactory(organization=org)
    client.force_login(curator)
    url = reverse("programs:programme-edit-step", args=[programme.pk, "main"])
    response = client.post(url, {"title": "", "framework": "students", "start_year": "1900", "period": "Долго"})
    html = response.content.decode()
    summary = html[html.index('id="form-errors"') :]
    assert '<a class="alert-link" href="#id_title">Название</a>' in summary
    assert '<a class="alert-link" href="#id_start_year">' in summary
    assert "Долго" in html
    programme.refresh_from_db()
    assert programme.period != "Долго"


def test_a_refused_picker_is_linked_from_the_summary_to_its_box(client, curator, org):
    """A group of checkboxes has no <label for>: the summary's link goes to the picker's box, not to «#»."""
    programme = ProgrammeFactory(organization=org)
    client.force_login(curator)
    url = reverse("programs:programme-edit-step", args=[programme.pk, "forms"])
    data = {"forms": ["не число"], "participant_profiles-TOTAL_FORMS": "0", "participant_profiles-INITIAL_FORMS": "0"}
    html = client.post(url, data).content.decode()
    summary = html[html.index('id="form-errors"') :]
    assert '<a class="alert-link" href="#id_forms">Формы наставничества</a>' in summary
    assert 'id="id_forms"' in html[html.index("<form") :]


def test_the_programme_pdf_has_its_title_and_sections(client, curator, org, tmp_path):
    import subprocess

    programme = ProgrammeFactory(organization=org, title="Программа наставничества «Вместе»", goal="Цель: рост")
    client.force_login(curator)
    response = client.get(reverse("programs:programme-pdf", args=[programme.pk]))
    path = tmp_path / "p.pdf"
    path.write_bytes(response.content)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert "Программа наставничества «Вместе»" in text
    assert "1. ПОЯСНИТЕЛЬНАЯ ЗАПИСКА" in text
    assert "ПРОЕКТ" in text  # not approved yet
    # the draft grif: the director's position in full, the organization in the genitive, the signature name
    assert f"«УТВЕРЖДАЮ» {org.director_position} {org.short_name_genitive}" in text
    assert "не утверждён" not in text


def test_the_programme_history_names_forms_not_internal_records(client, curator, director, org):
    from programs.models import MentoringForm

    programme = ProgrammeFactory(organization=org)
    teachers = MentoringForm.objects.get(organization=None, name="Учитель – учитель")
    services.programme_update(
        programme=programme, actor=curator, title=programme.title, start_year=2026, forms=[teachers]
    )
    client.force_login(director)
    html = client.get(reverse("programs:programme-history", args=[programme.pk])).content.decode()
    assert "Учитель – учитель" in html
    assert "Historical" not in html and ".None" not in html
