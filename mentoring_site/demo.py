"""The demo installation is assembled from loaders that the apps register (like dashboard panels).

Each app registers ``loader(**options) -> int`` (rows created) in its ``AppConfig.ready()``;
``load_demo`` runs them in order. Each loader must be idempotent.
"""

from collections.abc import Callable

_loaders: dict[str, tuple[int, Callable]] = {}


def register_demo_loader(*, order: int):
    def decorator(func):
        _loaders[f"{func.__module__}.{func.__qualname__}"] = (order, func)
        return func

    return decorator


def load_everything(**options) -> dict:
    results = {}
    for _order, func in sorted(_loaders.values(), key=lambda item: item[0]):
        results[func.__module__.split(".")[0]] = func(**options)
    return results
