"""Writes: matching rounds (see docs/wbl-matching-rounds.md for the rules and their fairness).

A coordinator (consortium leader) creates a round, adds approved round-allocated opportunities
with their seats and ranking method, and opens it; students rank up to `max_choices` of them
before the deadline; the coordinator closes it; partners rank their applicants (or their
priority rules apply); the coordinator computes the student-proposing stable matching
(`pathways.matching`), reads the statistics, publishes (placements are created), and may open a
vacancy scramble where unmatched students claim remaining seats first come, first served.

Every service takes the acting user, checks it may act (the same NotFound for missing and not
yours), validates before writing (InvalidInput naming the field; nothing changes) and runs in one
transaction. Writes touching a student's record are audited.
"""

from __future__ import annotations

import math
import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pathways.accounts.models import Membership, User
from pathways.accounts.policies import Actor, scope_of
from pathways.accounts.roles import Role
from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound
from pathways.matching import is_stable, lottery_numbers, priority_ranking, stable_match, validate_result
from pathways.orgs.models import Consortium, School

from .. import policies_rounds as pol
from .. import texts
from ..models import (
    Allocation,
    Choice,
    MatchingRound,
    Opportunity,
    OpportunityStatus,
    PartnerRanking,
    PriorityRule,
    RankingMethod,
    RoundOpportunity,
    RoundResult,
    RoundStatus,
)
from .opportunities import _student_program_ids

NAME_MAX = 200
STATEMENT_MAX = 1000
MAX_CHOICES_LIMIT = 20
# Special-population flags of the imported student-year records (reports app), in display order.
POPULATION_FIELDS = (
    "economically_disadvantaged",
    "disability",
    "english_learner",
    "homeless",
    "foster_care",
    "military_parent",
    "single_parent",
)


def _not_found() -> NotFound:
    return NotFound(_("Not found."))


def _coordinator(acting_user: Actor, consortium_id: int) -> None:
    if not pol.is_coordinator(acting_user, consortium_id):
        raise _not_found()


def _audit(acting_user: Actor, action: str, row: Any, **details: Any) -> None:
    audit_record(
        acting_user=acting_user,
        action=f"wbl.{action}",
        object_type=type(row).__name__,
        object_id=str(row.public_id),
        details={"consortium": row.consortium_id, **details},
    )


def _status(rnd: MatchingRound, *allowed: str) -> None:
    if rnd.status not in allowed:
        raise InvalidInput(
            _("This cannot be done while the round is “%(status)s”.") % {"status": rnd.get_status_display()},
            field="status",
        )


def _int(value: object, field: str, *, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high:
        raise InvalidInput(
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}, field=field
        )
    return number


# --- creating and setting up a round ---------------------------------------------------------


def create_round(
    acting_user: Actor,
    consortium: Consortium,
    *,
    name: str,
    deadline: datetime | None,
    max_choices: object = 5,
    description: str = "",
) -> MatchingRound:
    _coordinator(acting_user, consortium.pk)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Give the round a name."), field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput(_("Use at most %(n)s characters.") % {"n": NAME_MAX}, field="name")
    if deadline is None:
        raise InvalidInput(_("Enter the deadline as a date and time."), field="deadline")
    if deadline <= timezone.now():
        raise InvalidInput(_("The deadline must be in the future."), field="deadline")
    k = _int(max_choices, "max_choices", low=1, high=MAX_CHOICES_LIMIT)
    with transaction.atomic():
        rnd = MatchingRound.objects.create(
            consortium=consortium,
            name=name,
            description=(description or "").strip(),
            deadline=deadline,
            max_choices=k,
            created_by=acting_user if acting_user.is_authenticated else None,
        )
        _audit(acting_user, "round.create", rnd)
    return rnd


def round_candidates(rnd: MatchingRound) -> list[Opportunity]:
    """Approved opportunities allocated by matching round, not yet in this round."""
    return list(
        Opportunity.objects.filter(
            consortium_id=rnd.consortium_id, status=OpportunityStatus.APPROVED, allocation=Allocation.ROUND
        )
        .exclude(round_entries__round=rnd)
        .select_related("partner")
    )


def _rules(values: Iterable[str]) -> list[str]:
    rules: list[str] = []
    for value in values:
        value = (value or "").strip()
        if not value:
            continue
        if value not in PriorityRule.values:
            raise InvalidInput(_("Choose priority rules from the list."), field="priority_rules")
        if value in rules:
            raise InvalidInput(_("Each priority rule can be used once."), field="priority_rules")
        rules.append(value)
    return rules


