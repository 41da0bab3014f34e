"""The Excel importer on generated messy files: every bad case proves nothing was saved."""

import io
import re
import zipfile
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from participants import importer
from participants.importer import ImportFileError, apply_import, plan_import
from participants.models import Person

pytestmark = pytest.mark.django_db


def xlsx(rows, *, title_rows=2, merge_title=True) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(title_rows):
        sheet.append(["Список педагогических работников МБОУ «Школа № 1» на 01.09.2026"])
    if merge_title and title_rows:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MESSY_STAFF = [
    ["№ п/п", " Ф.И.О. ", "Дата рождения", "Должность", "Пед. стаж", "Категория", "Телефон", "E-mail"],
    [
        1,
        "  петрова   анна  сергеевна ",
        datetime(1985, 3, 14),  # noqa: DTZ001  (Excel dates carry no time zone)
        "Учитель математики",
        "12 лет",
        "Высшая",
        "8 912 345-67-89",
        None,
    ],
    [2, "Ёлкин Пётр Ильич", "05.11.1990", "Учитель физики ", 7, "первая", "+7(922)1112233", "ELKIN@School.ru"],
    [None, None, None, None, None, None, None, None],
    [3, "Сидорова Мария", "1.2.2001", "Педагог-психолог", "1", "", "", ""],
]


def upload(content: bytes, name="spisok.xlsx"):
    return io.BytesIO(content) if name is None else SimpleUploadedFile(name, content)


def test_a_messy_staff_export_is_understood(org, curator):
    plan = plan_import(upload(xlsx(MESSY_STAFF)), organization=org, kind="staff")
    assert plan.ok, [str(e) for e in plan.errors]
    assert len(plan.created) == 3
    apply_import(plan, organization=org, actor=curator)
    petrova = Person.objects.get(last_name="Петрова")
    assert (petrova.first_name, petrova.patronymic, str(petrova.birth_date)) == ("Анна", "Сергеевна", "1985-03-14")
    assert (petrova.experience_years, petrova.qualification, petrova.phone) == (12, "highest", "+7 (912) 345-67-89")
    elkin = Person.objects.get(last_name="Ёлкин")
    assert (elkin.email, elkin.position, elkin.experience_years) == ("elkin@school.ru", "Учитель физики", 7)
    assert Person.objects.get(last_name="Сидорова").patronymic == ""
    assert petrova.history.get().history_user == curator


def test_reimporting_the_same_file_changes_nothing(org, curator):
    content = xlsx(MESSY_STAFF)
    apply_import(plan_import(upload(content), organization=org, kind="staff"), organization=org, actor=curator)
    before = list(Person.objects.values().order_by("pk"))
    again = plan_import(upload(content), organization=org, kind="staff")
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 3)
    apply_import(again, organization=org, actor=curator)
    assert list(Person.objects.values().order_by("pk")) == before


def test_a_changed_row_is_an_update(org, curator):
    apply_import(
        plan_import(upload(xlsx(MESSY_STAFF)), organization=org, kind="staff"), organization=org, actor=curator
    )
    changed = [row[:] for row in MESSY_STAFF]
    changed[1][3] = "Заместитель директора по УВР"
    plan = plan_import(upload(xlsx(changed)), organization=org, kind="staff")
    assert [r.person.last_name for r in plan.updated] == ["Петрова"]
    assert [(c.label, c.old, c.new) for c in plan.updated[0].changes] == [
        ("Должность", "Учитель математики", "Заместитель директора по УВР")
    ]


def test_three_name_columns_and_students(org, curator):
    rows = [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "Родитель (законный представитель)"],
        ["Иванов", "Илья", "Петрович", "14.03.2012", "7 «б»", "Иванова Ольга Сергеевна"],
    ]
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="students")
    assert plan.ok
    apply_import(plan, organization=org, actor=curator)
    pupil = Person.objects.get()
    assert (pupil.kind, pupil.school_class, pupil.parent_name) == ("student", "7Б", "Иванова Ольга Сергеевна")


