"""Forms of the programs pages. They read and check input; the services decide and write.

Choices come from rows the user may use (their schools, their consortium's partners), so a form
never looks up a tenant row outside the user's scope. A service error (`InvalidInput.field`)
lands on the form field of the same name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.accounts.models import User
from pathways.catalog.models import CareerCluster, Framework, SubCluster
from pathways.core.errors import DomainError
from pathways.orgs.models import District, Partner, School

from . import selectors
from .models import (
    Course,
    CourseLevel,
    Credential,
    DeliveryMode,
    LicenseKind,
    NonTraditional,
    ProgramCourse,
    ProgramStatus,
)
from .selectors import FINDER_SORTS
from .services import AUTO


class AccessibleForm(forms.Form):
    """Ties each field's help text and error to its input (aria-describedby, aria-invalid), and says
    what is missing in words that fit the field rather than "This field is required"."""

    required_messages: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._describe()

    def _describe(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if self.is_bound and hasattr(self, "_errors") and self._errors and name in self._errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def add_domain_error(self, exc: DomainError) -> None:
        """Show a service's refusal on its field, or above the form when it names none of ours."""
        self.add_error(exc.field if exc.field in self.fields else None, exc.message)


def _level_choices() -> list[tuple[str, Any]]:
    return list(CourseLevel.choices)


class DateInput(forms.DateInput):
    input_type = "date"


# --- programs --------------------------------------------------------------------------------


