"""Writes to the strategic plan: mission, vision versions and comments, priorities, principles."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.policies import Actor
from pathways.core.errors import InvalidInput
from pathways.core.models import ensure_same_consortium
from pathways.orgs.models import Consortium

from ..models import (
    GuidingPrinciple,
    Meeting,
    StrategicPlan,
    StrategicPriority,
    VisionComment,
    VisionCommentKind,
    VisionDraft,
    VisionStatus,
)
from ._common import audit, clean_lines, clean_text, move, next_position, require_leader, require_participant

# The five principles of "Putting Learner Success First: A Shared Vision for the Future of CTE"
# (Advance CTE and partners, 2016), offered to every consortium as a default set.
DEFAULT_PRINCIPLES_SOURCE = "Putting Learner Success First: A Shared Vision for the Future of CTE (2016)"
DEFAULT_PRINCIPLES = (
    "All Career Technical Education (CTE) programs are held to the highest standards of excellence.",
    "All learners are empowered to choose a meaningful education and career.",
    "All learning is personalized and flexible.",
    "All learning is facilitated by knowledgeable experts.",
    "All systems work together to put learner success first.",
)
TEXT_MAX = 4000


@transaction.atomic
def plan_update(
    *,
    acting_user: Actor,
    consortium: Consortium,
    mission: str,
    tagline: str = "",
    introduction: str = "",
    impact_heading: str = "",
    impact_items: list[str] | None = None,
) -> StrategicPlan:
    require_leader(acting_user, consortium.pk)
    values = {
        "mission": clean_text(
            mission, field="mission", label=_("Mission"), max_length=TEXT_MAX, required=False
        ),
        "tagline": clean_text(tagline, field="tagline", label=_("Tagline"), max_length=200, required=False),
        "introduction": clean_text(
            introduction, field="introduction", label=_("Introduction"), max_length=TEXT_MAX, required=False
        ),
        "impact_heading": clean_text(
            impact_heading, field="impact_heading", label=_("Impact heading"), max_length=200, required=False
        ),
    }
    if impact_items is not None:
        values["impact_items"] = clean_lines(
            impact_items, field="impact_items", label=_("Impact items"), max_length=300
        )  # type: ignore[assignment]
    plan, created = StrategicPlan.objects.get_or_create(consortium=consortium, defaults=values)
    if not created:
        for name, value in values.items():
            setattr(plan, name, value)
        plan.save(update_fields=[*values, "updated_at"])
    audit(acting_user, "plan_update", plan, fields=sorted(values))
    return plan


@transaction.atomic
def vision_draft_create(
    *,
    acting_user: Actor,
    consortium: Consortium,
    text: str,
    note: str = "",
    meeting: Meeting | None = None,
) -> VisionDraft:
    """A new version of the vision statement (numbered after the last), as a draft."""
    require_leader(acting_user, consortium.pk)
    text = clean_text(text, field="text", label=_("Vision statement"), max_length=TEXT_MAX)
    note = clean_text(note, field="note", label=_("Note"), max_length=1000, required=False)
    last = VisionDraft.objects.select_for_update().filter(consortium=consortium).order_by("-version").first()
    draft = VisionDraft(
        consortium=consortium,
        version=(last.version + 1) if last else 1,
        text=text,
        note=note,
        meeting=meeting,
        author=acting_user if acting_user.is_authenticated else None,
    )
    ensure_same_consortium(draft, meeting)
    draft.save()
    audit(acting_user, "vision_draft_create", draft, version=draft.version)
    return draft


@transaction.atomic
def vision_draft_adopt(*, acting_user: Actor, draft: VisionDraft) -> VisionDraft:
    """Adopt this version; the version adopted before it becomes 'replaced'. One adopted at a time."""
    require_leader(acting_user, draft.consortium_id)
    if draft.status == VisionStatus.ADOPTED:
        raise InvalidInput(_("This version is already the adopted vision."), field="draft")
    VisionDraft.objects.filter(consortium_id=draft.consortium_id, status=VisionStatus.ADOPTED).update(
        status=VisionStatus.REPLACED, updated_at=timezone.now()
    )
    draft.status = VisionStatus.ADOPTED
    draft.adopted_at = timezone.now()
    draft.adopted_by_id = acting_user.pk
    draft.save(update_fields=["status", "adopted_at", "adopted_by", "updated_at"])
    audit(acting_user, "vision_draft_adopt", draft, version=draft.version)
    return draft


@transaction.atomic
def vision_comment_add(
    *, acting_user: Actor, draft: VisionDraft, kind: str, text: str = "", proposed_text: str = ""
) -> VisionComment:
    """A participant's comment, or a suggested edit with the text they propose."""
    require_participant(acting_user, draft.consortium_id)
    if kind not in VisionCommentKind.values:
        raise InvalidInput(_("Choose a comment or a suggested edit."), field="kind")
    text = clean_text(
        text,
        field="text",
        label=_("Comment"),
        max_length=TEXT_MAX,
        required=kind == VisionCommentKind.COMMENT,
    )
    proposed_text = clean_text(
        proposed_text,
        field="proposed_text",
        label=_("Suggested text"),
        max_length=TEXT_MAX,
        required=kind == VisionCommentKind.SUGGESTION,
    )
    if kind == VisionCommentKind.SUGGESTION and proposed_text == draft.text.strip():
        raise InvalidInput(
            _("The suggested text is the same as the draft: change some words."), field="proposed_text"
        )
    comment = VisionComment.objects.create(
        consortium_id=draft.consortium_id,
        draft=draft,
        author_id=acting_user.pk,
        kind=kind,
        text=text,
        proposed_text=proposed_text if kind == VisionCommentKind.SUGGESTION else "",
    )
    audit(acting_user, "vision_comment_add", comment, kind=kind, draft=str(draft.public_id))
    return comment


