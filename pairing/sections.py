"""Extra sections of a pair's page that higher apps contribute (monitoring: feedback after meetings).

pairing never imports them: an app registers ``func(request, mentorship) -> PanelContent | None`` in its
``AppConfig.ready()``; the pair's page renders what it gets after «Встречи», in ``order``.
"""

from collections.abc import Callable

from mentoring_site.dashboard import PanelContent

_sections: list[tuple[int, Callable]] = []


def register_pair_section(*, order: int):
    def decorator(func):
        if all(f is not func for _, f in _sections):
            _sections.append((order, func))
            _sections.sort(key=lambda item: item[0])
        return func

    return decorator


def pair_sections(request, mentorship) -> list[PanelContent]:
    return [content for _, func in _sections if (content := func(request, mentorship)) is not None]