def test_bad_rows_are_listed_and_nothing_is_saved(org, curator):
    rows = [row[:] for row in MESSY_STAFF]
    rows[2][2] = "31.02.1980"
    rows[4][4] = "много"
    plan = plan_import(upload(xlsx(rows)), organization=org, kind="staff")
    messages = [str(e) for e in plan.errors]
    assert "строка 5, столбец «Дата рождения»: 31.02.1980 — такой даты нет" in messages
    assert any(m.startswith("строка 7, столбец «Стаж»: много") for m in messages)
    with pytest.raises(Exception, match="ничего не сохранено"):
        apply_import(plan, organization=org, actor=curator)
    assert not Person.objects.exists()


def test_duplicate_rows_in_one_file_are_errors(org):
    rows = [MESSY_STAFF[0], MESSY_STAFF[1], MESSY_STAFF[1]]
    plan = plan_import(upload(xlsx(rows)), organization=org, kind="staff")
    assert any("повторяет строку 4" in str(e) for e in plan.errors)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ФИО;Дата рождения\nИванов Иван;01.01.1990\n".encode(), "Это не файл Excel (.xlsx)"),
        (b"PK\x03\x04" + b"\x00" * 200, "Файл повреждён"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
            "старого формата Excel (.xls) или книга, защищённая паролем",
        ),
        (b"", "Файл пустой"),
        (_zip({"word/document.xml": b"<w/>"}), "внутри нет листов"),
        (_zip({"xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b"macro"}), "Книги с макросами не принимаются"),
        (_zip({"xl/workbook.xml": b"not xml at all"}), "Не удалось прочитать книгу Excel"),
    ],
)
def test_files_that_are_not_plain_xlsx_are_refused(org, content, message):
    with pytest.raises(ImportFileError, match=re.escape(message)):
        plan_import(upload(content), organization=org, kind="staff")
    assert not Person.objects.exists()


def test_a_zip_bomb_and_an_oversized_file_are_refused(org, monkeypatch):
    content = xlsx(MESSY_STAFF)
    monkeypatch.setattr(importer, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ImportFileError, match="слишком велик после распаковки"):
        plan_import(upload(content), organization=org, kind="staff")
    monkeypatch.setattr(importer, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ImportFileError, match="Файл больше"):
        plan_import(upload(content), organization=org, kind="staff")


def test_an_empty_sheet_has_no_header(org):
    with pytest.raises(ImportFileError, match="Не найдена строка заголовков"):
        plan_import(upload(xlsx([], title_rows=0)), organization=org, kind="staff")
    with pytest.raises(ImportFileError, match="нет ни одной строки"):
        plan_import(upload(xlsx([MESSY_STAFF[0]])), organization=org, kind="staff")


def test_the_command_exit_codes(org, tmp_path):
    good = tmp_path / "staff.xlsx"
    good.write_bytes(xlsx(MESSY_STAFF))
    call_command("import_people", str(good), "--organization", org.slug, "--kind", "staff", "--dry-run")
    assert not Person.objects.exists()
    call_command("import_people", str(good), "--organization", org.slug)
    assert Person.objects.count() == 3
    bad = tmp_path / "bad.xlsx"
    rows = [row[:] for row in MESSY_STAFF]
    rows[2][2] = "31.02.1980"
    bad.write_bytes(xlsx(rows))
    with pytest.raises(CommandError, match="Ничего не сохранено"):
        call_command("import_people", str(bad), "--organization", org.slug)
    assert Person.objects.count() == 3


def test_the_command_refuses_an_unknown_organization_and_a_missing_file(org, tmp_path):
    # A CommandError is what makes manage.py exit with status 1.
    good = tmp_path / "staff.xlsx"
    good.write_bytes(xlsx(MESSY_STAFF))
    with pytest.raises(CommandError, match="Нет организации с адресом «nowhere»"):
        call_command("import_people", str(good), "--organization", "nowhere")
    with pytest.raises(CommandError, match="Нет такого файла"):
        call_command("import_people", str(tmp_path / "missing.xlsx"), "--organization", org.slug)
    not_excel = tmp_path / "list.xlsx"
    not_excel.write_bytes("ФИО;Дата\n".encode())
    with pytest.raises(CommandError, match="Это не файл Excel"):
        call_command("import_people", str(not_excel), "--organization", org.slug)
    assert not Person.objects.exists()


def test_the_page_previews_then_imports(client, org, curator):
    client.force_login(curator)
    bad_rows = [row[:] for row in MESSY_STAFF]
    bad_rows[2][2] = "31.02.1980"
    preview = client.post(
        reverse("participants:import"), {"kind": "staff", "file": SimpleUploadedFile("s.xlsx", xlsx(bad_rows))}
    )
    assert "строка 5, столбец «Дата рождения»: 31.02.1980 — такой даты нет" in preview.content.decode()
    assert not Person.objects.exists()
    preview = client.post(
        reverse("participants:import"), {"kind": "staff", "file": SimpleUploadedFile("s.xlsx", xlsx(MESSY_STAFF))}
    )
    assert "будет добавлено" in preview.content.decode()
    assert not Person.objects.exists()
    done = client.post(reverse("participants:import-confirm"), follow=True)
    assert "Импорт завершён: добавлено 3, обновлено 0." in done.content.decode()
    assert Person.objects.filter(organization=org).count() == 3


def test_the_page_explains_a_broken_file(client, curator):
    client.force_login(curator)
    response = client.post(
        reverse("participants:import"), {"kind": "staff", "file": SimpleUploadedFile("s.xlsx", b"PK\x03\x04junk")}
    )
    assert response.status_code == 200
    assert "Файл повреждён" in response.content.decode()


def test_confirm_without_a_preview_is_explained(client, curator):
    client.force_login(curator)
    response = client.post(reverse("participants:import-confirm"), follow=True)
    assert "предпросмотр устарел" in response.content.decode()


def test_what_the_form_would_refuse_is_an_error_in_the_preview(org):
    rows = [
        ["ФИО", "Стаж", "E-mail", "Класс"],
        ["Один Иван", 85, "", ""],
        ["Два Иван", "12 лет", "a@b.c", ""],
        ["Три Иван", "123", "", ""],
    ]
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="staff")
    messages = " | ".join(str(e) for e in plan.errors)
    assert "строка 2, столбец «Стаж»: 85" in messages
    assert "строка 3, столбец «E-mail»: a@b.c" in messages
    assert "строка 4, столбец «Стаж»: 123" in messages
    assert not plan.created


