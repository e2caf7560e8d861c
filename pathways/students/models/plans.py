from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned


class PostsecondaryStep(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate or license")
    TWO_YEAR = "two_year", _("Two-year degree")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    FOUR_YEAR = "four_year", _("Four-year degree")
    MILITARY = "military", _("Military")
    WORK = "work", _("Go to work")


class StepCost(ConsortiumOwned):
    """What a step after high school typically costs in time and money, per consortium (editable).

    Defaults and their sources are documented in docs/plans.md; a consortium sets local figures.
    """

    step = models.CharField(max_length=15, choices=PostsecondaryStep.choices)
    years = models.DecimalField(max_digits=3, decimal_places=1)
    annual_cost = models.PositiveIntegerField(help_text=_("Typical yearly tuition and fees, in dollars."))
    earns_while_learning = models.BooleanField(default=False)
    source = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consortium", "step"], name="students_stepcost_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.consortium})"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for counselor review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved by counselor")


class Plan(ConsortiumOwned):
    """A student's individual career and academic plan (one current plan; history in PlanVersion)."""

    student = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan")
    program = models.ForeignKey(
        "programs.ProgramOfStudy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    postsecondary_step = models.CharField(max_length=15, choices=PostsecondaryStep.choices, blank=True)
    postsecondary_program = models.ForeignKey(
        "catalog.CipProgram", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    postsecondary_note = models.TextField(blank=True)
    goals = models.TextField(blank=True, help_text=_("In the student's own words."))
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_version = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Plan of {self.student} (v{self.version}, {self.status})"


class PlanCareer(ConsortiumOwned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="careers")
    occupation = models.ForeignKey("catalog.Occupation", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "occupation"], name="students_plancareer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.occupation_id}"


class PlanCourse(ConsortiumOwned):
    """A course in the plan, by grade: from the program's sequence (`program_course`) or another course."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="courses")
    grade = models.SmallIntegerField()
    program_course = models.ForeignKey(
        "programs.ProgramCourse", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    course = models.ForeignKey(
        "programs.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200, help_text=_("For a course outside the program catalog."))
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["grade", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__gte=6, grade__lte=12), name="students_plancourse_grade"
            )
        ]

    def __str__(self) -> str:
        return f"Grade {self.grade}: {self.title}"


class PlanCredential(ConsortiumOwned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="credentials")
    credential = models.ForeignKey("programs.Credential", on_delete=models.PROTECT, related_name="+")
    grade = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "credential"], name="students_plancredential_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.credential_id}"


class PlanActivity(ConsortiumOwned):
    """Work-based learning and other experiences planned (filled from the WBL app later)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=40)  # e.g. job shadow, internship (the engagement ladder)
    description = models.CharField(max_length=300)
    grade = models.SmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.description


class PlanVersion(ConsortiumOwned):
    """A snapshot of the plan at a moment that matters (submitted, approved, acknowledged)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    event = models.CharField(max_length=30)
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.version} {self.event}"


class PlanComment(ConsortiumOwned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.plan_id}"
