"""Reads for the Interest Profiler: who may see which attempt, consent, and career matches.

Visibility (STYLE rule 12, built on `accounts.policies`):

- a student sees and takes their own attempts;
- whoever may see the student (`policies.students_visible_to`: their counselor, teachers and
  district and consortium staff, and their linked guardians) may read their completed attempts,
  results and matches; the views write `student.view` to the audit log for such reads;
- anybody else gets the same 404 as for a missing attempt.

Matching (method and formula in docs/matching/career-matching.md, pages in
docs/students-profiler.md): every occupation with the six O*NET interest ratings is ranked by
the Pearson correlation of its ratings with the student's six scores, via
`pathways.matching.interests.rank_occupations`. The ratings are read once per process into a
NumPy matrix, rebuilt when a public dataset is reloaded (like `catalog/search.py`).

Caching (the pages are read far more often than anything they show changes): the matrix's
`version` names the load of every public dataset (occupations, wages, projections, CIP, areas),
so whatever is cached under it is dropped naturally when one is reloaded. `matches_list` caches
each ranked, sorted list (language-independent: positions, similarity and bands) in Django's
cache under the profile's six scores, the job zones, the sort, the area (for the pay sort) and
that version; only the shown page's rows are read from the database, in a fixed number of
queries however many rows the page has.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final
from uuid import UUID

import numpy as np
import numpy.typing as npt
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from pathways.accounts import policies
from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.policies import Actor
from pathways.accounts.roles import Role
from pathways.catalog.models import CipProgram, CipSoc, Occupation
from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import DatasetImport
from pathways.labor.models import Projection, Wage, WageArea
from pathways.labor.selectors import (
    ResolvedArea,
    Threshold,
    area_resolve,
    family_sustaining_threshold,
    projections_by_soc,
    wages_by_soc,
)
from pathways.matching.interests import (
    AREAS,
    OTHER_BAND,
    BatchRanking,
    FlatProfileError,
    Ranking,
    is_flat,
    rank_occupations,
    top_areas,
    top_occupations,
)
from pathways.orgs.models import School

from .models import AttemptStatus, ConsentStatus, ProfilerAttempt, StudentProfile, StudentSettings

NOTHING = Q(pk__in=[])
ALL_ZONES: Final = (1, 2, 3, 4, 5)
MATCH_SORTS: Final = ("fit", "wage", "openings")
#: A student whose grade is at most this (and whose date of birth is unknown) may be under 13.
UNDER_13_MAX_GRADE: Final = 7
#: When no career reaches the "good" band, this many of the closest are shown, marked as weak.
WEAK_MATCHES_SHOWN: Final = 10
#: How long a ranked list of matches stays in the cache (its key changes with the data anyway).
RANKED_CACHE_SECONDS: Final = 600


# --- the O*NET interest ratings, once per process --------------------------------------------


@dataclass(frozen=True)
class RatingsMatrix:
    """Every occupation with all six O*NET interest ratings, sorted by O*NET-SOC code.

    Rows are in code order, so the library's tie-break by row is its tie-break by code.
    """

    version: str
    codes: tuple[str, ...]
    soc_codes: tuple[str, ...]
    titles: tuple[str, ...]
    ratings: npt.NDArray[np.float64]  # (N, 6), RIASEC order, O*NET scale 1-7
    job_zones: npt.NDArray[np.int64]  # (N,), 0 when O*NET gives none
    tops: tuple[str, ...]  # each occupation's three highest areas, e.g. "SIC"
    position: dict[str, int]

    def __len__(self) -> int:
        return len(self.codes)


_lock = threading.Lock()
_matrix: RatingsMatrix | None = None


def _current_version() -> str:
    """When each public dataset was last loaded, as one short string (one small query).

    Every dataset counts, not only `occupations`: the version also keys cached lists that show
    wages, projections and college programs."""
    loads = sorted(DatasetImport.objects.values_list("name", "loaded_at"))
    if not loads:
        return "empty"
    text = ";".join(f"{name}={loaded.isoformat() if loaded else ''}" for name, loaded in loads)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _occupation_top(row: Sequence[float]) -> str:
    """The three highest areas of an occupation; ties in R, I, A, S, E, C order."""
    return "".join(sorted(AREAS, key=lambda a: (-row[AREAS.index(a)], AREAS.index(a)))[:3])


def _build(version: str) -> RatingsMatrix:
    rows = list(
        Occupation.objects.filter(
            interest_r__isnull=False,
            interest_i__isnull=False,
            interest_a__isnull=False,
            interest_s__isnull=False,
            interest_e__isnull=False,
            interest_c__isnull=False,
        )
        .order_by("code")
        .values_list(
            "code",
            "soc_code",
            "title",
            "job_zone_id",
            "interest_r",
            "interest_i",
            "interest_a",
            "interest_s",
            "interest_e",
            "interest_c",
        )
    )
    ratings = np.array([r[4:] for r in rows], dtype=np.float64).reshape(len(rows), len(AREAS))
    return RatingsMatrix(
        version=version,
        codes=tuple(r[0] for r in rows),
        soc_codes=tuple(r[1] for r in rows),
        titles=tuple(r[2] for r in rows),
        ratings=ratings,
        job_zones=np.array([r[3] or 0 for r in rows], dtype=np.int64),
        tops=tuple(_occupation_top([float(v or 0) for v in r[4:]]) for r in rows),
        position={r[0]: i for i, r in enumerate(rows)},
    )


def ratings_matrix() -> RatingsMatrix:
    """The cached matrix; rebuilt when a public dataset has been reloaded (`version` says which
    load it was built from, and keys the caches of anything derived from these data)."""
    global _matrix
    version = _current_version()
    if _matrix is None or _matrix.version != version:
        with _lock:
            if _matrix is None or _matrix.version != version:
                _matrix = _build(version)
    return _matrix


def ratings_matrix_clear() -> None:
    global _matrix
    with _lock:
        _matrix = None


# --- ranking ---------------------------------------------------------------------------------


def zones_clean(zones: Iterable[int] | None, *, field: str = "job_zone") -> tuple[int, ...]:
    """Job zones 1-5, sorted and unique; empty or all five means no filter (all zones)."""
    chosen = tuple(sorted(set(zones or ())))
    if any(isinstance(z, bool) or not isinstance(z, int) or z not in ALL_ZONES for z in chosen):
        raise InvalidInput(_("Job zones are numbers from 1 to 5."), field=field)
    return chosen or ALL_ZONES


def occupations_ranked(
    profile: Sequence[float] | Mapping[str, float], *, zones: Iterable[int] | None = None
) -> tuple[RatingsMatrix, Ranking]:
    """Every occupation with interest data, best fit first, for a profile of six numbers (RIASEC).

    Only the profile's shape counts (a constant added to all six, or a positive factor, changes
    nothing). With `zones`, only occupations in those job zones (an occupation without a zone is
    never shown under a filter). Raises `FlatProfileError` when the six values are all equal.
    """
    values = [profile[a] for a in AREAS] if isinstance(profile, Mapping) else list(profile)
    matrix = ratings_matrix()
    return matrix, _rank(matrix, values, zones_clean(zones))


def _rank(matrix: RatingsMatrix, values: Sequence[float], chosen: tuple[int, ...]) -> Ranking:
    if chosen == ALL_ZONES:
        return rank_occupations(values, matrix.ratings)
    return rank_occupations(values, matrix.ratings, job_zones=matrix.job_zones, zones=chosen)


def occupations_top_batch(
    profiles: npt.ArrayLike, *, k: int = 20, zones: Iterable[int] | None = None
) -> BatchRanking:
    """The `k` best-fitting occupations for each of many profiles (shape (P, 6), RIASEC), in the
    same order as `occupations_ranked`; rows are matrix rows (`ratings_matrix().codes[row]`).
    Flat profiles are marked in `flat` (their rows are -1), not refused."""
    matrix = ratings_matrix()
    chosen = zones_clean(zones)
    if chosen == ALL_ZONES:
        return top_occupations(profiles, matrix.ratings, k)
    return top_occupations(profiles, matrix.ratings, k, job_zones=matrix.job_zones, zones=chosen)


# --- the why sentence ------------------------------------------------------------------------

#: What a day in each area is made of, as the object of "spend their days on ...".
AREA_DOING: Final[dict[str, Promise]] = {
    "R": gettext_lazy("hands-on work with tools"),
    "I": gettext_lazy("solving problems"),
    "A": gettext_lazy("creating things"),
    "S": gettext_lazy("helping people"),
    "E": gettext_lazy("taking the lead"),
    "C": gettext_lazy("organizing information"),
}


def area_names() -> dict[str, str]:
    from pathways.catalog.selectors import riasec_labels

    return riasec_labels()


def join_and(first: str, second: str) -> str:
    """ "A and B"; in Spanish "y" becomes "e" before a word that starts with the sound i."""
    if (get_language() or "").startswith("es") and re.match(r"(?i)h?[ií](?![aeiouáéíóú])", second):
        return pgettext(
            "joining two words when the second starts with the sound i", "%(first)s and %(second)s"
        ) % {
            "first": first,
            "second": second,
        }
    return _("%(first)s and %(second)s") % {"first": first, "second": second}


def why_sentence(student_top: Sequence[str], occupation_top: Sequence[str]) -> str:
    """One sentence that says why a career matches (see `_why_sentence`), in the active language."""
    return _why_cached(get_language() or "", "".join(student_top[:3]), "".join(occupation_top[:3]))


@functools.lru_cache(maxsize=8192)
def _why_cached(language: str, student_top: str, occupation_top: str) -> str:
    # A sentence depends only on the language and the two codes (6 x 5 x 4 squared, at most 14,400).
    return _why_sentence(student_top, occupation_top)


def _why_sentence(student_top: Sequence[str], occupation_top: Sequence[str]) -> str:
    """One sentence that says why a career matches, from the student's and the career's top areas.

    The template (docs/students-profiler.md): the student's top three areas that are also among
    the occupation's top three, in the student's order,

    - two or more shared, and they are the student's first two: "You like A and B activities most,
      and people in this job spend their days on exactly those: <doing A> and <doing B>.";
    - two or more shared otherwise: "A and B activities are among your favorites, and this job is
      built around them: ...";
    - one shared: "You like A activities most, and <doing A> is a big part of this job." (or "A
      activities are among your favorites, and ..." when A is not the student's first);
    - none: "This job is mostly about <doing X> and <doing Y>, a mix close to the pattern of your
      answers." (X, Y: the occupation's first two areas).
    """
    names = area_names()
    mine = list(student_top[:3])
    theirs = set(occupation_top[:3])
    shared = [a for a in mine if a in theirs]
    if len(shared) >= 2:
        a, b = shared[:2]
        values = {
            "areas": join_and(names[a], names[b]),
            "doing": join_and(str(AREA_DOING[a]), str(AREA_DOING[b])),
        }
        if [a, b] == mine[:2]:
            return (
                _(
                    "You like %(areas)s activities most, and people in this job spend their days on "
                    "exactly those: %(doing)s."
                )
                % values
            )
        return (
            _("%(areas)s activities are among your favorites, and this job is built around them: %(doing)s.")
            % values
        )
    if len(shared) == 1:
        a = shared[0]
        values = {"area": names[a], "doing": str(AREA_DOING[a])}
        if a == mine[0]:
            return _("You like %(area)s activities most, and %(doing)s is a big part of this job.") % values
        return (
            _("%(area)s activities are among your favorites, and %(doing)s is a big part of this job.")
            % values
        )
    x, y = list(occupation_top[:2])
    return _("This job is mostly about %(doing)s, a mix close to the pattern of your answers.") % {
        "doing": join_and(str(AREA_DOING[x]), str(AREA_DOING[y]))
    }


# --- students, profiles and consent ----------------------------------------------------------


def student_membership(user: Actor) -> Membership | None:
    """The user's student membership (the first, if several), with its school and consortium."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("school", "consortium")
        .filter(user_id=user.pk, role=Role.STUDENT)
        .order_by("pk")
        .first()
    )