def add_opportunity(
    acting_user: Actor,
    rnd: MatchingRound,
    opportunity: Opportunity,
    *,
    capacity: object = None,
    method: str = RankingMethod.PRIORITY,
    priority_rules: Sequence[str] = (),
    reserved_school: School | None = None,
    reserved_seats: object = 0,
    nearby_miles: object = 15,
) -> RoundOpportunity:
    """Offer an approved, round-allocated opportunity's seats in a round not yet computed.

    Reserved seats need a school of the consortium and at most `capacity` seats; they add the
    RESERVED_SCHOOL rule if it was not chosen (and the rule needs reserved seats)."""
    _coordinator(acting_user, rnd.consortium_id)
    _status(rnd, RoundStatus.DRAFT, RoundStatus.OPEN)
    if opportunity.consortium_id != rnd.consortium_id:
        raise _not_found()
    if opportunity.status != OpportunityStatus.APPROVED:
        raise InvalidInput(_("Only approved opportunities can be offered in a round."), field="opportunity")
    if opportunity.allocation != Allocation.ROUND:
        raise InvalidInput(
            _("This opportunity uses open registration, not a matching round."), field="opportunity"
        )
    if RoundOpportunity.objects.filter(round=rnd, opportunity=opportunity).exists():
        raise InvalidInput(_("This opportunity is already in the round."), field="opportunity")
    seats = _int(opportunity.capacity if capacity in (None, "") else capacity, "capacity", low=1, high=500)
    if method not in RankingMethod.values:
        raise InvalidInput(_("Choose how applicants are ranked."), field="method")
    rules = _rules(priority_rules)
    reserved = _int(reserved_seats or 0, "reserved_seats", low=0, high=seats)
    miles = _int(nearby_miles if nearby_miles not in (None, "") else 15, "nearby_miles", low=1, high=200)
    if reserved and reserved_school is None:
        raise InvalidInput(_("Choose the school the seats are reserved for."), field="reserved_school")
    if reserved_school is not None and reserved_school.consortium_id != rnd.consortium_id:
        raise InvalidInput(_("Choose a school of this consortium."), field="reserved_school")
    if PriorityRule.RESERVED_SCHOOL in rules and not reserved:
        raise InvalidInput(
            _("Seats reserved for a school need a school and a number of seats."), field="reserved_seats"
        )
    if reserved and PriorityRule.RESERVED_SCHOOL not in rules:
        rules.append(PriorityRule.RESERVED_SCHOOL)
    with transaction.atomic():
        entry = RoundOpportunity.objects.create(
            consortium_id=rnd.consortium_id,
            round=rnd,
            opportunity=opportunity,
            capacity=seats,
            method=method,
            priority_rules=rules,
            reserved_school=reserved_school if reserved else None,
            reserved_seats=reserved,
            nearby_miles=miles,
        )
        _audit(acting_user, "round.add_opportunity", entry, round=str(rnd.public_id))
    return entry


def remove_entry(acting_user: Actor, entry: RoundOpportunity) -> int:
    """Take an opportunity out of a draft or open round, with the students' choices of it.

    The students' other choices move up so their ranks stay 1, 2, 3 ... Returns how many choices
    were removed (the audit lists whose)."""
    _coordinator(acting_user, entry.consortium_id)
    rnd = entry.round
    _status(rnd, RoundStatus.DRAFT, RoundStatus.OPEN)
    with transaction.atomic():
        dropped = list(
            Choice.objects.filter(entry=entry)
            .select_related("student")
            .values_list("student__public_id", "student_id")
        )
        _audit(
            acting_user,
            "round.remove_opportunity",
            entry,
            round=str(rnd.public_id),
            opportunity=str(entry.opportunity.public_id),
            choices_removed=[str(public_id) for public_id, _pk in dropped],
        )
        Choice.objects.filter(entry=entry).delete()
        PartnerRanking.objects.filter(entry=entry).delete()
        entry.delete()
        for student_id in {pk for _public, pk in dropped}:
            rows = Choice.objects.filter(round=rnd, student_id=student_id).order_by("rank")
            for rank, choice in enumerate(rows, start=1):
                if choice.rank != rank:
                    choice.rank = rank
                    choice.save(update_fields=["rank", "updated_at"])
    return len(dropped)


