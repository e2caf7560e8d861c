"""Labor-market data in the admin.

Areas, wages and projections are public reference data: read-only. The one thing an
administrator sets is the family-sustaining wage of an area (`FamilySustainingWage`), which
overrides the default rule (the area's median wage of all jobs, BLS OEWS May 2025).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import County, FamilySustainingWage, Projection, State, Wage, WageArea, ZipCode


class ReferenceDataAdmin(admin.ModelAdmin[Any]):
    """Public reference data: administrators may look, not edit. `load_public_data` owns it."""

    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FamilySustainingWage)
class FamilySustainingWageAdmin(admin.ModelAdmin[FamilySustainingWage]):
    list_display = ["area", "annual_wage", "basis", "updated_by", "updated_at"]
    list_select_related = ["area", "updated_by"]
    search_fields = ["area__name", "area__code", "basis"]
    autocomplete_fields = ["area"]
    fields = ["area", "annual_wage", "basis", "updated_by", "created_at", "updated_at"]
    readonly_fields = ["updated_by", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: FamilySustainingWage, form: Any, change: bool) -> None:
        obj.updated_by = request.user  # type: ignore[assignment]  # admin users are authenticated
        super().save_model(request, obj, form, change)


@admin.register(State)
class StateAdmin(ReferenceDataAdmin):
    list_display = ["fips", "usps", "name"]
    search_fields = ["name", "usps", "fips"]


@admin.register(WageArea)
class WageAreaAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "kind", "state"]
    list_filter = ["kind"]
    list_select_related = ["state"]
    search_fields = ["name", "code"]


@admin.register(County)
class CountyAdmin(ReferenceDataAdmin):
    list_display = ["geoid", "name", "state", "wage_area"]
    list_select_related = ["state", "wage_area"]
    search_fields = ["name", "geoid"]


@admin.register(ZipCode)
class ZipCodeAdmin(ReferenceDataAdmin):
    list_display = ["zip", "city", "county"]
    list_select_related = ["county"]
    search_fields = ["zip", "city"]


@admin.register(Wage)
class WageAdmin(ReferenceDataAdmin):
    list_display = ["soc_code", "area", "annual_median", "hourly_median", "employment"]
    list_select_related = ["area"]
    search_fields = ["soc_code", "area__name", "area__code"]


@admin.register(Projection)
class ProjectionAdmin(ReferenceDataAdmin):
    list_display = ["soc_code", "title", "change_pct", "openings_annual", "entry_education"]
    search_fields = ["soc_code", "title"]
