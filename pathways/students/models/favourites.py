from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned


class FavouriteKind(models.TextChoices):
    OCCUPATION = "occupation", _("Career")
    PROGRAM = "program", _("Program of study")


class Favourite(ConsortiumOwned):
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites")
    kind = models.CharField(max_length=12, choices=FavouriteKind.choices)
    occupation = models.ForeignKey(
        "catalog.Occupation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    program = models.ForeignKey(
        "programs.ProgramOfStudy", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="occupation", occupation__isnull=False, program__isnull=True))
                | (models.Q(kind="program", program__isnull=False, occupation__isnull=True)),
                name="students_favourite_kind",
            ),
            models.UniqueConstraint(
                fields=["student", "occupation"],
                condition=models.Q(occupation__isnull=False),
                name="students_favourite_occupation_unique",
            ),
            models.UniqueConstraint(
                fields=["student", "program"],
                condition=models.Q(program__isnull=False),
                name="students_favourite_program_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student}: {self.occupation_id or self.program_id}"
