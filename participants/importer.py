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

from mentoring_site.names import is_initial
from mentoring_site.plural import ru_plural_form

from .models import Person, search_key
from .normalize import PHONE_RULE, normalize_class, normalize_name, normalize_phone, phone_has_words

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


# --- Reading the header ----------------------------------------------------------------------------------
# School exports name their columns in many ways: «ФИО обучающегося», «Ф.И.О. ученика», «Фамилия, имя,
# отчество учащегося», «ФИО ребёнка», three columns «Фамилия»/«Имя»/«Отчество»; and a pupils' sheet often
# carries the parent's name beside («ФИО родителя (законного представителя)», «ФИО матери», «Родитель»).
# A header is read word by word: first whose it is (a parent or relative, another adult such as the class
# teacher, or the person themself), then what it holds. A parent's column never becomes the person's name.

NUMBER_HEADERS = {"№", "№пп", "n", "nпп", "номер", "пп", "#"}
PARENT_PREFIXES = (
    "родител",
    "законн",
    "представител",
    "опекун",
    "попечител",
    "усыновител",
    "бабушк",
    "дедушк",
    "родственник",
)
PARENT_WORDS = {"мать", "матери", "мама", "мамы", "отец", "отца", "папа", "папы"}
# Adults whose columns a pupils' list may carry and who are never the person being imported.
OTHER_PREFIXES = ("руководител", "наставник", "куратор", "классн", "врач", "тренер", "директор", "заместител")
OTHER_WORDS = {"кл", "брат", "брата", "сестра", "сестры"}
STUDENT_PREFIXES = ("обучающ", "учащ", "учени", "ребен", "воспитанник", "студент", "школьник", "курсант", "слушател")
STUDENT_WORDS = {"дети", "детей"}
STAFF_PREFIXES = ("сотрудник", "работник", "педагог", "учител", "преподавател", "воспитател", "специалист")
NAME_FILLERS = {"полностью", "полное", "при", "наличии", "без", "сокращений", "и"}
# Columns that may appear more than once: «ФИО матери» and «ФИО отца» — the first filled one is taken.
REPEATABLE = {"parent_name", "parent_phone", "parent_last_name", "parent_first_name", "parent_patronymic"}

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
    "parent_last_name": "Фамилия родителя",
    "parent_first_name": "Имя родителя",
    "parent_patronymic": "Отчество родителя",
    "parent_phone": "Телефон родителя",
}
FIELD_LABELS = {**COLUMN_LABELS, "kind": "Кто это"}


@dataclass(frozen=True)
class Column:
    """What a header cell says: the field it fills and, for a name, whose name it claims to be."""

    field: str
    subject: str = ""  # "students" / "staff" when the header names whose name it is («ФИО ученика»)
    rank: int = 0  # among several columns for one field the highest rank wins («Пед. стаж» over «Общий стаж»)


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
class Change:
    """One stored field the import changes: its value now and the value from the file."""

    field: str
    old: object
    new: object

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass
class PlannedRow:
    row: int
    data: dict
    person: Person | None = None
    changes: list[Change] = field(default_factory=list)


@dataclass
class ImportPlan:
    kind: str
    columns: list[tuple[str, str]] = field(default_factory=list)  # (header as in the file, taken for)
    fields: list[str] = field(default_factory=list)  # what the file fills besides the name, in its order
    ignored_columns: list[str] = field(default_factory=list)
    created: list[PlannedRow] = field(default_factory=list)
    updated: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes_anything(self) -> bool:
        return bool(self.created or self.updated)


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


def _header_words(cell) -> tuple[str, list[str]]:
    """The header in lower case with «Ф.И.О.» / «Ф. И. О.» as «фио», and its words."""
    text = _clean(cell).lower().replace("ё", "е")
    text = re.sub(r"(?<![а-яa-z])ф\.?\s*и\.?\s*о(?![а-яa-z])\.?", " фио ", text)
    return text, re.findall(r"[a-zа-я0-9]+", text)


def _starts(words: list[str], prefixes: tuple[str, ...]) -> bool:
    return any(word.startswith(prefixes) for word in words)


def _name_part(words: list[str]) -> str:
    """«full_name», «last_name», «first_name», «patronymic» or "" — which part of a name a header holds."""
    last, first, middle = _starts(words, ("фамил",)), "имя" in words, _starts(words, ("отчеств",))
    if "фио" in words or (last and first) or words[:2] == ["полное", "имя"]:
        return "full_name"
    if last:
        return "last_name"
    if first != middle:
        return "first_name" if first else "patronymic"
    return ""


