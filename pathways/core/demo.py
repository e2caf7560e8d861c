"""Demo data registry: each app registers a loader; `load_demo_data` runs them in order.

Demo data is synthetic (never real student records), except the seed consortia's public facts
(../shared/seeds/), which are loaded exactly as written. Loaders must be idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Loader = Callable[[Callable[[str], None]], None]  # receives a `say(line)` for progress


@dataclass(frozen=True)
class DemoLoader:
    name: str
    order: int
    load: Loader


DEMO_LOADERS: dict[str, DemoLoader] = {}


def demo_loader(name: str, *, order: int) -> Callable[[Loader], Loader]:
    def register(load: Loader) -> Loader:
        DEMO_LOADERS[name] = DemoLoader(name, order, load)
        return load

    return register


def ordered_loaders() -> list[DemoLoader]:
    return sorted(DEMO_LOADERS.values(), key=lambda d: d.order)
