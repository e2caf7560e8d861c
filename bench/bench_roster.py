"""OneRoster import benchmark: a synthetic district of 5,000 users into a fresh SQLite database.

Generates OneRoster 1.1 CSV files (1 district, 5 schools, 4,000 students, 200 teachers, 800
guardians, classes and enrollments), runs `import_oneroster` for a new consortium, then again
unchanged. Prints a Markdown table.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DEBUG", "true")


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def generate(folder: Path, students: int = 4000, teachers: int = 200, guardians: int = 800) -> int:
    rng = random.Random(2026)
    schools = [f"org-s{i}" for i in range(5)]
    write(
        folder / "manifest.csv",
        ["propertyName", "value"],
        [["manifest.version", "1.0"], ["oneroster.version", "1.1"]],
    )
    write(
        folder / "orgs.csv",
        ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
        [["org-d", "", "", "Bench District (demo)", "district", "", ""]]
        + [[s, "", "", f"Bench School {i} (demo)", "school", "", "org-d"] for i, s in enumerate(schools)],
    )
    write(
        folder / "academicSessions.csv",
        [
            "sourcedId",
            "status",
            "dateLastModified",
            "title",
            "type",
            "startDate",
            "endDate",
            "parentSourcedId",
            "schoolYear",
        ],
        [["as-1", "", "", "2025-2026", "schoolYear", "2025-08-04", "2026-05-29", "", "2026"]],
    )
    write(
        folder / "courses.csv",
        [
            "sourcedId",
            "status",
            "dateLastModified",
            "schoolYearSourcedId",
            "title",
            "courseCode",
            "grades",
            "orgSourcedId",
            "subjects",
            "subjectCodes",
        ],
        [[f"crs-{i}", "", "", "as-1", f"Course {i}", f"C{i}", "09", "org-d", "CTE", ""] for i in range(20)],
    )
    classes = [
        [
            f"cls-{i}",
            "",
            "",
            f"Class {i}",
            "09",
            f"crs-{i % 20}",
            f"K{i}",
            "scheduled",
            "",
            schools[i % 5],
            "as-1",
            "CTE",
            "",
            "1",
        ]
        for i in range(200)
    ]
    write(
        folder / "classes.csv",
        [
            "sourcedId",
            "status",
            "dateLastModified",
            "title",
            "grades",
            "courseSourcedId",
            "classCode",
            "classType",
            "location",
            "schoolSourcedId",
            "termSourcedIds",
            "subjects",
            "subjectCodes",
            "periods",
        ],
        classes,
    )
    header = [
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "orgSourcedIds",
        "role",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
    ]
    users, enrollments = [], []
    for i in range(teachers):
        users.append(
            [
                f"t{i}",
                "",
                "",
                "true",
                schools[i % 5],
                "teacher",
                f"bench.t{i}",
                "",
                "Teach",
                f"Er{i}",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
        enrollments.append(
            [f"e-t{i}", "", "", f"cls-{i}", schools[i % 5], f"t{i}", "teacher", "true", "", ""]
        )
    for i in range(students):
        school = schools[i % 5]
        users.append(
            [
                f"s{i}",
                "",
                "",
                "true",
                school,
                "student",
                f"bench.s{i}",
                "",
                "Stu",
                f"Dent{i}",
                "",
                "",
                "",
                "",
                "",
                "",
                f"{rng.randint(9, 12):02d}",
                "",
            ]
        )
        cls = 5 * rng.randrange(40) + i % 5  # a class at the student's own school
        enrollments.append(
            [
                f"e-s{i}",
                "",
                "",
                f"cls-{cls}",
                school,
                f"s{i}",
                "student",
                "false",
                "",
                "",
            ]
        )
    for i in range(guardians):
        users.append(
            [
                f"g{i}",
                "",
                "",
                "true",
                schools[i % 5],
                "guardian",
                f"bench.g{i}",
                "",
                "Guar",
                f"Dian{i}",
                "",
                "",
                "",
                "",
                "",
                f"s{i * 5 % students}",
                "",
                "",
            ]
        )
    write(folder / "users.csv", header, users)
    write(
        folder / "enrollments.csv",
        [
            "sourcedId",
            "status",
            "dateLastModified",
            "classSourcedId",
            "schoolSourcedId",
            "userSourcedId",
            "role",
            "primary",
            "beginDate",
            "endDate",
        ],
        enrollments,
    )
    return len(users)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "roster"
        folder.mkdir()
        users = generate(folder)
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3")

        def manage(*args: str) -> float:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
            )
            return time.perf_counter() - started

        manage("migrate", "--no-input", "-v0")
        manage(
            "shell",
            "-c",
            "from pathways.orgs.models import Consortium; "
            "Consortium.objects.create(slug='bench', name='Bench (demo)')",
        )
        first = manage("import_oneroster", "--consortium", "bench", str(folder))
        again = manage("import_oneroster", "--consortium", "bench", str(folder))
    print("OneRoster import benchmark (fresh SQLite; times include Django start-up, about 1 s)")
    print()
    print("| measure | value | goal |")
    print("|---|---|---|")
    what = f"import {users:,} users (district, 5 schools, classes, enrollments, guardians)"
    print(f"| {what} | {first:.1f} s | well under 60 s |")
    print(f"| re-import, nothing changed | {again:.1f} s | - |")


if __name__ == "__main__":
    main()
