"""The nine indicators of efficiency, their 0–2 scores and the level of the total (DOMAIN.md §7, seed 003).

The indicators and the level bands are reference data of programs (the programme prints the same table):
15–18 оптимальный, 9–14 допустимый, 0–8 недопустимый уровень.
"""

from dataclasses import dataclass

from programs.reference_data import INDICATORS, LEVEL_BANDS

MAX_SCORE = 2


@dataclass(frozen=True)
class Indicator:
    number: int
    criterion: str
    text: str


def indicators() -> list[Indicator]:
    """The nine indicators numbered 1–9 in the seed's order, each with its criterion."""
    numbered: list[Indicator] = []
    for criterion, texts in INDICATORS:
        for text in texts:
            numbered.append(Indicator(number=len(numbered) + 1, criterion=criterion, text=text))
    return numbered


INDICATOR_COUNT = len(indicators())
MAX_TOTAL = INDICATOR_COUNT * MAX_SCORE


@dataclass(frozen=True)
class Level:
    code: str
    low: int
    high: int
    name: str

    @property
    def range_label(self) -> str:
        return f"{self.low}–{self.high}"


LEVELS = [Level(code, low, high, name) for code, low, high, name in LEVEL_BANDS]


def level_for(total: int) -> Level:
    """The level of a total of 0–18 points; a total outside the scale is a programming error."""
    for level in LEVELS:
        if level.low <= total <= level.high:
            return level
    raise ValueError(f"Сумма баллов {total} вне шкалы 0–{MAX_TOTAL}.")