def open_round(acting_user: Actor, rnd: MatchingRound) -> MatchingRound:
    _coordinator(acting_user, rnd.consortium_id)
    _status(rnd, RoundStatus.DRAFT)
    if not rnd.entries.exists():
        raise InvalidInput(_("Add at least one opportunity before opening the round."), field="status")
    if rnd.deadline <= timezone.now():
        raise InvalidInput(_("The deadline has passed: set a later one first."), field="deadline")
    with transaction.atomic():
        rnd.status = RoundStatus.OPEN
        rnd.save(update_fields=["status", "updated_at"])
        _audit(acting_user, "round.open", rnd)
    return rnd


def close_round(acting_user: Actor, rnd: MatchingRound) -> MatchingRound:
    """Stop taking choices (at or before the deadline); partners rank from now on."""
    _coordinator(acting_user, rnd.consortium_id)
    _status(rnd, RoundStatus.OPEN)
    with transaction.atomic():
        rnd.status = RoundStatus.CLOSED
        rnd.save(update_fields=["status", "updated_at"])
        _audit(acting_user, "round.close", rnd)
    return rnd


# --- students' choices -----------------------------------------------------------------------


@dataclass
class StudentFacts:
    """What the rules use about one applicant, read once."""

    student: User
    school: School | None
    grade: int | None
    program_name: str
    cluster_id: int | None
    has_transportation: bool = True
    choices: list[Choice] = field(default_factory=list)


def student_school(student: User, consortium_id: int) -> School | None:
    membership = (
        Membership.objects.filter(user=student, role=Role.STUDENT, consortium_id=consortium_id)
        .select_related("school__zip_code")
        .order_by("pk")
        .first()
    )
    return membership.school if membership else None


def _age_on(student: User, day: Any) -> int | None:
    from pathways.students.models import StudentProfile

    dob = StudentProfile.objects.filter(student=student).values_list("date_of_birth", flat=True).first()
    if dob is None:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def eligibility_problem(student: User, entry: RoundOpportunity, school: School | None) -> str | None:
    """Why a student may not choose this opportunity, or None."""
    opp = entry.opportunity
    if opp.school_id is not None and (school is None or school.pk != opp.school_id):
        return _("“%(title)s” is offered to another school's students.") % {"title": opp.title}
    if opp.min_grade and (student.grade_level or 0) < opp.min_grade:
        return _("“%(title)s” is for students in grade %(grade)s and above.") % {
            "title": opp.title,
            "grade": opp.min_grade,
        }
    if opp.min_age:
        age = _age_on(student, opp.starts_on)
        if age is not None and age < opp.min_age:
            return _("“%(title)s” is for students aged %(age)s and over.") % {
                "title": opp.title,
                "age": opp.min_age,
            }
    required = list(opp.required_programs.all())
    if required and not _student_program_ids(student) & {p.pk for p in required}:
        return _("“%(title)s” is for students in: %(programs)s.") % {
            "title": opp.title,
            "programs": ", ".join(p.name for p in required),
        }
    return None


def submit_choices(
    acting_user: Actor,
    rnd: MatchingRound,
    entry_ids: Sequence[str],
    *,
    has_transportation: bool,
    statements: dict[str, str] | None = None,
) -> list[Choice]:
    """Replace the signed-in student's ranked choices (first = most wanted) before the deadline.

    `entry_ids` are public ids of the round's entries, best first; empty strings are skipped, so a
    form with k selects works. An empty list withdraws from the round."""
    if not acting_user.is_authenticated or rnd.consortium_id not in pol.student_consortia(acting_user):
        raise _not_found()
    student: User = acting_user
    _status(rnd, RoundStatus.OPEN)
    if timezone.now() > rnd.deadline:
        raise InvalidInput(_("The deadline has passed: choices can no longer change."), field="choices")
    ids = [str(v).strip() for v in entry_ids if str(v or "").strip()]
    if len(ids) > rnd.max_choices:
        raise InvalidInput(
            ngettext(
                "Choose at most %(n)s opportunity.", "Choose at most %(n)s opportunities.", rnd.max_choices
            )
            % {"n": rnd.max_choices},
            field="choices",
        )
    if len(set(ids)) != len(ids):
        raise InvalidInput(_("Each opportunity can be chosen once."), field="choices")
    entries = {
        str(e.public_id): e
        for e in RoundOpportunity.objects.filter(round=rnd, public_id__in=_uuids(ids)).select_related(
            "opportunity"
        )
    }
    if len(entries) != len(ids):
        raise InvalidInput(_("Choose opportunities of this round."), field="choices")
    school = student_school(student, rnd.consortium_id)
    for public_id in ids:
        problem = eligibility_problem(student, entries[public_id], school)
        if problem:
            raise InvalidInput(problem, field="choices")
    statements = statements or {}
    cleaned = {}
    for public_id in ids:
        text = (statements.get(public_id) or "").strip()
        if len(text) > STATEMENT_MAX:
            raise InvalidInput(
                _("Use at most %(n)s characters.") % {"n": STATEMENT_MAX}, field=f"statement_{public_id}"
            )
        cleaned[public_id] = text
    with transaction.atomic():
        Choice.objects.filter(round=rnd, student=student).delete()
        rows = [
            Choice.objects.create(
                consortium_id=rnd.consortium_id,
                round=rnd,
                student=student,
                entry=entries[public_id],
                rank=rank,
                has_transportation=has_transportation,
                statement=cleaned[public_id],
            )
            for rank, public_id in enumerate(ids, start=1)
        ]
        _audit(acting_user, "round.choices", rnd, student=str(student.public_id), count=len(rows))
    return rows


