"""Russian cases of people's names, organization names, positions and document titles.

Documents put names where Russian needs another case: «назначить куратором Лебедеву Марину
Олеговну», «в Гимназии «Жуковка»», «Директору … Деминой Е.И.». ФИО are declined by gender with
petrovich (rules, no dictionary); phrases (an organization's name, a position, a title) with
pymorphy3 and its Russian dictionary: the leading adjectives and the first noun in the nominative
take the case, the rest (a genitive tail «дополнительного образования», a quoted proper name
«Жуковка», an abbreviation «МБОУ») stays as written.

The results are stored in editable fields (``Organization.name_cases``, ``User``/``Person`` name
fields) so that a rare miss is corrected once by hand; these functions pre-fill them. The analyser
is loaded once per process (about 0.05–0.3 s) and every result is cached.
"""

import re
from functools import lru_cache
from typing import Any

CASES = ("genitive", "dative", "accusative", "instrumental", "prepositional")
CASE_LABELS = {
    "genitive": "родительный (кого? чего?)",
    "dative": "дательный (кому? чему?)",
    "accusative": "винительный (кого? что?)",
    "instrumental": "творительный (кем? чем?)",
    "prepositional": "предложный (о ком? о чём?)",
}
_GRAMMEMES = {
    "nominative": "nomn",
    "genitive": "gent",
    "dative": "datv",
    "accusative": "accs",
    "instrumental": "ablt",
    "prepositional": "loct",
}
_INITIALS = re.compile(r"^(?:[А-ЯЁ]\.\s?){1,2}$")
_QUOTED = re.compile(r"[«\"„“].*", re.S)


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1)
def _petrovich() -> Any:
    from petrovich.main import Petrovich

    return Petrovich()


def _check(case: str) -> None:
    if case not in _GRAMMEMES:
        raise ValueError(f"Unknown case: {case}")


def gender_of(last_name: str, first_name: str = "", patronymic: str = "") -> str:
    """«male» or «female»: by the patronymic, then the first name, then the surname's ending."""
    middle = patronymic.strip().lower()
    if middle.endswith(("вна", "чна", "кызы")):
        return "female"
    if middle.endswith(("вич", "ич", "оглы")):
        return "male"
    first = first_name.strip()
    if first and not first.endswith("."):
        for parse in _morph().parse(first):
            if "Name" in parse.tag:
                return "female" if "femn" in parse.tag else "male"
    last = last_name.strip().lower()
    if last.endswith(("ова", "ева", "ёва", "ина", "ына", "ая", "цкая", "ская")):
        return "female"
    return "male"


def _capitalised_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=4096)
def decline_name(last_name: str, first_name: str, patronymic: str, case: str) -> str:
    """«Лебедева Марина Олеговна» → «Лебедеву Марину Олеговну» (accusative); initials stay as they
    are («Деминой Е.И.» in the dative)."""
    _check(case)
    if case == "nominative":
        return " ".join(p for p in (last_name, first_name, patronymic) if p)
    from petrovich.enums import Case, Gender

    target = {
        "genitive": Case.GENITIVE,
        "dative": Case.DATIVE,
        "accusative": Case.ACCUSATIVE,
        "instrumental": Case.INSTRUMENTAL,
        "prepositional": Case.PREPOSITIONAL,
    }[case]
    gender = Gender.FEMALE if gender_of(last_name, first_name, patronymic) == "female" else Gender.MALE
    petrovich = _petrovich()
    parts = []
    if last_name:
        parts.append(petrovich.lastname(last_name, target, gender))
    if first_name and _INITIALS.match(f"{first_name}{patronymic}".replace(" ", "")):
        parts.append(f"{first_name}{patronymic}")  # «Е.И.»: initials do not decline
        return " ".join(parts)
    if first_name:
        parts.append(petrovich.firstname(first_name, target, gender))
    if patronymic:
        parts.append(petrovich.middlename(patronymic, target, gender))
    # Russian spelling: never «ы» after г, к, х, ж, ш, щ, ч (petrovich gives «Ольгы»).
    return re.sub(r"(?<=[гкхжшщч])ы\b", "и", " ".join(parts))


def split_name(full_name: str) -> tuple[str, str, str]:
    """«Лысенко Мирон Олегович» → its three parts; «Демина Е.И.» → («Демина», «Е.», «И.»);
    «Е.И. Демина» → the same."""
    text = " ".join(full_name.split())
    initials = re.match(r"^((?:[А-ЯЁ]\.\s?){1,2})\s*([А-ЯЁ][\w-]+)$", text)
    if initials:
        letters = re.findall(r"[А-ЯЁ]\.", initials[1])
        return initials[2], letters[0], letters[1] if len(letters) > 1 else ""
    parts = text.split(" ")
    if len(parts) == 2 and re.fullmatch(r"(?:[А-ЯЁ]\.){1,2}", parts[1]):
        letters = re.findall(r"[А-ЯЁ]\.", parts[1])
        return parts[0], letters[0], letters[1] if len(letters) > 1 else ""
    parts += ["", ""]
    return parts[0], parts[1], " ".join(parts[2:]).strip()