def profile_of(student: User) -> StudentProfile | None:
    return StudentProfile.objects.select_related("school", "consortium").filter(student=student).first()


def profile_for_matches(student: User) -> StudentProfile | None:
    """The student's profile with their school: the choices their career matches use."""
    try:
        return StudentProfile.objects.select_related("school").get(student=student)
    except StudentProfile.DoesNotExist:
        return None


def student_settings(consortium_id: int) -> StudentSettings:
    """The consortium's student-data policy; the defaults (an unsaved row) when it set none."""
    found = StudentSettings.objects.filter(consortium_id=consortium_id).first()
    return found if found is not None else StudentSettings(consortium_id=consortium_id)


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def possibly_under_13(
    *, date_of_birth: date | None, grade_level: int | None, school: School | None, today: date | None = None
) -> bool:
    """The under-13 rule (docs/students-profiler.md).

    1. A date of birth on record decides: under 13 today or not.
    2. Else the student's grade: grade 7 or below may be under 13 (most 7th graders turn 13
       during the year), grade 8 and up are treated as 13 or older.
    3. Else the school's lowest grade: a school that teaches grade 7 or below may have
       under-13 students, so its students count as possibly under 13.
    4. Nothing known: possibly under 13 (the careful answer).
    """
    if date_of_birth is not None:
        return age_on(date_of_birth, today or timezone.localdate()) < 13
    if grade_level is not None:
        return grade_level <= UNDER_13_MAX_GRADE
    if school is not None and school.grade_low is not None:
        return school.grade_low <= UNDER_13_MAX_GRADE
    return True


