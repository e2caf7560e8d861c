"""The labor-market importers (areas, wages, projections) run through `load_public_data`.

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

from pathways.labor.models import County, Projection, State, Wage, WageArea, ZipCode

FIXTURE_DATA = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "public"
NATIONAL_STATE = "bls/oews_may2025_national_state.csv"

pytestmark = pytest.mark.usefixtures("catalog_db")


@pytest.fixture
def data_dir(public_data_copy: Path) -> Path:
    return public_data_copy


def load(data_dir: Path, *only: str) -> str:
    out = io.StringIO()
    options = {"only": list(only)} if only else {}
    call_command("load_public_data", data_dir=data_dir, stdout=out, **options)
    return out.getvalue()


def edit_row(
    path: Path, match: Callable[[dict[str, str]], bool], changes: dict[str, str], delimiter: str = ","
) -> int:
    """Change cells of the first row that `match`es; return its line number (the header is line 1)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        fields = list(reader.fieldnames or [])
        rows, line = [], 0
        for row in reader:
            if not line and match(row):
                row.update(changes)
                line = reader.line_num
            rows.append(row)
    assert line, f"no row of {path.name} matches"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return line


def drop_column(path: Path, column: str, delimiter: str = ",") -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        fields = [f for f in reader.fieldnames or [] if f != column]
        rows = [{k: v for k, v in row.items() if k != column} for row in reader]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def national(soc: str) -> Callable[[dict[str, str]], bool]:
    return lambda row: row["area_code"] == "0000000" and row["occupation_code"] == soc


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()  # type: ignore[attr-defined]
        for model in (State, WageArea, County, ZipCode, Wage, Projection)
    }


def wage_snapshot() -> list[tuple[object, ...]]:
    return list(Wage.objects.order_by("area_id", "soc_code").values_list())


class TestLoading:
    def test_it_is_idempotent(self, data_dir: Path) -> None:
        before = counts()
        load(data_dir)
        first = counts()
        load(data_dir)
        assert counts() == first == before
        assert first["Wage"] > 0 and first["ZipCode"] > 0

    def test_it_reports_row_counts(self, data_dir: Path) -> None:
        output = load(data_dir, "wages")
        assert "wages.wages" in output
        assert f"{Wage.objects.count():,}" in output


class TestBadRows:
    def test_it_names_file_line_and_column_of_a_bad_number(self, data_dir: Path) -> None:
        before = wage_snapshot()
        line = edit_row(data_dir / NATIONAL_STATE, national("29-1141"), {"annual_median": "abc"})
        with pytest.raises(CommandError) as caught:
            load(data_dir, "wages")
        message = str(caught.value)
        assert f"oews_may2025_national_state.csv, line {line}, column 'annual_median'" in message
        assert "'abc'" in message
        assert "nothing imported" in message
        assert wage_snapshot() == before

    def test_it_refuses_an_unknown_area_code(self, data_dir: Path) -> None:
        before = wage_snapshot()
        line = edit_row(data_dir / NATIONAL_STATE, national("51-4121"), {"area_code": "9999999"})
        with pytest.raises(CommandError) as caught:
            load(data_dir, "wages")
        assert f"oews_may2025_national_state.csv, line {line}, column 'area_code'" in str(caught.value)
        assert "9999999" in str(caught.value)
        assert wage_snapshot() == before

    def test_it_lists_every_bad_row(self, data_dir: Path) -> None:
        first = edit_row(data_dir / NATIONAL_STATE, national("29-1141"), {"hourly_median": "x"})
        second = edit_row(data_dir / NATIONAL_STATE, national("47-2111"), {"employment": "-5"})
        with pytest.raises(CommandError) as caught:
            load(data_dir, "wages")
        message = str(caught.value)
        assert "2 bad row(s)" in message
        assert f"line {first}, column 'hourly_median'" in message
        assert f"line {second}, column 'employment'" in message

    def test_it_refuses_a_file_without_a_required_column(self, data_dir: Path) -> None:
        before = wage_snapshot()
        drop_column(data_dir / NATIONAL_STATE, "annual_median")
        with pytest.raises(CommandError) as caught:
            load(data_dir, "wages")
        assert "oews_may2025_national_state.csv: missing column(s) annual_median" in str(caught.value)
        assert wage_snapshot() == before

    def test_it_changes_no_area_when_one_zip_row_is_bad(self, data_dir: Path) -> None:
        before = counts()
        line = edit_row(
            data_dir / "geo/zip_county.csv", lambda r: r["zip"] == "87501", {"county_fips": "99999"}
        )
        with pytest.raises(CommandError) as caught:
            load(data_dir, "areas")
        assert f"zip_county.csv, line {line}, column 'county_fips'" in str(caught.value)
        assert counts() == before
        assert ZipCode.objects.get(zip="87501").county_id == "35049"

    def test_it_refuses_a_bad_projection(self, data_dir: Path) -> None:
        path = data_dir / "bls/bls_ep_2024_2034_table_1_2_occupational_projections.csv"
        line = edit_row(path, lambda r: r["soc_code"] == "29-1141", {"employment_2024_thousands": "lots"})
        with pytest.raises(CommandError) as caught:
            load(data_dir, "projections")
        assert f"line {line}" in str(caught.value)
        assert Projection.objects.get(soc_code="29-1141").employment_2024 == pytest.approx(3391)


