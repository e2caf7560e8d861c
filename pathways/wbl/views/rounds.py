"""Pages: matching rounds — the list, the round page (coordinator: set up, run, statistics,
publish; student: rank choices, see the result and why, claim a scramble seat; partner: links to
rank), and the partner's ranking page. Writes answer with a redirect and a message."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from pathways.accounts.policies import scope_of
from pathways.core.errors import InvalidInput, NotFound
from pathways.orgs.models import Consortium, School

from .. import policies_rounds as pol
from .. import selectors_rounds as sel
from .. import texts
from ..models import Opportunity, PriorityRule, RankingMethod, RoundStatus
from ..services import rounds as services


def _round(request: HttpRequest, public_id: UUID):  # type: ignore[no-untyped-def]
    try:
        return pol.access_round(request.user, public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _error(request: HttpRequest, exc: InvalidInput) -> None:
    messages.error(request, exc.message)


def _deadline(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    s = scope_of(request.user)
    consortia = list(Consortium.objects.filter(pk__in=s.leader_of).order_by("name"))
    return render(
        request,
        "wbl/rounds/list.html",
        {
            "rounds": sel.rounds_for(request.user),
            "consortia": consortia,
            "is_coordinator": bool(consortia),
            "results": sel.my_results(request.user) if s.student_at else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    consortia = list(Consortium.objects.filter(pk__in=scope_of(request.user).leader_of).order_by("name"))
    if not consortia:
        raise Http404(_("Not found."))
    values: dict[str, Any] = {"max_choices": 5}
    error: InvalidInput | None = None
    if request.method == "POST":
        values = request.POST.dict()
        consortium = next(
            (c for c in consortia if str(c.public_id) == values.get("consortium")), consortia[0]
        )
        try:
            rnd = services.create_round(
                request.user,
                consortium,
                name=values.get("name", ""),
                deadline=_deadline(values.get("deadline", "")),
                max_choices=values.get("max_choices", ""),
                description=values.get("description", ""),
            )
        except InvalidInput as exc:
            error = exc
        else:
            messages.success(request, _("Round created. Add its opportunities, then open it."))
            return redirect("wbl:round-detail", round=rnd.public_id)
    return render(
        request,
        "wbl/rounds/create.html",
        {"consortia": consortia, "values": values, "error": error},
        status=422 if error else 200,
    )


@login_required
def round_detail(request: HttpRequest, round: UUID) -> HttpResponse:
    rnd = _round(request, round)
    user = request.user
    coordinator = pol.is_coordinator(user, rnd.consortium_id)
    is_student = rnd.consortium_id in pol.student_consortia(user)
    context: dict[str, Any] = {
        "round": rnd,
        "is_coordinator": coordinator,
        "is_student": is_student,
        "entries": sel.entries_of(rnd),
        "Status": RoundStatus,
    }
    if coordinator:
        counts = sel.choice_counts(rnd)
        labels = dict(PriorityRule.choices)
        context.update(
            {
                "candidates": services.round_candidates(rnd) if rnd.status in ("draft", "open") else [],
                "schools": School.objects.filter(consortium_id=rnd.consortium_id).order_by("name"),
                "rules": PriorityRule.choices,
                "rule_slots": [1, 2, 3],
                "methods": RankingMethod.choices,
                "counts": [
                    (e, counts.get(e.pk, 0), [labels.get(r, r) for r in e.priority_rules])
                    for e in context["entries"]
                ],
                "stats": texts.statistics_for_display(rnd.statistics),
                "results": sel.round_results(user, rnd)
                if rnd.status not in ("draft", "open", "closed")
                else [],
            }
        )
    if is_student:
        choices = sel.my_choices(user, rnd)
        by_rank = {c.rank: c for c in choices}
        school = services.student_school(user, rnd.consortium_id)  # type: ignore[arg-type]
        eligible = [e for e in context["entries"] if services.eligibility_problem(user, e, school) is None]  # type: ignore[arg-type]
        context.update(
            {
                "choices": choices,
                "slots": [(k, by_rank.get(k)) for k in range(1, rnd.max_choices + 1)],
                "eligible": eligible,
                "has_transportation": choices[0].has_transportation if choices else True,
                "can_choose": rnd.status == RoundStatus.OPEN and timezone.now() <= rnd.deadline,
                "result": sel.my_result(user, rnd),
                "seats_left": services.seats_open_to(user, rnd)  # type: ignore[arg-type]
                if rnd.status == RoundStatus.SCRAMBLE
                else [],
            }
        )
    context["my_entries"] = sel.partner_entries(user, rnd)
    return render(request, "wbl/rounds/detail.html", context)


@login_required
@require_POST
def round_add_entry(request: HttpRequest, round: UUID) -> HttpResponse:
    rnd = _round(request, round)
    if not pol.is_coordinator(request.user, rnd.consortium_id):
        raise Http404(_("Not found."))
    p = request.POST
    opportunity = Opportunity.objects.filter(
        consortium_id=rnd.consortium_id, public_id__in=services._uuids([p.get("opportunity", "")])
    ).first()
    school = School.objects.filter(
        consortium_id=rnd.consortium_id, public_id__in=services._uuids([p.get("reserved_school", "")])
    ).first()
    try:
        if opportunity is None:
            raise InvalidInput(_("Choose an opportunity."), field="opportunity")
        services.add_opportunity(
            request.user,
            rnd,
            opportunity,
            capacity=p.get("capacity"),
            method=p.get("method", RankingMethod.PRIORITY),
            priority_rules=[p.get(f"rule_{i}", "") for i in (1, 2, 3)],
            reserved_school=school,
            reserved_seats=p.get("reserved_seats") or 0,
            nearby_miles=p.get("nearby_miles") or 15,
        )
    except InvalidInput as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Opportunity added to the round."))
    return redirect("wbl:round-detail", round=rnd.public_id)


@login_required
@require_POST
def round_remove_entry(request: HttpRequest, round: UUID) -> HttpResponse:
    """Take an opportunity out of a draft or open round (the students' choices of it go too)."""
    rnd = _round(request, round)
    if not pol.is_coordinator(request.user, rnd.consortium_id):
        raise Http404(_("Not found."))
    entry = (
        rnd.entries.filter(public_id__in=services._uuids([request.POST.get("entry", "")]))
        .select_related("opportunity", "round")
        .first()
    )
    try:
        if entry is None:
            raise InvalidInput(_("Choose an opportunity of this round."), field="entry")
        removed = services.remove_entry(request.user, entry)
    except InvalidInput as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "“%(title)s” was taken out of the round, with %(n)s student's choice of it.",
                "“%(title)s” was taken out of the round, with %(n)s students' choices of it.",
                removed,
            )
            % {"title": entry.opportunity.title, "n": removed},
        )
    return redirect("wbl:round-detail", round=rnd.public_id)