@transaction.atomic
def vision_comment_resolve(
    *, acting_user: Actor, comment: VisionComment, resolved: bool = True
) -> VisionComment:
    require_leader(acting_user, comment.consortium_id)
    comment.resolved = resolved
    comment.resolved_by_id = acting_user.pk if resolved else None
    comment.resolved_at = timezone.now() if resolved else None
    comment.save(update_fields=["resolved", "resolved_by", "resolved_at", "updated_at"])
    audit(acting_user, "vision_comment_resolve", comment, resolved=resolved)
    return comment


# --- priorities and principles ---------------------------------------------------------------


@transaction.atomic
def priority_add(*, acting_user: Actor, consortium: Consortium, heading: str, text: str) -> StrategicPriority:
    require_leader(acting_user, consortium.pk)
    heading = clean_text(heading, field="heading", label=_("Heading"), max_length=200)
    text = clean_text(text, field="text", label=_("Priority"), max_length=TEXT_MAX)
    siblings = StrategicPriority.objects.filter(consortium=consortium)
    same_heading = siblings.filter(heading=heading).order_by("-position").first()
    if same_heading is not None:  # keep a heading's items together: insert after its last item
        position = same_heading.position + 1
        siblings.filter(position__gte=position).update(position=F("position") + 1)
    else:
        position = next_position(siblings)
    priority = StrategicPriority.objects.create(
        consortium=consortium, heading=heading, text=text, position=position
    )
    audit(acting_user, "priority_add", priority)
    return priority


@transaction.atomic
def priority_update(
    *, acting_user: Actor, priority: StrategicPriority, heading: str, text: str
) -> StrategicPriority:
    require_leader(acting_user, priority.consortium_id)
    priority.heading = clean_text(heading, field="heading", label=_("Heading"), max_length=200)
    priority.text = clean_text(text, field="text", label=_("Priority"), max_length=TEXT_MAX)
    priority.save(update_fields=["heading", "text", "updated_at"])
    audit(acting_user, "priority_update", priority)
    return priority


@transaction.atomic
def priority_delete(*, acting_user: Actor, priority: StrategicPriority) -> None:
    require_leader(acting_user, priority.consortium_id)
    audit(acting_user, "priority_delete", priority, text=priority.text[:200])
    priority.delete()


@transaction.atomic
def priority_move(*, acting_user: Actor, priority: StrategicPriority, direction: str) -> None:
    require_leader(acting_user, priority.consortium_id)
    move(priority, StrategicPriority.objects.filter(consortium_id=priority.consortium_id), direction)
    audit(acting_user, "priority_move", priority, direction=direction)


@transaction.atomic
def principle_add(
    *, acting_user: Actor, consortium: Consortium, text: str, source: str = ""
) -> GuidingPrinciple:
    require_leader(acting_user, consortium.pk)
    principle = GuidingPrinciple.objects.create(
        consortium=consortium,
        text=clean_text(text, field="text", label=_("Principle"), max_length=TEXT_MAX),
        source=clean_text(source, field="source", label=_("Source"), max_length=200, required=False),
        position=next_position(GuidingPrinciple.objects.filter(consortium=consortium)),
    )
    audit(acting_user, "principle_add", principle)
    return principle


@transaction.atomic
def principle_delete(*, acting_user: Actor, principle: GuidingPrinciple) -> None:
    require_leader(acting_user, principle.consortium_id)
    audit(acting_user, "principle_delete", principle, text=principle.text[:200])
    principle.delete()


@transaction.atomic
def principle_move(*, acting_user: Actor, principle: GuidingPrinciple, direction: str) -> None:
    require_leader(acting_user, principle.consortium_id)
    move(principle, GuidingPrinciple.objects.filter(consortium_id=principle.consortium_id), direction)
    audit(acting_user, "principle_move", principle, direction=direction)


@transaction.atomic
def principles_adopt_defaults(*, acting_user: Actor, consortium: Consortium) -> list[GuidingPrinciple]:
    """Add the five default principles (those the consortium does not have yet)."""
    require_leader(acting_user, consortium.pk)
    existing = set(GuidingPrinciple.objects.filter(consortium=consortium).values_list("text", flat=True))
    added = []
    for text in DEFAULT_PRINCIPLES:
        if text in existing:
            continue
        principle = GuidingPrinciple.objects.create(
            consortium=consortium,
            text=text,
            source=DEFAULT_PRINCIPLES_SOURCE,
            position=next_position(GuidingPrinciple.objects.filter(consortium=consortium)),
        )
        audit(acting_user, "principle_add", principle, default=True)
        added.append(principle)
    return added
