"""Import of staff and student lists from Excel (.xlsx) exported by school systems.

Real exports are messy: title rows above the header, «№ п/п», «Ф.И.О.» in one column or three,
merged cells, extra spaces, dates as Excel dates or ДД.ММ.ГГГГ text, experience as «12» or
«12 лет». The header is found by synonyms; every value is normalised; every problem becomes a
row-by-row Russian message. All or nothing: with any error nothing is saved.

The file is checked before openpyxl opens it: size, ZIP signature, unpacked size (zip bombs),
macros, encryption / old .xls. openpyxl parses XML through defusedxml (installed).

django-import-export is not used here (measured, see README): its instance look-up by
``import_id_fields`` cannot express our matching rule, its bulk path skips the simple-history
records, and these files need header detection by synonyms and «ФИО» split into three fields
before any ``Dataset`` exists; the dry run, the row errors and all-or-nothing saving are below.
"""

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import Person, search_key
from .normalize import normalize_class, normalize_name, normalize_phone

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_CELL_CHARS = 500
MAX_COLUMNS = 60
MAX_ERRORS = 500
MAX_ROWS = 20000
HEADER_SEARCH_ROWS = 15
# Counted in the packed XML before openpyxl builds anything: a small file of millions of tiny strings or
# cells would otherwise cost seconds and hundreds of megabytes (a real list of 20 000 people is far below).
MAX_SHARED_STRINGS = 400_000
MAX_CELLS = 600_000


class ImportFileError(Exception):
    """The file cannot be read at all (not an .xlsx, broken, too big…): one message, nothing else."""


SYNONYMS = {
    "number": ["№", "№ п/п", "n", "номер", "п/п", "№п/п"],
    "full_name": [
        "фио",
        "ф.и.о.",
        "ф. и. о.",
        "фамилия имя отчество",
        "фамилия, имя, отчество",
        "сотрудник",
        "обучающийся",
        "ученик",
    ],
    "last_name": ["фамилия"],
    "first_name": ["имя"],
    "patronymic": ["отчество"],
    "birth_date": ["дата рождения", "д.р.", "дата рожд.", "день рождения"],
    "position": ["должность", "занимаемая должность"],
    "subjects": ["предмет", "предметы", "преподаваемый предмет", "преподаваемые предметы"],
    "experience_years": ["стаж", "педагогический стаж", "пед. стаж", "педстаж", "стаж работы"],
    "qualification": ["категория", "квалификационная категория", "кв. категория"],
    "school_class": ["класс", "группа", "класс/группа"],
    "phone": ["телефон", "тел.", "мобильный телефон", "контактный телефон"],
    "email": ["e-mail", "email", "эл. почта", "электронная почта", "почта"],
    "parent_name": ["родитель", "законный представитель", "фио родителя", "родитель (законный представитель)"],
    "parent_phone": ["телефон родителя", "тел. родителя", "телефон представителя"],
}
COLUMN_LABELS = {
    "full_name": "ФИО",
    "last_name": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
    "birth_date": "Дата рождения",
    "position": "Должность",
    "subjects": "Предметы",
    "experience_years": "Стаж",
    "qualification": "Категория",
    "school_class": "Класс",
    "phone": "Телефон",
    "email": "E-mail",
    "parent_name": "Родитель",
    "parent_phone": "Телефон родителя",
}
QUALIFICATIONS = {
    "высшая": Person.Category.HIGHEST,
    "первая": Person.Category.FIRST,
    "сзд": Person.Category.CONFORMITY,
    "соответствие": Person.Category.CONFORMITY,
    "соответствие занимаемой должности": Person.Category.CONFORMITY,
    "без категории": Person.Category.NONE,
    "нет": Person.Category.NONE,
    "": Person.Category.NONE,
}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str

    def __str__(self):
        where = f"строка {self.row}" + (f", столбец «{self.column}»" if self.column else "")
        return f"{where}: {self.value} — {self.message}" if self.value else f"{where}: {self.message}"


@dataclass
class PlannedRow:
    row: int
    data: dict
    person: Person | None = None
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    kind: str
    ignored_columns: list[str] = field(default_factory=list)
    created: list[PlannedRow] = field(default_factory=list)
    updated: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- The file ------------------------------------------------------------------------------------------


