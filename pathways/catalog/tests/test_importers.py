"""The catalog importers (CIP, O*NET occupations, Career Clusters) run through `load_public_data`.

Each test loads a temporary copy of the fixture cut, changed where the test says; the test
database already holds the cut (session setup) and every test is rolled back afterwards.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pathways.catalog.models import (
    CareerCluster,
    CipProgram,
    CipSoc,
    JobZone,
    Occupation,
    OccupationDescriptor,
    OccupationTitle,
    RelatedOccupation,
    SubCluster,
)

FIXTURE_DATA = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "public"
TAB = "\t"
ONET_CODE = "O*NET-SOC Code"
CATALOG = ("cip", "occupations", "clusters")

pytestmark = pytest.mark.usefixtures("catalog_db")


@pytest.fixture
def data_dir(public_data_copy: Path) -> Path:
    return public_data_copy


def load(data_dir: Path, *only: str) -> str:
    out = io.StringIO()
    call_command("load_public_data", data_dir=data_dir, only=list(only or CATALOG), stdout=out)
    return out.getvalue()


def rewrite(
    path: Path, change: Callable[[dict[str, str]], dict[str, str] | None], delimiter: str = ","
) -> list[int]:
    """Pass every row through `change` (None drops it); return the line numbers of changed rows."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        fields = list(reader.fieldnames or [])
        rows, changed = [], []
        for row in reader:
            before = dict(row)
            after = change(row)
            if after != before:
                changed.append(reader.line_num)
            if after is not None:
                rows.append(after)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return changed


def counts() -> dict[str, int]:
    models = (
        CipProgram,
        CipSoc,
        JobZone,
        Occupation,
        OccupationTitle,
        OccupationDescriptor,
        RelatedOccupation,
        CareerCluster,
        SubCluster,
        Occupation.subclusters.through,
        CipProgram.subclusters.through,
    )
    return {model.__name__: model.objects.count() for model in models}  # type: ignore[attr-defined]


def interests(code: str) -> tuple[object, ...]:
    return tuple(
        Occupation.objects.filter(code=code)
        .values_list("interest_r", "interest_i", "interest_a", "interest_s", "interest_e", "interest_c")
        .get()
    )


class TestLoading:
    def test_it_is_idempotent(self, data_dir: Path) -> None:
        before = counts()
        load(data_dir)
        first = counts()
        load(data_dir)
        assert counts() == first == before
        assert first["Occupation"] == 12

    def test_it_stores_interests_high_point_and_typical_education(self, data_dir: Path) -> None:
        load(data_dir, "occupations")
        nurses = Occupation.objects.get(code="29-1141.00")
        assert nurses.interests == {"R": 3.66, "I": 4.82, "A": 1.31, "S": 5.62, "E": 2.28, "C": 4.58}
        assert nurses.high_point == "SIC"
        assert nurses.typical_education == "Bachelor's Degree"
        assert nurses.job_zone_id == 4
        assert nurses.descriptors.filter(kind=OccupationDescriptor.Kind.SKILL).count() == 10

    def test_it_leaves_interests_null_where_onet_has_none(self, data_dir: Path) -> None:
        rewrite(data_dir / "onet/Interests.txt", lambda r: None if r[ONET_CODE] == "15-1299.07" else r, TAB)
        load(data_dir, "occupations")
        blockchain = Occupation.objects.get(code="15-1299.07")
        assert blockchain.interests is None
        assert blockchain.interest_r is None
        assert blockchain.high_point == ""

    def test_it_links_occupations_to_clusters_and_programs(self, data_dir: Path) -> None:
        load(data_dir)
        nurses = Occupation.objects.get(code="29-1141.00")
        slugs = {
            (s.cluster.framework, s.cluster.slug, s.slug)
            for s in nurses.subclusters.select_related("cluster")
        }
        assert ("2024", "healthcare-human-services", "physical-health") in slugs
        assert CipSoc.objects.filter(cip_id="51.3801", soc_code="29-1141").exists()
        assert CareerCluster.objects.get(framework="2024", slug="digital-technology").cross_cutting


class TestBadRows:
    def test_it_names_file_line_and_column_of_an_interest_out_of_range(self, data_dir: Path) -> None:
        before = interests("29-1141.00"), counts()

        def nine(row: dict[str, str]) -> dict[str, str]:
            if row[ONET_CODE] == "29-1141.00" and row["Element Name"] == "Social" and row["Scale ID"] == "OI":
                row["Data Value"] = "9"
            return row

        [line] = rewrite(data_dir / "onet/Interests.txt", nine, TAB)
        with pytest.raises(CommandError) as caught:
            load(data_dir, "occupations")
        message = str(caught.value)
        assert f"Interests.txt, line {line}, column 'Data Value'" in message
        assert "outside 1-7" in message
        assert "nothing imported" in message
        assert (interests("29-1141.00"), counts()) == before

    def test_it_names_file_line_and_column_of_an_unknown_cip_code(self, data_dir: Path) -> None:
        before = counts()

        def unknown(row: dict[str, str]) -> dict[str, str]:
            if row["CIP2020Code"] == "51.3801" and row["SOC2018Code"] == "29-1141":
                row["CIP2020Code"] = "51.9998"
            return row

        [line] = rewrite(data_dir / "nces/cip2020_soc2018_crosswalk.csv", unknown)
        with pytest.raises(CommandError) as caught:
            load(data_dir, "cip")
        message = str(caught.value)
        assert f"cip2020_soc2018_crosswalk.csv, line {line}, column 'CIP2020Code'" in message
        assert "51.9998" in message
        assert counts() == before
        assert CipSoc.objects.filter(cip_id="51.3801", soc_code="29-1141").exists()

    def test_it_refuses_a_row_for_an_unknown_occupation(self, data_dir: Path) -> None:
        before = counts()

        def stray(row: dict[str, str]) -> dict[str, str]:
            if row[ONET_CODE] == "47-2111.00":
                row[ONET_CODE] = "47-2111.99"
            return row

        [line] = rewrite(data_dir / "onet/Job Zones.txt", stray, TAB)
        with pytest.raises(CommandError) as caught:
            load(data_dir, "occupations")
        assert f"Job Zones.txt, line {line}, column 'O*NET-SOC Code'" in str(caught.value)
        assert counts() == before

    def test_it_refuses_a_file_without_a_required_column(self, data_dir: Path) -> None:
        before = counts()
        path = data_dir / "onet/Occupation Data.txt"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=TAB))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=[ONET_CODE, "Description"], delimiter=TAB, extrasaction="ignore"
            )
            writer.writeheader()
            writer.writerows(rows)
        with pytest.raises(CommandError) as caught:
            load(data_dir, "occupations")
        assert "Occupation Data.txt: missing column(s) Title" in str(caught.value)
        assert counts() == before
        assert Occupation.objects.get(code="29-1141.00").title == "Registered Nurses"
