"""The load_public_data command: progress lines, count table, --only, --if-changed, bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pathways.core.models import DatasetImport

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "public"


def run(*args: str, **options: object) -> str:
    out = io.StringIO()
    call_command("load_public_data", *args, stdout=out, **options)
    return out.getvalue()


def test_it_prints_a_progress_line_per_dataset_and_a_count_table(catalog_db):
    output = run(data_dir=FIXTURES)
    names = ["areas", "wages", "projections", "cip", "occupations", "clusters"]
    for index, name in enumerate(names, start=1):
        assert f"[{index}/6] {name}:" in output
    assert "occupations.occupations" in output
    assert "6 dataset(s) loaded" in output


def test_it_skips_datasets_whose_files_have_not_changed(catalog_db, public_data_copy):
    data = public_data_copy
    run(data_dir=data)
    before = dict(DatasetImport.objects.values_list("name", "loaded_at"))

    output = run(data_dir=data, if_changed=True)

    assert output.count("unchanged, skipped") == 6
    assert dict(DatasetImport.objects.values_list("name", "loaded_at")) == before


def test_it_reloads_a_dataset_whose_file_changed(catalog_db, public_data_copy):
    data = public_data_copy
    run(data_dir=data)
    projections = data / "bls" / "bls_ep_2024_2034_table_1_2_occupational_projections.csv"
    projections.write_text(projections.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    output = run(data_dir=data, if_changed=True)

    assert output.count("unchanged, skipped") == 5
    assert "projections: BLS Employment Projections 2024-34 ... " in output


def test_it_refuses_an_unknown_dataset_name(catalog_db):
    with pytest.raises(CommandError, match="Unknown dataset"):
        run("--only", "wagez", data_dir=FIXTURES)


def test_it_refuses_a_missing_data_folder(catalog_db, tmp_path):
    with pytest.raises(CommandError, match="No public data folder"):
        run(data_dir=tmp_path / "nowhere")
