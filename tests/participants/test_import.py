"""The Excel importer on generated messy files: every bad case proves nothing was saved."""

import io
import re
import zipfile
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
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
    assert plan.updated[0].changes == ["должность"]


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