def _uuids(values: Iterable[str]) -> list[str]:
    import uuid

    out = []
    for value in values:
        try:
            out.append(str(uuid.UUID(value)))
        except (ValueError, TypeError, AttributeError):
            continue
    return out


# --- partners' rankings ----------------------------------------------------------------------


def rank_applicants(acting_user: Actor, entry: RoundOpportunity, ordered: Sequence[str]) -> None:
    """The partner's ranking of its applicants (student public ids, most wanted first). Applicants
    left out are not acceptable to the partner. Allowed while the round is open or closed."""
    if not (
        pol.is_partner_of_entry(acting_user, entry) or pol.is_coordinator(acting_user, entry.consortium_id)
    ):
        raise _not_found()
    _status(entry.round, RoundStatus.OPEN, RoundStatus.CLOSED)
    if entry.method != RankingMethod.PARTNER:
        raise InvalidInput(
            _("This opportunity ranks by priority rules, not by the partner."), field="ranking"
        )
    ids = [str(v).strip() for v in ordered if str(v or "").strip()]
    if len(set(ids)) != len(ids):
        raise InvalidInput(_("Each applicant can be ranked once."), field="ranking")
    applicants = {
        str(c.student.public_id): c.student
        for c in Choice.objects.filter(entry=entry).select_related("student")
    }
    unknown = [i for i in ids if i not in applicants]
    if unknown:
        raise InvalidInput(_("Rank only this opportunity's applicants."), field="ranking")
    with transaction.atomic():
        PartnerRanking.objects.filter(entry=entry).delete()
        for position, public_id in enumerate(ids, start=1):
            PartnerRanking.objects.create(
                consortium_id=entry.consortium_id,
                entry=entry,
                student=applicants[public_id],
                position=position,
            )
        entry.ranking_done = True
        entry.save(update_fields=["ranking_done", "updated_at"])
        _audit(acting_user, "round.rank", entry, ranked=len(ids), applicants=len(applicants))


# --- computing -------------------------------------------------------------------------------


def haversine_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 3958.8 * math.asin(math.sqrt(h))


def distance_miles(school: School | None, opp: Opportunity) -> float | None:
    """Miles between the school's ZIP centroid and the site's, or None (virtual, unknown)."""
    if opp.is_virtual or opp.location is None or school is None or school.zip_code is None:
        return None
    a, b = school.zip_code, opp.location.zip_code
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return haversine_miles((a.latitude, a.longitude), (b.latitude, b.longitude))  # type: ignore[arg-type]


def _facts(rnd: MatchingRound) -> dict[str, StudentFacts]:
    from pathways.students.models import Plan

    choices = list(
        Choice.objects.filter(round=rnd)
        .select_related("student", "entry__opportunity__location__zip_code", "entry__reserved_school")
        .order_by("student_id", "rank")
    )
    students = {c.student_id: c.student for c in choices}
    schools = {
        m.user_id: m.school
        for m in Membership.objects.filter(
            user_id__in=students, role=Role.STUDENT, consortium_id=rnd.consortium_id
        )
        .select_related("school__zip_code")
        .order_by("-pk")
    }
    plans = {p.student_id: p for p in Plan.objects.filter(student_id__in=students).select_related("program")}
    facts: dict[str, StudentFacts] = {}
    for uid, student in students.items():
        plan = plans.get(uid)
        program = plan.program if plan else None
        facts[str(student.public_id)] = StudentFacts(
            student=student,
            school=schools.get(uid),
            grade=student.grade_level,
            program_name=program.name if program else "",
            cluster_id=program.cluster_id if program else None,
        )
    for c in choices:
        f = facts[str(c.student.public_id)]
        f.choices.append(c)
        f.has_transportation = c.has_transportation
    return facts


