"""Programs of study: what each member school or district offers, and everything that hangs on it.

Concepts:

- `ProgramOfStudy`: a CTE program offered by one school or one district (never both), aligned
  to a 2024 Career Cluster and sub-cluster and to one six-digit CIP 2020 code (which links it to
  occupations through the NCES CIP-SOC crosswalk). It is delivered on site, virtually, shared
  with other member schools (students travel to where classes meet), or at a college or
  technical center; `eligible_schools` lists whose students may enrol.
- `Course` is the consortium's course catalog; `ProgramCourse` places a course in a program's
  sequence (introductory, concentrator, capstone). `DualCreditCourse` ties a program course to a
  partner college's course and credits; `CollegeTerms` keeps a college's tuition per credit.
- `Credential` (industry-recognised, with issuer and optional CTDL CTID) and `ProgramCredential`.
- `TeacherAssignment` (a teacher on a program) and `TeacherLicense` (a teacher's licensure or
  endorsement areas with expiry).
- `AdvisoryCommitteeMember`: a program's (or, with no program, the consortium's) advisory
  committee.

Every row carries its consortium; services check it against every parent (see services.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned
from pathways.orgs.models import District, School


class DeliveryMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    VIRTUAL = "virtual", _("Virtual (online)")
    SHARED = "shared", _("Shared with other member schools")
    COLLEGE = "college", _("At a college or technical center")


# Delivery modes where students go to a member school for class.
IN_PERSON_AT_SCHOOL = frozenset({DeliveryMode.ON_SITE, DeliveryMode.SHARED})


class ProgramStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PLANNED = "planned", _("Planned")
    RETIRED = "retired", _("Retired")


class NonTraditional(models.TextChoices):
    """For Perkins V indicator 4S1: the sex for which the program's field is non-traditional."""

    NONE = "none", _("Not non-traditional")
    FEMALE = "female", _("Non-traditional for women")
    MALE = "male", _("Non-traditional for men")


class CourseLevel(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    CONCENTRATOR = "concentrator", _("Concentrator")
    CAPSTONE = "capstone", _("Capstone")


LEVEL_RANK = {CourseLevel.INTRODUCTORY: 1, CourseLevel.CONCENTRATOR: 2, CourseLevel.CAPSTONE: 3}


class ProgramOfStudy(ConsortiumOwned):
    consortium = models.ForeignKey("orgs.Consortium", on_delete=models.CASCADE, related_name="programs")
    school = models.ForeignKey(
        "orgs.School", null=True, blank=True, on_delete=models.CASCADE, related_name="programs"
    )
    district = models.ForeignKey(
        "orgs.District", null=True, blank=True, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    cluster = models.ForeignKey(
        "catalog.CareerCluster",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"framework": "2024"},
    )
    subcluster = models.ForeignKey(
        "catalog.SubCluster", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cip = models.ForeignKey("catalog.CipProgram", on_delete=models.PROTECT, related_name="+")
    delivery_mode = models.CharField(
        max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.ON_SITE
    )
    # Where classes meet, when that is not the offering school (a district's program, a shared one).
    host_school = models.ForeignKey(
        "orgs.School", null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_programs"
    )
    # The college or technical center, for delivery "at a college or technical center".
    host_partner = models.ForeignKey(
        "orgs.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_programs"
    )
    eligible_schools = models.ManyToManyField("orgs.School", related_name="eligible_programs", blank=True)
    status = models.CharField(max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE)
    nontraditional_for = models.CharField(
        max_length=10, choices=NonTraditional.choices, default=NonTraditional.NONE
    )
    # False: `nontraditional_for` comes from the default rule (nontraditional.py); True: staff set it.
    nontraditional_set_by_staff = models.BooleanField(default=False)
    # The code student-year files use for this program (the state's program code); links the
    # imported records of the reports app to the program, its cluster and its occupations.
    reporting_code = models.CharField(
        max_length=30,
        blank=True,
        help_text=_("The program code used in student-year files sent to the state."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "program of study"
        verbose_name_plural = "programs of study"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school__isnull=False, district__isnull=True)
                | models.Q(school__isnull=True, district__isnull=False),
                name="programs_program_one_offerer",
            ),
            models.CheckConstraint(
                condition=models.Q(delivery_mode="college", host_partner__isnull=False)
                | (~models.Q(delivery_mode="college") & models.Q(host_partner__isnull=True)),
                name="programs_program_college_host",
            ),
            models.UniqueConstraint(
                fields=["school", "name"],
                condition=models.Q(school__isnull=False),
                name="programs_program_school_name_unique",
            ),
            models.UniqueConstraint(
                fields=["district", "name"],
                condition=models.Q(district__isnull=False),
                name="programs_program_district_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def offered_by(self) -> School | District | None:
        return self.school if self.school_id else self.district

    @property
    def location_school(self) -> School | None:
        """The member school where classes meet (None for virtual and college programs)."""
        if self.delivery_mode not in IN_PERSON_AT_SCHOOL:
            return None
        return self.host_school if self.host_school_id else self.school


class Course(ConsortiumOwned):
    """A course of the consortium's catalog, used by any number of programs."""

    consortium = models.ForeignKey("orgs.Consortium", on_delete=models.CASCADE, related_name="courses")
    code = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    credits = models.DecimalField(max_digits=4, decimal_places=2, default=1)
    grade_low = models.SmallIntegerField(null=True, blank=True)
    grade_high = models.SmallIntegerField(null=True, blank=True)
    is_cte = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["consortium", "code"], name="programs_course_code_unique"),
            models.CheckConstraint(
                condition=models.Q(grade_low__isnull=True)
                | models.Q(grade_high__isnull=True)
                | models.Q(grade_low__lte=models.F("grade_high")),
                name="programs_course_grades_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(credits__gte=0), name="programs_course_credits_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProgramCourse(ConsortiumOwned):
    """A course's place in a program's sequence."""

    program = models.ForeignKey(ProgramOfStudy, on_delete=models.CASCADE, related_name="program_courses")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="program_links")
    level = models.CharField(max_length=15, choices=CourseLevel.choices)
    order = models.PositiveSmallIntegerField(default=1)
    recommended_grade = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["program_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "course"], name="programs_programcourse_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.program} / {self.course}"

    @property
    def level_rank(self) -> int:
        return LEVEL_RANK.get(self.level, 9)  # type: ignore[call-overload]


class CollegeTerms(ConsortiumOwned):
    """What a partner college charges, kept here so the orgs app's Partner stays as it is."""

    partner = models.OneToOneField("orgs.Partner", on_delete=models.CASCADE, related_name="college_terms")
    tuition_per_credit = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    tuition_note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "college terms"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tuition_per_credit__isnull=True) | models.Q(tuition_per_credit__gte=0),
                name="programs_collegeterms_tuition_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.tuition_per_credit}"


class DualCreditCourse(ConsortiumOwned):
    """A program course that also earns credit at a partner college."""

    program_course = models.ForeignKey(ProgramCourse, on_delete=models.CASCADE, related_name="dual_credits")
    college = models.ForeignKey("orgs.Partner", on_delete=models.PROTECT, related_name="+")
    college_course_code = models.CharField(max_length=30)
    college_course_title = models.CharField(max_length=200)
    college_credits = models.DecimalField(max_digits=4, decimal_places=1)
    articulation_note = models.TextField(blank=True)

    class Meta:
        ordering = ["college_course_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program_course", "college", "college_course_code"], name="programs_dualcredit_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(college_credits__gt=0), name="programs_dualcredit_credits_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.college_course_code} {self.college_course_title}"


