"""Forms of the insight pages. They check types and shapes; services/clna.py checks the rules."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.consortia.models import StrategicPriority
from pathways.orgs.models import Consortium

from .models import ClnaElement
from .services.clna import STAKEHOLDER_GROUPS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CycleForm(forms.Form):
    first_year = forms.IntegerField(
        label=_("First school year of the cycle"),
        min_value=2019,
        max_value=2100,
        help_text=_("The cycle covers this year and the next (a biennial assessment), e.g. 2026."),
    )
    title = forms.CharField(
        label=_("Title (optional)"),
        required=False,
        max_length=200,
        help_text=_(
            "Leave it empty to use “Comprehensive local needs assessment” with the years, shown in "
            "each reader's language."
        ),
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Narrative summary"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the evidence and the consultations say about this element."),
    )


class ConsultationForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    stakeholder_group = forms.ChoiceField(
        label=_("Stakeholder group (Perkins V §134(d))"), choices=[("", "—"), *STAKEHOLDER_GROUPS]
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=100000, initial=0)
    summary = forms.CharField(label=_("Summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class PriorityChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        text = str(obj.text)
        return text if len(text) <= 90 else text[:89] + "…"


class FindingForm(forms.Form):
    element = forms.TypedChoiceField(label=_("Element"), choices=ClnaElement.choices, coerce=int)
    text = forms.CharField(label=_("Finding"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    priorities = PriorityChoice(
        label=_("Strategic priorities it relates to"),
        queryset=StrategicPriority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = StrategicPriority.objects.filter(consortium=consortium)  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date):
            if end < start:
                self.add_error("end", _("The end date must be on or after the start date."))
            elif (end - start).days > 366 * 10:
                self.add_error("end", _("Choose a period of ten years or less."))
        return data
