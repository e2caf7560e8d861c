"""The fixed cast every access test uses (STYLE rule 22): two consortia, every role, one outsider.

Consortium A (Alpha): district D1 with schools S1 and S2, an employer partner P1; a consortium
admin and staff, a district admin, a counselor and a teacher at S1, a student at S1 (with a
guardian) and one at S2, and a partner contact at P1. Consortium B (Beta): one district, one
school, a counselor (the outsider, who must see nothing of A) and a student.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.roles import Role
from pathways.orgs.models import Consortium, District, Partner, PartnerKind, Region, School

PASSWORD = "correct horse battery staple"


@dataclass
class Cast:
    alpha: Consortium
    beta: Consortium
    region: Region
    district: District
    school: School
    other_school: School
    partner: Partner
    beta_district: District
    beta_school: School
    admin: User
    staff: User
    district_admin: User
    counselor: User
    teacher: User
    student: User
    other_student: User
    guardian: User
    partner_contact: User
    outsider: User  # counselor in Beta
    beta_student: User

    def users(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def _user(username: str, first: str, last: str, **extra: object) -> User:
    return User.objects.create_user(username, password=PASSWORD, first_name=first, last_name=last, **extra)  # type: ignore[arg-type]


def build_cast() -> Cast:
    alpha = Consortium.objects.create(slug="alpha", name="Alpha CTE Consortium")
    beta = Consortium.objects.create(slug="beta", name="Beta CTE Consortium")
    region = Region.objects.create(consortium=alpha, name="North")
    district = District.objects.create(consortium=alpha, region=region, name="Alpha Unified", sourced_id="d1")
    school = School.objects.create(
        consortium=alpha, district=district, name="Alpha High", city="Santa Fe", grade_low=9, grade_high=12
    )
    other_school = School.objects.create(
        consortium=alpha, district=district, name="Alpha Middle", grade_low=6, grade_high=8
    )
    partner = Partner.objects.create(consortium=alpha, kind=PartnerKind.EMPLOYER, name="Alpha Manufacturing")
    beta_district = District.objects.create(consortium=beta, name="Beta County Schools")
    beta_school = School.objects.create(consortium=beta, district=beta_district, name="Beta High")

    def member(user: User, role: str, consortium: Consortium, **node: object) -> User:
        Membership.objects.create(user=user, role=role, consortium=consortium, **node)
        return user

    cast = Cast(
        alpha=alpha,
        beta=beta,
        region=region,
        district=district,
        school=school,
        other_school=other_school,
        partner=partner,
        beta_district=beta_district,
        beta_school=beta_school,
        admin=member(_user("ada", "Ada", "Admin"), Role.CONSORTIUM_ADMIN, alpha),
        staff=member(_user("sam", "Sam", "Staff"), Role.CONSORTIUM_STAFF, alpha),
        district_admin=member(
            _user("dora", "Dora", "District"), Role.DISTRICT_ADMIN, alpha, district=district
        ),
        counselor=member(_user("cora", "Cora", "Counselor"), Role.COUNSELOR, alpha, school=school),
        teacher=member(_user("tom", "Tom", "Teacher"), Role.TEACHER, alpha, school=school),
        student=member(
            _user("stella", "Stella", "Student", grade_level=10), Role.STUDENT, alpha, school=school
        ),
        other_student=member(
            _user("otto", "Otto", "Student", grade_level=7), Role.STUDENT, alpha, school=other_school
        ),
        guardian=member(_user("gus", "Gus", "Guardian"), Role.GUARDIAN, alpha),
        partner_contact=member(_user("pia", "Pia", "Partner"), Role.PARTNER_CONTACT, alpha, partner=partner),
        outsider=member(_user("olga", "Olga", "Outsider"), Role.COUNSELOR, beta, school=beta_school),
        beta_student=member(
            _user("bea", "Bea", "Student", grade_level=11), Role.STUDENT, beta, school=beta_school
        ),
    )
    GuardianLink.objects.create(
        consortium=alpha, guardian=cast.guardian, student=cast.student, relationship="father"
    )
    return cast
