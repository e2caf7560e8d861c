"""Extension points that later apps fill, so that students depends on none of them.

Work-based learning (`pathways.wbl`, which depends on students) registers at start-up:
- "try it" links shown beside a career match or a plan's target careers ("Job shadow at LANL");
- completed experiences listed on the student's portfolio.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class TryIt:
    """A link to something the student can do now that leads toward a career."""

    label: str
    url: str
    when: datetime.date | None = None
    is_virtual: bool = False


@dataclass(frozen=True)
class Experience:
    """A completed experience for the portfolio (a placement, an internship)."""

    title: str
    organisation: str
    kind: str
    hours: Decimal | None
    completed_on: datetime.date | None
    url: str = ""


TryItProvider = Callable[[Any, Sequence[str], int], list[TryIt]]
ExperienceProvider = Callable[[Any], list[Experience]]

_try_it: list[TryItProvider] = []
_experiences: list[ExperienceProvider] = []


def register_try_it(provider: TryItProvider) -> None:
    if provider not in _try_it:
        _try_it.append(provider)


def register_experiences(provider: ExperienceProvider) -> None:
    if provider not in _experiences:
        _experiences.append(provider)


def try_it_for(user: Any, occupation_codes: Sequence[str], limit: int = 3) -> list[TryIt]:
    """What `user` can try now toward any of these careers, from every registered provider."""
    if user is None or not getattr(user, "is_authenticated", False) or not occupation_codes:
        return []
    found: list[TryIt] = []
    for provider in _try_it:
        found.extend(provider(user, list(occupation_codes), limit))
    return found[:limit]


def experiences_of(student: Any) -> list[Experience]:
    return [item for provider in _experiences for item in provider(student)]