def looks_like_name(text: str) -> bool:
    """Two or three capitalised words (or a surname with initials), nothing else."""
    text = " ".join(text.split())
    if not text or any(ch in text for ch in '«»"„“0123456789№,()'):
        return False
    if re.fullmatch(r"(?:[А-ЯЁ]\.\s?){1,2}\s*[А-ЯЁ][а-яё-]+", text):  # «Е.И. Демина»
        return True
    words = text.replace(". ", ".").split(" ")
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[:1].isalpha() for w in words)


def decline_full_name(full_name: str, case: str) -> str:
    """A ФИО written as one string, in ``case``; the form of the initials is kept («Е.И. Демина» →
    «Е.И. Деминой»)."""
    if not full_name.strip():
        return full_name
    last, first, middle = split_name(full_name)
    declined_last = decline_name(last, first, middle, case).split(" ")[0]
    text = " ".join(full_name.split())
    if text.startswith(first) and first.endswith("."):
        return f"{text[: len(text) - len(last)]}{declined_last}"
    return decline_name(last, first, middle, case)


@lru_cache(maxsize=4096)
def decline_phrase(text: str, case: str) -> str:
    """«Муниципальное бюджетное общеобразовательное учреждение «Гимназия «Жуковка»»» →
    «Муниципальном бюджетном общеобразовательном учреждении «Гимназия «Жуковка»»» (prepositional);
    «заместитель директора по УВР» → «заместителя директора по УВР» (accusative)."""
    _check(case)
    if case == "nominative" or not text.strip():
        return text
    quoted = _QUOTED.search(text)
    head, tail = (text[: quoted.start()], text[quoted.start() :]) if quoted else (text, "")
    if ", " in head:  # «руководитель МО, куратор программы»: each part has its own head
        first, rest = head.split(", ", 1)
        return f"{decline_phrase(first, case)}, {decline_phrase(rest + tail, case)}"
    grammeme = _GRAMMEMES[case]
    out: list[str] = []
    declining = True
    for token in re.split(r"(\s+)", head):
        if not declining or not token.strip() or not re.fullmatch(r"[А-Яа-яЁё-]+", token):
            out.append(token)
            if token.strip() and not re.fullmatch(r"[А-Яа-яЁё-]+", token):
                declining = False  # a number, an abbreviation with dots: the rest stays as written
            continue
        if token.isupper() and len(token) > 1:  # МБОУ, СОШ: an abbreviation does not decline
            out.append(token)
            declining = False
            continue
        parse = _nominative_parse(token)
        if parse is None:
            out.append(token)
            declining = False
            continue
        inflected = parse.inflect({grammeme})
        out.append(_capitalised_like(inflected.word, token) if inflected else token)
        if "NOUN" in parse.tag:
            declining = False  # the head noun took the case; its dependents keep theirs
    return "".join(out) + tail


def _nominative_parse(word: str) -> Any:
    """The word's reading as an adjective, participle or noun in the nominative, if it has one."""
    for parse in _morph().parse(word):
        if "nomn" in parse.tag and ({"ADJF", "PRTF", "NOUN"} & set(str(parse.tag.POS or "").split())):
            if "plur" in parse.tag and any("sing" in p.tag for p in _morph().parse(word) if "nomn" in p.tag):
                continue
            return parse
    return None


def decline(value: Any, case: str) -> str:
    """Whatever a template holds: an object that knows its cases (``in_case``), a ФИО or a phrase."""
    if value is None:
        return ""
    in_case = getattr(value, "in_case", None)
    if callable(in_case):
        return str(in_case(case))
    text = str(value)
    return decline_full_name(text, case) if looks_like_name(text) else decline_phrase(text, case)


def fill_stored_cases(apps: Any, schema_editor: Any, label: str, sources: dict[str, tuple[str, ...]]) -> None:
    """For a data migration: fill the empty case fields of rows that existed before them."""
    model = apps.get_model(label)
    for row in model.objects.all():
        changed = []
        for source, cases in sources.items():
            if source == "name":
                text = " ".join(p for p in (row.last_name, row.first_name, row.patronymic) if p)
            else:
                text = getattr(row, source)
            for case in cases:
                field = f"{source}_{case}"
                if text and not getattr(row, field):
                    as_name = source in {"name", "director_name"}
                    setattr(row, field, decline_full_name(text, case) if as_name else decline_phrase(text, case))
                    changed.append(field)
        if changed:
            row.save(update_fields=changed)


