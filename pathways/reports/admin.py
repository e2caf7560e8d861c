"""Admin of the reports app: imports, settings, levels and runs (read-mostly; rows are aggregated,
never edited one by one)."""

from django.contrib import admin

from .models import PerformanceLevel, ReportSettings, RollupRun, StudentYearImport


@admin.register(StudentYearImport)
class StudentYearImportAdmin(admin.ModelAdmin[StudentYearImport]):
    list_display = [
        "consortium",
        "school_year",
        "filename",
        "row_count",
        "source",
        "is_current",
        "created_at",
    ]
    list_filter = ["consortium", "school_year", "is_current", "source"]
    readonly_fields = ["row_count", "imported_by", "filename", "source", "school_year"]


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin[ReportSettings]):
    list_display = ["consortium", "concentrator_courses", "high_wage_ratio", "in_demand_openings"]


@admin.register(PerformanceLevel)
class PerformanceLevelAdmin(admin.ModelAdmin[PerformanceLevel]):
    list_display = ["consortium", "school_year", "indicator", "level"]
    list_filter = ["consortium", "school_year", "indicator"]


@admin.register(RollupRun)
class RollupRunAdmin(admin.ModelAdmin[RollupRun]):
    list_display = [
        "consortium",
        "school_year",
        "status",
        "steps_done",
        "steps_total",
        "created_at",
        "finished_at",
    ]
    list_filter = ["consortium", "status"]
    readonly_fields = ["steps_done", "steps_total", "message", "started_at", "finished_at", "requested_by"]
