"""Career-catalog reference data in the admin: read-only (it is reloaded from public files)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pathways.labor.admin import ReferenceDataAdmin

from .models import CareerCluster, CipProgram, JobZone, Occupation, SubCluster


class SubClusterInline(admin.TabularInline[SubCluster, CareerCluster]):
    model = SubCluster
    fields = ["name", "slug"]
    readonly_fields = ["name", "slug"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CareerCluster)
class CareerClusterAdmin(ReferenceDataAdmin):
    list_display = ["name", "framework", "cross_cutting"]
    list_filter = ["framework", "cross_cutting"]
    search_fields = ["name"]
    inlines = [SubClusterInline]


@admin.register(SubCluster)
class SubClusterAdmin(ReferenceDataAdmin):
    list_display = ["name", "cluster"]
    list_filter = ["cluster__framework"]
    list_select_related = ["cluster"]
    search_fields = ["name", "cluster__name"]


@admin.register(JobZone)
class JobZoneAdmin(ReferenceDataAdmin):
    list_display = ["number", "name"]


@admin.register(Occupation)
class OccupationAdmin(ReferenceDataAdmin):
    list_display = ["code", "title", "job_zone", "typical_education"]
    list_filter = ["job_zone"]
    list_select_related = ["job_zone"]
    search_fields = ["code", "title"]
    exclude = ["subclusters"]


@admin.register(CipProgram)
class CipProgramAdmin(ReferenceDataAdmin):
    list_display = ["code", "title", "family"]
    search_fields = ["code", "title"]
    exclude = ["subclusters"]
