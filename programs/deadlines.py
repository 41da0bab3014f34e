"""Deadlines as schools write them → a due date, when one can be derived.

«до 31 октября», «Август 2022 г.», «Январь – июнь 2023 г.», «До 01.03.2022 г.», «Май - август»
give a date; «В течение года», «Май-сентябрь ежегодно», «По отдельным графикам» give ``None``
(the text is kept as it is, without an error).

A roadmap covers a school year from June of ``start_year`` (summer preparation) to May of the
next year, so a month without a year is placed in that window: June–December → ``start_year``,
January–May → ``start_year + 1``.
"""

import calendar
import re
from datetime import date

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_MONTH_RE = r"(январ[ьяе]|феврал[ьяе]|марта?|марте|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августа?|августе|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"  # noqa: E501
RECURRING = ("ежегодно", "в течение", "по отдельным", "в соответствии", "постоянно", "по мере", "по графику")


def current_school_year(today: date | None = None) -> int:
    """The start year of the school year now: from June on it is this year's (summer preparation)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return today.year if today.month >= 6 else today.year - 1


def _month_number(word: str) -> int:
    word = word.lower()
    for stem, number in sorted(MONTHS.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(stem):
            return number
    raise ValueError(word)


def _year_for(month: int, start_year: int) -> int:
    return start_year if month >= 6 else start_year + 1


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text: str, start_year: int) -> date | None:
    """The due date for ``text`` in a roadmap of the school year beginning in ``start_year``."""
    source = " ".join((text or "").lower().replace("ё", "е").split())
    if not source:
        return None
    try:
        # 1) Explicit dates: 01.03.2022, 01.10.23 (the first one counts).
        match = re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})", source)
        if match:
            day, month, year = int(match[1]), int(match[2]), _full_year(match[3])
            return date(year, month, day)
        if any(word in source for word in RECURRING):
            return None
        # 2) Day and month: «до 31 октября», «25 мая 2021».
        match = re.search(rf"(\d{{1,2}})\s+{_MONTH_RE}\w*(?:\s+(\d{{4}}))?", source)
        if match:
            month = _month_number(match[2])
            year = int(match[3]) if match[3] else _year_for(month, start_year)
            return date(year, month, int(match[1]))
        # 3) Months, perhaps a range, perhaps with a year: «Январь – июнь 2023 г.», «Май - август».
        months = re.findall(rf"\b{_MONTH_RE}", source)
        if months:
            last = _month_number(months[-1])
            year_match = re.search(r"(\d{4})", source)
            year = int(year_match[1]) if year_match else _year_for(last, start_year)
            if source.startswith("до ") and len(months) == 1:
                # «До декабря 2022 г.»: before the month begins.
                first_day = date(year, last, 1)
                return date.fromordinal(first_day.toordinal() - 1)
            return _end_of_month(year, last)
    except ValueError:
        return None
    return None