def test_a_broken_sheet_is_a_clear_message(org):
    good = xlsx(MESSY_STAFF)
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # truncated XML
            target.writestr(item, data)
    with pytest.raises(ImportFileError, match="Лист книги повреждён"):
        plan_import(upload(buffer.getvalue()), organization=org, kind="staff")


def test_siblings_sharing_a_parents_email_stay_two_people(org, curator):
    first = [
        ["ФИО", "Дата рождения", "Класс", "Родитель", "E-mail"],
        ["Орлов Иван", "01.02.2012", "8А", "Орлова Анна", "orlova@example.org"],
    ]
    apply_import(
        plan_import(upload(xlsx(first, title_rows=0)), organization=org, kind="students"),
        organization=org,
        actor=curator,
    )
    second = first + [["Орлова Мария", "05.06.2014", "6Б", "Орлова Анна", "orlova@example.org"]]
    plan = plan_import(upload(xlsx(second, title_rows=0)), organization=org, kind="students")
    assert [r.data["first_name"] for r in plan.created] == ["Мария"]
    apply_import(plan, organization=org, actor=curator)
    assert Person.objects.count() == 2


def test_repeated_columns_are_refused_and_unknown_ones_reported(org):
    with pytest.raises(ImportFileError, match="Столбцы повторяются: «ФИО»"):
        plan_import(upload(xlsx([["ФИО", "ФИО"], ["Один Иван", "Два"]], title_rows=0)), organization=org, kind="staff")
    plan = plan_import(
        upload(xlsx([["ФИО", "Любимый цвет"], ["Один Иван", "синий"]], title_rows=0)), organization=org, kind="staff"
    )
    assert plan.ignored_columns == ["Любимый цвет"]


