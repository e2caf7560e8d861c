"""Forms of the network pages. They only read and check the shape of input; the rules live in
`services` (whose `InvalidInput` errors `form_error_apply` puts on the right field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.core.errors import InvalidInput

from .models import District, Locale, PartnerKind
from .services import ContactData, PartnerData, SchoolData

GRADE_CHOICES: list[tuple[str, Any]] = [
    ("", _("Not set")),
    ("-1", _("Pre-kindergarten")),
    ("0", _("Kindergarten")),
    *((str(n), str(n)) for n in range(1, 13)),
]


def grade_label(grade: int | None) -> str:
    if grade is None:
        return ""
    if grade == -1:
        return str(_("PK"))
    if grade == 0:
        return str(_("K"))
    return str(grade)


def form_error_apply(form: forms.Form, exc: InvalidInput) -> None:
    """Show a service's error on its field, or above the form when the field is not on it."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


class _Form(forms.Form):
    """Rendered field by field with `orgs/_field.html` (label, hint, error, input) and an error summary."""


def _optional_int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


class SchoolForm(_Form):
    name = forms.CharField(label=_("School name"), max_length=200)
    district = forms.ChoiceField(label=_("District"))
    address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    city = forms.CharField(
        label=_("City"),
        max_length=100,
        required=False,
        help_text=_("Left empty, the ZIP code's city is used."),
    )
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        required=False,
        help_text=_("Five digits. It sets the county and the wage area used for the school's students."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": "7"}),
    )
    locale = forms.ChoiceField(
        label=_("Locale"),
        required=False,
        choices=[("", _("Not set")), *Locale.choices],
        help_text=_("As the National Center for Education Statistics classifies the school."),
    )
    grade_low = forms.TypedChoiceField(
        label=_("Lowest grade"), required=False, choices=GRADE_CHOICES, coerce=int, empty_value=None
    )
    grade_high = forms.TypedChoiceField(
        label=_("Highest grade"), required=False, choices=GRADE_CHOICES, coerce=int, empty_value=None
    )
    enrollment = forms.IntegerField(
        label=_("Number of students"), required=False, min_value=0, max_value=100_000
    )
    nces_id = forms.CharField(label=_("NCES school ID"), max_length=12, required=False)

    def __init__(self, *args: Any, districts: list[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.districts = {str(d.public_id): d for d in districts}
        field = self.fields["district"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a district")), *((str(d.public_id), d.name) for d in districts)]

    def data_for_service(self) -> SchoolData:
        c = self.cleaned_data
        return SchoolData(
            name=c["name"],
            district=self.districts[c["district"]],
            address=c["address"],
            city=c["city"],
            zip_code=c["zip_code"],
            locale=c["locale"],
            grade_low=c["grade_low"],
            grade_high=c["grade_high"],
            enrollment=_optional_int(c["enrollment"]),
            nces_id=c["nces_id"],
        )


class PartnerForm(_Form):
    name = forms.CharField(label=_("Organisation name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"), choices=[("", _("Choose one")), *PartnerKind.choices]
    )
    website = forms.CharField(
        label=_("Website"),
        max_length=200,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(
        label=_("What they do, and how they work with schools"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": "7"}),
    )
    naics_code = forms.CharField(
        label=_("NAICS industry code"),
        max_length=6,
        required=False,
        help_text=_("Optional. 2 to 6 digits, for example 311513 (cheese manufacturing)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "8"}),
    )
    is_public = forms.BooleanField(
        label=_("List this organisation on the consortium's public page"), required=False
    )

    def __init__(self, *args: Any, may_publish: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["is_public"]

    def data_for_service(self) -> PartnerData:
        c = self.cleaned_data
        return PartnerData(
            name=c["name"],
            kind=c["kind"],
            website=c["website"],
            description=c["description"],
            city=c["city"],
            zip_code=c["zip_code"],
            naics_code=c["naics_code"],
            is_public=c["is_public"] if "is_public" in self.fields else None,
        )


class ContactForm(_Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    notes = forms.CharField(
        label=_("Notes for the consortium"),
        required=False,
        max_length=4000,
        help_text=_("Never shown on the public page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_public = forms.BooleanField(
        label=_("Show on the consortium's public page under “Who to contact”"), required=False
    )

    def __init__(self, *args: Any, may_publish: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["is_public"]

    def data_for_service(self) -> ContactData:
        c = self.cleaned_data
        return ContactData(
            name=c["name"],
            title=c["title"],
            email=c["email"],
            phone=c["phone"],
            notes=c["notes"],
            is_public=c["is_public"] if "is_public" in self.fields else None,
        )


class SchoolFilterForm(forms.Form):
    district = forms.ChoiceField(required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, districts: list[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", ""), *((str(d.public_id), d.name) for d in districts)]

    def values(self) -> dict[str, Any]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {"district": cleaned.get("district") or "", "page": cleaned.get("page") or 1}


class PartnerFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", ""), *PartnerKind.choices])
    page = forms.IntegerField(required=False, min_value=1)

    def values(self) -> dict[str, Any]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {"kind": cleaned.get("kind") or "", "page": cleaned.get("page") or 1}
