"""The metric registry: each Perkins V secondary indicator declared once, with its label, the row
that gives a student's attributes, and vectorised denominator and numerator masks.
Pure: no Django models, no database (labels are lazy translations).

An indicator for reporting year Y is measured on one row per student, its *basis*:

- `year`: the student's row in school year Y (2S1-2S3, 4S1, 5S1-5S3);
- `latest`: the student's latest row in a school year up to Y (1S1, 1S2), so students who left
  before their cohort's year still count in their cohort;
- `previous_year`: the student's row in Y - 1, the year they exited (3S1: placement is measured
  in the second quarter after exit, reported the year after).

That row gives the student's school, district, program, cluster, sex, race/ethnicity and special
populations for the indicator. `denominator(rows)` and `numerator(rows)` return boolean masks over
the basis rows; the engine counts numerator & denominator, so a numerator need not repeat the
denominator's conditions.

A student is a *concentrator* from the first school year in which `cte_courses_in_program`
reaches `Rules.concentrator_courses` (default 2) and stays one afterwards. `RowSet.concentrator`
is "a concentrator by the basis row's school year" (by Y, or by Y - 1 for 3S1).

Adding a local metric is one call::

    register(Metric(code="L1", name=_("..."), description=_("..."), basis="year",
                    denominator=lambda rows: rows.concentrator,
                    numerator=lambda rows: rows["wbl_participated"] == 1))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from numpy.typing import NDArray

from .studentyears import RACES, SEXES, SPECIAL_POPULATION_COLUMNS, parse_sex

Basis = Literal["year", "latest", "previous_year"]
BASES: Final[tuple[Basis, ...]] = ("year", "latest", "previous_year")
Mask = NDArray[np.bool_]
Label = str | Promise

NEVER: Final = 32_767  # "first year" of something that never happened
DEFAULT_CONCENTRATOR_COURSES: Final = 2.0
DEFAULT_MIN_N: Final = 10
IMPROVEMENT_SHARE: Final = 0.9  # Minnesota: below 90% of the state level triggers an improvement plan


def _normalise_sexes(value: Iterable[str] | str) -> frozenset[str]:
    """ "female"/"F"/"Female" -> {"F"}; a set of such -> their codes; "none"/"" -> {}."""
    items = [value] if isinstance(value, str) else list(value)
    codes = set()
    for item in items:
        if item.strip().lower() in {"", "none"}:
            continue
        code = parse_sex(item)  # raises ValueError on anything else
        if code:
            codes.add(code)
    return frozenset(codes)


@dataclass(frozen=True)
class Rules:
    """The configurable parts of the indicators (documented defaults).

    `nontraditional` maps a program code to the sexes for which it is non-traditional, e.g.
    {"WELD-1": {"F"}, "NURS-1": {"M"}} (values may also be "female"/"male", the
    ProgramOfStudy.nontraditional_for choices). `indicators` limits the computation to some codes
    (None = every registered metric)."""

    concentrator_courses: float = DEFAULT_CONCENTRATOR_COURSES
    nontraditional: Mapping[str, frozenset[str]] = field(default_factory=dict)
    min_n: int = DEFAULT_MIN_N
    indicators: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not self.concentrator_courses > 0:
            raise ValueError("concentrator_courses must be above 0")
        if self.min_n < 0:
            raise ValueError("min_n must be 0 or more")
        normalised = {str(k): _normalise_sexes(v) for k, v in self.nontraditional.items()}
        object.__setattr__(self, "nontraditional", {k: v for k, v in normalised.items() if v})
        if self.indicators is not None:
            unknown = sorted(set(self.indicators) - set(REGISTRY))
            if unknown:
                raise ValueError(f"unknown indicator(s): {', '.join(unknown)}")


class RowSet:
    """The basis rows of one indicator for reporting year `year`, with lazy column access.

    `rows["column"]` is that column at these rows; besides the file's columns the engine provides
    the per-row derived arrays `concentrator_since`, `graduated_4yr_since`,
    `graduated_extended_since` (the student's first such school year, NEVER if none) and
    `nontraditional` (the row's program is non-traditional for the row's sex)."""

    def __init__(
        self, year: int, basis: Basis, rows: NDArray[np.intp], columns: Mapping[str, NDArray[Any]]
    ) -> None:
        self.year = year
        self.basis = basis
        self.rows = rows
        self._columns = columns
        self._cache: dict[str, NDArray[Any]] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, name: str) -> NDArray[Any]:
        found = self._cache.get(name)
        if found is None:
            found = self._columns[name][self.rows]
            self._cache[name] = found
        return found

    @property
    def as_of(self) -> int:
        """The school year the basis row belongs to (Y, or Y - 1 for `previous_year`)."""
        return self.year - 1 if self.basis == "previous_year" else self.year

    @property
    def concentrator(self) -> Mask:
        """A concentrator by the end of `as_of`."""
        result: Mask = self["concentrator_since"] <= self.as_of
        return result


MaskFn = Callable[[RowSet], Mask]


@dataclass(frozen=True)
class Metric:
    code: str
    name: Label
    description: Label
    basis: Basis
    denominator: MaskFn
    numerator: MaskFn
    # Which row gives the attributes, in words (docs and dashboards).
    attributes_from: Label = ""


REGISTRY: dict[str, Metric] = {}


def register(metric: Metric, *, replace: bool = False) -> Metric:
    """Add a metric (a local one, say) to the registry; codes are unique unless `replace`."""
    if metric.basis not in BASES:
        raise ValueError(f"unknown basis {metric.basis!r}")
    if metric.code in REGISTRY and not replace:
        raise ValueError(f"metric {metric.code} is already registered")
    REGISTRY[metric.code] = metric
    return metric


def unregister(code: str) -> None:
    REGISTRY.pop(code, None)


def metrics(codes: Iterable[str] | None = None) -> list[Metric]:
    """Registered metrics in registration order (or the given codes, in registry order)."""
    if codes is None:
        return list(REGISTRY.values())
    wanted = set(codes)
    return [m for m in REGISTRY.values() if m.code in wanted]


# --- subgroups --------------------------------------------------------------------------------

NONTRADITIONAL_FIELD: Final = "nontraditional_field"
# The nine Perkins V special populations (§3(48)): eight columns plus individuals preparing for
# non-traditional fields (concentrators whose program is non-traditional for their sex).
SPECIAL_POPULATIONS: Final[tuple[str, ...]] = (*SPECIAL_POPULATION_COLUMNS, NONTRADITIONAL_FIELD)
SEX_SUBGROUPS: Final[tuple[str, ...]] = tuple(f"sex:{s}" for s in SEXES)
RACE_SUBGROUPS: Final[tuple[str, ...]] = tuple(f"race:{r}" for r in RACES)
SUBGROUPS: Final[tuple[str, ...]] = ("all", *SEX_SUBGROUPS, *RACE_SUBGROUPS, *SPECIAL_POPULATIONS)
# Subgroups that partition "all" (up to students whose value is unknown): suppression.py.
PARTITIONS: Final[tuple[tuple[str, ...], ...]] = (SEX_SUBGROUPS, RACE_SUBGROUPS)

SUBGROUP_LABELS: Final[Mapping[str, Label]] = {
    "all": _("All concentrators"),
    "sex:F": _("Female"),
    "sex:M": _("Male"),
    "sex:X": _("Nonbinary or not selected"),
    "race:hispanic_latino": _("Hispanic or Latino"),
    "race:american_indian_alaska_native": _("American Indian or Alaska Native"),
    "race:asian": _("Asian"),
    "race:black_african_american": _("Black or African American"),
    "race:native_hawaiian_pacific_islander": _("Native Hawaiian or Pacific Islander"),
    "race:white": _("White"),
    "race:two_or_more": _("Two or more races"),
    "economically_disadvantaged": _("Economically disadvantaged"),
    "disability": _("Individuals with disabilities"),
    "english_learner": _("English learners"),
    "homeless": _("Homeless individuals"),
    "foster_care": _("Youth in, or aged out of, foster care"),
    "military_parent": _("Youth with a parent on active military duty"),
    "single_parent": _("Single parents"),
    "out_of_workforce": _("Out-of-workforce individuals"),
    NONTRADITIONAL_FIELD: _("Individuals preparing for non-traditional fields"),
}
assert set(SUBGROUP_LABELS) == set(SUBGROUPS)


def subgroup_masks(rows: RowSet) -> dict[str, Mask]:
    """Membership of each subgroup among the basis rows (from the basis row's values)."""
    sex, race = rows["sex"], rows["race_ethnicity"]
    masks: dict[str, Mask] = {"all": np.ones(len(rows), dtype=bool)}
    for code in SEXES:
        masks[f"sex:{code}"] = sex == code
    for code in RACES:
        masks[f"race:{code}"] = race == code
    for column in SPECIAL_POPULATION_COLUMNS:
        masks[column] = rows[column] == 1
    masks[NONTRADITIONAL_FIELD] = rows["nontraditional"].astype(bool)
    return masks


def flag_below_level(
    rate: float | None, level: float | None, *, share: float = IMPROVEMENT_SHARE
) -> bool | None:
    """True when `rate` is below `share` (90%) of the performance `level` (same units, e.g. both
    fractions); None when either is missing (a suppressed cell is never flagged)."""
    if rate is None or level is None:
        return None
    return rate < share * level


# --- the Perkins V secondary indicators ----------------------------------------------------------


def _1s1_denominator(rows: RowSet) -> Mask:
    return rows.concentrator & (rows["cohort_year"] == rows.year)


def _1s1_numerator(rows: RowSet) -> Mask:
    return rows["graduated_4yr_since"] <= rows.year


def _1s2_denominator(rows: RowSet) -> Mask:
    return rows.concentrator & (rows["cohort_year"] == rows.year - 1)


def _1s2_numerator(rows: RowSet) -> Mask:
    return rows["graduated_extended_since"] <= rows.year


def _tested(column: str) -> MaskFn:
    def denominator(rows: RowSet) -> Mask:
        return rows.concentrator & (rows[column] >= 0)

    return denominator


def _proficient(column: str) -> MaskFn:
    def numerator(rows: RowSet) -> Mask:
        result: Mask = rows[column] == 1
        return result

    return numerator


def _3s1_denominator(rows: RowSet) -> Mask:
    placement = rows["placement"]
    known = (placement != "unknown") & (placement != "")
    return rows.concentrator & (rows["exited_secondary"] == 1) & known


def _3s1_numerator(rows: RowSet) -> Mask:
    placement = rows["placement"]
    return (placement != "none") & (placement != "unknown")


def _4s1_denominator(rows: RowSet) -> Mask:
    return rows.concentrator


def _4s1_numerator(rows: RowSet) -> Mask:
    return rows["nontraditional"].astype(bool)


def _graduated_in_year(rows: RowSet) -> Mask:
    return rows.concentrator & ((rows["graduated_4yr"] == 1) | (rows["graduated_extended"] == 1))


def _5s1_numerator(rows: RowSet) -> Mask:
    result: Mask = rows["credential_attained"] == 1
    return result


def _5s2_numerator(rows: RowSet) -> Mask:
    result: Mask = rows["postsecondary_credits"] > 0
    return result


def _5s3_numerator(rows: RowSet) -> Mask:
    result: Mask = rows["wbl_participated"] == 1
    return result


_YEAR_ROW = _("the student's row in the reporting year")
_LATEST_ROW = _("the student's latest row up to the reporting year")

register(
    Metric(
        code="1S1",
        name=_("Four-year graduation rate"),
        description=_(
            "Concentrators whose cohort year is the reporting year, who graduated in four years "
            "(graduated_4yr = Y on any row up to the reporting year)."
        ),
        basis="latest",
        denominator=_1s1_denominator,
        numerator=_1s1_numerator,
        attributes_from=_LATEST_ROW,
    )
)
register(
    Metric(
        code="1S2",
        name=_("Extended graduation rate"),
        description=_(
            "Concentrators whose cohort year is the year before the reporting year, who graduated "
            "within the extended period (graduated_extended = Y on any row up to the reporting year)."
        ),
        basis="latest",
        denominator=_1s2_denominator,
        numerator=_1s2_numerator,
        attributes_from=_LATEST_ROW,
    )
)
for _code, _column, _name, _description in (
    (
        "2S1",
        "reading_proficient",
        _("Academic proficiency in reading/language arts"),
        _("Concentrators with a reading/language arts result in the reporting year who were proficient."),
    ),
    (
        "2S2",
        "math_proficient",
        _("Academic proficiency in mathematics"),
        _("Concentrators with a mathematics result in the reporting year who were proficient."),
    ),
    (
        "2S3",
        "science_proficient",
        _("Academic proficiency in science"),
        _("Concentrators with a science result in the reporting year who were proficient."),
    ),
):
    register(
        Metric(
            code=_code,
            name=_name,
            description=_description,
            basis="year",
            denominator=_tested(_column),
            numerator=_proficient(_column),
            attributes_from=_YEAR_ROW,
        )
    )
register(
    Metric(
        code="3S1",
        name=_("Post-program placement"),
        description=_(
            "Concentrators who exited secondary education the year before the reporting year with a "
            "known placement, placed in postsecondary education, advanced training, the military, a "
            "service program or employment."
        ),
        basis="previous_year",
        denominator=_3s1_denominator,
        numerator=_3s1_numerator,
        attributes_from=_("the student's row in the year they exited (the year before the reporting year)"),
    )
)
register(
    Metric(
        code="4S1",
        name=_("Non-traditional program concentration"),
        description=_("Concentrators in the reporting year whose program is non-traditional for their sex."),
        basis="year",
        denominator=_4s1_denominator,
        numerator=_4s1_numerator,
        attributes_from=_YEAR_ROW,
    )
)
for _code, _numerator, _name, _description in (
    (
        "5S1",
        _5s1_numerator,
        _("Attained a recognized postsecondary credential"),
        _("Concentrators graduating in the reporting year who attained a recognized credential."),
    ),
    (
        "5S2",
        _5s2_numerator,
        _("Attained postsecondary credits"),
        _("Concentrators graduating in the reporting year who earned postsecondary (dual) credits."),
    ),
    (
        "5S3",
        _5s3_numerator,
        _("Participated in work-based learning"),
        _("Concentrators graduating in the reporting year who took part in work-based learning."),
    ),
):
    register(
        Metric(
            code=_code,
            name=_name,
            description=_description,
            basis="year",
            denominator=_graduated_in_year,
            numerator=_numerator,
            attributes_from=_YEAR_ROW,
        )
    )
PERKINS_SECONDARY: Final[tuple[str, ...]] = tuple(REGISTRY)