def _is_phone(words: list[str]) -> bool:
    return _starts(words, ("тел", "моб", "сотов"))


def _is_email(words: list[str]) -> bool:
    return "email" in words or "mail" in words or _starts(words, ("почт",))


def _parent_column(words: list[str]) -> Column | None:
    part = _name_part(words)
    if part:
        return Column("parent_name" if part == "full_name" else f"parent_{part}")
    if _is_phone(words):
        return Column("parent_phone")
    if _is_email(words) or _starts(words, ("работ", "должн", "адрес", "рожд", "паспорт", "снилс", "образован")):
        return None  # the parent's e-mail, workplace, address…: not the person's
    return Column("parent_name")  # «Родитель», «Мать», «Законный представитель»


def classify_header(cell) -> Column | None:
    """What a header cell holds, or None when it is not ours (or is somebody else's)."""
    text, words = _header_words(cell)
    if not text:
        return None
    if re.sub(r"[\s./:]", "", text) in NUMBER_HEADERS:
        return Column("number")
    if not words:
        return None
    wordset = set(words)
    if (
        _starts(words, PARENT_PREFIXES)
        or wordset & PARENT_WORDS
        or (_starts(words, ("контакт",)) and wordset & {"лицо", "лица"})
    ):
        return _parent_column(words)
    if _starts(words, OTHER_PREFIXES) or wordset & OTHER_WORDS:
        return None  # «ФИО классного руководителя», «Наставник»: another person
    if _is_phone(words):
        return Column("phone")
    if _is_email(words):
        return Column("email")
    if _starts(words, ("рожд",)) or re.sub(r"[\s./:]", "", text) == "др":
        return Column("birth_date")
    if _starts(words, ("стаж", "педстаж")):
        return Column("experience_years", rank=int(_starts(words, ("пед",))))
    if _starts(words, ("квалиф",)) or words in (["категория"], ["кв", "категория"]):
        return Column("qualification")
    if _starts(words, ("должн",)):
        return Column("position")
    if _starts(words, ("предмет", "дисциплин")):
        return Column("subjects")
    if wordset & {"класс", "классы"} or words in (["группа"], ["учебная", "группа"]):
        return Column("school_class")
    student = _starts(words, STUDENT_PREFIXES) or bool(wordset & STUDENT_WORDS)
    staff = _starts(words, STAFF_PREFIXES)
    subject = "students" if student and not staff else "staff" if staff and not student else ""
    part = _name_part(words)
    if part:
        return Column(part, subject)
    if subject and all(
        w in NAME_FILLERS or w in STUDENT_WORDS or w.startswith(STUDENT_PREFIXES + STAFF_PREFIXES) for w in words
    ):
        return Column("full_name", subject)  # «Обучающийся», «Ученик», «Сотрудник»
    return None


@dataclass
class Header:
    """The header row: which column fills which field, and how each header cell was read."""

    index: int
    columns: dict[int, str]  # column index → field
    read: list[tuple[str, str]]  # (header as in the file, what it was taken for or "")
    texts: dict[int, str]  # column index → header as in the file
    subjects: dict[str, str]  # "students"/"staff" → the name header taken that names them («ФИО ученика»)


NAME_FIELDS = ("full_name", "last_name", "first_name", "patronymic")


def find_header(rows: list[tuple], kind: str = "staff") -> Header:
    """The header row among the first rows: its columns → fields."""
    parent_only = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {i: column for i, cell in enumerate(row) if (column := classify_header(cell))}
        fields = {column.field for column in found.values()} - {"number"}
        if "full_name" in fields or {"last_name", "first_name"} <= fields:
            return _resolve(index, row, found, kind)
        if parent_only is None and len(fields) >= 2 and fields & {"parent_name", "parent_last_name"}:
            parent_only = [_clean(row[i]) for i, c in found.items() if c.field in ("parent_name", "parent_last_name")]
    if parent_only:
        raise ImportFileError(
            "В строке заголовков есть только ФИО родителя (законного представителя): "
            + ", ".join(f"«{text}»" for text in parent_only)
            + ". Добавьте столбец с ФИО самого обучающегося, например «ФИО обучающегося» "
            "или «Фамилия», «Имя», «Отчество»."
        )
    raise ImportFileError(
        "Не найдена строка заголовков: нужен столбец «ФИО» (или «Фамилия» и «Имя») "
        f"в первых {HEADER_SEARCH_ROWS} строках листа."
    )


