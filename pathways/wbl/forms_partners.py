"""Forms of the partner portal, opportunities and discovery. They read and check input; the
services decide and write. Choices come from rows of the partner's consortium only."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.catalog.models import CareerCluster, Occupation, SubCluster
from pathways.orgs.models import Contact, Partner, School
from pathways.programs.forms import AccessibleForm, DateInput
from pathways.programs.models import Credential, ProgramOfStudy

from .models import (
    Allocation,
    BackgroundCheckStatus,
    ContactChannel,
    DocumentKind,
    EngagementType,
    Opportunity,
    PartnerLocation,
)
from .selectors_partners import DISTANCE_CHOICES, DiscoveryFilters
from .services.opportunities import OpportunityData

CODE_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
ZIP_RE = re.compile(r"^\d{5}$")


def _set_choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class LocationForm(AccessibleForm):
    required_messages = {
        "name": _("Enter the name of the site."),
        "zip_code": _("Enter the site's ZIP code."),
    }
    name = forms.CharField(
        label=_("Name of the site"), max_length=200, help_text=_("For example: main plant, downtown clinic.")
    )
    address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=5,
        help_text=_("Five digits. Used to show students how far the site is."),
    )
    transit_notes = forms.CharField(
        label=_("Getting there"),
        max_length=300,
        required=False,
        help_text=_("Bus lines, parking, where to check in."),
    )


class OffersForm(AccessibleForm):
    engagements = forms.MultipleChoiceField(
        label=_("What your organisation offers"),
        choices=EngagementType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("From an hour of your time (a talk, a tour) to a registered apprenticeship."),
    )


class DocumentForm(AccessibleForm):
    required_messages = {
        "title": _("Enter a title for the document."),
        "kind": _("Choose the kind of document."),
    }
    kind = forms.ChoiceField(label=_("Kind of document"), choices=[("", "—"), *DocumentKind.choices])
    title = forms.CharField(label=_("Title"), max_length=200)
    supervisor_name = forms.CharField(
        label=_("Supervisor's name"),
        max_length=200,
        required=False,
        help_text=_("For a background check: whose it is."),
    )
    check_status = forms.ChoiceField(
        label=_("Background-check status"), choices=BackgroundCheckStatus.choices, required=False
    )
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput)
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput,
        help_text=_("We warn 30 days before it expires."),
    )
    file = forms.FileField(label=_("File"), required=False, help_text=_("PDF, PNG or JPEG, up to 10 MB."))


class ContactLogForm(AccessibleForm):
    required_messages = {"summary": _("Say what was discussed."), "happened_on": _("Enter the date.")}
    happened_on = forms.DateField(label=_("Date"), widget=DateInput)
    channel = forms.ChoiceField(label=_("How"), choices=ContactChannel.choices)
    school = forms.ChoiceField(label=_("For which school"), required=False)
    summary = forms.CharField(
        label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DateInput)

    def __init__(self, *args: Any, schools: Sequence[School] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schools = {str(s.public_id): s for s in schools}
        _set_choices(
            self,
            "school",
            [
                ("", _("The whole consortium")),
                *((k, s.name) for k, s in self._schools.items()),
            ],
        )

    def clean_school(self) -> School | None:
        value = self.cleaned_data.get("school")
        return self._schools.get(value) if value else None


class OpportunityForm(AccessibleForm):
    required_messages = {
        "title": _("Enter a title, like “Job shadow: lab technician”."),
        "description": _("Describe what students will do."),
        "starts_on": _("Enter the first day."),
        "capacity": _("Enter how many students can take part."),
        "engagement": _("Choose the type of opportunity."),
    }
    title = forms.CharField(label=_("Title"), max_length=200)
    engagement = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *EngagementType.choices])
    description = forms.CharField(
        label=_("What students will do"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    cluster = forms.ChoiceField(label=_("Career Cluster"), required=False)
    subcluster = forms.ChoiceField(label=_("Sub-cluster"), required=False)
    occupations = forms.CharField(
        label=_("Careers (O*NET-SOC codes)"),
        required=False,
        help_text=_(
            "Separate codes with commas, like 51-3092.00, 17-3023.00. "
            "Students whose career matches include them see it first."
        ),
    )
    is_virtual = forms.BooleanField(label=_("Virtual (online, no site visit)"), required=False)
    location = forms.ChoiceField(
        label=_("Site"), required=False, help_text=_("Where students go, if not virtual.")
    )
    school = forms.ChoiceField(
        label=_("Offered to"),
        required=False,
        help_text=_("Every member school, or the students of one school."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), required=False, widget=DateInput)
    schedule = forms.CharField(
        label=_("Schedule"),
        max_length=300,
        required=False,
        help_text=_("For example: Tuesdays and Thursdays, 1-4 pm."),
    )
    hours_expected = forms.IntegerField(
        label=_("Hours per student"), required=False, min_value=1, max_value=2000
    )
    capacity = forms.IntegerField(label=_("Number of students"), min_value=1, max_value=1000)
    allocation = forms.ChoiceField(
        label=_("How seats are given"),
        choices=Allocation.choices,
        widget=forms.RadioSelect,
        initial=Allocation.OPEN,
        help_text=_("Open registration suits events; a matching round suits scarce placements."),
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=10, max_value=25)
    min_grade = forms.IntegerField(label=_("Minimum grade"), required=False, min_value=6, max_value=12)
    required_programs = forms.MultipleChoiceField(
        label=_("Only for students in these programs of study"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_credentials = forms.MultipleChoiceField(
        label=_("Credentials students need"), required=False, widget=forms.CheckboxSelectMultiple
    )
    prerequisites_notes = forms.CharField(label=_("Other prerequisites"), max_length=300, required=False)
    is_paid = forms.BooleanField(label=_("Paid"), required=False)
    hourly_wage = forms.DecimalField(
        label=_("Hourly wage (US dollars)"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    transportation_notes = forms.CharField(
        label=_("Transportation"),
        max_length=300,
        required=False,
        help_text=_("Is transportation provided? Bus line? Parking?"),
    )
    supervisor = forms.ChoiceField(label=_("Supervisor"), required=False)

    def __init__(
        self,
        *args: Any,
        partner: Partner,
        locations: Sequence[PartnerLocation],
        schools: Sequence[School],
        programs: Sequence[ProgramOfStudy],
        credentials: Sequence[Credential],
        contacts: Sequence[Contact],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partner = partner
        self._clusters = {c.slug: c for c in CareerCluster.objects.filter(framework="2024").order_by("name")}
        self._subclusters = {
            f"{s.cluster.slug}/{s.slug}": s
            for s in SubCluster.objects.filter(cluster__framework="2024")
            .select_related("cluster")
            .order_by("cluster__name", "name")
        }
        self._locations = {str(x.public_id): x for x in locations}
        self._schools = {str(x.public_id): x for x in schools}
        self._programs = {str(x.public_id): x for x in programs}
        self._credentials = {str(x.public_id): x for x in credentials}
        self._contacts = {str(x.public_id): x for x in contacts}
        _set_choices(
            self,
            "cluster",
            [
                ("", _("None chosen")),
                *((k, c.name) for k, c in self._clusters.items()),
            ],
        )
        grouped: dict[str, list[tuple[str, str]]] = {}
        for key, sub in self._subclusters.items():
            grouped.setdefault(sub.cluster.name, []).append((key, sub.name))
        _set_choices(self, "subcluster", [("", _("None chosen")), *grouped.items()])
        _set_choices(
            self,
            "location",
            [
                ("", _("None (virtual)")),
                *((k, x.name) for k, x in self._locations.items()),
            ],
        )
        _set_choices(
            self,
            "school",
            [
                ("", _("Every member school")),
                *((k, x.name) for k, x in self._schools.items()),
            ],
        )
        _set_choices(self, "required_programs", [(k, x.name) for k, x in self._programs.items()])
        _set_choices(self, "required_credentials", [(k, x.name) for k, x in self._credentials.items()])
        _set_choices(
            self,
            "supervisor",
            [
                ("", _("Not named yet")),
                *((k, x.name) for k, x in self._contacts.items()),
            ],
        )
        if not self._programs:
            del self.fields["required_programs"]
        if not self._credentials:
            del self.fields["required_credentials"]
        self._describe()

    @staticmethod
    def initial_from(opportunity: Opportunity) -> dict[str, Any]:
        return {
            "title": opportunity.title,
            "engagement": opportunity.engagement,
            "description": opportunity.description,
            "cluster": opportunity.cluster.slug if opportunity.cluster else "",
            "subcluster": f"{opportunity.subcluster.cluster.slug}/{opportunity.subcluster.slug}"
            if opportunity.subcluster
            else "",
            "occupations": ", ".join(o.code for o in opportunity.occupations.order_by("code")),
            "is_virtual": opportunity.is_virtual,
            "location": str(opportunity.location.public_id) if opportunity.location else "",
            "school": str(opportunity.school.public_id) if opportunity.school else "",
            "starts_on": opportunity.starts_on,
            "ends_on": opportunity.ends_on,
            "schedule": opportunity.schedule,
            "hours_expected": opportunity.hours_expected,
            "capacity": opportunity.capacity,
            "allocation": opportunity.allocation,
            "min_age": opportunity.min_age,
            "min_grade": opportunity.min_grade,
            "required_programs": [str(p.public_id) for p in opportunity.required_programs.all()],
            "required_credentials": [str(c.public_id) for c in opportunity.required_credentials.all()],
            "prerequisites_notes": opportunity.prerequisites_notes,
            "is_paid": opportunity.is_paid,
            "hourly_wage": opportunity.hourly_wage,
            "transportation_notes": opportunity.transportation_notes,
            "supervisor": str(opportunity.supervisor.public_id) if opportunity.supervisor else "",
        }

    def clean_occupations(self) -> list[Occupation]:
        raw = self.cleaned_data.get("occupations") or ""
        codes = [c.strip() for c in re.split(r"[,\s;]+", raw) if c.strip()]
        bad = [c for c in codes if not CODE_RE.match(c)]
        if bad:
            raise forms.ValidationError(
                _("%(codes)s: not an O*NET-SOC code. Codes look like 51-3092.00.") % {"codes": ", ".join(bad)}
            )
        found = {o.code: o for o in Occupation.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(
                _("No career has the code %(codes)s.") % {"codes": ", ".join(missing)}
            )
        return [found[c] for c in dict.fromkeys(codes)]

    def service_data(self) -> OpportunityData:
        d = self.cleaned_data
        return OpportunityData(
            title=d["title"],
            description=d["description"],
            engagement=d["engagement"],
            starts_on=d["starts_on"],
            capacity=d["capacity"],
            cluster=self._clusters.get(d.get("cluster") or ""),
            subcluster=self._subclusters.get(d.get("subcluster") or ""),
            occupations=d.get("occupations") or [],
            is_virtual=bool(d.get("is_virtual")),
            location=self._locations.get(d.get("location") or ""),
            school=self._schools.get(d.get("school") or ""),
            ends_on=d.get("ends_on"),
            schedule=d.get("schedule") or "",
            hours_expected=d.get("hours_expected"),
            allocation=d.get("allocation") or Allocation.OPEN,
            min_age=d.get("min_age"),
            min_grade=d.get("min_grade"),
            required_programs=[
                self._programs[k] for k in d.get("required_programs") or [] if k in self._programs
            ],
            required_credentials=[
                self._credentials[k] for k in d.get("required_credentials") or [] if k in self._credentials
            ],
            prerequisites_notes=d.get("prerequisites_notes") or "",
            is_paid=bool(d.get("is_paid")),
            hourly_wage=d.get("hourly_wage"),
            transportation_notes=d.get("transportation_notes") or "",
            supervisor=self._contacts.get(d.get("supervisor") or ""),
        )


class ReviewForm(AccessibleForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: students can see it")), ("changes", _("Request changes"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the partner"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you request changes."),
    )


class AttendanceForm(AccessibleForm):
    hours = forms.DecimalField(
        label=_("Hours attended"), required=False, min_value=0, max_digits=5, decimal_places=2
    )


class DiscoveryForm(forms.Form):
    """The discovery filters, read leniently: a value we do not know is ignored."""

    engagement = forms.ChoiceField(choices=[("", ""), *EngagementType.choices], required=False)
    cluster = forms.CharField(required=False)
    miles = forms.TypedChoiceField(
        choices=[("", ""), *((str(m), str(m)) for m in DISTANCE_CHOICES)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    zip = forms.CharField(required=False, max_length=5)
    virtual = forms.BooleanField(required=False)
    linked = forms.BooleanField(required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def filters(self) -> tuple[DiscoveryFilters, str]:
        """The filters, and a message for a ZIP code that is not five digits."""
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        zip_code = (self.data.get("zip") or "").strip()
        problem = ""
        if zip_code and not ZIP_RE.match(zip_code):
            problem = str(_("Enter a 5-digit ZIP code, like 87501."))
            zip_code = ""
        return (
            DiscoveryFilters(
                engagement=d.get("engagement") or "",
                cluster=(d.get("cluster") or "").strip(),
                miles=d.get("miles"),
                zip_code=zip_code,
                virtual_only=bool(d.get("virtual")),
                linked_only=bool(d.get("linked")),
                page=d.get("page") or 1,
            ),
            problem,
        )