def test_a_minor_without_a_parent_is_an_error(org):
    rows = [["ФИО", "Дата рождения", "Класс"], ["Юный Иван", "01.02.2014", "6А"]]
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="students")
    assert any("укажите родителя" in str(e) for e in plan.errors)


def _packed(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            {"xl/sharedStrings.xml": b"<sst>" + b"<si><t>a</t></si>" * (importer.MAX_SHARED_STRINGS + 1) + b"</sst>"},
            "слишком много текстовых значений",
        ),
        (
            {"xl/worksheets/sheet1.xml": b'<sheetData><row r="1">' + b'<c r="A1"/>' * (importer.MAX_CELLS + 1)},
            "ячеек — это не похоже на список людей",
        ),
    ],
)
def test_a_small_file_of_millions_of_tiny_values_is_refused_before_it_is_read(org, entries, message):
    content = _packed({"xl/workbook.xml": b"<workbook/>", **entries})
    assert len(content) < 400_000  # a small upload that unpacks to megabytes of tiny XML elements
    with pytest.raises(ImportFileError, match=message):  # counted in the packed XML, before openpyxl reads it
        plan_import(upload(content), organization=org, kind="staff")
    assert not Person.objects.exists()


# --- Headers that name whose column it is --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("ФИО обучающегося", "full_name"),
        ("Ф.И.О. ученика", "full_name"),
        ("Ф. И. О. учащегося", "full_name"),
        ("Фамилия, имя, отчество учащегося", "full_name"),
        ("ФИО ребёнка", "full_name"),
        ("Фамилия Имя Отчество (полностью)", "full_name"),
        ("Обучающийся", "full_name"),
        ("Фамилия ученика", "last_name"),
        ("Имя обучающегося", "first_name"),
        ("Отчество (при наличии)", "patronymic"),
        ("ФИО родителя (законного представителя)", "parent_name"),
        ("Ф.И.О. матери", "parent_name"),
        ("ФИО отца", "parent_name"),
        ("Родитель", "parent_name"),
        ("Законный представитель", "parent_name"),
        ("Мать", "parent_name"),
        ("Фамилия родителя", "parent_last_name"),
        ("Телефон матери", "parent_phone"),
        ("Контактный телефон родителя", "parent_phone"),
        ("Дата рождения ребёнка", "birth_date"),
        ("Дата рождения (ДД.ММ.ГГГГ)", "birth_date"),
        ("Стаж, лет", "experience_years"),
        ("Класс (группа)", "school_class"),
        ("Контактный телефон", "phone"),
        ("Адрес электронной почты", "email"),
        ("№ п.п.", "number"),
        # Somebody else's columns are not taken at all.
        ("ФИО классного руководителя", None),
        ("Наставник", None),
        ("Дата рождения матери", None),
        ("E-mail родителя", None),
        ("Место работы родителя", None),
        ("Группа здоровья", None),
        ("Список учащихся", None),
    ],
)
def test_headers_are_read_by_whose_column_they_are(header, field):
    column = importer.classify_header(header)
    assert (column.field if column else None) == field


