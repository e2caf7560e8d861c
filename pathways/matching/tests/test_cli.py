"""`python -m pathways.matching`: solve and check from files, clear one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
INSTANCE: dict[str, Any] = {
    "students": {"s1": ["o1", "o2"], "s2": ["o1"], "s3": ["o2", "o1"]},
    "opportunities": {
        "o1": {"capacity": 1, "ranking": ["s2", "s1", "s3"]},
        "o2": {"capacity": 1, "ranking": ["s1", "s3"]},
    },
}


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pathways.matching", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def write(path: Path, content: object) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


class TestStableCommand:
    def test_it_writes_the_result(self, tmp_path: Path) -> None:
        done = run("stable", write(tmp_path / "in.json", INSTANCE), tmp_path / "out.json")
        assert (done.returncode, done.stderr) == (0, "")
        assert json.loads((tmp_path / "out.json").read_text()) == {
            "assignments": {"o1": ["s2"], "o2": ["s1"]},
            "unmatched": ["s3"],
        }

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (
                {"students": {"s3": ["o9"]}, "opportunities": {}},
                'error: student "s3" lists unknown opportunity "o9"',
            ),
            (
                {"students": {}, "opportunities": {"o1": {"capacity": -2, "ranking": []}}},
                'error: opportunity "o1" has "capacity" -2: it must be a non-negative integer',
            ),
            ({"students": {}}, 'error: the instance is missing "opportunities"'),
            (
                "[1, 2]",
                'error: the instance must be an object with "students" and "opportunities", got a list',
            ),
        ],
    )
    def test_it_refuses_a_malformed_instance(self, tmp_path: Path, content: object, message: str) -> None:
        done = run("stable", write(tmp_path / "in.json", content), tmp_path / "out.json")
        assert done.returncode == 2
        assert done.stderr == message + "\n"
        assert not (tmp_path / "out.json").exists()

    def test_it_refuses_invalid_json(self, tmp_path: Path) -> None:
        done = run("stable", write(tmp_path / "in.json", '{"students": '), tmp_path / "out.json")
        assert done.returncode == 2
        assert done.stderr.startswith("error: instance file ")
        assert "is not valid JSON: Expecting value: line 1 column 14" in done.stderr
        assert done.stderr.count("\n") == 1

    def test_it_refuses_a_repeated_key(self, tmp_path: Path) -> None:
        text = '{"students": {"s1": [], "s1": []}, "opportunities": {}}'
        done = run("stable", write(tmp_path / "in.json", text), tmp_path / "out.json")
        assert done.returncode == 2
        assert done.stderr.endswith('repeats the key "s1" in one object\n')

    def test_it_refuses_a_missing_file(self, tmp_path: Path) -> None:
        done = run("stable", tmp_path / "nope.json", tmp_path / "out.json")
        assert done.returncode == 2
        assert done.stderr == f"error: instance file {str(tmp_path / 'nope.json')!r} does not exist\n"

    def test_it_refuses_an_unwritable_result(self, tmp_path: Path) -> None:
        done = run("stable", write(tmp_path / "in.json", INSTANCE), tmp_path / "no-dir" / "out.json")
        assert done.returncode == 2
        assert done.stderr.startswith("error: cannot write result file ")

    def test_it_shows_usage_without_arguments(self) -> None:
        done = run()
        assert done.returncode == 2
        assert "usage:" in done.stderr


class TestCheckCommand:
    def test_it_accepts_a_stable_result(self, tmp_path: Path) -> None:
        instance = write(tmp_path / "in.json", INSTANCE)
        assert run("stable", instance, tmp_path / "out.json").returncode == 0
        done = run("check", instance, tmp_path / "out.json")
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")

    def test_it_lists_blocking_pairs(self, tmp_path: Path) -> None:
        result = {"assignments": {"o1": ["s1"], "o2": ["s3"]}, "unmatched": ["s2"]}
        done = run("check", write(tmp_path / "in.json", INSTANCE), write(tmp_path / "r.json", result))
        assert (done.returncode, done.stdout) == (1, "s2\to1\n")

    def test_it_refuses_an_invalid_result(self, tmp_path: Path) -> None:
        result = {"assignments": {"o1": ["s1", "s2"], "o2": []}, "unmatched": ["s3"]}
        done = run("check", write(tmp_path / "in.json", INSTANCE), write(tmp_path / "r.json", result))
        assert done.returncode == 2
        assert done.stderr == 'error: opportunity "o1" has 2 students, over its capacity of 1\n'