@dataclass(frozen=True)
class ConsentState:
    """What the consent rule says for one student now."""

    under_13: bool  # possibly under 13, by the rule above
    required: bool  # the consortium requires consent under 13
    status: str  # ConsentStatus value
    source: str  # ConsentSource value, or ""
    recorded_by: User | None
    recorded_at: datetime | None
    school_may_consent: bool
    guardian_may_consent: bool

    @property
    def needs_consent(self) -> bool:
        """Consent is needed before anything is stored (and has not been given)."""
        return self.under_13 and self.required and self.status != ConsentStatus.GRANTED

    @property
    def may_store(self) -> bool:
        return not self.needs_consent

    @property
    def granted(self) -> bool:
        return self.status == ConsentStatus.GRANTED


def consent_state(student: User, profile: StudentProfile | None, consortium_id: int | None) -> ConsentState:
    school = profile.school if profile is not None else None
    if school is None:
        membership = student_membership(student)
        school = membership.school if membership is not None else None
    rules = student_settings(consortium_id) if consortium_id is not None else StudentSettings()
    return ConsentState(
        under_13=possibly_under_13(
            date_of_birth=profile.date_of_birth if profile is not None else None,
            grade_level=student.grade_level,
            school=school,
        ),
        required=rules.require_consent_under_13,
        status=profile.consent_status if profile is not None else ConsentStatus.PENDING,
        source=profile.consent_source if profile is not None else "",
        recorded_by=profile.consent_recorded_by if profile is not None else None,
        recorded_at=profile.consent_recorded_at if profile is not None else None,
        school_may_consent=rules.school_may_consent,
        guardian_may_consent=rules.guardian_may_consent,
    )