PARENT_FIRST = [
    ["№", "ФИО родителя (законного представителя)", "Телефон родителя", "ФИО обучающегося", "Дата рождения", "Класс"],
    [1, "Иванова Ольга Сергеевна", "89120000001", "Иванов Илья Петрович", "14.03.2012", "7Б"],
    [2, "Петров Андрей Ильич", "89120000002", "Петрова Дарья Андреевна", "01.09.2013", "6 «а»"],
]


@pytest.mark.parametrize(
    "pupil_header",
    ["ФИО обучающегося", "Ф.И.О. ученика", "Фамилия, имя, отчество учащегося", "ФИО ребёнка", "Обучающийся", "ФИО"],
)
def test_a_sheet_with_the_parents_name_first_takes_the_pupils_column_for_the_name(org, curator, pupil_header):
    rows = [row[:] for row in PARENT_FIRST]
    rows[0][3] = pupil_header
    plan = plan_import(upload(xlsx(rows)), organization=org, kind="students")
    assert plan.ok, [str(e) for e in plan.errors]
    apply_import(plan, organization=org, actor=curator)
    pupils = {(p.last_name, p.first_name, p.patronymic, p.parent_name, p.parent_phone) for p in Person.objects.all()}
    assert pupils == {
        ("Иванов", "Илья", "Петрович", "Иванова Ольга Сергеевна", "+7 (912) 000-00-01"),
        ("Петрова", "Дарья", "Андреевна", "Петров Андрей Ильич", "+7 (912) 000-00-02"),
    }
    assert dict(plan.columns)[pupil_header] == "ФИО"
    assert dict(plan.columns)["ФИО родителя (законного представителя)"] == "Родитель"


def test_separate_name_columns_of_pupil_and_parent_and_both_parents(org, curator):
    rows = [
        [
            "Фамилия ученика",
            "Имя ученика",
            "Отчество ученика",
            "Дата рождения",
            "Класс",
            "ФИО матери",
            "Телефон матери",
            "ФИО отца",
            "Телефон отца",
            "ФИО классного руководителя",
        ],
        [
            "Орлов",
            "Иван",
            "Ильич",
            "01.02.2012",
            "8А",
            "Орлова Анна Викторовна",
            "89120000011",
            "",
            "",
            "Лебедева М.О.",
        ],
        ["Зайцева", "Ева", "", "05.06.2014", "6Б", "", "", "Зайцев Олег Петрович", "89120000012", "Лебедева М.О."],
    ]
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="students")
    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.ignored_columns == ["ФИО классного руководителя"]
    apply_import(plan, organization=org, actor=curator)
    assert set(Person.objects.values_list("last_name", "first_name", "parent_name", "parent_phone")) == {
        ("Орлов", "Иван", "Орлова Анна Викторовна", "+7 (912) 000-00-11"),
        ("Зайцева", "Ева", "Зайцев Олег Петрович", "+7 (912) 000-00-12"),
    }


def test_the_parents_name_in_three_columns_is_put_together(org):
    rows = [
        ["Фамилия", "Имя", "Отчество", "Фамилия родителя", "Имя родителя", "Отчество родителя", "Д.р.", "Класс"],
        ["Орлов", "Иван", "Ильич", "Орлова", "Анна", "Викторовна", "01.02.2012", "8А"],
    ]
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="students")
    assert plan.ok, [str(e) for e in plan.errors]
    assert (plan.created[0].data["last_name"], plan.created[0].data["parent_name"]) == (
        "Орлов",
        "Орлова Анна Викторовна",
    )


def test_a_sheet_with_only_the_parents_name_is_refused(org):
    rows = [
        ["ФИО родителя (законного представителя)", "Дата рождения", "Класс"],
        ["Иванова Ольга Сергеевна", "14.03.2012", "7Б"],
    ]
    with pytest.raises(ImportFileError, match="есть только ФИО родителя"):
        plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="students")
    assert not Person.objects.exists()


