"""How people are named: one format in pickers, lists and pages, initials only under a signature.

Every page names a person «Фамилия Имя Отчество» (``full_name``): an account, a participant's card,
an option of a picker. Documents that by regulation use initials — a signature line, the «УТВЕРЖДАЮ»
grif — print «И.О. Фамилия» (``signature_name``).
"""

import re

INITIAL = re.compile(r"^(?:\w\.\s*)+$")


def is_initial(part: str) -> bool:
    """«Е.», «Е.И.», «Е. И.» — initials, not a name."""
    return bool(INITIAL.match(part.strip()))


def full_name(last_name: str, first_name: str, patronymic: str = "") -> str:
    """«Демина Елена Ивановна»: surname, name, patronymic, single spaces.

    Initials (an old record that has nothing else) follow the surname closed up, as Russian writes them:
    «Демина Е.И.».
    """
    surname = " ".join(last_name.split())
    given = [" ".join(part.split()) for part in (first_name, patronymic) if part.strip()]
    if given and all(is_initial(part) for part in given):
        return f"{surname} {''.join(part.replace(' ', '') for part in given)}".strip()
    return " ".join(part for part in (surname, *given) if part)


def signature_name(last_name: str, first_name: str, patronymic: str = "") -> str:
    """«Е.И. Демина», as under a signature: initials of the name and patronymic, then the surname."""
    initials = "".join(f"{part.strip()[0]}." for part in (first_name, patronymic) if part.strip())
    return f"{initials} {last_name.strip()}".strip()


def signature_name_from_text(text: str) -> str:
    """A name typed in one line → «Е.И. Демина».

    «Демина Е.И.», «Демина Е. И.», «Демина Елена Ивановна» and «Е.И. Демина» all give «Е.И. Демина»;
    what is not a surname with a name (one word, a position) is returned as typed.
    """
    text = " ".join(text.split())
    match = re.fullmatch(r"((?:\w\.\s?){1,2})\s*(\S+)", text)
    if match:  # already «Е.И. Демина»
        return f"{match[1].replace(' ', '')} {match[2]}"
    match = re.fullmatch(r"(\S+)\s+((?:\w\.\s?){1,2})", text)
    if match:  # «Демина Е.И.»
        return f"{match[2].replace(' ', '')} {match[1]}"
    words = text.split(" ")
    if 2 <= len(words) <= 3 and all(word[:1].isupper() and word.replace("-", "").isalpha() for word in words):
        return signature_name(words[0], *words[1:])
    return text
