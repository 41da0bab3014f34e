"""Normalising what schools type: class names, names, phones."""

import re

_CLASS_RE = re.compile(r"^\s*(\d{1,2})\s*[-–«\"'\s]*\s*([А-ЯЁа-яё])?\s*[»\"']?\s*$")


def normalize_class(text: str) -> str:
    """«9 «А»», «9-а», «9 а», «9А» → «9А»; «11» → «11»; anything else is kept, trimmed."""
    text = (text or "").strip()
    match = _CLASS_RE.match(text)
    if not match:
        return " ".join(text.split())
    number, letter = match.groups()
    return f"{int(number)}{(letter or '').upper()}"


def normalize_name(text: str) -> str:
    """Extra spaces out, first letter of each part capital; «ё» is kept as typed."""
    parts = [p for p in re.split(r"(\s+|-)", (text or "").strip()) if p and not p.isspace()]
    return "".join(p if p == "-" else p[:1].upper() + p[1:].lower() for p in parts).replace(" -", "-")


def normalize_phone(text: str) -> str:
    """+7 (XXX) XXX-XX-XX when the digits make a Russian number; otherwise the text as typed."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if len(digits) == 10:
        return f"+7 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
    return " ".join((text or "").split())


PHONE_RULE = "только цифры, пробелы, скобки и дефисы: например, +7 912 345-67-89"


def phone_has_words(text: str) -> bool:
    """«звоните после 5», «8912abc4567»: not a phone. An extension («доб. 12») is fine."""
    return bool(re.search(r"[^\d\s()+\-.,]", re.sub(r"(?i)доб", "", text or "")))