def test_of_two_name_columns_the_one_naming_the_chosen_kind_is_taken(org):
    rows = [["Учитель", "Ученик", "Дата рождения", "Класс", "Родитель"]]
    rows.append(["Лебедева Марина Олеговна", "Орлов Иван", "01.02.2012", "8А", "Орлова Анна"])
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="students")
    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.created[0].data["last_name"] == "Орлов"
    assert plan.ignored_columns == ["Учитель"]


# --- A list of the other kind ----------------------------------------------------------------------------------

FIXTURES = "fixtures/import/"


def test_a_pupils_list_checked_as_staff_is_refused_with_the_right_kind_suggested(org):
    with open(FIXTURES + "students_zhukovka.xlsx", "rb") as handle, pytest.raises(importer.KindMismatchError) as error:
        plan_import(handle, organization=org, kind="staff")
    message = str(error.value)
    assert message.startswith("Похоже, в файле обучающиеся, а не сотрудники: есть столбцы «Законный представитель»")
    assert "«Класс»" in message
    assert "по датам рождения 4 из 4 человек моложе 18 лет" in message
    assert "выберите «Обучающиеся»" in message
    assert error.value.suggested == "students"
    assert not Person.objects.exists()


def test_a_staff_list_checked_as_pupils_is_refused_with_the_right_kind_suggested(org):
    with open(FIXTURES + "staff_zhukovka.xlsx", "rb") as handle, pytest.raises(importer.KindMismatchError) as error:
        plan_import(handle, organization=org, kind="students")
    assert str(error.value).startswith(
        "Похоже, в файле сотрудники, а не обучающиеся: есть столбцы «Должность», «Пед. стаж»"
    )
    assert "выберите «Сотрудники (педагоги)»" in str(error.value)


@pytest.mark.parametrize(
    ("rows", "kind", "suggested"),
    [
        # The name header says whose list it is, even with nothing else to go by.
        ([["ФИО обучающегося", "Телефон"], ["Орлов Иван", "89120000001"]], "staff", "students"),
        ([["ФИО сотрудника", "Дата рождения", "Класс"], ["Орлов Иван", "01.02.1980", "8А"]], "students", "staff"),
        # Children's birth dates alone.
        ([["ФИО", "Дата рождения"], ["Орлов Иван", "01.02.2014"], ["Орлова Ева", "01.02.2015"]], "staff", "students"),
    ],
)
def test_one_sure_sign_of_the_other_kind_is_enough(org, rows, kind, suggested):
    with pytest.raises(importer.KindMismatchError) as error:
        plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind=kind)
    assert error.value.suggested == suggested


def test_a_staff_list_noting_each_teachers_class_is_still_staff(org):
    rows = [
        ["ФИО", "Должность", "Класс", "Дата рождения"],
        ["Лебедева Марина Олеговна", "Учитель начальных классов", "2А", "12.03.1985"],
        ["Орлова Анна Викторовна", "Учитель начальных классов", "3Б", "01.09.1979"],
    ]
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="staff")
    assert plan.ok and len(plan.created) == 2


def test_a_child_in_a_staff_list_is_an_error_of_its_row(org):
    rows = [row[:] for row in MESSY_STAFF]
    rows[4][2] = "01.09.2015"
    plan = plan_import(upload(xlsx(rows)), organization=org, kind="staff")
    assert [str(e) for e in plan.errors] == [
        "строка 7, столбец «Дата рождения»: 01.09.2015 — сотруднику по этой дате меньше 14 лет: это обучающийся? "
        "Проверьте дату или загрузите его в списке обучающихся"
    ]


def test_the_command_suggests_the_right_kind(org):
    with pytest.raises(CommandError, match="Похоже, в файле обучающиеся.*запустите команду с --kind students"):
        call_command(
            "import_people", FIXTURES + "students_zhukovka.xlsx", "--organization", org.slug, "--kind", "staff"
        )
    assert not Person.objects.exists()