def _resolve(index: int, row: tuple, found: dict[int, Column], kind: str) -> Header:
    """One column per field: of several, the one that names the chosen kind («ФИО ученика» for pupils),
    then the ranked one («Пед. стаж»); parents' columns may repeat («ФИО матери», «ФИО отца»)."""
    texts = {i: _clean(row[i]) for i in found}
    subjects: dict[str, str] = {}
    by_field: dict[str, list[int]] = {}
    for i, column in found.items():
        if column.field == "number":
            continue
        by_field.setdefault(column.field, []).append(i)
    columns: dict[int, str] = {}
    repeated = []

    def rank(i: int) -> tuple[int, int]:
        subject = found[i].subject
        return (2 if subject == kind else 0 if subject else 1, found[i].rank)

    for field_name, indexes in by_field.items():
        if field_name not in REPEATABLE and len(indexes) > 1:
            best = max(rank(i) for i in indexes)
            indexes = [i for i in indexes if rank(i) == best]
            if len(indexes) > 1:
                repeated.append(COLUMN_LABELS.get(field_name, field_name))
        columns.update(dict.fromkeys(indexes, field_name))
    if repeated:
        raise ImportFileError(
            "Столбцы повторяются: " + ", ".join(f"«{c}»" for c in sorted(repeated)) + ". Оставьте по одному."
        )
    if "full_name" in columns.values():  # «ФИО» wins over separate parts
        columns = {i: f for i, f in columns.items() if f not in NAME_FIELDS[1:]}
    for i in sorted(columns):
        if found[i].subject:
            subjects.setdefault(found[i].subject, texts[i])
    read = []
    for i, cell in enumerate(row):
        text = _clean(cell)
        if text and (i not in found or found[i].field != "number"):
            read.append((text, COLUMN_LABELS[columns[i]] if i in columns else ""))
    return Header(index, columns, read, texts, subjects)


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
        raise ValueError("нужно число лет, а не дата")
    text = _clean(value).lower()
    match = re.fullmatch(r"(\d{1,2})(?:[.,]\d+)?\s*(?:г\.?|год|года|лет)?", text)
    if not match or int(match[1]) > 70:
        raise ValueError("нужно число лет от 0 до 70, например 12")
    return int(match[1])


def split_full_name(text: str) -> tuple[str, str, str]:
    parts = _clean(text).split(" ")
    if len(parts) < 2:
        raise ValueError("нужны хотя бы фамилия и имя")
    return parts[0], parts[1], " ".join(parts[2:])


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


MIN_STAFF_AGE = 14


