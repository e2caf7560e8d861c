"""Admin for governance data: for support staff; everyday editing happens in the governance pages."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    ActionItem,
    Ballot,
    BallotOption,
    DiscussionGroup,
    GuidingPrinciple,
    Meeting,
    MeetingVote,
    PartnerCommitment,
    SectorStrategy,
    StrategicPlan,
    StrategicPriority,
    TargetIndustry,
    VisionDraft,
)


@admin.register(StrategicPlan)
class StrategicPlanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["consortium", "tagline"]
    list_select_related = ["consortium"]


@admin.register(VisionDraft)
class VisionDraftAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["consortium", "version", "status", "created_at"]
    list_filter = ["status", "consortium"]


@admin.register(StrategicPriority)
class StrategicPriorityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["consortium", "heading", "text", "position"]
    list_filter = ["consortium"]


@admin.register(GuidingPrinciple)
class GuidingPrincipleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["consortium", "text", "position"]
    list_filter = ["consortium"]


@admin.register(TargetIndustry)
class TargetIndustryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["consortium", "name", "qualifier", "parent", "position"]
    list_filter = ["consortium"]
    filter_horizontal = ["clusters", "subclusters"]


@admin.register(SectorStrategy)
class SectorStrategyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["consortium", "partner"]


class BallotOptionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = BallotOption
    extra = 0
    fields = ["label", "position", "final_votes"]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["question", "meeting", "status", "source", "room_code"]
    list_filter = ["status", "source"]
    inlines = [BallotOptionInline]


class MeetingVoteInline(admin.TabularInline):  # type: ignore[type-arg]
    model = MeetingVote
    extra = 0
    fields = ["heading", "label", "votes", "position"]


class DiscussionGroupInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DiscussionGroup
    extra = 0
    fields = ["heading", "position"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "consortium", "date", "is_published"]
    list_filter = ["is_published", "consortium"]
    inlines = [MeetingVoteInline, DiscussionGroupInline]


@admin.register(PartnerCommitment)
class PartnerCommitmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["text", "consortium", "status", "due_date"]
    list_filter = ["status", "consortium"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "consortium", "status", "due_date"]
    list_filter = ["status", "consortium"]
