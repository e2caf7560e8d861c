"""Student records: profile and consent, Interest Profiler attempts, favourites, the individual
career and academic plan (with history, review and acknowledgement), and comments.

All rows are tenant rows (ConsortiumOwned) about one student (a `User` with a student
membership). Reads go through `students.selectors` (visibility from `accounts.policies`); writes
through `students.services`, which audit every change to a student's record.
"""

from .favourites import Favourite, FavouriteKind
from .plans import (
    Plan,
    PlanActivity,
    PlanCareer,
    PlanComment,
    PlanCourse,
    PlanCredential,
    PlanStatus,
    PlanVersion,
    PostsecondaryStep,
    StepCost,
)
from .profile import ConsentSource, ConsentStatus, StudentProfile, StudentSettings
from .profiler import AttemptStatus, ProfilerAttempt

__all__ = [
    "AttemptStatus",
    "ConsentSource",
    "ConsentStatus",
    "Favourite",
    "FavouriteKind",
    "Plan",
    "PlanActivity",
    "PlanCareer",
    "PlanComment",
    "PlanCourse",
    "PlanCredential",
    "PlanStatus",
    "PlanVersion",
    "PostsecondaryStep",
    "ProfilerAttempt",
    "StepCost",
    "StudentProfile",
    "StudentSettings",
]
