"""Role names, and the node of the tenant tree each role sits at. The one place roles are defined."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CONSORTIUM_ADMIN = "consortium_admin", _("Consortium administrator")
    CONSORTIUM_STAFF = "consortium_staff", _("Consortium staff")
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    COUNSELOR = "counselor", _("Counselor")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    GUARDIAN = "guardian", _("Parent or guardian")
    PARTNER_CONTACT = "partner_contact", _("Partner contact")


# Where a membership of each role hangs in the tree.
CONSORTIUM_ROLES = frozenset({Role.CONSORTIUM_ADMIN, Role.CONSORTIUM_STAFF, Role.GUARDIAN})
DISTRICT_ROLES = frozenset({Role.DISTRICT_ADMIN})
SCHOOL_ROLES = frozenset({Role.COUNSELOR, Role.TEACHER, Role.STUDENT})
PARTNER_ROLES = frozenset({Role.PARTNER_CONTACT})

# Who leads the consortium (sees all its schools, partners and aggregate reports).
LEADER_ROLES = frozenset({Role.CONSORTIUM_ADMIN, Role.CONSORTIUM_STAFF})
# Educators: staff of a school or district who work with students.
EDUCATOR_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.COUNSELOR, Role.TEACHER})
# Everyone who works for a member (not students, families or partners).
STAFF_ROLES = LEADER_ROLES | EDUCATOR_ROLES
