"""Labor-market alignment: the high-skill / high-wage / in-demand rule, supply against demand for the
target industries, access gaps, suppression and who may see it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from pathways.catalog.models import CareerCluster, CipProgram, Occupation
from pathways.consortia.models import TargetIndustry
from pathways.labor.models import Projection, State, Wage, ZipCode
from pathways.programs.models import DeliveryMode, ProgramOfStudy
from pathways.reports import selectors_insights as insights
from pathways.reports.models import ReportSettings, Rollup, RollupRun

RN = "29-1141"


def rollup(consortium, indicator, unit, value, *, level="program", subgroup="all", year=2025, den=None):
    run = RollupRun.objects.filter(consortium=consortium).first() or RollupRun.objects.create(
        consortium=consortium, status="done"
    )
    suppressed = value is None
    return Rollup.objects.create(
        consortium=consortium, run=run, school_year=year, indicator=indicator, level=level, unit=unit,
        subgroup=subgroup, numerator=value, denominator=None if suppressed else (den or value),
        rate=None, suppressed=suppressed,
    )  # fmt: skip


@pytest.fixture
def aligned(cast, catalog_db):
    alpha = cast.alpha
    alpha.state = State.objects.get(fips="35")
    alpha.save(update_fields=["state"])
    health = CareerCluster.objects.get(framework="2024", slug="healthcare-human-services")
    cast.school.zip_code = ZipCode.objects.get(zip="87501")
    cast.school.save(update_fields=["zip_code"])
    cast.other_school.grade_low, cast.other_school.grade_high = 9, 12
    cast.other_school.zip_code = ZipCode.objects.get(zip="87102")
    cast.other_school.save()
    nursing = ProgramOfStudy.objects.create(
        consortium=alpha, school=cast.school, name="Nursing", cluster=health,
        cip=CipProgram.objects.get(code="51.3801"), reporting_code="NURS",
    )  # fmt: skip
    nursing.eligible_schools.set([cast.school])
    virtual = ProgramOfStudy.objects.create(
        consortium=alpha, district=cast.district, name="Online Health Careers", cluster=health,
        cip=CipProgram.objects.get(code="51.3801"), delivery_mode=DeliveryMode.VIRTUAL, reporting_code="HLTH-V",  # noqa: E501
    )  # fmt: skip
    virtual.eligible_schools.set([cast.school, cast.other_school])
    industry = TargetIndustry.objects.create(consortium=alpha, name="Healthcare")
    industry.clusters.set([health])
    Projection.objects.update_or_create(
        soc_code=RN,
        defaults={
            "title": "Registered Nurses",
            "change_pct": Decimal("5.0"),
            "openings_annual": Decimal("190.0"),
        },
    )
    rollup(alpha, "PART", "NURS", 40)
    rollup(alpha, "CONC", "NURS", None)  # suppressed
    rollup(alpha, "PART", "HLTH-V", 25)
    rollup(alpha, "CONC", "HLTH-V", 12)
    return cast, nursing, virtual, industry


def test_the_rule_is_or_and_each_part_uses_its_threshold():
    rule = insights.Rule(Decimal("1.0"), 50, Decimal("0"), 3)
    assert insights.classify(
        rule, job_zone=3, median_wage=50000, threshold=50000, openings=50, growth_pct=None
    ) == (True, True, True)
    assert insights.classify(
        rule, job_zone=2, median_wage=49999, threshold=50000, openings=49, growth_pct=0.0
    ) == (False, False, False)
    # In demand by growth alone; unknown figures stay unknown rather than "no".
    assert insights.classify(
        rule, job_zone=None, median_wage=None, threshold=50000, openings=None, growth_pct=0.5
    ) == (None, None, True)
    assert insights.classify(
        insights.Rule(Decimal("1.5"), 50, Decimal("0"), 3),
        job_zone=4, median_wage=60000, threshold=50000, openings=None, growth_pct=None,
    ) == (True, False, None)  # fmt: skip


def test_program_occupations_carry_state_wage_estimated_openings_and_classes(aligned):
    cast, nursing, _virtual, _industry = aligned
    data = insights.alignment(cast.alpha)
    assert data.area.name == "New Mexico"
    row = next(r for r in data.programs if r.program == nursing)
    rn = next(o for o in row.occupations if o.soc_code == RN)
    state = Wage.objects.get(area_id="3500000", soc_code=RN)
    nation = Wage.objects.get(area_id="0000000", soc_code=RN)
    assert rn.median_wage == state.annual_median
    assert rn.openings == round(190_000 * state.employment / nation.employment)
    assert rn.growth_pct == 5.0
    assert rn.in_demand is True
    zone = (
        Occupation.objects.filter(soc_code=RN, code__endswith=".00")
        .values_list("job_zone_id", flat=True)
        .first()
    )
    assert rn.high_skill is (zone >= 3 if zone is not None else None)
    assert rn.high_wage is (state.annual_median >= data.threshold.annual_wage)
    assert row.participants.value == 40 and row.concentrators.suppressed


def test_a_stricter_rule_changes_the_classes(aligned):
    cast, nursing, _v, _i = aligned
    ReportSettings.objects.create(
        consortium=cast.alpha, high_wage_ratio=Decimal("9.99"), in_demand_openings=10**6, in_demand_growth=50
    )
    row = next(r for r in insights.alignment(cast.alpha).programs if r.program == nursing)
    rn = next(o for o in row.occupations if o.soc_code == RN)
    assert rn.high_wage is False and rn.in_demand is False


def test_industry_supply_keeps_suppressed_cells_as_a_lower_bound(aligned):
    cast, nursing, virtual, industry = aligned
    row = next(r for r in insights.alignment(cast.alpha).industries if r.industry == industry)
    assert set(row.programs) == {nursing, virtual}
    assert row.participants.value == 65 and not row.participants.partial
    assert row.concentrators.partial and row.concentrators.value == 12
    assert row.concentrators.export == ">=12"
    assert row.gap is None  # no exact gap while a cell is suppressed
    assert row.openings and row.openings > 0


def test_a_school_without_the_cluster_gets_the_nearest_in_person_and_a_virtual_option(aligned):
    cast, nursing, virtual, _industry = aligned
    gaps = insights.alignment(cast.alpha).gaps
    gap = next(g for g in gaps if g.school == cast.other_school)
    assert gap.nearest.program == nursing and gap.nearest.miles and 40 < gap.nearest.miles < 70
    assert gap.nearest.open_to_school is False
    assert gap.virtual.program == virtual and gap.virtual.open_to_school is True
    assert not any(g.school == cast.school for g in gaps)


def test_the_page_shows_sources_and_suppression_to_leaders(aligned, client):
    cast, *_ = aligned
    client.force_login(cast.staff)
    page = client.get(reverse("reports:alignment", args=["alpha"])).content.decode()
    assert "BLS OEWS, May 2025, New Mexico" in page
    assert "at least 12" in page
    assert "alignment-chart" in page and '<th scope="col">' in page
    csv = client.get(reverse("reports:insights-export", args=["alpha", "alignment-industries", "csv"]))
    assert csv.status_code == 200 and ">=12" in csv.content.decode()
    xlsx = client.get(reverse("reports:insights-export", args=["alpha", "alignment-occupations", "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.parametrize(
    "who", ["district_admin", "counselor", "teacher", "student", "partner_contact", "outsider"]
)
def test_only_leaders_see_it(aligned, client, who):
    cast, *_ = aligned
    client.force_login(getattr(cast, who))
    assert client.get(reverse("reports:alignment", args=["alpha"])).status_code == 404
    assert (
        client.get(reverse("reports:insights-export", args=["alpha", "alignment-gaps", "csv"])).status_code
        == 404
    )
    assert client.get("/api/v1/reports/alignment?consortium=alpha").status_code == 404


def test_anonymous_visitors_sign_in_first(aligned, client):
    response = client.get(reverse("reports:alignment", args=["alpha"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/reports/alignment?consortium=alpha").status_code == 401


def test_the_api_gives_the_same_figures(aligned, client):
    cast, *_ = aligned
    client.force_login(cast.admin)
    body = client.get("/api/v1/reports/alignment?consortium=alpha").json()
    nursing = next(p for p in body["programs"] if p["program"] == "Nursing")
    assert nursing["concentrators"] == {"value": None, "suppressed": True}
    assert body["industries"][0]["concentrators_lower_bound"] is True
