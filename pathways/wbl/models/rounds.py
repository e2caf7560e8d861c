"""Matching rounds for scarce placements: students rank, partners rank or use priority rules,
the student-proposing stable matching (pathways.matching) decides, a coordinator publishes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pathways.core.models import ConsortiumOwned


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for choices")
    CLOSED = "closed", _("Closed: partners ranking")
    COMPUTED = "computed", _("Computed: waiting to publish")
    PUBLISHED = "published", pgettext_lazy("matching round status", "Published")
    SCRAMBLE = "scramble", _("Vacancy scramble")
    FINISHED = "finished", _("Finished")


class MatchingRound(ConsortiumOwned):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    deadline = models.DateTimeField(help_text=_("Students rank their choices until then."))
    max_choices = models.PositiveSmallIntegerField(
        default=5, help_text=_("How many opportunities a student may rank.")
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    # The lottery that breaks ties, drawn once over every applicant and recorded.
    lottery_seed = models.BigIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Fill rate, first-choice and top-three shares, unmatched by school and subgroup (at compute
    # time). Numbers and group keys only: labels are rendered in the viewer's language
    # (pathways.wbl.texts.statistics_for_display).
    statistics = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return self.name


class RankingMethod(models.TextChoices):
    PARTNER = "partner", _("The partner ranks its applicants")
    PRIORITY = "priority", _("Priority rules, then the lottery")


class PriorityRule(models.TextChoices):
    """Priority rules a partner can pick, applied in the order chosen (earlier rules weigh more)."""

    RELATED_CONCENTRATOR = "related_concentrator", _("Concentrators in a related program of study first")
    SENIORS = "seniors", _("Seniors first, then juniors")
    NO_TRANSPORT_NEARBY = "no_transport_nearby", _("Students without transportation first (nearby sites)")
    RESERVED_SCHOOL = "reserved_school", _("Seats reserved for one school")


class RoundOpportunity(ConsortiumOwned):
    """An opportunity's seats in one round, and how its applicants are ranked."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="entries")
    opportunity = models.ForeignKey("wbl.Opportunity", on_delete=models.CASCADE, related_name="round_entries")
    capacity = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=10, choices=RankingMethod.choices, default=RankingMethod.PRIORITY)
    # Ordered list of PriorityRule values.
    priority_rules = models.JSONField(default=list, blank=True)
    reserved_school = models.ForeignKey(
        "orgs.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reserved_seats = models.PositiveSmallIntegerField(default=0)
    # NO_TRANSPORT_NEARBY: a site within this many miles of the student's school counts as nearby.
    nearby_miles = models.PositiveSmallIntegerField(default=15)
    ranking_done = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "opportunity"]
        constraints = [
            models.UniqueConstraint(fields=["round", "opportunity"], name="wbl_round_opportunity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.opportunity}"


class Choice(ConsortiumOwned):
    """A student's ranked choice in a round (rank 1 = first choice)."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="choices")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(RoundOpportunity, on_delete=models.CASCADE, related_name="choices")
    rank = models.PositiveSmallIntegerField()
    has_transportation = models.BooleanField(default=True)
    # Why this opportunity, in the student's words; the partner sees it when ranking.
    statement = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["round", "student", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "student", "rank"], name="wbl_choice_rank_unique"),
            models.UniqueConstraint(fields=["round", "student", "entry"], name="wbl_choice_entry_unique"),
        ]


class PartnerRanking(ConsortiumOwned):
    """A partner's ranking of an applicant (position 1 = most wanted). Unranked = not acceptable."""

    entry = models.ForeignKey(RoundOpportunity, on_delete=models.CASCADE, related_name="rankings")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["entry", "position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "student"], name="wbl_partner_ranking_unique"),
            models.UniqueConstraint(fields=["entry", "position"], name="wbl_partner_ranking_position"),
        ]


class RoundResult(ConsortiumOwned):
    """One student's outcome in a round, with the facts behind it (rendered as plain words in the
    reader's language by `explanation`)."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="results")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(
        RoundOpportunity, null=True, blank=True, on_delete=models.CASCADE, related_name="results"
    )
    choice_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    lottery_number = models.PositiveIntegerField(null=True, blank=True)
    # What decided the outcome: the choice placed at, each choice ranked above it and why it was
    # missed, the lottery position, a scramble claim (see pathways.wbl.texts).
    explanation_facts = models.JSONField(default=dict, blank=True)
    from_scramble = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "student"]
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="wbl_round_result_unique"),
        ]

    @property
    def explanation(self) -> str:
        """Why, in plain words, in the active language."""
        from ..texts import explanation_text

        return explanation_text(self.explanation_facts)
