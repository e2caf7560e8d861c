"""Reports: student-year records, indicator settings, rollups, the needs assessment."""

from .clna import ClnaElement, Consultation, EducatorTraining, ElementReview, Finding, NeedsAssessment
from .records import ImportSource, Placement, StudentYear, StudentYearImport
from .rollups import PerformanceLevel, ReportSettings, Rollup, RollupRun, RunStatus

__all__ = [
    "ClnaElement",
    "Consultation",
    "EducatorTraining",
    "ElementReview",
    "Finding",
    "ImportSource",
    "NeedsAssessment",
    "PerformanceLevel",
    "Placement",
    "ReportSettings",
    "Rollup",
    "RollupRun",
    "RunStatus",
    "StudentYear",
    "StudentYearImport",
]