def student_school(student: User, profile: StudentProfile | None = None) -> School | None:
    if profile is not None and profile.school_id is not None:
        return profile.school
    membership = student_membership(student)
    return membership.school if membership is not None else None


def may_consent_as_school(user: Actor, student: User, school: School | None, state: ConsentState) -> bool:
    """School staff who work with the student: counselors and teachers of their school, its
    district's administrators and the consortium's leaders, if the consortium lets the school consent."""
    return state.school_may_consent and school is not None and policies.is_educator_at(user, school)


def is_guardian_of(user: Actor, student: User) -> bool:
    return (
        user.is_authenticated and GuardianLink.objects.filter(guardian_id=user.pk, student=student).exists()
    )


def may_consent_as_guardian(user: Actor, student: User, state: ConsentState) -> bool:
    return state.guardian_may_consent and is_guardian_of(user, student)


def may_withdraw_consent(user: Actor, student: User, school: School | None) -> bool:
    """Withdrawal is always open to the student's linked guardians and to school staff, whatever
    the consortium's rule about who may give consent."""
    return is_guardian_of(user, student) or (school is not None and policies.is_educator_at(user, school))


def access_consent_student(user: Actor, public_id: UUID | str) -> User:
    """A student whose consent this user may see: any student visible to them (not themselves)."""
    student = policies.access_student(user, public_id)
    if student.pk == user.pk:
        raise NotFound(_("Not found."))
    return student