def parse_row(values: dict[str, object], row_number: int, kind: str) -> tuple[dict, list[RowError]]:
    """One row's values → the person's fields, and every error of the row (each field is checked,
    whatever the others hold)."""
    errors: list[RowError] = []
    failed: set[str] = set()  # fields already reported: the form's checks below skip them
    data: dict = {"kind": Person.Kind.STUDENT if kind == "students" else Person.Kind.TEACHER}
    by_full_name = "full_name" in values  # the file has an «ФИО» column
    today = timezone.localdate()

    def column(field_name):
        if by_full_name and field_name in NAME_FIELDS:
            return "full_name"
        return field_name

    def error(field_name, value, message):
        failed.add(field_name)
        errors.append(RowError(row_number, COLUMN_LABELS.get(column(field_name), ""), _clean(value), message))

    if by_full_name:
        try:
            if not _clean(values["full_name"]):
                raise ValueError("не заполнено")
            last, first, middle = split_full_name(values["full_name"])
        except ValueError as exc:
            error("full_name", values["full_name"], str(exc))
            failed.update(NAME_FIELDS)
            last = first = middle = ""
    else:
        last, first, middle = (_clean(values.get(k)) for k in ("last_name", "first_name", "patronymic"))
        if not last:
            error("last_name", "", "не заполнено")
        if not first:
            error("first_name", "", "не заполнено")
    # As on a card: a person is named in full («Иванова И.И.» would be stored as «Иванова И.и.»).
    initial = next((part for part in (first, middle) if part and is_initial(part)), None)
    if initial is not None:
        where = "first_name" if initial == first else "patronymic"
        error(
            where,
            values.get("full_name") if by_full_name else initial,
            "имя и отчество нужны полностью, а не инициалами: в списках и при выборе людей везде полное ФИО",
        )
    data.update(last_name=normalize_name(last), first_name=normalize_name(first), patronymic=normalize_name(middle))
    raw = values.get("birth_date")
    if raw not in (None, ""):
        try:
            born = parse_date(raw)
            if born > today or born.year < 1920:
                raise ValueError("дата рождения вне разумных пределов")
            data["birth_date"] = born
            if kind == "staff" and _age(born, today) < MIN_STAFF_AGE:
                error(
                    "birth_date",
                    raw,
                    f"сотруднику по этой дате меньше {MIN_STAFF_AGE} лет: это обучающийся? Проверьте дату "
                    "или загрузите его в списке обучающихся",
                )
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
    for name in ("phone", "parent_phone"):  # as on a card: «звоните после 5» is not a phone
        if phone_has_words(_clean(values.get(name))):
            error(name, values.get(name), PHONE_RULE)
    data["phone"] = normalize_phone(_clean(values.get("phone")))[:32]
    parent = _clean(values.get("parent_name")) or " ".join(
        part for k in ("parent_last_name", "parent_first_name", "parent_patronymic") if (part := _clean(values.get(k)))
    )
    data["parent_name"] = parent[:255]
    data["parent_phone"] = normalize_phone(_clean(values.get("parent_phone")))[:32]
    data["search_name"] = search_key(data["last_name"], data["first_name"], data["patronymic"])
    born = data.get("birth_date")
    if kind == "students" and born and not data["parent_name"] and _age(born, today) < 18:
        error("parent_name", "", "для несовершеннолетнего укажите родителя (законного представителя)")
    # The same checks as a form (lengths, e-mail, ranges) on every field not reported above:
    # a preview that passes must import, and a row shows all its errors at once.
    try:
        Person(organization_id=0, **data).full_clean(exclude=["organization", "user", *failed])
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            if field_name not in failed:
                error(field_name, values.get(column(field_name), ""), "; ".join(messages))
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
    """What the file would change (a dry run): nothing is written. The people already stored are
    found in one query, whatever the number of rows."""
    if kind not in {"staff", "students"}:
        raise ImportFileError("Укажите, что в файле: сотрудники или обучающиеся.")
    rows_iter = read_rows(upload)
    head = []
    for row in rows_iter:
        head.append(row)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    header = find_header(head, kind)
    columns = header.columns
    plan = ImportPlan(kind=kind, columns=header.read)
    plan.ignored_columns = [text for text, label in header.read if not label]
    plan.fields = _shown_fields(columns)
    parsed: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    evidence = _Evidence()

    def rows():
        yield from enumerate(head[header.index + 1 :], start=header.index + 2)
        yield from enumerate(rows_iter, start=len(head) + 1)

    for row_number, row in rows():
        if row_number - header.index > MAX_ROWS:
            raise ImportFileError(f"В файле больше {MAX_ROWS} строк: разделите список на части.")
        values: dict[str, object] = dict.fromkeys(columns.values())
        for i, cell in enumerate(row):
            if i in columns and not _clean(values.get(columns[i])):
                values[columns[i]] = cell  # of repeated parents' columns, the first filled one
        if not any(_clean(v) for v in values.values()):
            continue  # empty row
        data, errors = parse_row(values, row_number, kind)
        evidence.add(values, data)
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
    evidence.check(kind, header)
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
            Change(name, getattr(person, name), data[name])
            for name in COMPARED
            if name in data and data[name] not in ("", None) and getattr(person, name) != data[name]
        ]
        target = plan.updated if changes else plan.unchanged
        target.append(PlannedRow(row_number, data, person, changes))
    return plan


def _shown_fields(columns: dict[int, str]) -> list[str]:
    """The fields the file fills, in its column order (the name and the parent's name once each)."""
    fields: list[str] = []
    for index in sorted(columns):
        name = columns[index]
        name = "parent_name" if name.startswith("parent_") and name != "parent_phone" else name
        if name not in NAME_FIELDS and name not in fields:
            fields.append(name)
    return fields


class KindMismatchError(ImportFileError):
    """The file's columns do not fit the chosen kind: a pupils' list checked as staff, or the reverse."""

    def __init__(self, summary: str, suggested: str):
        self.summary = summary
        self.suggested = suggested
        label = KIND_LABELS[suggested]
        super().__init__(
            f"{summary} Ничего не сохранено: выберите «{label}» в поле «Что в файле» и проверьте файл снова."
        )


KIND_LABELS = {"staff": "Сотрудники (педагоги)", "students": "Обучающиеся"}
ADULT_AGE = 25


