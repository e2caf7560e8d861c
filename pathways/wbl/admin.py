"""Work-based learning in the Django admin, for site operators. Everyday editing happens on the
pages, through the services (which check tenants and write the audit log); the admin is a repair tool."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    ContactLogEntry,
    HoursEntry,
    MatchingRound,
    Opportunity,
    PartnerDocument,
    PartnerLocation,
    PartnerOffer,
    Placement,
    Registration,
    RoundOpportunity,
)


@admin.register(PartnerLocation)
class PartnerLocationAdmin(admin.ModelAdmin[PartnerLocation]):
    list_display = ["name", "partner", "city", "zip_code", "consortium"]
    list_filter = ["consortium"]
    search_fields = ["name", "partner__name"]
    raw_id_fields = ["partner", "zip_code"]


@admin.register(PartnerOffer)
class PartnerOfferAdmin(admin.ModelAdmin[PartnerOffer]):
    list_display = ["partner", "engagement", "consortium"]
    list_filter = ["consortium", "engagement"]
    raw_id_fields = ["partner"]


@admin.register(PartnerDocument)
class PartnerDocumentAdmin(admin.ModelAdmin[PartnerDocument]):
    list_display = ["title", "partner", "kind", "check_status", "expires_on", "consortium"]
    list_filter = ["consortium", "kind", "check_status"]
    search_fields = ["title", "partner__name", "supervisor_name"]
    raw_id_fields = ["partner", "uploaded_by"]


@admin.register(ContactLogEntry)
class ContactLogEntryAdmin(admin.ModelAdmin[ContactLogEntry]):
    list_display = ["partner", "happened_on", "channel", "school", "author", "consortium"]
    list_filter = ["consortium", "channel"]
    raw_id_fields = ["partner", "school", "author"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin[Opportunity]):
    list_display = [
        "title",
        "partner",
        "engagement",
        "starts_on",
        "capacity",
        "allocation",
        "status",
        "consortium",
    ]
    list_filter = ["consortium", "status", "engagement", "allocation", "is_virtual"]
    search_fields = ["title", "partner__name"]
    raw_id_fields = ["partner", "school", "location", "supervisor", "created_by", "reviewed_by"]
    filter_horizontal = ["occupations", "required_programs", "required_credentials"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ["opportunity", "student", "status", "hours", "created_at", "consortium"]
    list_filter = ["consortium", "status"]
    raw_id_fields = ["opportunity", "student"]


@admin.register(MatchingRound)
class MatchingRoundAdmin(admin.ModelAdmin[MatchingRound]):
    list_display = ["name", "status", "deadline", "consortium"]
    list_filter = ["consortium", "status"]


@admin.register(RoundOpportunity)
class RoundOpportunityAdmin(admin.ModelAdmin[RoundOpportunity]):
    list_display = ["round", "opportunity", "capacity", "method", "consortium"]
    list_filter = ["consortium"]
    raw_id_fields = ["round", "opportunity"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin[Placement]):
    list_display = ["student", "opportunity", "status", "starts_on", "consortium"]
    list_filter = ["consortium", "status"]
    raw_id_fields = ["student", "opportunity", "supervisor", "coordinator"]


@admin.register(HoursEntry)
class HoursEntryAdmin(admin.ModelAdmin[HoursEntry]):
    list_display = ["placement", "worked_on", "hours", "status", "consortium"]
    list_filter = ["consortium", "status"]
    raw_id_fields = ["placement", "reviewed_by"]
