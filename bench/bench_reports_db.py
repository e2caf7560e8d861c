"""The Django side of the Perkins V benchmarks (called by bench/bench_reports.py `django_rows`):

- import the synthetic region's CSV files into a fresh SQLite database (services.imports);
- rollups of every indicator x level x subgroup x year into the database (services.rollups, the
  background job's body), goal under 60 s on SQLite for about 1,000,000 rows;
- the indicators dashboard's server time, in-process, p95 over 200 requests, goal under 100 ms.

Runs on its own: `python bench/bench_reports_db.py --students 2000 --years 3` (generates a region).
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Row = tuple[str, str, str]


def _django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    # The pages need the labor tables (wage areas); the small public-data cut of the tests is enough.
    call_command("load_public_data", data_dir=ROOT / "tests" / "fixtures" / "public", stdout=io.StringIO())


def measure(files: list[Path], label: str, requests: int = 200) -> list[Row]:
    """Import `files`, compute the rollups, time the dashboard. A temporary database."""
    with tempfile.TemporaryDirectory() as tmp:
        _django(Path(tmp) / "bench.sqlite3")
        from django.test import Client

        from pathways.accounts.models import Membership, User
        from pathways.accounts.roles import Role
        from pathways.orgs.models import Consortium
        from pathways.reports.services.imports import import_parsed
        from pathways.reports.services.rollups import compute_now
        from pathways.reports.studentyears import concat_years, parse_student_years

        consortium = Consortium.objects.create(slug="bench", name="Bench region")
        user = User.objects.create_user("bench-admin", password="x")
        Membership.objects.create(user=user, role=Role.CONSORTIUM_ADMIN, consortium=consortium)

        start = time.perf_counter()
        parsed = concat_years([parse_student_years(f) for f in files])
        parse_time = time.perf_counter() - start
        start = time.perf_counter()
        import_parsed(consortium, parsed, acting_user=None)
        store_time = time.perf_counter() - start
        del parsed
        start = time.perf_counter()
        run = compute_now(consortium, acting_user=None)
        rollup_time = time.perf_counter() - start
        from pathways.reports.models import Rollup

        n_cells = Rollup.objects.filter(consortium=consortium).count()

        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        pages = [
            "/reports/bench/indicators/?level=consortium",
            "/reports/bench/indicators/?level=district",
            "/reports/bench/indicators/1S1/?level=school",
            "/reports/bench/indicators/?level=cluster&subgroup=sex:F",
        ]
        api = "/api/v1/reports/indicators?consortium=bench&year={}&level=school"
        year = max(Rollup.objects.filter(consortium=consortium).values_list("school_year", flat=True))
        for path in pages:  # warm up
            client.get(path)
        times: list[float] = []
        for i in range(requests):
            start = time.perf_counter()
            response = client.get(pages[i % len(pages)])
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (
                pages[i % len(pages)],
                response.status_code,
                response.content.decode()[-1500:],
            )
        api_times: list[float] = []
        for _ in range(max(20, requests // 10)):
            start = time.perf_counter()
            response = client.get(api.format(year - 1))
            api_times.append((time.perf_counter() - start) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1]
        api_p95 = statistics.quantiles(api_times, n=20)[-1]
        return [
            (
                f"{label}: import into SQLite (parse {parse_time:.1f} s + store)",
                f"{store_time:.1f} s",
                "reasonable",
            ),
            (
                f"{label}: rollups into SQLite ({run.steps_total} steps, {n_cells:,} cells incl. PART/CONC)",
                f"{rollup_time:.1f} s",
                "< 60 s",
            ),
            (
                f"dashboard pages, p95 of {requests} (median {statistics.median(times):.0f} ms)",
                f"{p95:.0f} ms",
                "< 100 ms",
            ),
            ("indicators API, school level, p95", f"{api_p95:.0f} ms", "-"),
        ]


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=2_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    from pathways.reports.synthetic import generate_region

    with tempfile.TemporaryDirectory() as tmp:
        region = generate_region(tmp, students=args.students, years=args.years, seed=args.seed)
        rows = measure(region.files, f"{sum(region.rows.values()):,} rows")
    print("| measure | value | goal |\n|---|---|---|")
    for row in rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")


if __name__ == "__main__":
    main()


__all__: list[Any] = ["measure"]
