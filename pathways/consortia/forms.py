"""Forms of the governance pages. They check types and shapes; the services check the rules.

Choices are always limited to the consortium at hand (its meetings, members, partners, industries),
so a form cannot name another consortium's row.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from pathways.accounts.models import Membership, User
from pathways.catalog.models import CareerCluster, Framework, SubCluster
from pathways.orgs.models import Consortium, Partner, PartnerKind, Region

from .models import (
    FollowUpStatus,
    Meeting,
    TargetIndustry,
    VisionCommentKind,
    VisionDraft,
)
from .models.ballots import MAX_DOTS
from .selectors import PARTICIPANT_ROLES

TEXTAREA = {"rows": 4}


def lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def limit(form: forms.Form, name: str, queryset: Any, *, label: Any = None) -> None:
    """Limit a model choice field to `queryset` (always the consortium at hand), with an optional label."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    if label is not None:
        field.label_from_instance = label  # type: ignore[method-assign]  # Django's documented hook


def consortium_members(consortium: Consortium) -> Any:
    """People who take part in the consortium's governance (staff and partner contacts)."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(consortium=consortium, role__in=PARTICIPANT_ROLES).values("user_id")
    ).order_by("first_name", "last_name", "username")


class PlanForm(forms.Form):
    tagline = forms.CharField(label=_("Tagline"), required=False, max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("A paragraph that opens the strategic priorities on the public page."),
    )
    mission = forms.CharField(label=_("Mission"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    impact_heading = forms.CharField(
        label=_("Impact heading"),
        required=False,
        max_length=200,
        help_text=_("e.g. “Impact Highlights (JULY 2022–DECEMBER 2023)”."),  # noqa: RUF001
    )
    impact_items = forms.CharField(
        label=_("Impact items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line, as your plan lists them."),
    )


class VisionDraftForm(forms.Form):
    text = forms.CharField(label=_("Vision statement"), widget=forms.Textarea(attrs={"rows": 6}))
    note = forms.CharField(
        label=_("Note to readers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Shown above the statement, e.g. “Draft statement for your review, suggestions and edits”."
        ),
    )
    meeting = forms.ModelChoiceField(
        label=_("Discussed at"), queryset=Meeting.objects.none(), required=False, empty_label=_("No meeting")
    )

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "meeting", Meeting.objects.filter(consortium=consortium))


class VisionCommentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like to add?"),
        choices=VisionCommentKind.choices,
        initial=VisionCommentKind.COMMENT,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for a comment. With a suggested edit you may say why."),
    )
    proposed_text = forms.CharField(
        label=_("Suggested text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only for a suggested edit: change the statement below as you would write it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("text", "proposed_text"):  # required for one kind or the other, not "optional"
            self.fields[name].conditional = True  # type: ignore[attr-defined]


class PriorityForm(forms.Form):
    heading = forms.CharField(
        label=_("Heading"),
        max_length=200,
        help_text=_("e.g. “We support and develop:”. Items with the same heading are listed together."),
        widget=forms.TextInput(attrs={"list": "priority-headings"}),
    )
    text = forms.CharField(label=_("Priority"), widget=forms.Textarea(attrs={"rows": 3}))


class PrincipleForm(forms.Form):
    text = forms.CharField(label=_("Principle"), widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.CharField(label=_("Source"), required=False, max_length=200)


class TargetIndustryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    qualifier = forms.CharField(
        label=_("Words after the name"),
        required=False,
        max_length=120,
        help_text=_("As your documents write it, e.g. “, to include:” or “including application to:”."),
    )
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=TargetIndustry.objects.none(),
        required=False,
        empty_label=_("Nothing (a top-level industry)"),
    )
    meeting = forms.ModelChoiceField(
        label=_("Named at the meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("No meeting"),
        help_text=_("The industry is listed in that meeting's outcomes."),
    )
    clusters = forms.ModelMultipleChoiceField(
        label=_("Career Clusters"),
        queryset=CareerCluster.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Link a whole cluster when the industry covers all of it."),
    )
    subclusters = forms.ModelMultipleChoiceField(
        label=_("Sub-clusters"),
        queryset=SubCluster.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    naics_codes = forms.CharField(
        label=_("NAICS sectors"),
        required=False,
        max_length=200,
        help_text=_(
            "Two-digit sector codes separated by commas, e.g. “11, 31-33”. "
            "Leave empty to take them from the sub-clusters."
        ),
    )

    def __init__(
        self, *args: Any, consortium: Consortium, industry: TargetIndustry | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        parents = TargetIndustry.objects.filter(consortium=consortium)
        if industry is not None:
            parents = parents.exclude(pk=industry.pk).exclude(parent=industry)
        limit(self, "parent", parents)
        limit(self, "meeting", Meeting.objects.filter(consortium=consortium))
        limit(self, "clusters", CareerCluster.objects.filter(framework=Framework.MODERN).order_by("name"))
        limit(
            self,
            "subclusters",
            SubCluster.objects.filter(cluster__framework=Framework.MODERN)
            .select_related("cluster")
            .order_by("cluster__name", "name"),
            label=lambda s: f"{s.cluster.name}: {s.name}",
        )

    def naics(self) -> list[str] | None:
        raw = self.cleaned_data.get("naics_codes", "")
        codes = [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]
        return codes or None


class SectorStrategyForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Workforce board or partner"), queryset=Partner.objects.none())
    statement = forms.CharField(
        label=_("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    shared_sectors = forms.CharField(
        label=_("Sectors shared with our target industries"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line."),
    )
    other_sectors = forms.CharField(
        label=_("Other sectors the board covers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line."),
    )
    meeting = forms.ModelChoiceField(
        label=_("Discussed at"), queryset=Meeting.objects.none(), required=False, empty_label=_("No meeting")
    )

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = Partner.objects.filter(consortium=consortium)
        # Workforce boards first: a sector strategy is usually theirs.
        board_first = Case(When(kind=PartnerKind.WORKFORCE_BOARD, then=Value(0)), default=Value(1))
        limit(self, "partner", partners.order_by(board_first, "name"))
        limit(self, "meeting", Meeting.objects.filter(consortium=consortium))


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("e.g. “Region I Consortia Meeting”.")
    )
    series_title = forms.CharField(
        label=_("Title printed above the outcomes"),
        required=False,
        max_length=200,
        help_text=_("e.g. “Building the Next Generation of Career and Technical Education”."),
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False, empty_label=_("Whole consortium")
    )
    attendees = UserMultipleChoiceField(
        label=_("Attendees with an account"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attending_partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations attending"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(
        label=_("Other attendees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("People or organisations without a record here."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item a line, in order."),
    )

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "region", Region.objects.filter(consortium=consortium))
        limit(self, "attendees", consortium_members(consortium))
        limit(self, "attending_partners", Partner.objects.filter(consortium=consortium).order_by("name"))


class StatementsForm(forms.Form):
    vision_draft = forms.ModelChoiceField(
        label=_("Vision statement discussed"),
        queryset=VisionDraft.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    industries_statement = forms.CharField(
        label=_("Statement after the target industries"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. a note on skills that matter to every pathway."),
    )
    commitments_intro = forms.CharField(
        label=_("Sentence that opens the partner commitments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(
            self,
            "vision_draft",
            VisionDraft.objects.filter(consortium=consortium).order_by("-version"),
            label=lambda d: (
                _("Version %(n)s (%(status)s)") % {"n": d.version, "status": d.get_status_display()}
            ),
        )


class OpportunitiesForm(forms.Form):
    opportunities = forms.CharField(
        label=_("Opportunities to pursue"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One a line. Start a line with “- ” to make it a sub-item of the line above."),
    )


class DiscussionForm(forms.Form):
    discussion = forms.CharField(
        label=_("Notes from the discussion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Start each group with a heading line beginning with “# ”. Then one item a line, with its count "
            "in brackets if it has one: “Adaptable (4)”. Start a line with “- ” for a sub-item."
        ),
    )


class VotesRecordForm(forms.Form):
    heading = forms.CharField(
        label=_("Heading"), max_length=300, initial="Top Programs of Study to Pursue Include:"
    )
    tallies = forms.CharField(
        label=_("Results"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line, as “Information Technology (19 votes)”, in the order to show them."),
    )


class BallotForm(forms.Form):
    question = forms.CharField(
        label=_("Question"), max_length=300, help_text=_("What participants see on their phones.")
    )
    options = forms.CharField(
        label=_("Options"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_("One a line, at least two.")
    )
    dots_per_participant = forms.IntegerField(
        label=_("Dots per participant"), min_value=1, max_value=MAX_DOTS, initial=3
    )
    results_heading = forms.CharField(
        label=_("Heading for the results in the outcomes"),
        required=False,
        max_length=300,
        help_text=_("e.g. “Top Programs of Study to Pursue Include:”. The question is used if empty."),
    )


class FollowUpFormMixin(forms.Form):
    owner = UserChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("No account")
    )
    owner_name = forms.CharField(
        label=_("Owner without an account"),
        required=False,
        max_length=200,
        help_text=_("e.g. a partner's contact person."),
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices, initial=FollowUpStatus.OPEN)
    meeting = forms.ModelChoiceField(
        label=_("From the meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("No meeting"),
    )

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "owner", consortium_members(consortium))
        limit(self, "meeting", Meeting.objects.filter(consortium=consortium))


class ActionItemForm(FollowUpFormMixin):
    title = forms.CharField(label=_("What needs doing"), max_length=300)
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner_partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Partner.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    field_order = [
        "title",
        "details",
        "owner",
        "owner_partner",
        "owner_name",
        "due_date",
        "status",
        "meeting",
    ]

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, consortium=consortium, **kwargs)
        limit(self, "owner_partner", Partner.objects.filter(consortium=consortium).order_by("name"))


class CommitmentForm(FollowUpFormMixin):
    text = forms.CharField(label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 3}))
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["text", "partners", "owner", "owner_name", "due_date", "status", "meeting"]

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, consortium=consortium, **kwargs)
        limit(self, "partners", Partner.objects.filter(consortium=consortium).order_by("name"))


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Room code"),
        max_length=12,
        help_text=_("The six letters and numbers on the screen in the room."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
