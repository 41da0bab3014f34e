"""The demo installation is assembled from loaders that the apps register (like dashboard panels).

Each app registers ``loader() -> int`` (rows created) in its ``AppConfig.ready()`` with the words
that describe the count («новых участников»); ``load_demo`` runs them in order. Each loader must
be idempotent: a second run creates nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .plural import ru_count


@dataclass(frozen=True)
class DemoLoader:
    order: int
    func: Callable[[], int]
    forms: tuple[str, str, str]  # «новый участник», «новых участника», «новых участников»


_loaders: dict[str, DemoLoader] = {}


def register_demo_loader(
    *, order: int, forms: tuple[str, str, str]
) -> Callable[[Callable[[], int]], Callable[[], int]]:
    def decorator(func: Callable[[], int]) -> Callable[[], int]:
        _loaders[f"{func.__module__}.{func.__qualname__}"] = DemoLoader(order=order, func=func, forms=forms)
        return func

    return decorator


def load_everything() -> list[str]:
    """Run every loader in order; what each created, in Russian («5 организаций»)."""
    return [ru_count(loader.func(), *loader.forms) for loader in sorted(_loaders.values(), key=lambda x: x.order)]