class ProgramForm(AccessibleForm):
    required_messages = {
        "offered_by": _("Choose the school or the district that offers the program."),
        "name": _("Enter the program's name."),
        "cluster": _("Choose a Career Cluster."),
        "cip": _("Enter the program's CIP code."),
        "delivery_mode": _("Choose how the program is delivered."),
        "status": _("Choose a status."),
    }
    offered_by = forms.ChoiceField(
        label=_("Offered by"),
        help_text=_("The school, or the district, that runs the program."),
    )
    name = forms.CharField(
        label=_("Name of the program"),
        max_length=200,
        help_text=_("As students and families will see it, e.g. “Welding Technology”."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What students learn and do, in two or three plain sentences."),
    )
    cluster = forms.ChoiceField(
        label=_("Career Cluster"), help_text=_("From the 2024 National Career Clusters Framework.")
    )
    subcluster = forms.ChoiceField(
        label=_("Sub-cluster"), required=False, help_text=_("Must belong to the Career Cluster chosen above.")
    )
    cip = forms.CharField(
        label=_("CIP code"),
        max_length=7,
        help_text=_(
            "Six digits from the CIP 2020 list, e.g. 48.0508 for Welding Technology/Welder. "
            "It links the program to the careers it prepares for."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 8}),
    )
    delivery_mode = forms.ChoiceField(
        label=_("How it is delivered"),
        choices=DeliveryMode.choices,
        initial=DeliveryMode.ON_SITE,
        widget=forms.RadioSelect,
    )
    host_school = forms.ChoiceField(
        label=_("Where classes meet"),
        required=False,
        help_text=_(
            "For a shared program, or a district's program: the member school where students go for class. "
            "Leave empty when classes meet at the offering school."
        ),
    )
    host_partner = forms.ChoiceField(
        label=_("College or technical center"),
        required=False,
        help_text=_("Only for programs delivered at a college or technical center."),
    )
    eligible_schools = forms.MultipleChoiceField(
        label=_("Whose students may enrol"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick every member school whose students may take this program. Leave all unticked for the "
            "offering school only (or, for a district's program, every school of the district)."
        ),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProgramStatus.choices, initial=ProgramStatus.ACTIVE)
    nontraditional_for = forms.ChoiceField(
        label=_("Non-traditional for (Perkins V)"),
        choices=[(AUTO, _("Use the default rule from the CIP code")), *NonTraditional.choices],
        initial=AUTO,
        help_text=_(
            "A field where one sex holds fewer than 25% of the jobs. The default rule reads the CIP code; "
            "choose a value to set it yourself."
        ),
    )

    def __init__(
        self,
        *args: Any,
        schools: list[School],
        districts: list[District],
        member_schools: list[School],
        colleges: list[Partner],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._offerers: dict[str, School | District] = {f"school:{s.public_id}": s for s in schools}
        self._offerers.update({f"district:{d.public_id}": d for d in districts})
        self._member_schools = {str(s.public_id): s for s in member_schools}
        self._colleges = {str(p.public_id): p for p in colleges}
        self._clusters = {
            c.slug: c for c in CareerCluster.objects.filter(framework=Framework.MODERN).order_by("name")
        }
        self._subclusters = {
            f"{s.cluster.slug}/{s.slug}": s
            for s in SubCluster.objects.filter(cluster__framework=Framework.MODERN).select_related("cluster")
        }
        many = len({o.consortium_id for o in self._offerers.values()}) > 1

        def label(row: School | District) -> str:
            return f"{row.name} ({row.consortium.name})" if many else row.name

        offered = self.fields["offered_by"]
        assert isinstance(offered, forms.ChoiceField)
        offered.choices = [
            ("", _("Choose…")),
            (_("Schools"), [(f"school:{s.public_id}", label(s)) for s in schools]),
            (_("Districts"), [(f"district:{d.public_id}", label(d)) for d in districts]),
        ]
        if editing:
            del self.fields["offered_by"]
        self._choices(
            "cluster", [("", _("Choose…")), *((slug, c.name) for slug, c in self._clusters.items())]
        )
        grouped: dict[str, list[tuple[str, str]]] = {}
        for key, sub in sorted(self._subclusters.items(), key=lambda kv: (kv[1].cluster.name, kv[1].name)):
            grouped.setdefault(sub.cluster.name, []).append((key, sub.name))
        self._choices("subcluster", [("", _("None chosen")), *grouped.items()])
        school_choices = [(key, s.name) for key, s in self._member_schools.items()]
        self._choices("host_school", [("", _("The offering school")), *school_choices])
        self._choices("eligible_schools", school_choices)
        self._choices("host_partner", [("", _("None")), *((k, p.name) for k, p in self._colleges.items())])

    def _choices(self, name: str, choices: list[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_offered_by(self) -> School | District:
        return self._offerers[self.cleaned_data["offered_by"]]

    def clean_cluster(self) -> CareerCluster:
        return self._clusters[self.cleaned_data["cluster"]]

    def clean_subcluster(self) -> SubCluster | None:
        value = self.cleaned_data.get("subcluster")
        return self._subclusters[value] if value else None

    def clean_host_school(self) -> School | None:
        value = self.cleaned_data.get("host_school")
        return self._member_schools[value] if value else None

    def clean_host_partner(self) -> Partner | None:
        value = self.cleaned_data.get("host_partner")
        return self._colleges[value] if value else None

    def clean_eligible_schools(self) -> list[School]:
        return [self._member_schools[v] for v in self.cleaned_data.get("eligible_schools") or []]

    def clean_cip(self) -> Any:
        try:
            cip = selectors.cip_get(self.cleaned_data["cip"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        if cip.digits != 6:
            raise forms.ValidationError(
                _("Use a six-digit CIP code like 48.0508; %(code)s is a series.") % {"code": cip.code}
            )
        return cip

    def clean(self) -> dict[str, Any]:
        """The same checks as the service, here too so that every mistake shows at once."""
        cleaned = super().clean() or {}
        cluster, subcluster = cleaned.get("cluster"), cleaned.get("subcluster")
        if cluster is not None and subcluster is not None and subcluster.cluster_id != cluster.pk:
            self.add_error(
                "subcluster",
                _("%(sub)s is not a sub-cluster of %(cluster)s.")
                % {"sub": subcluster.name, "cluster": cluster.name},
            )
        return cleaned

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        offerer = data.pop("offered_by", None)
        if offerer is not None:
            data["school" if isinstance(offerer, School) else "district"] = offerer
        return data


# --- the sequence ----------------------------------------------------------------------------


class SequenceAddForm(AccessibleForm):
    required_messages = {"level": _("Choose the course's level in the sequence.")}
    course = forms.ChoiceField(
        label=_("Course"),
        required=False,
        help_text=_(
            "Choose a course of the consortium's catalog, or leave this empty and describe a new one below."
        ),
    )
    code = forms.CharField(label=_("New course: code"), required=False, max_length=30)
    title = forms.CharField(label=_("New course: title"), required=False, max_length=200)
    credits = forms.DecimalField(
        label=_("New course: high-school credits"),
        required=False,
        min_value=0,
        max_value=99,
        decimal_places=2,
    )
    grade_low = forms.IntegerField(
        label=_("New course: lowest grade"), required=False, min_value=0, max_value=14
    )
    grade_high = forms.IntegerField(
        label=_("New course: highest grade"), required=False, min_value=0, max_value=14
    )
    is_cte = forms.BooleanField(label=_("New course: it is a CTE course"), required=False, initial=True)
    level = forms.ChoiceField(
        label=_("Level in the sequence"),
        choices=_level_choices,
        widget=forms.RadioSelect,
        help_text=_("Introductory first, then concentrator, then the capstone."),
    )
    recommended_grade = forms.IntegerField(
        label=_("Recommended grade"), required=False, min_value=0, max_value=14, help_text=_("e.g. 10")
    )

    def __init__(self, *args: Any, courses: list[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._courses = {str(c.public_id): c for c in courses}
        self.fields["course"].conditional = _("(or describe a new course below)")  # type: ignore[attr-defined]
        for name in ("code", "title"):
            self.fields[name].conditional = _("(needed for a new course)")  # type: ignore[attr-defined]
        field = self.fields["course"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("A new course (describe it below)")),
            *((k, str(c)) for k, c in self._courses.items()),
        ]

    def clean_course(self) -> Course | None:
        value = self.cleaned_data.get("course")
        return self._courses[value] if value else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("course") is None and not self.errors:
            for name in ("code", "title"):
                if not cleaned.get(name):
                    self.add_error(name, _("Needed for a new course."))
        return cleaned


# --- dual credit -----------------------------------------------------------------------------


class DualCreditForm(AccessibleForm):
    required_messages = {
        "program_course": _("Choose the course of this program."),
        "college": _("Choose the college."),
        "college_course_code": _("Enter the college's course code."),
        "college_course_title": _("Enter the college course's title."),
        "college_credits": _("Enter the college credits."),
    }
    program_course = forms.ChoiceField(label=_("Course of this program"))
    college = forms.ChoiceField(label=_("College"))
    college_course_code = forms.CharField(
        label=_("College course code"), max_length=30, help_text=_("e.g. WELD 101")
    )
    college_course_title = forms.CharField(label=_("College course title"), max_length=200)
    college_credits = forms.DecimalField(
        label=_("College credits"), min_value=0, max_value=99, decimal_places=1, help_text=_("e.g. 3")
    )
    articulation_note = forms.CharField(
        label=_("Articulation note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How students earn the credit: agreement, grade needed, where the credit transfers."),
    )

    def __init__(
        self, *args: Any, program_courses: list[ProgramCourse], colleges: list[Partner], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._program_courses = {str(pc.public_id): pc for pc in program_courses}
        self._colleges = {str(p.public_id): p for p in colleges}
        course = self.fields["program_course"]
        college = self.fields["college"]
        assert isinstance(course, forms.ChoiceField) and isinstance(college, forms.ChoiceField)
        course.choices = [
            ("", _("Choose…")),
            *((k, str(pc.course)) for k, pc in self._program_courses.items()),
        ]
        college.choices = [("", _("Choose…")), *((k, p.name) for k, p in self._colleges.items())]

    def clean_program_course(self) -> ProgramCourse:
        return self._program_courses[self.cleaned_data["program_course"]]

    def clean_college(self) -> Partner:
        return self._colleges[self.cleaned_data["college"]]


class CollegeTermsForm(AccessibleForm):
    required_messages = {"college": _("Choose the college.")}
    college = forms.ChoiceField(label=_("College"))
    tuition_per_credit = forms.DecimalField(
        label=_("Tuition per credit, in dollars"),
        required=False,
        min_value=0,
        max_value=999,
        decimal_places=2,
        help_text=_("Leave empty if not known. Enter 0 when dual-credit students pay nothing."),
    )
    tuition_note = forms.CharField(
        label=_("Note on tuition"),
        required=False,
        max_length=200,
        help_text=_("e.g. “2025-26 in-district rate”"),
    )

    def __init__(self, *args: Any, colleges: list[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._colleges = {str(p.public_id): p for p in colleges}
        field = self.fields["college"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose…")), *((k, p.name) for k, p in self._colleges.items())]

    def clean_college(self) -> Partner:
        return self._colleges[self.cleaned_data["college"]]


# --- credentials -----------------------------------------------------------------------------


class CredentialAddForm(AccessibleForm):
    required_messages = {"level": _("Choose where in the sequence students earn it.")}
    credential = forms.ChoiceField(
        label=_("Credential"),
        required=False,
        help_text=_("Choose one already listed, or leave this empty and describe a new one below."),
    )
    credential_name = forms.CharField(label=_("New credential: name"), required=False, max_length=200)
    issuer = forms.CharField(label=_("New credential: issuer"), required=False, max_length=200)
    url = forms.URLField(label=_("New credential: web page"), required=False, assume_scheme="https")
    ctid = forms.CharField(
        label=_("New credential: CTID"),
        required=False,
        max_length=60,
        help_text=_("Optional: its identifier in the Credential Registry (starts with ce-)."),
    )
    level = forms.ChoiceField(
        label=_("Earned at"),
        choices=_level_choices,
        initial=CourseLevel.CAPSTONE,
        widget=forms.RadioSelect,
        help_text=_("The point of the sequence where students usually earn it."),
    )

    def __init__(self, *args: Any, credentials: list[Credential], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._credentials = {str(c.public_id): c for c in credentials}
        self.fields["credential"].conditional = _("(or describe a new one below)")  # type: ignore[attr-defined]
        for name in ("credential_name", "issuer"):
            self.fields[name].conditional = _("(needed for a new credential)")  # type: ignore[attr-defined]
        field = self.fields["credential"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("A new credential (describe it below)")),
            *((k, str(c)) for k, c in self._credentials.items()),
        ]

    def clean_credential(self) -> Credential | None:
        value = self.cleaned_data.get("credential")
        return self._credentials[value] if value else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("credential") is None and not self.errors:
            for name in ("credential_name", "issuer"):
                if not cleaned.get(name):
                    self.add_error(name, _("Needed for a new credential."))
        return cleaned


# --- teachers --------------------------------------------------------------------------------


class _TeacherChoice(AccessibleForm):
    required_messages = {
        "teacher": _("Choose a teacher."),
        "kind": _("Choose license or endorsement."),
        "area": _("Enter the licensure or endorsement area."),
    }
    teacher = forms.ChoiceField(label=_("Teacher"))

    def __init__(self, *args: Any, teachers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._teachers = {str(t.public_id): t for t in teachers}
        field = self.fields["teacher"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose…")), *((k, t.display_name) for k, t in self._teachers.items())]

    def clean_teacher(self) -> User:
        return self._teachers[self.cleaned_data["teacher"]]


class TeacherAssignForm(_TeacherChoice):
    is_lead = forms.BooleanField(label=_("Lead teacher of the program"), required=False)


class TeacherLicenseForm(_TeacherChoice):
    kind = forms.ChoiceField(label=_("Kind"), choices=LicenseKind.choices, widget=forms.RadioSelect)
    area = forms.CharField(
        label=_("Licensure or endorsement area"),
        max_length=200,
        help_text=_("As on the state license, e.g. “Trade and Industrial Education”."),
    )
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput)


# --- advisory committee ----------------------------------------------------------------------


class AdvisoryForm(AccessibleForm):
    required_messages = {"person_name": _("Enter the member's name.")}
    person_name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        help_text=_("A partner on record; or leave empty and type it below."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation, if not in the list"), required=False, max_length=200
    )
    role_title = forms.CharField(label=_("Role or job title"), required=False, max_length=200)
    term_start = forms.DateField(label=_("Term starts"), required=False, widget=DateInput)
    term_end = forms.DateField(label=_("Term ends"), required=False, widget=DateInput)

    def __init__(self, *args: Any, partners: list[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._partners = {str(p.public_id): p for p in partners}
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Not in the list")), *((k, p.name) for k, p in self._partners.items())]

    def clean_organisation(self) -> Partner | None:
        value = self.cleaned_data.get("organisation")
        return self._partners[value] if value else None


# --- the finder ------------------------------------------------------------------------------


class FinderForm(forms.Form):
    """The finder's filters. A value that does not validate falls back to its default."""

    school = forms.CharField(required=False)
    cluster = forms.ChoiceField(required=False)
    delivery = forms.ChoiceField(required=False, choices=[("", ""), *DeliveryMode.choices])
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in FINDER_SORTS])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cluster"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", ""),
            *CareerCluster.objects.filter(framework=Framework.MODERN).values_list("slug", "name"),
        ]

    def values(self) -> dict[str, str]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "school": (self.data.get("school") or "").strip(),
            "cluster": cleaned.get("cluster") or "",
            "delivery": cleaned.get("delivery") or "",
            "sort": cleaned.get("sort") or "distance",
        }