def test_the_page_offers_to_check_the_same_file_as_the_other_kind(client, org, curator):
    client.force_login(curator)
    with open(FIXTURES + "students_zhukovka.xlsx", "rb") as handle:
        content = handle.read()
    refused = client.post(
        reverse("participants:import"), {"kind": "staff", "file": SimpleUploadedFile("kontingent.xlsx", content)}
    )
    page = refused.content.decode()
    assert "Похоже, в файле обучающиеся, а не сотрудники" in page
    assert "Проверить этот же файл как список обучающихся" in page
    assert not Person.objects.exists()
    # Nothing to confirm yet: the file was not checked as the right kind.
    client.post(reverse("participants:import-confirm"))
    assert not Person.objects.exists()
    refused = client.post(
        reverse("participants:import"), {"kind": "staff", "file": SimpleUploadedFile("kontingent.xlsx", content)}
    )
    checked = client.post(reverse("participants:import-recheck"), {"kind": "students"})
    assert "kontingent.xlsx · Обучающиеся" in checked.content.decode()
    assert "Григорьев Артём Павлович" in checked.content.decode()
    assert not Person.objects.exists()
    done = client.post(reverse("participants:import-confirm"), follow=True)
    assert "Импорт завершён: добавлено 4, обновлено 0." in done.content.decode()
    assert set(Person.objects.values_list("kind", flat=True)) == {"student"}


def test_a_recheck_without_a_refused_file_is_explained(client, curator):
    client.force_login(curator)
    response = client.post(reverse("participants:import-recheck"), {"kind": "students"}, follow=True)
    assert "предпросмотр устарел" in response.content.decode()


# --- Every error of a row ---------------------------------------------------------------------------------------


def test_every_error_of_a_row_is_reported(org):
    rows = [
        ["ФИО", "Дата рождения", "Стаж", "E-mail", "Класс"],
        ["Иванов", "31.02.1980", "много", "a@b.c", "7 класс физико-математический"],
    ]
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="staff")
    assert [str(e) for e in plan.errors] == [
        "строка 2, столбец «ФИО»: Иванов — нужны хотя бы фамилия и имя",
        "строка 2, столбец «Дата рождения»: 31.02.1980 — такой даты нет",
        "строка 2, столбец «Стаж»: много — нужно число лет от 0 до 70, например 12",
        "строка 2, столбец «Класс»: 7 класс физико-математический — "
        "Убедитесь, что это значение содержит не более 16 символов (сейчас 29).",
        "строка 2, столбец «E-mail»: a@b.c — Введите правильный адрес электронной почты.",
    ]


def test_what_a_card_refuses_is_refused_by_the_import_too(org):
    """A card refuses initials and words in a phone (person_save, PersonForm): so does the import, which
    would store «Иванова И.И.» as «Иванова И.и.» and «звоните после 5» as a phone."""
    rows = [
        ["ФИО", "Телефон"],
        ["Иванова И.И.", ""],
        ["Петров П. П.", ""],
        ["Сидорова Мария Ивановна", "звоните после 5"],
        ["Кузнецова Анна Петровна", "+7 (4822) 55-66-77 доб. 12"],
    ]
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="staff")
    initials = "имя и отчество нужны полностью, а не инициалами: в списках и при выборе людей везде полное ФИО"
    assert [str(e) for e in plan.errors] == [
        f"строка 2, столбец «ФИО»: Иванова И.И. — {initials}",
        f"строка 3, столбец «ФИО»: Петров П. П. — {initials}",
        "строка 4, столбец «Телефон»: звоните после 5 — только цифры, пробелы, скобки и дефисы: например, "
        "+7 912 345-67-89",
    ]
    rows = [["Фамилия", "Имя", "Отчество"], ["Иванова", "Ирина", "И."]]
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="staff")
    assert [str(e) for e in plan.errors] == [f"строка 2, столбец «Отчество»: И. — {initials}"]


# --- The preview's rows ----------------------------------------------------------------------------------------


