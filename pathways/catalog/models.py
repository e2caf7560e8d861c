"""Global career-catalog reference data: Career Clusters, O*NET occupations, CIP programs.

No tenant key: public data, read-only to users, loaded by `load_public_data`. O*NET-SOC and
CIP codes are the primary keys, so re-imports upsert in place and other apps can point at them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

RIASEC = ("R", "I", "A", "S", "E", "C")


class Framework(models.TextChoices):
    MODERN = "2024", _("National Career Clusters Framework (2024)")
    LEGACY = "legacy", _("Legacy 16 Career Clusters")


class CareerCluster(models.Model):
    framework = models.CharField(max_length=10, choices=Framework.choices, default=Framework.MODERN)
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    cross_cutting = models.BooleanField(default=False)

    class Meta:
        ordering = ["framework", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "slug"], name="catalog_cluster_framework_slug_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SubCluster(models.Model):
    """A sub-cluster of the 2024 framework, or a career pathway of the legacy framework."""

    cluster = models.ForeignKey(CareerCluster, on_delete=models.CASCADE, related_name="subclusters")
    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=160)
    naics = models.JSONField(default=list, blank=True)  # [{"code": "31-33", "title": "Manufacturing"}]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "slug"], name="catalog_subcluster_cluster_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name


class JobZone(models.Model):
    number = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=80)
    experience = models.TextField()
    education = models.TextField()
    training = models.TextField()
    examples = models.TextField()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class Occupation(models.Model):
    code = models.CharField(max_length=10, primary_key=True)  # O*NET-SOC 2019, "29-1141.00"
    soc_code = models.CharField(max_length=7, db_index=True)  # SOC 2018, "29-1141"
    title = models.CharField(max_length=200)
    description = models.TextField()
    job_zone = models.ForeignKey(JobZone, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # O*NET occupational interest ratings (scale OI, 1-7); NULL where O*NET has none.
    interest_r = models.FloatField(null=True, blank=True)
    interest_i = models.FloatField(null=True, blank=True)
    interest_a = models.FloatField(null=True, blank=True)
    interest_s = models.FloatField(null=True, blank=True)
    interest_e = models.FloatField(null=True, blank=True)
    interest_c = models.FloatField(null=True, blank=True)
    high_point = models.CharField(max_length=3, blank=True)  # e.g. "SIC"
    # {"RL": [{"category": 2, "label": "...", "pct": 4.46}, ...], "RW": [...], "PT": [...], "OJ": [...]}
    education = models.JSONField(default=dict, blank=True)
    typical_education = models.CharField(max_length=200, blank=True)  # modal RL category label
    subclusters = models.ManyToManyField(SubCluster, related_name="occupations", blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def interests(self) -> dict[str, float] | None:
        values = {k: getattr(self, f"interest_{k.lower()}") for k in RIASEC}
        if any(v is None for v in values.values()):
            return None
        return values


class OccupationTitle(models.Model):
    class Kind(models.TextChoices):
        ALTERNATE = "alternate", _("Alternate title")
        REPORTED = "reported", _("Reported job title")

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="titles")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=250)
    short_title = models.CharField(max_length=120, blank=True)
    featured = models.BooleanField(default=False)  # "Shown in My Next Move"

    class Meta:
        ordering = ["-featured", "title"]
        indexes = [models.Index(fields=["occupation", "kind"], name="catalog_title_occ_kind_idx")]

    def __str__(self) -> str:
        return self.title


class OccupationDescriptor(models.Model):
    """A skill or knowledge area rated for an occupation (O*NET importance 1-5, level 0-7)."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("Skill")
        KNOWLEDGE = "knowledge", _("Knowledge")

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="descriptors")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    element_id = models.CharField(max_length=20)
    name = models.CharField(max_length=120)
    importance = models.FloatField()
    level = models.FloatField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["kind", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "kind", "element_id"], name="catalog_descriptor_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.name}"


class RelatedOccupation(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    tier = models.CharField(max_length=20)
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "related"], name="catalog_related_unique")
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} -> {self.related_id}"


class CipProgram(models.Model):
    """A CIP 2020 instructional program (2-, 4- or 6-digit)."""

    code = models.CharField(max_length=7, primary_key=True)  # "51.3801", "51.38", "51"
    title = models.CharField(max_length=250)
    definition = models.TextField(blank=True)
    family = models.CharField(max_length=2, db_index=True)
    subclusters = models.ManyToManyField(SubCluster, related_name="cip_programs", blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def digits(self) -> int:
        return len(self.code.replace(".", ""))


class CipSoc(models.Model):
    """NCES CIP 2020 to SOC 2018 crosswalk row."""

    cip = models.ForeignKey(CipProgram, on_delete=models.CASCADE, related_name="soc_links")
    soc_code = models.CharField(max_length=7, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cip", "soc_code"], name="catalog_cipsoc_unique")]

    def __str__(self) -> str:
        return f"{self.cip_id} -> {self.soc_code}"
