"""Extra sections of a person's card that higher apps contribute (pairing: the person's pairs).

participants never imports them: an app registers ``func(request, person) -> PanelContent | None``
in its ``AppConfig.ready()``; the card renders what it gets, in ``order``.
"""

from collections.abc import Callable

from mentoring_site.dashboard import PanelContent

_sections: list[tuple[int, Callable]] = []


def register_card_section(*, order: int):
    def decorator(func):
        if all(f is not func for _, f in _sections):
            _sections.append((order, func))
            _sections.sort(key=lambda item: item[0])
        return func

    return decorator


def card_sections(request, person) -> list[PanelContent]:
    return [content for _, func in _sections if (content := func(request, person)) is not None]