def test_the_preview_shows_the_values_of_new_rows_and_the_changes_of_stored_people(client, org, curator):
    client.force_login(curator)
    apply_import(
        plan_import(upload(xlsx(MESSY_STAFF)), organization=org, kind="staff"), organization=org, actor=curator
    )
    changed = [row[:] for row in MESSY_STAFF]
    changed[1][3] = "Заместитель директора по УВР"
    changed[1][5] = "первая"
    changed.append([4, "Новикова Вера Павловна", "02.03.1991", "Учитель химии", "5 лет", "соответствие", "", ""])
    page = client.post(
        reverse("participants:import"), {"kind": "staff", "file": SimpleUploadedFile("s.xlsx", xlsx(changed))}
    ).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Строка ФИО Дата рождения Должность Стаж Категория Телефон E-mail" in text
    assert "8 Новикова Вера Павловна 02.03.1991 Учитель химии 5 соответствие занимаемой должности — —" in text
    assert (
        "4 Петрова Анна Сергеевна Должность: было Учитель математики → станет Заместитель директора по УВР "
        "Категория: было высшая → станет первая" in text
    )
    assert "Без изменений: 2 человека" in text
    assert '<button type="submit" class="btn btn-brand">Импортировать</button>' in page


def test_nothing_to_change_disables_the_import_button(client, org, curator):
    client.force_login(curator)
    apply_import(
        plan_import(upload(xlsx(MESSY_STAFF)), organization=org, kind="staff"), organization=org, actor=curator
    )
    page = client.post(
        reverse("participants:import"), {"kind": "staff", "file": SimpleUploadedFile("s.xlsx", xlsx(MESSY_STAFF))}
    ).content.decode()
    assert re.search(r"<button[^>]*\bdisabled\b[^>]*>Импортировать</button>", " ".join(page.split()))
    assert "Импортировать нечего: все люди из файла уже есть в базе с теми же данными." in page
    assert not client.session.get("people_import")  # the list is not kept for a confirmation


def _staff_rows(count: int, position: str) -> list[list]:
    header = ["ФИО", "Дата рождения", "Должность", "Стаж", "Категория"]
    return [header] + [
        [f"Учитель{chr(1072 + i % 32)}{i} Анна", "01.02.1980", position, 10, "первая"] for i in range(count)
    ]


def _preview_queries(client, org, curator, count: int, kind_of_rows: str) -> int:
    Person.objects.all().delete()
    if kind_of_rows == "updated":
        stored = xlsx(_staff_rows(count, "Учитель"), title_rows=0)
        apply_import(plan_import(upload(stored), organization=org, kind="staff"), organization=org, actor=curator)
    content = xlsx(_staff_rows(count, "Методист"), title_rows=0)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("participants:import"), {"kind": "staff", "file": SimpleUploadedFile("s.xlsx", content)}
        )
    assert len(getattr(response.context["plan"], kind_of_rows)) == count
    assert len(getattr(response.context["rows"], kind_of_rows)) == count  # every row is on the page
    return len(queries)


@pytest.mark.parametrize("kind_of_rows", ["created", "updated"])
def test_the_preview_runs_a_constant_number_of_queries(client, org, curator, kind_of_rows):
    client.force_login(curator)
    assert _preview_queries(client, org, curator, 2, kind_of_rows) == _preview_queries(
        client, org, curator, 30, kind_of_rows
    )


def test_an_empty_name_in_an_fio_column_is_reported_under_that_column(org):
    rows = [["ФИО", "Стаж"], ["", "много"], ["Один Иван", 3]]
    plan = plan_import(upload(xlsx(rows, title_rows=0)), organization=org, kind="staff")
    assert [str(e) for e in plan.errors] == [
        "строка 2, столбец «ФИО»: не заполнено",
        "строка 2, столбец «Стаж»: много — нужно число лет от 0 до 70, например 12",
    ]