def check_file(upload) -> None:
    """Refuse what is not a plain .xlsx before any XML is parsed."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ImportFileError(f"Файл больше {MAX_UPLOAD_BYTES // (1024 * 1024)} МБ. Разделите список на части.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head:
        raise ImportFileError("Файл пустой.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "Это файл старого формата Excel (.xls) или книга, защищённая паролем. "
            "Снимите пароль и сохраните файл как «Книга Excel (.xlsx)»."
        )
    if not head.startswith(b"PK\x03\x04"):
        raise ImportFileError("Это не файл Excel (.xlsx). Если у вас CSV, откройте его в Excel и сохраните как .xlsx.")
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError("Файл повреждён: Excel не сможет его открыть. Сохраните его заново.") from error
    finally:
        upload.seek(0)
    if "xl/workbook.xml" not in names:
        raise ImportFileError("Это не книга Excel (.xlsx): внутри нет листов.")
    if "xl/vbaProject.bin" in names:
        raise ImportFileError("Книги с макросами не принимаются: сохраните файл как «Книга Excel (.xlsx)».")
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError("Файл слишком велик после распаковки. Проверьте, что это обычный список людей.")
    _check_counts(upload, names)


def _count(archive: zipfile.ZipFile, name: str, tokens: tuple[bytes, ...], limit: int) -> bool:
    """Does member ``name`` hold more than ``limit`` of ``tokens``? Read in chunks, stopping at the limit."""
    found, tail = 0, b""
    with archive.open(name) as member:
        while chunk := member.read(1 << 20):
            block = tail + chunk
            found += sum(block.count(token) for token in tokens)
            tail = block[-8:]
            found -= sum(tail.count(token) for token in tokens)  # counted again with the next block
            if found > limit:
                return True
    return found + sum(tail.count(token) for token in tokens) > limit


def _check_counts(upload, names: set[str]) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            if "xl/sharedStrings.xml" in names and _count(
                archive, "xl/sharedStrings.xml", (b"<si>", b"<si "), MAX_SHARED_STRINGS
            ):
                raise ImportFileError(
                    "В файле слишком много текстовых значений для списка людей. Проверьте, что это обычный список."
                )
            sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
            if any(_count(archive, name, (b"<c ", b"<c>"), MAX_CELLS) for name in sheets):
                raise ImportFileError(
                    f"В листе больше {MAX_CELLS:,} ячеек — это не похоже на список людей.".replace(",", " ")
                )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFileError("Файл повреждён: Excel не сможет его открыть. Сохраните его заново.") from error
    finally:
        upload.seek(0)


def read_rows(upload):
    """The first sheet's rows as tuples of values (read-only: little memory even for big files)."""
    import openpyxl

    check_file(upload)
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise ImportFileError("Не удалось прочитать книгу Excel: файл повреждён или сохранён неправильно.") from error
    try:
        try:
            sheet = workbook.worksheets[0]
            if not hasattr(sheet, "iter_rows"):
                raise ImportFileError(
                    "Первый лист книги — не таблица (например, диаграмма). Поставьте список первым листом."
                )
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # ignore a declared range such as A1:XFD1048576
            yield from sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        except ImportFileError:
            raise
        except Exception as error:  # a broken sheet part, impossible dates in cells…
            raise ImportFileError("Лист книги повреждён или содержит значения, которые Excel не записывает.") from error
    finally:
        workbook.close()


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return " ".join(str(value)[:MAX_CELL_CHARS].replace("\u00a0", " ").split())


def _header_key(text: str) -> str | None:
    key = _clean(text).lower().replace("ё", "е").rstrip(":")
    for field_name, synonyms in SYNONYMS.items():
        if key in synonyms:
            return field_name
    return None