ACTIONS = {
    "open": (
        services.open_round,
        gettext_lazy("The round is open: students can rank their choices until the deadline."),
    ),
    "close": (services.close_round, gettext_lazy("The round is closed: partners can rank their applicants.")),
    "publish": (
        services.publish_round,
        gettext_lazy("Results published: students see them, placements were created."),
    ),
    "scramble": (services.open_scramble, gettext_lazy("The vacancy scramble is open.")),
    "finish": (services.finish_round, gettext_lazy("The round is finished.")),
}


@login_required
@require_POST
def round_action(request: HttpRequest, round: UUID) -> HttpResponse:
    rnd = _round(request, round)
    if not pol.is_coordinator(request.user, rnd.consortium_id):
        raise Http404(_("Not found."))
    action = request.POST.get("action", "")
    try:
        if action == "compute":
            raw = (request.POST.get("seed") or "").strip()
            seed = None
            if raw:
                if not raw.isdigit():
                    raise InvalidInput(_("The seed is a non-negative whole number."), field="seed")
                seed = int(raw)
            services.compute_round(request.user, rnd, seed=seed)
            messages.success(request, _("Matching computed. Check the statistics, then publish."))
        elif action in ACTIONS:
            func, text = ACTIONS[action]
            func(request.user, rnd)
            messages.success(request, str(text))
        else:
            raise InvalidInput(_("Unknown action."), field="action")
    except InvalidInput as exc:
        _error(request, exc)
    return redirect("wbl:round-detail", round=rnd.public_id)


@login_required
@require_POST
def round_choices(request: HttpRequest, round: UUID) -> HttpResponse:
    rnd = _round(request, round)
    p = request.POST
    ids: list[str] = []
    statements: dict[str, str] = {}
    for k in range(1, rnd.max_choices + 1):
        value = (p.get(f"choice_{k}") or "").strip()
        if value:
            ids.append(value)
            statements[value] = p.get(f"statement_{k}", "")
    try:
        services.submit_choices(
            request.user,
            rnd,
            ids,
            has_transportation=p.get("has_transportation") == "yes",
            statements=statements,
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except InvalidInput as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Your choices are saved. You can change them until the deadline."))
    return redirect("wbl:round-detail", round=rnd.public_id)


@login_required
@require_POST
def round_claim(request: HttpRequest, round: UUID) -> HttpResponse:
    rnd = _round(request, round)
    try:
        result = services.claim_seat(request.user, rnd, request.POST.get("entry", ""))
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except InvalidInput as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The seat is yours. Next: sign the training agreement."))
        placement = getattr(result, "placement", None)
        if placement is not None:
            return redirect("wbl:placement-detail", placement=placement.public_id)
    return redirect("wbl:round-detail", round=rnd.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def entry_rank(request: HttpRequest, entry: UUID) -> HttpResponse:
    try:
        row = pol.access_entry(request.user, entry)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if request.method == "POST":
        positions: list[tuple[int, str]] = []
        bad = False
        for key in request.POST:
            value = str(request.POST.get(key, "")).strip()
            if key.startswith("position_") and value:
                if not value.isdigit() or int(value) < 1:
                    bad = True
                    continue
                positions.append((int(value), key.removeprefix("position_")))
        try:
            if bad:
                raise InvalidInput(_("Positions are whole numbers from 1; leave empty for “not this time”."))
            if len({p for p, _s in positions}) != len(positions):
                raise InvalidInput(_("Give each applicant a different position."), field="ranking")
            services.rank_applicants(request.user, row, [s for _p, s in sorted(positions)])
        except InvalidInput as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Your ranking is saved."))
        return redirect("wbl:entry-rank", entry=row.public_id)
    return render(
        request,
        "wbl/rounds/rank.html",
        {
            "entry": row,
            "round": row.round,
            "applicants": sel.applicants(request.user, row),
            "can_rank": row.method == RankingMethod.PARTNER and row.round.status in ("open", "closed"),
            "rules": texts.rule_names(row.priority_rules),
        },
    )
