"""The tenant tree: Consortium > Region (optional) > District > School, and partner organisations.

Every row below the consortium carries its consortium (`ConsortiumOwned`); services refuse a row
whose consortium differs from its parent's. Rows are addressed in URLs by `public_id` (UUID).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned, PublicIdModel, TimeStampedModel


class Consortium(PublicIdModel, TimeStampedModel):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80, blank=True)
    host_organization = models.CharField(max_length=200, blank=True)
    state = models.ForeignKey(
        "labor.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    website = models.URLField(blank=True)
    summary = models.TextField(blank=True, help_text=_("One paragraph for the public page."))
    # Smallest group shown in aggregate reports; smaller cells are suppressed (Perkins V, FERPA).
    min_cell_size = models.PositiveSmallIntegerField(default=10)
    is_public = models.BooleanField(default=True, help_text=_("Show the public consortium page."))

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "consortia"

    def __str__(self) -> str:
        return self.name


class Region(ConsortiumOwned):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="regions")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["consortium", "name"], name="orgs_region_name_unique")]

    def __str__(self) -> str:
        return self.name


class District(ConsortiumOwned):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="districts")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="districts"
    )
    name = models.CharField(max_length=200)
    nces_id = models.CharField(max_length=12, blank=True)
    sourced_id = models.CharField(max_length=100, blank=True, help_text=_("OneRoster sourcedId."))

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "sourced_id"],
                condition=~models.Q(sourced_id=""),
                name="orgs_district_sourced_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Locale(models.TextChoices):
    CITY = "city", _("City")
    SUBURB = "suburb", _("Suburb")
    TOWN = "town", _("Town")
    RURAL = "rural", _("Rural")


class School(ConsortiumOwned):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="schools")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="schools")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    zip_code = models.ForeignKey(
        "labor.ZipCode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "labor.County", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locale = models.CharField(max_length=10, choices=Locale.choices, blank=True)
    grade_low = models.SmallIntegerField(null=True, blank=True, help_text=_("Lowest grade served (0 = K)."))
    grade_high = models.SmallIntegerField(null=True, blank=True, help_text=_("Highest grade served."))
    enrollment = models.PositiveIntegerField(null=True, blank=True)
    nces_id = models.CharField(max_length=12, blank=True)
    sourced_id = models.CharField(max_length=100, blank=True, help_text=_("OneRoster sourcedId."))

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "sourced_id"],
                condition=~models.Q(sourced_id=""),
                name="orgs_school_sourced_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(grade_low__isnull=True)
                | models.Q(grade_high__isnull=True)
                | models.Q(grade_low__lte=models.F("grade_high")),
                name="orgs_school_grades_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def wage_area_id(self) -> str | None:
        return self.county.wage_area_id if self.county_id and self.county else None


class PartnerKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    ECONOMIC_DEVELOPMENT = "economic_development", _("Economic development organisation")
    WORKFORCE_BOARD = "workforce_board", _("Workforce board")
    POSTSECONDARY = "postsecondary", _("Postsecondary institution")
    COMMUNITY = "community", _("Community or nonprofit organisation")
    GOVERNMENT = "government", _("Government agency")
    LABOR = "labor", _("Labor organisation")
    YOUTH_SERVICES = "youth_services", _("Youth or juvenile services")


class Partner(ConsortiumOwned):
    """A partner organisation, shared by every member of the consortium (one record, no duplicates)."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="partners")
    kind = models.CharField(max_length=30, choices=PartnerKind.choices)
    name = models.CharField(max_length=200)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    zip_code = models.ForeignKey(
        "labor.ZipCode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    naics_code = models.CharField(max_length=6, blank=True)
    is_public = models.BooleanField(default=True, help_text=_("List on the public consortium page."))

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["consortium", "name"], name="orgs_partner_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Contact(ConsortiumOwned):
    """A person to reach at a partner or in the consortium; `is_public` lists them as 'who to contact'."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="contacts")
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_public = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