class TestSuppressedValues:
    def test_it_stores_annual_only_hourly_figures_as_null(self, data_dir: Path) -> None:
        load(data_dir, "wages")
        teachers = Wage.objects.get(area_id="0000000", soc_code="25-2031")
        assert teachers.hourly_median is None
        assert teachers.hourly_mean is None
        assert teachers.annual_median == 72040
        assert teachers.footnotes["hourly_median"] == "4"
        assert teachers.footnotes["hourly_mean"] == "4"
        assert "annual_median" not in teachers.footnotes

    def test_it_stores_top_coded_figures_as_null_with_their_footnote(self, data_dir: Path) -> None:
        # The cut's chief executives are below the top code; BLS marks top-coded cells "-" with footnote 5.
        edit_row(
            data_dir / NATIONAL_STATE,
            national("11-1011"),
            {"hourly_p90": "-", "annual_p90": "-", "footnote_codes": "10:5;15:5"},
        )
        load(data_dir, "wages")
        chiefs = Wage.objects.get(area_id="0000000", soc_code="11-1011")
        assert chiefs.annual_p90 is None
        assert chiefs.hourly_p90 is None
        assert chiefs.annual_median == 213990
        assert chiefs.footnotes == {"hourly_p90": "5", "annual_p90": "5"}

    def test_it_stores_unreleased_estimates_as_null(self, data_dir: Path) -> None:
        load(data_dir, "wages")
        wage = Wage.objects.get(area_id="3500006", soc_code="15-1299")
        assert wage.employment == 380
        assert wage.annual_median is None
        assert wage.footnotes["annual_median"] == "8"

    def test_it_keeps_a_top_coded_projection_wage_as_a_flag(self, data_dir: Path) -> None:
        path = data_dir / "bls/bls_ep_2024_2034_table_1_2_occupational_projections.csv"
        edit_row(path, lambda r: r["soc_code"] == "29-1216", {"median_annual_wage_2024": ">=$239200"})
        load(data_dir, "projections")
        physicians = Projection.objects.get(soc_code="29-1216")
        assert physicians.median_wage_2024 is None
        assert physicians.median_wage_2024_top_coded is True


class TestAreaChain:
    def test_it_links_a_zip_code_to_its_county_and_wage_area(self, data_dir: Path) -> None:
        load(data_dir, "areas")
        santa_fe = ZipCode.objects.select_related("county__wage_area").get(zip="87501")
        assert santa_fe.city == "Santa Fe"
        assert santa_fe.county.geoid == "35049"
        assert santa_fe.county.name == "Santa Fe County"
        assert santa_fe.county.wage_area.code == "0042140"
        assert santa_fe.county.wage_area.kind == WageArea.Kind.METRO
        albuquerque = ZipCode.objects.select_related("county__wage_area").get(zip="87102")
        assert albuquerque.county.wage_area.code == "0010740"

    def test_it_gives_areas_their_kind_and_state(self, data_dir: Path) -> None:
        load(data_dir, "areas")
        kinds = dict(WageArea.objects.values_list("code", "kind"))
        assert kinds["0000000"] == WageArea.Kind.NATIONAL
        assert kinds["3500000"] == WageArea.Kind.STATE
        assert kinds["3500006"] == WageArea.Kind.NONMETRO
        assert WageArea.objects.get(code="0010740").state_id == "35"
        assert WageArea.objects.get(code="0000000").state_id is None