def priority_key(rule: str, facts: StudentFacts, entry: RoundOpportunity) -> int:
    """An applicant's tier under one rule (lower goes first)."""
    opp = entry.opportunity
    if rule == PriorityRule.RELATED_CONCENTRATOR:
        return 0 if opp.cluster_id is not None and facts.cluster_id == opp.cluster_id else 1
    if rule == PriorityRule.SENIORS:
        return 12 - facts.grade if facts.grade is not None and facts.grade <= 12 else 99
    if rule == PriorityRule.NO_TRANSPORT_NEARBY:
        miles = distance_miles(facts.school, opp)
        return (
            0 if (not facts.has_transportation and miles is not None and miles <= entry.nearby_miles) else 1
        )
    return 0  # RESERVED_SCHOOL: applied by splitting the seats, not as a tier


def _split(entry: RoundOpportunity) -> bool:
    return bool(entry.reserved_seats and entry.reserved_school_id)


def _base_ranking(
    entry: RoundOpportunity, applicants: list[str], facts: dict[str, StudentFacts], lottery: dict[str, int]
) -> list[str]:
    if entry.method == RankingMethod.PARTNER:
        ranked = [
            str(r.student.public_id)
            for r in PartnerRanking.objects.filter(entry=entry).select_related("student").order_by("position")
        ]
        wanted = set(applicants)
        return [s for s in ranked if s in wanted]
    rules = [r for r in entry.priority_rules if r != PriorityRule.RESERVED_SCHOOL] or ["none"]
    keys = {s: [priority_key(r, facts[s], entry) for r in rules] for s in applicants}
    return priority_ranking(applicants, keys, lottery=lottery)


@dataclass
class Built:
    instance: dict[str, Any]
    sub_of: dict[str, RoundOpportunity]  # sub-opportunity id -> entry
    rankings: dict[str, list[str]]  # entry public id -> base ranking
    lottery: dict[str, int]  # student -> 1-based position


def build_instance(rnd: MatchingRound, facts: dict[str, StudentFacts], seed: int) -> Built:
    """The pathways.matching instance of a round.

    Every applicant draws ONE lottery number (single tie-breaking). An entry with reserved seats
    becomes two sub-opportunities: "<id>/open" (capacity - reserved, ranked by the entry's order)
    and "<id>/reserved" (the reserved seats, ranked by the same order but with the reserved
    school's students first). Each student lists the open seats before the reserved ones, so a
    student of the school who would get in on the open seats does not use up a reserved seat."""
    numbers = lottery_numbers(list(facts), seed)
    order = sorted(numbers, key=lambda s: (numbers[s], s))
    position = {s: i for i, s in enumerate(order, start=1)}
    entries = list(rnd.entries.select_related("opportunity__location__zip_code", "reserved_school"))
    applicants: dict[int, list[str]] = defaultdict(list)
    for sid, f in facts.items():
        for c in f.choices:
            applicants[c.entry_id].append(sid)
    opportunities: dict[str, Any] = {}
    sub_of: dict[str, RoundOpportunity] = {}
    rankings: dict[str, list[str]] = {}
    subs_of_entry: dict[int, list[str]] = {}
    for entry in entries:
        eid = str(entry.public_id)
        ranking = _base_ranking(entry, sorted(applicants[entry.pk]), facts, numbers)
        rankings[eid] = ranking
        if _split(entry):
            reserved = min(entry.reserved_seats, entry.capacity)
            school_first = [s for s in ranking if _school_id(facts[s]) == entry.reserved_school_id]
            others = [s for s in ranking if _school_id(facts[s]) != entry.reserved_school_id]
            opportunities[f"{eid}/open"] = {"capacity": entry.capacity - reserved, "ranking": ranking}
            opportunities[f"{eid}/reserved"] = {"capacity": reserved, "ranking": school_first + others}
            subs_of_entry[entry.pk] = [f"{eid}/open", f"{eid}/reserved"]
        else:
            opportunities[eid] = {"capacity": entry.capacity, "ranking": ranking}
            subs_of_entry[entry.pk] = [eid]
        for sub in subs_of_entry[entry.pk]:
            sub_of[sub] = entry
    students = {
        sid: [sub for c in f.choices for sub in subs_of_entry[c.entry_id]] for sid, f in facts.items()
    }
    return Built({"students": students, "opportunities": opportunities}, sub_of, rankings, position)