# --- attempts --------------------------------------------------------------------------------


def attempts_visible_to(user: Actor) -> Q:
    s = policies.scope_of(user)
    if s.user_id is None:
        return NOTHING
    return Q(student_id=s.user_id) | Q(
        student_id__in=User.objects.filter(policies.students_visible_to(user)).values("pk")
    )


def access_attempt(user: Actor, public_id: UUID | str) -> ProfilerAttempt:
    if isinstance(user, User):
        # Most reads are a student's own: one simple query first, the full rule only otherwise
        # (the same attempts are visible either way; the student is the user, already read).
        try:
            own = ProfilerAttempt.objects.get(public_id=public_id, student_id=user.pk)
        except (ProfilerAttempt.DoesNotExist, ValidationError, ValueError, TypeError):
            pass  # not theirs, missing or malformed: the full rule answers, with the same 404
        else:
            own.student = user
            return own
    return policies.access(
        ProfilerAttempt.objects.select_related("student", "consortium"), public_id, attempts_visible_to(user)
    )


def access_own_attempt(user: Actor, public_id: UUID | str) -> ProfilerAttempt:
    """An attempt the user may answer: only their own."""
    s = policies.scope_of(user)
    visible = NOTHING if s.user_id is None else Q(student_id=s.user_id)
    return policies.access(ProfilerAttempt.objects.select_related("student"), public_id, visible)


def attempt_in_progress(student: User) -> ProfilerAttempt | None:
    return (
        ProfilerAttempt.objects.filter(student=student, status=AttemptStatus.IN_PROGRESS)
        .order_by("-created_at", "-pk")
        .first()
    )


def attempts_completed(student: User) -> QuerySet[ProfilerAttempt]:
    return ProfilerAttempt.objects.filter(student=student, status=AttemptStatus.COMPLETED).order_by(
        "-completed_at", "-pk"
    )


def attempt_latest_completed(student: User) -> ProfilerAttempt | None:
    return attempts_completed(student).first()


def first_unanswered(answers: str) -> int | None:
    """1-based position of the first item not answered yet, or None when all are."""
    index = answers.find("0")
    return None if index < 0 else index + 1


# --- areas -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudentArea:
    resolved: ResolvedArea
    source: str  # "profile": the student chose it; "school": their school's; "visitor": the area picker's

    @property
    def area(self) -> WageArea:
        return self.resolved.area


def school_area(school: School | None, *, version: str = "") -> WageArea | None:
    """The wage area of the school's county, else of its ZIP code's county.

    One small query for the area's code (none when `version`, the public data's, is given and
    the same school, county and ZIP code were looked up since: counties belong to areas in the
    public data); the area itself comes from the labor app's per-process cache (`area_resolve`)."""
    if school is None:
        return None
    key = f"profiler-school-area:{version}:{school.pk}:{school.county_id}:{school.zip_code_id}"
    code = cache.get(key) if version else None
    if code is None:
        found = list(
            School.objects.filter(pk=school.pk).values_list(
                "county_id", "county__wage_area_id", "zip_code_id", "zip_code__county__wage_area_id"
            )[:1]
        )
        if not found:
            return None
        county, county_area, zip_code, zip_area = found[0]
        code = (county_area if county else zip_area if zip_code else None) or ""
        if version:
            cache.set(key, code, RANKED_CACHE_SECONDS)
    if not code:
        return None
    try:
        return area_resolve(code).area
    except (NotFound, InvalidInput):
        return None


def student_area(
    *, chosen: str, school: School | None, visitor: ResolvedArea, version: str = ""
) -> StudentArea:
    """Where a student's figures come from: the area they chose (`StudentProfile.area_code`),
    else their school's county's wage area, else the visitor's area picker (the nation when none
    was picked). `version`: see `school_area`."""
    if chosen:
        try:
            return StudentArea(area_resolve(chosen), "profile")
        except (NotFound, InvalidInput):
            pass
    area = school_area(school, version=version)
    if area is not None:
        return StudentArea(ResolvedArea(area), "school")
    return StudentArea(visitor, "visitor")


