"""Programs around the fixed cast (tests/cast.py), on the public-data cut.

Alpha High (ZIP 87501, Santa Fe) and Alpha Middle (ZIP 87102, Albuquerque), both in district
Alpha Unified; Alpha College (postsecondary, ZIP 87102). Programs of Alpha:

- nursing:    Alpha High, on site, CIP 51.3801, open to Alpha High only (the default)
- welding:    Alpha Middle, shared, meets at Alpha Middle, open to both schools
- cs:         the district, virtual, CIP 11.0701, open to every school of the district (the default)
- diesel:     Alpha High, at Alpha College, open to both schools
- electrical: Alpha Middle, on site, open to Alpha Middle only
- planned:    Alpha High, planned (hidden from students and from the finder)

Beta has one program at Beta High and a college of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pathways.accounts.models import Membership, User
from pathways.accounts.roles import Role
from pathways.catalog.models import CareerCluster, CipProgram, SubCluster
from pathways.labor.models import ZipCode
from pathways.orgs.models import Partner, PartnerKind
from pathways.programs import services
from pathways.programs.models import DeliveryMode, ProgramOfStudy, ProgramStatus
from tests.cast import PASSWORD, Cast


def cluster(slug: str) -> CareerCluster:
    return CareerCluster.objects.get(framework="2024", slug=slug)


def sub(cluster_slug: str, slug: str) -> SubCluster:
    return SubCluster.objects.get(cluster__framework="2024", cluster__slug=cluster_slug, slug=slug)


def cip(code: str) -> CipProgram:
    return CipProgram.objects.get(code=code)


@dataclass
class World:
    cast: Cast
    college: Partner
    beta_college: Partner
    nursing: ProgramOfStudy
    welding: ProgramOfStudy
    cs: ProgramOfStudy
    diesel: ProgramOfStudy
    electrical: ProgramOfStudy
    planned: ProgramOfStudy
    beta_program: ProgramOfStudy
    beta_teacher: User


@pytest.fixture
def world(cast: Cast, catalog_db: None) -> World:
    santa_fe, albuquerque = ZipCode.objects.get(zip="87501"), ZipCode.objects.get(zip="87102")
    cast.school.zip_code = santa_fe
    cast.school.save(update_fields=["zip_code"])
    cast.other_school.zip_code = albuquerque
    cast.other_school.save(update_fields=["zip_code"])
    college = Partner.objects.create(
        consortium=cast.alpha, kind=PartnerKind.POSTSECONDARY, name="Alpha College", zip_code=albuquerque
    )
    beta_college = Partner.objects.create(
        consortium=cast.beta, kind=PartnerKind.POSTSECONDARY, name="Beta College"
    )
    admin = cast.admin
    health = cluster("healthcare-human-services")
    nursing = services.program_create(
        acting_user=admin,
        school=cast.school,
        name="Nursing",
        cluster=health,
        subcluster=sub("healthcare-human-services", "physical-health"),
        cip=cip("51.3801"),
    )
    welding = services.program_create(
        acting_user=admin,
        school=cast.other_school,
        name="Welding Technology",
        cluster=cluster("advanced-manufacturing"),
        subcluster=sub("advanced-manufacturing", "production-automation"),
        cip=cip("48.0508"),
        delivery_mode=DeliveryMode.SHARED,
        eligible_schools=[cast.other_school, cast.school],
    )
    cs = services.program_create(
        acting_user=admin,
        district=cast.district,
        name="Computer Science",
        cluster=cluster("digital-technology"),
        subcluster=sub("digital-technology", "software-solutions"),
        cip=cip("11.0701"),
        delivery_mode=DeliveryMode.VIRTUAL,
    )
    diesel = services.program_create(
        acting_user=admin,
        school=cast.school,
        name="Diesel Technology",
        cluster=cluster("supply-chain-transportation"),
        cip=cip("47.0605"),
        delivery_mode=DeliveryMode.COLLEGE,
        host_partner=college,
        eligible_schools=[cast.school, cast.other_school],
    )
    electrical = services.program_create(
        acting_user=admin,
        school=cast.other_school,
        name="Electrical Trades",
        cluster=cluster("construction"),
        cip=cip("46.0302"),
    )
    planned = services.program_create(
        acting_user=admin,
        school=cast.school,
        name="Nursing Assistant (planned)",
        cluster=health,
        cip=cip("51.3902"),
        status=ProgramStatus.PLANNED,
    )
    beta_admin = User.objects.create_user("bert", password=PASSWORD, first_name="Bert", last_name="Beta")
    Membership.objects.create(user=beta_admin, role=Role.CONSORTIUM_ADMIN, consortium=cast.beta)
    beta_teacher = User.objects.create_user(
        "bella", password=PASSWORD, first_name="Bella", last_name="Teacher"
    )
    Membership.objects.create(
        user=beta_teacher, role=Role.TEACHER, consortium=cast.beta, school=cast.beta_school
    )
    beta_program = services.program_create(
        acting_user=beta_admin,
        school=cast.beta_school,
        name="Beta Welding",
        cluster=cluster("construction"),
        cip=cip("48.0508"),
    )
    return World(
        cast=cast,
        college=college,
        beta_college=beta_college,
        nursing=nursing,
        welding=welding,
        cs=cs,
        diesel=diesel,
        electrical=electrical,
        planned=planned,
        beta_program=beta_program,
        beta_teacher=beta_teacher,
    )