def _school_id(f: StudentFacts) -> int | None:
    return f.school.pk if f.school else None


def _why_not(entry: RoundOpportunity, sid: str, built: Built, filled: int, rank: int) -> dict[str, Any]:
    """The facts of a choice the student ranked above their outcome (see pathways.wbl.texts)."""
    facts: dict[str, Any] = {
        "rank": rank,
        "opportunity": str(entry.opportunity.public_id),
        "title": entry.opportunity.title,
    }
    if entry.method == RankingMethod.PARTNER and sid not in built.rankings[str(entry.public_id)]:
        return {**facts, "outcome": texts.NOT_RANKED}
    facts.update(
        {
            "outcome": texts.FULL,
            "filled": filled,
            "method": entry.method,
            "rules": [r for r in entry.priority_rules if r != PriorityRule.RESERVED_SCHOOL],
        }
    )
    if _split(entry) and entry.reserved_school is not None:
        facts.update({"reserved_seats": entry.reserved_seats, "reserved_school": entry.reserved_school.name})
    return facts


def explain(
    f: StudentFacts, placed: RoundOpportunity | None, built: Built, filled: dict[int, int], total: int
) -> dict[str, Any]:
    """The facts of why a student got what they got; `pathways.wbl.texts.explanation_text` turns
    them into plain words in the reader's language."""
    sid = str(f.student.public_id)
    passed: list[dict[str, Any]] = []
    for c in f.choices:
        if placed is not None and c.entry_id == placed.pk:
            break
        passed.append(_why_not(c.entry, sid, built, filled.get(c.entry_id, 0), c.rank))
    at = None
    if placed is not None:
        at = {
            "rank": next(c.rank for c in f.choices if c.entry_id == placed.pk),
            "opportunity": str(placed.opportunity.public_id),
            "title": placed.opportunity.title,
        }
    return {"placed": at, "passed": passed, "lottery": built.lottery[sid], "applicants": total}


def compute_round(acting_user: Actor, rnd: MatchingRound, *, seed: int | None = None) -> MatchingRound:
    """Run the matching and store each applicant's result with statistics (not yet visible to
    students). Recomputing keeps the recorded seed unless a new one is given."""
    _coordinator(acting_user, rnd.consortium_id)
    _status(rnd, RoundStatus.CLOSED, RoundStatus.COMPUTED)
    waiting = [
        e.opportunity.title
        for e in rnd.entries.filter(method=RankingMethod.PARTNER, ranking_done=False, choices__isnull=False)
        .select_related("opportunity")
        .distinct()
    ]
    if waiting:
        raise InvalidInput(
            _(
                "Waiting for the partner's ranking of: %(list)s. Ask them to rank, or switch these "
                "to priority rules."
            )
            % {"list": ", ".join(waiting)},
            field="status",
        )
    if seed is None:
        seed = rnd.lottery_seed if rnd.lottery_seed is not None else secrets.randbits(62)
    elif seed < 0:
        raise InvalidInput(_("The seed is a non-negative whole number."), field="seed")
    facts = _facts(rnd)
    built = build_instance(rnd, facts, seed)
    result = stable_match(built.instance)
    validate_result(built.instance, result)
    assert is_stable(built.instance, result)
    seat_of: dict[str, RoundOpportunity] = {}
    filled: Counter[int] = Counter()
    for sub, seated in result["assignments"].items():
        for sid in seated:
            seat_of[sid] = built.sub_of[sub]
            filled[built.sub_of[sub].pk] += 1
    with transaction.atomic():
        RoundResult.objects.filter(round=rnd).delete()
        for sid, f in facts.items():
            placed = seat_of.get(sid)
            rank = next((c.rank for c in f.choices if placed is not None and c.entry_id == placed.pk), None)
            RoundResult.objects.create(
                consortium_id=rnd.consortium_id,
                round=rnd,
                student=f.student,
                entry=placed,
                choice_rank=rank,
                lottery_number=built.lottery[sid],
                explanation_facts=explain(f, placed, built, dict(filled), len(facts)),
            )
        rnd.lottery_seed = seed
        rnd.computed_at = timezone.now()
        rnd.status = RoundStatus.COMPUTED
        rnd.statistics = round_statistics(rnd, facts, seat_of, dict(filled))
        rnd.save(update_fields=["lottery_seed", "computed_at", "status", "statistics", "updated_at"])
        _audit(acting_user, "round.compute", rnd, seed=seed, applicants=len(facts), placed=len(seat_of))
    return rnd