# --- matches ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramReach:
    """A program of study the student can reach that leads to the occupation."""

    program_id: UUID
    name: str
    how: str  # programs.selectors.Reach value
    how_label: str
    place: str
    delivery: str


@dataclass
class MatchRow:
    occupation: Occupation
    rank: int  # 1 = best fit
    similarity: float
    band: str
    why: str
    wage: Wage | None
    projection: Projection | None
    family_sustaining: bool | None
    programs: list[ProgramReach] = field(default_factory=list)
    cip_count: int = 0
    top: str = ""

    @property
    def code(self) -> str:
        return self.occupation.code

    @property
    def fit_percent(self) -> int:
        """The similarity (-1..1) as a 0-100 figure people read as "how close"."""
        return max(0, round(self.similarity * 100))


@dataclass
class MatchList:
    scores: dict[str, int]
    student_top: list[str]
    area: WageArea
    zones: tuple[int, ...]
    sort: str
    count: int = 0
    rows: list[MatchRow] = field(default_factory=list)
    flat: bool = False  # all six scores equal: no list at all
    near_flat: bool = False  # within the library's FLAT_SPREAD: a list, with a note
    weak: bool = False  # nothing reached the "good" band: the closest few, marked
    threshold: Threshold | None = None
    band_counts: dict[str, int] = field(default_factory=dict)


def _reach_by_soc(school: School | None, links: list[tuple[str, str]]) -> dict[str, list[ProgramReach]]:
    """Programs of study reachable from `school` that lead to each SOC code, given the CIP-SOC
    crosswalk rows `links` (cip, soc) of the SOC codes wanted."""
    if school is None or not links:
        return {}
    from pathways.programs.models import ProgramOfStudy, ProgramStatus
    from pathways.programs.selectors import programs_reachable_from

    # Most careers have no program at the school: ask the finder only when one may match.
    candidates = ProgramOfStudy.objects.filter(
        consortium_id=school.consortium_id,
        status=ProgramStatus.ACTIVE,
        eligible_schools=school,
        # A subquery rather than a list: a few careers link to a hundred CIP codes or more.
        cip_id__in=CipSoc.objects.filter(soc_code__in={soc for _cip, soc in links}).values("cip_id"),
    )
    if not candidates.exists():
        return {}
    reachable = programs_reachable_from(school)
    if not reachable:
        return {}
    by_cip: dict[str, list[ProgramReach]] = {}
    for row in reachable:
        by_cip.setdefault(row.program.cip_id, []).append(
            ProgramReach(
                program_id=row.program.public_id,
                name=row.program.name,
                how=row.how,
                how_label=row.how_label,
                place=row.place,
                delivery=row.program.delivery_mode,
            )
        )
    result: dict[str, list[ProgramReach]] = {}
    for cip, soc in links:
        result.setdefault(soc, []).extend(by_cip.get(cip, []))
    return {soc: programs for soc, programs in result.items() if programs}