class Credential(ConsortiumOwned):
    """An industry-recognised credential (certification, license, certificate)."""

    consortium = models.ForeignKey("orgs.Consortium", on_delete=models.CASCADE, related_name="credentials")
    name = models.CharField(max_length=200)
    issuer = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    # The column is not called "ctid": that name is reserved by PostgreSQL (a system column).
    ctid = models.CharField(
        max_length=60, blank=True, db_column="ctdl_ctid", help_text=_("Credential Engine CTID, e.g. ce-…")
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "name", "issuer"], name="programs_credential_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"


class ProgramCredential(ConsortiumOwned):
    """A credential students can earn in a program; `level`: the point of the sequence where they do."""

    program = models.ForeignKey(ProgramOfStudy, on_delete=models.CASCADE, related_name="program_credentials")
    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="program_links")
    level = models.CharField(max_length=15, choices=CourseLevel.choices, default=CourseLevel.CAPSTONE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "credential"], name="programs_programcredential_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} / {self.credential}"


class TeacherAssignment(ConsortiumOwned):
    program = models.ForeignKey(ProgramOfStudy, on_delete=models.CASCADE, related_name="teacher_assignments")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_assignments"
    )
    is_lead = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_lead", "teacher__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "teacher"], name="programs_teacherassignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.teacher} @ {self.program}"


class LicenseKind(models.TextChoices):
    LICENSE = "license", _("License")
    ENDORSEMENT = "endorsement", _("Endorsement")


class TeacherLicense(ConsortiumOwned):
    """A teacher's licensure or endorsement area, as the state issued it."""

    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="licenses")
    kind = models.CharField(max_length=12, choices=LicenseKind.choices, default=LicenseKind.ENDORSEMENT)
    area = models.CharField(max_length=200)
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["area"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "teacher", "kind", "area"], name="programs_teacherlicense_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher}: {self.area}"


class AdvisoryCommitteeMember(ConsortiumOwned):
    """A member of a program's advisory committee; with no program, of the consortium's."""

    program = models.ForeignKey(
        ProgramOfStudy, null=True, blank=True, on_delete=models.CASCADE, related_name="advisory_members"
    )
    person_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "orgs.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_name = models.CharField(max_length=200, blank=True)  # when not a partner on record
    role_title = models.CharField(max_length=200, blank=True)
    term_start = models.DateField(null=True, blank=True)
    term_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_start__isnull=True)
                | models.Q(term_end__isnull=True)
                | models.Q(term_start__lte=models.F("term_end")),
                name="programs_advisory_term_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.person_name

    @property
    def organisation_label(self) -> str:
        return (
            self.organisation.name if self.organisation_id and self.organisation else self.organisation_name
        )