class _Evidence:
    """What the rows say about whose list it is: filled columns and the ages by birth date."""

    def __init__(self):
        self.rows = 0
        self.filled: dict[str, int] = {}
        self.ages: list[int] = []
        self.today = timezone.localdate()

    def add(self, values: dict, data: dict) -> None:
        self.rows += 1
        for name, value in values.items():
            if _clean(value):
                self.filled[name] = self.filled.get(name, 0) + 1
        if data.get("birth_date"):
            self.ages.append(_age(data["birth_date"], self.today))

    def _mostly(self, name: str) -> bool:
        return self.filled.get(name, 0) * 2 >= self.rows > 0

    def check(self, kind: str, header: Header) -> None:
        """Refuse a file whose columns belong to the other kind. One sure sign is enough (a header
        naming the other kind, a parent's column in a staff list, «Должность» or «Стаж» in a pupils'
        list, children's birth dates in a staff list); weak ones (a class column — a staff list may
        note each teacher's class —, subjects, adults' birth dates) count only two together."""
        other = "students" if kind == "staff" else "staff"
        first_header: dict[str, str] = {}
        for index in sorted(header.columns):
            first_header.setdefault(header.columns[index], header.texts[index])

        def filled(fields: tuple[str, ...]) -> list[str]:
            return [first_header[f] for f in fields if f in first_header and self._mostly(f)]

        people = ru_plural_form(len(self.ages), "человека", "человек", "человек")
        if kind == "staff":
            sure = filled(("parent_name", "parent_last_name", "parent_phone"))
            weak = filled(("school_class",))
            young = sum(age < 18 for age in self.ages)
            by_age = f"по датам рождения {young} из {len(self.ages)} {people} моложе 18 лет"
            age_sign, age_is_sure = young * 2 > len(self.ages) > 0, True
        else:
            sure = filled(("position", "experience_years", "qualification"))
            weak = filled(("subjects",))
            adults = sum(age >= ADULT_AGE for age in self.ages)
            by_age = f"по датам рождения {adults} из {len(self.ages)} {people} старше {ADULT_AGE} лет"
            age_sign, age_is_sure = adults * 2 > len(self.ages) > 0, False
        if other in header.subjects:
            sure.insert(0, header.subjects[other])
        sure_count = len(sure) + (age_sign and age_is_sure)
        weak_count = len(weak) + (age_sign and not age_is_sure)
        if not sure_count and weak_count < 2:
            return
        quoted = [f"«{text}»" for text in sure + weak]
        reasons = []
        if quoted:
            listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " и " + quoted[-1]
            reasons.append(("есть столбец " if len(quoted) == 1 else "есть столбцы ") + listed)
        if age_sign:
            reasons.append(by_age)
        whom = {"staff": "сотрудники", "students": "обучающиеся"}
        raise KindMismatchError(
            f"Похоже, в файле {whom[other]}, а не {whom[kind]}: " + "; ".join(reasons) + ".", suggested=other
        )


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


# --- Preview ---------------------------------------------------------------------------------------------

PREVIEW_ROWS = 300  # rows shown per group on the preview page; the counts are always whole


def shown_value(field_name: str, value) -> str:
    """A value as the preview shows it: dates ДД.ММ.ГГГГ, choices by their Russian labels."""
    if value in (None, ""):
        return "—"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if field_name == "qualification":
        return str(Person.Category(value).label)
    if field_name == "kind":
        return str(Person.Kind(value).label)
    return str(value)


@dataclass
class PreviewRow:
    row: int
    name: str
    cells: list[tuple[str, str]] = field(default_factory=list)  # (column, value) of a new person
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (column, stored, from the file)


@dataclass
class Preview:
    created: list[PreviewRow]
    updated: list[PreviewRow]
    unchanged: list[PreviewRow]
    columns: list[tuple[str, str]]  # (field, label) of the new people's columns
    limit: int


def preview(plan: ImportPlan, limit: int = PREVIEW_ROWS) -> Preview:
    """The rows of a plan as the page shows them: what a new person gets, and for a stored one each
    change as stored → from the file. Built from the plan alone: no query."""

    def name(data: dict) -> str:
        return " ".join(p for p in (data["last_name"], data["first_name"], data["patronymic"]) if p)

    created = [
        PreviewRow(r.row, name(r.data), cells=[(FIELD_LABELS[f], shown_value(f, r.data.get(f))) for f in plan.fields])
        for r in plan.created[:limit]
    ]
    updated = [
        PreviewRow(
            r.row,
            r.person.full_name if r.person else name(r.data),
            changes=[(c.label, shown_value(c.field, c.old), shown_value(c.field, c.new)) for c in r.changes],
        )
        for r in plan.updated[:limit]
    ]
    unchanged = [PreviewRow(r.row, r.person.full_name if r.person else name(r.data)) for r in plan.unchanged[:limit]]
    return Preview(created, updated, unchanged, [(f, FIELD_LABELS[f]) for f in plan.fields], limit)