def document_title(title: str, case: str) -> str:
    """A document's own title as the object of a sentence: «Утвердить дорожную карту реализации …».

    A title written in capitals or in quotes («ДОРОЖНАЯ КАРТА» реализации…) is unwrapped to its words,
    the generic name takes the case and a small first letter; a proper name in quotes stays."""
    text = " ".join(title.split())
    match = re.match(r"^[«\"„“]([^«»\"„“]+)[»\"“”]\s*(.*)$", text)
    if match and match[1].isupper():  # «ДОРОЖНАЯ КАРТА» реализации…
        text = f"{match[1]} {match[2]}".strip()
    words = text.split(" ")
    for index, word in enumerate(words):  # «ДОРОЖНАЯ КАРТА внедрения»: the leading capitals only
        if not (word.isalpha() and word.isupper() and len(word) > 3):
            break
        words[index] = word.lower()
    declined = decline_phrase(" ".join(words), case)
    first = declined.split(" ", 1)[0]
    if first[:1].isupper() and not first.isupper() and first not in CAPITALISED_DOCUMENTS:
        declined = declined[:1].lower() + declined[1:]
    return declined


# Local acts keep their capital inside a sentence: «Утвердить Положение о наставничестве».
CAPITALISED_DOCUMENTS = {"Положение", "Порядок", "Правила", "Устав", "Кодекс"}


def quoted(text: str) -> str:
    """«…» around ``text``; quotes inside become „…“ (one pair of «» per quotation)."""
    return nest_quotes(f"«{text.strip()}»")


_ONE_LETTER = re.compile(r"(?<![\w-])([вскиаоуяВСКИАОУЯ])\s+")
_PROPER = re.compile(r"(?<![\w-])([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)")


def nest_quotes(text: str) -> str:
    """«Гимназия «Жуковка»» → «Гимназия „Жуковка“»: quotes inside quotes are „…“ (one pair of «» per
    quotation). An unbalanced text is left as it is."""
    out, depth = [], 0
    for char in text:
        if char == "«":
            out.append("„" if depth else "«")
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            out.append("“" if depth else "»")
        else:
            out.append(char)
    return "".join(out) if depth == 0 else text


# «№ 273-ФЗ», «ст. Старица», «Е.И. Демина»: the sign, the abbreviation or the initials stay with what
# follows them; a number with a hyphen («273-ФЗ», «Р-145», «16/1-О») is never broken at its hyphen.
_TIED = re.compile(r"(№|(?<![\w-])(?:г|гг|ст|пос|п|с|д|ул|им|т)\.|(?<![\w.])(?:[А-ЯЁ]\.){1,2}(?=\s+[А-ЯЁ][а-яё]))\s+")
_TIED_TO_NAME = re.compile(r'(?<![^\s>(«„])([^\s<>«„(]+)\u00a0<span class="nohy">')
_YEAR = re.compile(r"(\d)\s+(?=гг?\.)")  # «Декабрь 2022 г.»: the year keeps its «г.»
_CODE = re.compile(r"(?<![\w/.-])(?=[\w/.-]*\d)[0-9A-ZА-ЯЁ][\w/.]*(?:-[\w/.]+)+")


def typeset(text: str) -> str:
    """Text for a justified, hyphenated document paragraph, as escaped HTML: a one-letter word is
    tied to the next one (no «в» hanging at a line's end), «№», an abbreviation («ст.», «г.») or
    initials to what follows, a year to its «г.»; a number with a hyphen («273-ФЗ») is never broken,
    and a capitalised word — a name, an organization's — is never hyphenated (nor a double name
    broken at its hyphen)."""
    html = _PROPER.sub(lambda m: f'<span class="nohy">{_joined(m[1])}</span>', _tied(text))
    # What is tied to a name goes inside its box («в Гимназии», «ст. Старица»): WeasyPrint, given a
    # no-break space just before an inline box, breaks the line far too early («наставниче- | ства | …»).
    while _TIED_TO_NAME.search(html):  # «и в Гимназии»: every word of the chain
        html = _TIED_TO_NAME.sub(lambda m: f'<span class="nohy">{m[1]}\u00a0', html)
    return _CODE.sub(lambda m: _joined(m[0]), html)


def tie(text: str) -> str:
    """:func:`typeset` without the boxes that keep names whole, for a table's cell: there WeasyPrint
    breaks lines around an inline box oddly («Молодой специа- | лист (стаж…)»). The cell's names are
    kept whole by the cell itself (a column of names is not hyphenated)."""
    html = _PROPER.sub(lambda m: _joined(m[1]), _tied(text))
    return _CODE.sub(lambda m: _joined(m[0]), html)


def _tied(text: str) -> str:
    from django.utils.html import escape

    html = str(escape(nest_quotes(text)))
    html = _ONE_LETTER.sub(lambda m: f"{m[1]}\u00a0", html)
    html = _TIED.sub(lambda m: f"{m[1]}\u00a0", html)
    return _YEAR.sub("\\1\u00a0", html)


def _joined(word: str) -> str:
    """«273-ФЗ», «Сов-Дарская»: never broken at the hyphen. A word joiner (U+2060), not a box that may not
    break (WeasyPrint breaks a justified line far too early before a box after a no-break space); text
    taken from the PDF still reads «273-ФЗ»."""
    return word.replace("-", "-\u2060")