def _cip_counts(links: list[tuple[str, str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _cip, soc in links:
        counts[soc] = counts.get(soc, 0) + 1
    return counts


def _sorted_positions(matrix: RatingsMatrix, positions: list[int], area: WageArea, sort: str) -> list[int]:
    """`positions` (in fit order) re-sorted by wage or openings, unknown figures last, fit breaking ties."""
    if sort == "fit":
        return positions
    socs = {matrix.soc_codes[p] for p in positions}
    values: dict[str, Any]
    if sort == "wage":
        values = dict(
            Wage.objects.filter(area=area, soc_code__in=socs).values_list("soc_code", "annual_median")
        )
    else:
        values = dict(Projection.objects.filter(soc_code__in=socs).values_list("soc_code", "openings_annual"))
    fit_rank = {p: i for i, p in enumerate(positions)}

    def key(p: int) -> tuple[bool, float, int]:
        value = values.get(matrix.soc_codes[p])
        return (value is None, -float(value) if value is not None else 0.0, fit_rank[p])

    return sorted(positions, key=key)


def matches_list(
    *,
    scores: Mapping[str, int],
    area: WageArea,
    zones: Iterable[int] | None = None,
    sort: str = "fit",
    limit: int = 20,
    offset: int = 0,
    school: School | None = None,
    matrix: RatingsMatrix | None = None,
) -> MatchList:
    """The careers that fit the student's scores (bands best, great and good), with local figures.

    Sorted by fit (default), by median wage in `area` or by openings; unknown figures last.
    A perfectly flat profile (all six equal) gets `flat=True` and no rows. Nothing in the good
    band or better: the closest WEAK_MATCHES_SHOWN, marked `weak`. The ranked list comes from
    the cache when it can (`matches_ranked`); the rows of the page are read in a fixed number of
    queries. `matrix`: `ratings_matrix()` when the caller has just read it.
    """
    if sort not in MATCH_SORTS:
        raise InvalidInput(
            _("sort must be one of: %(values)s") % {"values": ", ".join(MATCH_SORTS)}, field="sort"
        )
    chosen = zones_clean(zones)
    student_top = top_areas(scores)
    result = MatchList(scores=dict(scores), student_top=student_top, area=area, zones=chosen, sort=sort)
    try:
        matrix, ranked = matches_ranked(scores, zones=chosen, sort=sort, area=area, matrix=matrix)
    except FlatProfileError:
        result.flat = True
        return result
    result.near_flat = is_flat(scores)
    result.band_counts = dict(ranked.band_counts)
    result.weak = ranked.weak
    result.count = len(ranked.positions)
    page = list(ranked.positions[offset : offset + limit])
    fit_index = {p: i for i, p in enumerate(ranked.fit_order)}
    rank_of = {p: fit_index[p] + 1 for p in page}
    similarity = {p: ranked.similarity[fit_index[p]] for p in page}
    band = {p: ranked.bands[fit_index[p]] for p in page}
    result.threshold = family_sustaining_threshold(area)
    result.rows = match_rows(
        matrix,
        page,
        student_top=student_top,
        area=area,
        threshold=result.threshold,
        school=school,
        rank_of=rank_of,
        similarity=similarity,
        band=band,
    )
    return result


@dataclass(frozen=True)
class RankedMatches:
    """The careers a profile is matched with, before any figure is read: what `matches_list`
    caches. `fit_order`, `similarity` and `bands` are in fit order; `positions` is the same set
    of matrix rows in the list's order (fit, pay or openings)."""

    fit_order: tuple[int, ...]
    similarity: tuple[float, ...]
    bands: tuple[str, ...]
    positions: tuple[int, ...]
    band_counts: tuple[tuple[str, int], ...]
    weak: bool


def matches_ranked(
    scores: Mapping[str, float],
    *,
    zones: tuple[int, ...],
    sort: str,
    area: WageArea,
    matrix: RatingsMatrix | None = None,
) -> tuple[RatingsMatrix, RankedMatches]:
    """The matched careers (bands best, great and good, else the closest WEAK_MATCHES_SHOWN)
    in the list's order, from Django's cache when the same list was made since the data were
    last loaded. Raises `FlatProfileError` for a perfectly flat profile."""
    matrix = matrix if matrix is not None else ratings_matrix()
    values = [scores[a] for a in AREAS]
    key = ":".join(
        [
            "profiler-ranked",
            matrix.version,
            ",".join(map(repr, values)),
            ",".join(map(str, zones)),
            sort,
            area.code if sort == "wage" else "",  # only the pay sort reads the area's figures
        ]
    )
    cached = cache.get(key)
    if isinstance(cached, RankedMatches):
        return matrix, cached
    ranking = _rank(matrix, values, zones)  # FlatProfileError for a flat profile
    bands = ranking.band
    band_counts = tuple((name, int(np.count_nonzero(bands == name))) for name in ("best", "great", "good"))
    keep = int(np.count_nonzero(bands != OTHER_BAND))  # bands fall with similarity: a prefix
    weak = keep == 0
    if weak:
        keep = min(WEAK_MATCHES_SHOWN, len(ranking.order))
    fit_order = [int(p) for p in ranking.order[:keep]]
    ranked = RankedMatches(
        fit_order=tuple(fit_order),
        similarity=tuple(float(s) for s in ranking.similarity[:keep]),
        bands=tuple(str(b) for b in ranking.band[:keep]),
        positions=tuple(_sorted_positions(matrix, fit_order, area, sort)),
        band_counts=band_counts,
        weak=weak,
    )
    cache.set(key, ranked, RANKED_CACHE_SECONDS)
    return matrix, ranked


def match_rows(
    matrix: RatingsMatrix,
    positions: list[int],
    *,
    student_top: Sequence[str],
    area: WageArea,
    threshold: Threshold | None,
    school: School | None,
    rank_of: Mapping[int, int],
    similarity: Mapping[int, float],
    band: Mapping[int, str],
    what_next: bool = True,
) -> list[MatchRow]:
    """Rows for `positions` (rows of the matrix), with local figures; with `what_next`, also the
    programs of study reachable from `school` and the number of college programs (CIP)."""
    codes = [matrix.codes[p] for p in positions]
    socs = sorted({matrix.soc_codes[p] for p in positions})
    occupations = (
        Occupation.objects.select_related("job_zone")
        .only("code", "soc_code", "title", "job_zone__number", "job_zone__name", "typical_education")
        .in_bulk(codes)
    )
    wages = wages_by_soc(area, socs)
    projections = projections_by_soc(socs)
    links = (
        list(CipSoc.objects.filter(soc_code__in=socs).values_list("cip_id", "soc_code")) if what_next else []
    )
    reach = _reach_by_soc(school, links)
    cips = _cip_counts(links)
    rows = []
    for p in positions:
        soc = matrix.soc_codes[p]
        wage = wages.get(soc)
        flag = None
        if threshold is not None and wage is not None and wage.annual_median is not None:
            flag = wage.annual_median >= threshold.annual_wage
        rows.append(
            MatchRow(
                occupation=occupations[matrix.codes[p]],
                rank=rank_of[p],
                similarity=similarity[p],
                band=band[p],
                why=why_sentence(student_top, matrix.tops[p]),
                wage=wage,
                projection=projections.get(soc),
                family_sustaining=flag,
                programs=reach.get(soc, []),
                cip_count=cips.get(soc, 0),
                top=matrix.tops[p],
            )
        )
    return rows


@dataclass
class MatchDetail:
    row: MatchRow
    area: WageArea
    threshold: Threshold | None
    cip_programs: list[CipProgram]
    in_filter: bool  # the occupation passes the student's job-zone filter
    occupation_ratings: dict[str, float]
    ranked: int  # how many occupations were ranked (all, before any job-zone filter)


def match_detail(
    *,
    scores: Mapping[str, int],
    code: str,
    area: WageArea,
    zones: Iterable[int] | None = None,
    school: School | None = None,
) -> MatchDetail:
    """One career for one student: its fit, why, local figures and what next. NotFound for a
    code without interest data (those are never matched)."""
    matrix = ratings_matrix()
    position = matrix.position.get(code)
    if position is None:
        raise NotFound(
            _("No career with interest data has the code %(code)s.") % {"code": code}, field="code"
        )
    _same, ranking = occupations_ranked(scores)  # FlatProfileError for a flat profile
    order = [int(p) for p in ranking.order]
    index = order.index(position)
    threshold = family_sustaining_threshold(area)
    row = match_rows(
        matrix,
        [position],
        student_top=top_areas(scores),
        area=area,
        threshold=threshold,
        school=school,
        rank_of={position: index + 1},
        similarity={position: float(ranking.similarity[index])},
        band={position: str(ranking.band[index])},
    )[0]
    chosen = zones_clean(zones)
    cip_programs = list(
        CipProgram.objects.filter(soc_links__soc_code=matrix.soc_codes[position]).order_by("code").distinct()
    )
    return MatchDetail(
        row=row,
        area=area,
        threshold=threshold,
        cip_programs=cip_programs,
        in_filter=chosen == ALL_ZONES or int(matrix.job_zones[position]) in chosen,
        occupation_ratings={a: float(v) for a, v in zip(AREAS, matrix.ratings[position], strict=True)},
        ranked=len(order),
    )


__all__ = [
    "ALL_ZONES",
    "MATCH_SORTS",
    "ConsentState",
    "MatchDetail",
    "MatchList",
    "MatchRow",
    "RatingsMatrix",
    "access_attempt",
    "access_own_attempt",
    "attempts_visible_to",
    "matches_list",
    "occupations_ranked",
    "ratings_matrix",
    "why_sentence",
]