def find_header(rows: list[tuple]) -> tuple[int, dict[int, str]]:
    """Index of the header row among the first rows and its columns → field names."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = {i: key for i, cell in enumerate(row) if (key := _header_key(cell)) and key != "number"}
        has_name = "full_name" in columns.values() or {"last_name", "first_name"} <= set(columns.values())
        if has_name:
            keys = list(columns.values())
            repeated = sorted({COLUMN_LABELS.get(k, k) for k in keys if keys.count(k) > 1})
            if repeated:
                raise ImportFileError(
                    "Столбцы повторяются: " + ", ".join(f"«{c}»" for c in repeated) + ". Оставьте по одному."
                )
            return index, columns
    raise ImportFileError(
        "Не найдена строка заголовков: нужен столбец «ФИО» (или «Фамилия» и «Имя») "
        f"в первых {HEADER_SEARCH_ROWS} строках листа."
    )


# --- Values --------------------------------------------------------------------------------------------


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 1 < value < 80000:  # an Excel serial date kept as a number
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = _clean(value).rstrip("г.").strip()
    match = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})", text)
    if not match:
        raise ValueError("дата должна быть в виде ДД.ММ.ГГГГ")
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    if year < 100:
        year += 2000 if year <= timezone.localdate().year % 100 else 1900
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError("такой даты нет") from error


def parse_years(value) -> int:
    if isinstance(value, date | datetime):
        raise ValueError("стаж — число лет, а не дата")
    text = _clean(value).lower()
    match = re.fullmatch(r"(\d{1,2})(?:[.,]\d+)?\s*(?:г\.?|год|года|лет)?", text)
    if not match or int(match[1]) > 70:
        raise ValueError("стаж — число лет от 0 до 70, например 12")
    return int(match[1])


def split_full_name(text: str) -> tuple[str, str, str]:
    parts = _clean(text).split(" ")
    if len(parts) < 2:
        raise ValueError("нужны хотя бы фамилия и имя")
    return parts[0], parts[1], " ".join(parts[2:])


def parse_row(values: dict[str, object], row_number: int, kind: str) -> tuple[dict, list[RowError]]:
    errors: list[RowError] = []
    data: dict = {"kind": Person.Kind.STUDENT if kind == "students" else Person.Kind.TEACHER}

    def error(field_name, value, message):
        errors.append(RowError(row_number, COLUMN_LABELS.get(field_name, ""), _clean(value), message))

    if "full_name" in values and _clean(values["full_name"]):
        try:
            last, first, middle = split_full_name(values["full_name"])
        except ValueError as exc:
            error("full_name", values["full_name"], str(exc))
            last = first = middle = ""
    else:
        last, first, middle = (_clean(values.get(k)) for k in ("last_name", "first_name", "patronymic"))
        if not last or not first:
            error("last_name" if not last else "first_name", "", "не заполнено")
    data.update(last_name=normalize_name(last), first_name=normalize_name(first), patronymic=normalize_name(middle))
    raw = values.get("birth_date")
    if raw not in (None, ""):
        try:
            born = parse_date(raw)
            if born > timezone.localdate() or born.year < 1920:
                raise ValueError("дата рождения вне разумных пределов")
            data["birth_date"] = born
        except ValueError as exc:
            error("birth_date", raw, str(exc))
    elif kind == "students":
        error("birth_date", "", "для обучающихся дата рождения обязательна")
    raw = values.get("experience_years")
    if raw not in (None, ""):
        try:
            data["experience_years"] = parse_years(raw)
        except ValueError as exc:
            error("experience_years", raw, str(exc))
    raw = _clean(values.get("qualification")).lower()
    if raw in QUALIFICATIONS:
        data["qualification"] = QUALIFICATIONS[raw]
    elif raw:
        error("qualification", values.get("qualification"), "категория: высшая, первая, соответствие или без категории")
    email = _clean(values.get("email")).lower()
    if email and not EMAIL_RE.match(email):
        error("email", values.get("email"), "это не адрес электронной почты")
    data["email"] = email if EMAIL_RE.match(email or "-") else ""
    data["position"] = _clean(values.get("position"))[:255]
    data["subjects"] = _clean(values.get("subjects"))[:255]
    data["school_class"] = normalize_class(_clean(values.get("school_class")))
    if kind == "students" and not data["school_class"]:
        error("school_class", "", "для обучающихся укажите класс")
    data["phone"] = normalize_phone(_clean(values.get("phone")))[:32]
    data["parent_name"] = _clean(values.get("parent_name"))[:255]
    data["parent_phone"] = normalize_phone(_clean(values.get("parent_phone")))[:32]
    data["search_name"] = search_key(data["last_name"], data["first_name"], data["patronymic"])
    born = data.get("birth_date")
    if kind == "students" and born and not data["parent_name"]:
        today = timezone.localdate()
        if today.year - born.year - ((today.month, today.day) < (born.month, born.day)) < 18:
            error("parent_name", "", "для несовершеннолетнего укажите родителя (законного представителя)")
    if not errors:
        # The same checks as a form: lengths, e-mail, ranges. A preview that passes must import.
        try:
            Person(organization_id=0, **data).full_clean(exclude=["organization", "user"])
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                error(field_name, values.get(field_name, ""), "; ".join(messages))
    return data, errors


# --- Plan and apply ---------------------------------------------------------------------------------------

ERASED_ON_WITHDRAWAL = ("birth_date", "phone", "email", "parent_name", "parent_phone")
COMPARED = [
    "kind",
    "position",
    "subjects",
    "experience_years",
    "qualification",
    "school_class",
    "phone",
    "email",
    "parent_name",
    "parent_phone",
    "birth_date",
]


def plan_import(upload, *, organization, kind: str) -> ImportPlan:
    """What the file would change (a dry run): nothing is written."""
    if kind not in {"staff", "students"}:
        raise ImportFileError("Укажите, что в файле: сотрудники или обучающиеся.")
    rows_iter = read_rows(upload)
    head = []
    for row in rows_iter:
        head.append(row)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    header_index, columns = find_header(head)
    plan = ImportPlan(kind=kind)
    plan.ignored_columns = [
        _clean(cell)
        for i, cell in enumerate(head[header_index])
        if _clean(cell) and i not in columns and _header_key(cell) != "number"
    ]
    parsed: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}

    def rows():
        yield from enumerate(head[header_index + 1 :], start=header_index + 2)
        yield from enumerate(rows_iter, start=len(head) + 1)

    for row_number, row in rows():
        if row_number - header_index > MAX_ROWS:
            raise ImportFileError(f"В файле больше {MAX_ROWS} строк: разделите список на части.")
        values = {columns[i]: cell for i, cell in enumerate(row) if i in columns}
        if not any(_clean(v) for v in values.values()):
            continue  # empty row
        data, errors = parse_row(values, row_number, kind)
        plan.errors.extend(errors)
        if len(plan.errors) >= MAX_ERRORS:
            plan.errors.append(RowError(row_number, "", "", "слишком много ошибок — дальше файл не проверялся"))
            break
        if errors:
            continue
        identity = (data["search_name"], data.get("birth_date"))
        if identity in seen:
            plan.errors.append(RowError(row_number, "ФИО", data["last_name"], f"повторяет строку {seen[identity]}"))
            continue
        seen[identity] = row_number
        parsed.append((row_number, data))
    if not parsed and not plan.errors:
        raise ImportFileError("В файле нет ни одной строки с людьми под заголовком.")
    existing = _existing(organization, [data for _, data in parsed])
    for row_number, data in parsed:
        person = _match(existing, data)
        if person is None:
            plan.created.append(PlannedRow(row_number, data))
            continue
        if person.anonymized_at:
            # Consent withdrawn: the erased contacts are not filled in again.
            for erased in ERASED_ON_WITHDRAWAL:
                data.pop(erased, None)
        changes = [
            name
            for name in COMPARED
            if name in data and data[name] not in ("", None) and getattr(person, name) != data[name]
        ]
        target = plan.updated if changes else plan.unchanged
        target.append(PlannedRow(row_number, data, person, [Person._meta.get_field(c).verbose_name for c in changes]))
    return plan


def _existing(organization, rows: list[dict]) -> dict[str, list[Person]]:
    """People already in the organization with the names in the file, in one query."""
    names = {row["search_name"] for row in rows}
    found: dict[str, list[Person]] = {}
    for person in Person.objects.filter(organization=organization, search_name__in=names):
        found.setdefault(person.search_name, []).append(person)
    return found


def _match(existing: dict[str, list[Person]], data: dict) -> Person | None:
    """The same person: same name and birth date; or, where a birth date is missing on one side,
    the only one with that name; or the same name and e-mail. Never by e-mail alone (siblings
    share a parent's address)."""
    candidates = existing.get(data["search_name"], [])
    born = data.get("birth_date")
    if born:
        exact = [p for p in candidates if p.birth_date == born]
        if exact:
            return exact[0]
        candidates = [p for p in candidates if p.birth_date is None]
    if data["email"]:
        by_email = [p for p in candidates if p.email == data["email"]]
        if len(by_email) == 1:
            return by_email[0]
    return candidates[0] if len(candidates) == 1 else None


@transaction.atomic
def apply_import(plan: ImportPlan, *, organization, actor) -> tuple[int, int]:
    """Create and update everything in the plan, or nothing at all."""
    if not plan.ok:
        raise ValidationError("В файле есть ошибки: ничего не сохранено.")
    new = [Person(organization=organization, **row.data) for row in plan.created]
    for person in new:
        person.full_clean(exclude=["organization", "user"])
    bulk_create_with_history(new, Person, batch_size=500, default_user=actor)
    changed = []
    for row in plan.updated:
        person = row.person
        for name in COMPARED:
            value = row.data.get(name)
            if value not in ("", None):
                setattr(person, name, value)
        changed.append(person)
    if changed:
        bulk_update_with_history(changed, Person, COMPARED, batch_size=500, default_user=actor)
    return len(new), len(changed)