def _populations(
    rnd: MatchingRound, facts: dict[str, StudentFacts]
) -> tuple[dict[str, set[str]], int | None]:
    """Students flagged in each special population, from the latest imported student-year records
    (matched by the account's OneRoster sourcedId), and the school year of those records."""
    from pathways.reports.models import StudentYear

    by_sourced = {f.student.sourced_id: sid for sid, f in facts.items() if f.student.sourced_id}
    if not by_sourced:
        return {}, None
    rows = StudentYear.objects.filter(consortium_id=rnd.consortium_id, student_id__in=list(by_sourced))
    latest = rows.order_by("-school_year").values_list("school_year", flat=True).first()
    if latest is None:
        return {}, None
    flagged: dict[str, set[str]] = {name: set() for name in POPULATION_FIELDS}
    for row in rows.filter(school_year=latest).values("student_id", *POPULATION_FIELDS):
        for name in POPULATION_FIELDS:
            if row[name]:
                flagged[name].add(by_sourced[row["student_id"]])
    return flagged, int(latest)


def round_statistics(
    rnd: MatchingRound,
    facts: dict[str, StudentFacts],
    seat_of: dict[str, RoundOpportunity],
    filled: dict[int, int],
) -> dict[str, Any]:
    """Fill rate, first-choice and top-three shares, unmatched by school, grade and special
    population (rows with fewer applicants than the consortium's min_cell_size are suppressed)."""
    min_cell = rnd.consortium.min_cell_size or 10
    entries = list(rnd.entries.select_related("opportunity"))
    seats = sum(e.capacity for e in entries)
    applicants = len(facts)
    placed = len(seat_of)
    ranks = Counter(
        next(c.rank for c in facts[sid].choices if c.entry_id == entry.pk) for sid, entry in seat_of.items()
    )
    first = ranks.get(1, 0)
    top3 = sum(n for r, n in ranks.items() if r <= 3)

    def share(n: int, d: int) -> float | None:
        return round(n / d, 4) if d else None

    def group_rows(group: str, members_of: dict[Any, list[str]], *, suppress: bool) -> list[dict[str, Any]]:
        """Rows keyed by group and value (a school's name, a grade, a population code); the
        labels are rendered in the reader's language (pathways.wbl.texts.group_label)."""
        out = []
        for value, members in members_of.items():
            n = len(members)
            unmatched = sum(1 for s in members if s not in seat_of)
            hidden = suppress and n < min_cell
            out.append(
                {
                    "group": group,
                    "value": value,
                    "applicants": None if hidden else n,
                    "unmatched": None if hidden else unmatched,
                    "suppressed": hidden,
                }
            )
        return out

    by_school: dict[str | None, list[str]] = defaultdict(list)
    by_grade: dict[int | None, list[str]] = defaultdict(list)
    for sid, f in sorted(facts.items(), key=lambda kv: (kv[1].school.name if kv[1].school else "", kv[0])):
        by_school[f.school.name if f.school else None].append(sid)
    for sid, f in sorted(facts.items(), key=lambda kv: -(kv[1].grade or 0)):
        by_grade[f.grade].append(sid)
    flagged, year = _populations(rnd, facts)
    populations: dict[str, list[str]] = {k: sorted(v) for k, v in flagged.items()}
    return {
        "seed": rnd.lottery_seed,
        "min_cell_size": min_cell,
        "applicants": applicants,
        "seats": seats,
        "placed": placed,
        "unmatched": applicants - placed,
        "fill_rate": share(placed, seats),
        "first_choice": first,
        "first_choice_share": share(first, applicants),
        "top3": top3,
        "top3_share": share(top3, applicants),
        "by_choice_rank": {str(r): n for r, n in sorted(ranks.items())},
        "entries": [
            {
                "title": e.opportunity.title,
                "capacity": e.capacity,
                "applicants": sum(1 for f in facts.values() for c in f.choices if c.entry_id == e.pk),
                "filled": filled.get(e.pk, 0),
            }
            for e in entries
        ],
        "by_school": group_rows("school", by_school, suppress=False),
        "by_grade": group_rows("grade", by_grade, suppress=True),
        "by_population": group_rows("population", populations, suppress=True),
        "population_year": year,
    }


