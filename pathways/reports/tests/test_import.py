"""Importing student-year files: bad files change nothing and list every error; re-import of a
year replaces it; districts and clusters are resolved from Pathways' schools and programs."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from django.core.management import call_command

from pathways.catalog.models import CareerCluster, CipProgram
from pathways.programs.models import ProgramOfStudy
from pathways.reports.models import StudentYear, StudentYearImport
from pathways.reports.services.imports import StudentYearFileError, import_student_years

from .conftest import DISTRICT, SCHOOL_A, csv_text, small_region


def _import(cast, text: str, name: str = "years.csv"):
    return import_student_years(cast.alpha, io.StringIO(text), name, acting_user=cast.admin)


def test_a_good_file_is_stored_with_districts(alpha_codes):
    result = _import(alpha_codes, csv_text(small_region()))
    assert result.rows == 19
    assert result.by_year == {2025: 19}
    assert StudentYear.objects.filter(consortium=alpha_codes.alpha).count() == 19
    assert set(StudentYear.objects.values_list("district_code", flat=True)) == {DISTRICT}
    row = StudentYear.objects.get(student_id="A0")
    assert row.graduated_4yr is True and row.reading_proficient is True and row.science_proficient is None
    assert StudentYearImport.objects.get(consortium=alpha_codes.alpha).row_count == 19


def test_a_bad_file_changes_nothing_and_lists_every_error(alpha_codes):
    _import(alpha_codes, csv_text(small_region()))
    before = list(StudentYear.objects.order_by("pk").values_list("pk", "student_id"))
    rows = [
        {"student_id": "X1", "school_code": SCHOOL_A, "school_year": 2025, "sex": "Q"},
        {"student_id": "X2", "school_code": SCHOOL_A, "school_year": 2025},
        {
            "student_id": "X3",
            "school_code": SCHOOL_A,
            "school_year": 2025,
            "placement": "mars",
            "graduated_4yr": "maybe",
        },
    ]
    with pytest.raises(StudentYearFileError) as caught:
        _import(alpha_codes, csv_text(rows), "bad.csv")
    found = {(e.file, e.line, e.column) for e in caught.value.errors}
    assert found == {("bad.csv", 2, "sex"), ("bad.csv", 4, "graduated_4yr"), ("bad.csv", 4, "placement")}
    assert list(StudentYear.objects.order_by("pk").values_list("pk", "student_id")) == before
    assert StudentYearImport.objects.count() == 1


def test_reimporting_a_year_replaces_it_and_keeps_other_years(alpha_codes):
    _import(alpha_codes, csv_text(small_region()))
    older = [{"student_id": "O1", "school_code": SCHOOL_A, "school_year": 2024, "cohort_year": 2026}]
    _import(alpha_codes, csv_text(older), "2024.csv")
    _import(alpha_codes, csv_text(small_region()[:5]), "again.csv")
    assert StudentYear.objects.filter(school_year=2025).count() == 5
    assert StudentYear.objects.filter(school_year=2024).count() == 1
    assert StudentYearImport.objects.filter(school_year=2025, is_current=True).get().filename == "again.csv"
    assert StudentYearImport.objects.filter(school_year=2025, is_current=False).count() == 1


def test_program_codes_give_the_cluster_of_the_program_or_the_cip_code(alpha_codes, catalog_db):
    cip = CipProgram.objects.filter(subclusters__cluster__framework="2024").first()
    assert cip is not None
    cluster = CareerCluster.objects.filter(framework="2024").first()
    ProgramOfStudy.objects.create(
        consortium=alpha_codes.alpha, school=alpha_codes.school, name="Welding", cluster=cluster, cip=cip,
        reporting_code="WELD",
    )  # fmt: skip
    rows = [
        *small_region()[:2],
        {"student_id": "C1", "school_code": SCHOOL_A, "school_year": 2025, "program_code": cip.code},
    ]
    _import(alpha_codes, csv_text(rows))
    assert StudentYear.objects.get(student_id="A0").cluster_code == cluster.slug[:20]
    expected = (
        cip.subclusters.filter(cluster__framework="2024").order_by("cluster__name").first().cluster.slug[:20]
    )
    assert StudentYear.objects.get(student_id="C1").cluster_code == expected


def test_the_command_prints_every_error_and_exits_non_zero(alpha_codes, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        csv_text([{"student_id": "X1", "school_code": SCHOOL_A, "school_year": "20x5", "sex": "Q"}]),
        encoding="utf-8",
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_student_years", str(bad), consortium="alpha")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "bad.csv:2: school_year:" in err and "bad.csv:2: sex:" in err
    assert "nothing was imported" in err
    assert StudentYear.objects.count() == 0


def test_the_command_imports_and_dry_runs(alpha_codes, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(csv_text(small_region()), encoding="utf-8")
    call_command("import_student_years", str(good), consortium="alpha", dry_run=True)
    assert "Would import 19 rows" in capsys.readouterr().out
    assert StudentYear.objects.count() == 0
    call_command("import_student_years", str(good), consortium="alpha")
    assert "Imported 19 rows" in capsys.readouterr().out
    assert StudentYear.objects.count() == 19


def test_the_command_module_runs_as_a_script_help():
    done = subprocess.run(
        [sys.executable, "manage.py", "import_student_years", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "--dry-run" in done.stdout
