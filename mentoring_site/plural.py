"""Russian plural forms: 1 наставник, 2 наставника, 5 наставников, 21 наставник, 11 наставников."""


def ru_plural_form(n: int, one: str, few: str, many: str) -> str:
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def ru_count(n: int, one: str, few: str, many: str) -> str:
    return f"{n} {ru_plural_form(n, one, few, many)}"