# --- publishing and the scramble -------------------------------------------------------------


def publish_round(acting_user: Actor, rnd: MatchingRound) -> MatchingRound:
    """Students see their results; a placement (waiting for signatures) is created per seat."""
    from .placements import create_from_result

    _coordinator(acting_user, rnd.consortium_id)
    _status(rnd, RoundStatus.COMPUTED)
    with transaction.atomic():
        rnd.status = RoundStatus.PUBLISHED
        rnd.published_at = timezone.now()
        rnd.save(update_fields=["status", "published_at", "updated_at"])
        for result in rnd.results.filter(entry__isnull=False).select_related("entry__opportunity", "student"):
            create_from_result(acting_user, result)
        _audit(acting_user, "round.publish", rnd)
    return rnd


def open_scramble(acting_user: Actor, rnd: MatchingRound) -> MatchingRound:
    _coordinator(acting_user, rnd.consortium_id)
    _status(rnd, RoundStatus.PUBLISHED)
    with transaction.atomic():
        rnd.status = RoundStatus.SCRAMBLE
        rnd.save(update_fields=["status", "updated_at"])
        _audit(acting_user, "round.scramble", rnd)
    return rnd


def finish_round(acting_user: Actor, rnd: MatchingRound) -> MatchingRound:
    _coordinator(acting_user, rnd.consortium_id)
    _status(rnd, RoundStatus.PUBLISHED, RoundStatus.SCRAMBLE)
    with transaction.atomic():
        rnd.status = RoundStatus.FINISHED
        rnd.save(update_fields=["status", "updated_at"])
        _audit(acting_user, "round.finish", rnd)
    return rnd


def seats_left(rnd: MatchingRound) -> list[tuple[RoundOpportunity, int]]:
    taken = Counter(rnd.results.filter(entry__isnull=False).values_list("entry_id", flat=True))
    return [
        (e, e.capacity - taken.get(e.pk, 0))
        for e in rnd.entries.select_related("opportunity__partner")
        if e.capacity - taken.get(e.pk, 0) > 0
    ]


def seats_open_to(student: User, rnd: MatchingRound) -> list[tuple[RoundOpportunity, int]]:
    """The scramble's free seats this student may take (school, grade, age and program, as when
    choosing or registering)."""
    school = student_school(student, rnd.consortium_id)
    return [(e, n) for e, n in seats_left(rnd) if eligibility_problem(student, e, school) is None]


def claim_seat(acting_user: Actor, rnd: MatchingRound, entry_id: str) -> RoundResult:
    """During the scramble an unmatched applicant takes a free seat, first come first served."""
    from .placements import create_from_result

    if not acting_user.is_authenticated or rnd.consortium_id not in pol.student_consortia(acting_user):
        raise _not_found()
    _status(rnd, RoundStatus.SCRAMBLE)
    student: User = acting_user
    with transaction.atomic():
        result = RoundResult.objects.select_for_update().filter(round=rnd, student=student).first()
        if result is None:
            raise InvalidInput(_("Only students who took part in the round can claim a seat."), field="entry")
        if result.entry_id is not None:
            raise InvalidInput(_("You already have a seat in this round."), field="entry")
        entry = (
            RoundOpportunity.objects.select_for_update()
            .filter(round=rnd, public_id__in=_uuids([entry_id]))
            .select_related("opportunity")
            .first()
        )
        if entry is None:
            raise InvalidInput(_("Choose an opportunity of this round."), field="entry")
        problem = eligibility_problem(student, entry, student_school(student, rnd.consortium_id))
        if problem:
            raise InvalidInput(problem, field="entry")
        if RoundResult.objects.filter(round=rnd, entry=entry).count() >= entry.capacity:
            raise InvalidInput(_("Someone was quicker: that opportunity has no seat left."), field="entry")
        result.entry = entry
        result.from_scramble = True
        result.explanation_facts = {
            **result.explanation_facts,
            "scramble": {"opportunity": str(entry.opportunity.public_id), "title": entry.opportunity.title},
        }
        result.save(update_fields=["entry", "from_scramble", "explanation_facts", "updated_at"])
        create_from_result(acting_user, result, coordinator=rnd.created_by)
        _audit(acting_user, "round.claim", result, student=str(student.public_id), entry=str(entry.public_id))
    return result


def is_staff_scope(user: Actor) -> bool:
    return bool(scope_of(user).leader_of)
