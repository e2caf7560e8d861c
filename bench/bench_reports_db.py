"""The Django side of the Perkins V benchmarks (called by bench/bench_reports.py `django_rows`):

- import the synthetic region's CSV files into a fresh SQLite database (services.imports);
- rollups of every indicator x level x subgroup x year into the database (services.rollups, the
  background job's body), goal under 60 s on SQLite for about 1,000,000 rows;
- the indicators dashboard's server time, in-process, p95 over 200 requests, goal under 100 ms:
  "cold" (the page cache cleared before every request: every query, pivot and render runs) and
  "warm" (repeats of the same pages, served from the per-run page-data cache).

Runs on its own: `python bench/bench_reports_db.py --students 2000 --years 3` (generates a region).
`--database /tmp/bench.sqlite3` keeps the database, and reuses it (no import, no rollups) when it
already holds the rollups: repeat the page timings without the minutes of setup.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Row = tuple[str, str, str]

SLUG = "bench"
# The pages the benchmark times (the dashboard by level and subgroup, one indicator by school).
PAGES = [
    f"/reports/{SLUG}/indicators/?level=consortium",
    f"/reports/{SLUG}/indicators/?level=district",
    f"/reports/{SLUG}/indicators/1S1/?level=school",
    f"/reports/{SLUG}/indicators/?level=cluster&subgroup=sex:F",
    f"/reports/{SLUG}/indicators/?level=school",
    f"/reports/{SLUG}/indicators/?level=program&subgroup=disability",
]
API = "/api/v1/reports/indicators?consortium=" + SLUG + "&year={}&level=school"


def _fresh_postgres(url: str) -> None:
    """Drop and create the database named in `url` (a PostgreSQL URL), through the `postgres` one."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or not name.replace("_", "").isalnum():
        raise SystemExit(f"BENCH_DATABASE_URL needs a plain database name, got {name!r}")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _engine() -> str:
    return "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"


def _django(database: Path) -> None:
    # BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pathways_bench runs the same rows on a
    # fresh PostgreSQL database (dropped and created here) instead of SQLite.
    postgres = os.environ.get("BENCH_DATABASE_URL", "")
    if postgres:
        _fresh_postgres(postgres)
        os.environ["DATABASE_URL"] = postgres
    else:
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


def _prepare(files: list[Path], label: str) -> list[Row]:
    """Import `files` and compute the rollups into the (new) database; the rows of both times."""
    from pathways.accounts.models import Membership, User
    from pathways.accounts.roles import Role
    from pathways.orgs.models import Consortium
    from pathways.reports.models import Rollup
    from pathways.reports.services.imports import import_parsed
    from pathways.reports.services.rollups import compute_now
    from pathways.reports.studentyears import concat_years, parse_student_years

    consortium = Consortium.objects.create(slug=SLUG, name="Bench region")
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
    n_cells = Rollup.objects.filter(consortium=consortium).count()
    return [
        (
            f"{label}: import into {_engine()} (parse {parse_time:.1f} s + store)",
            f"{store_time:.1f} s",
            "reasonable",
        ),
        (
            f"{label}: rollups into {_engine()} ({run.steps_total} steps, {n_cells:,} cells incl. PART/CONC)",
            f"{rollup_time:.1f} s",
            "< 30 s" if _engine() == "PostgreSQL" else "< 60 s",
        ),
    ]


def _timed(
    get: Callable[[str], Any], paths: list[str], requests: int, before: Callable[[], None]
) -> list[float]:
    times: list[float] = []
    for i in range(requests):
        path = paths[i % len(paths)]
        before()
        start = time.perf_counter()
        response = get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.content.decode()[-1500:])
    return times


def _time_pages(requests: int) -> list[Row]:
    """Dashboard p95 and median, cold (cache cleared before each request) and warm; the API."""
    from django.core.cache import cache
    from django.test import Client

    from pathways.accounts.models import User
    from pathways.reports.models import Rollup

    user = User.objects.get(username="bench-admin")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    year = max(Rollup.objects.filter(consortium__slug=SLUG).values_list("school_year", flat=True))
    for path in PAGES:  # warm up (imports, templates, translations)
        client.get(path)
    cold = _timed(client.get, PAGES, requests, cache.clear)
    warm = _timed(client.get, PAGES, requests, lambda: None)
    api_times = _timed(client.get, [API.format(year - 1)], max(20, requests // 10), lambda: None)
    slowest = max(
        PAGES, key=lambda p: statistics.median(t for i, t in enumerate(cold) if PAGES[i % len(PAGES)] == p)
    )

    def p95(times: list[float]) -> float:
        return statistics.quantiles(times, n=20)[-1]

    return [
        (
            f"dashboard pages, cache cleared each request, p95 of {requests} "
            f"(median {statistics.median(cold):.0f} ms; slowest page {slowest})",
            f"{p95(cold):.0f} ms",
            "< 100 ms",
        ),
        (
            f"dashboard pages, repeated (page-data cache), p95 of {requests} "
            f"(median {statistics.median(warm):.0f} ms)",
            f"{p95(warm):.0f} ms",
            "< 100 ms",
        ),
        ("indicators API, school level, p95", f"{p95(api_times):.0f} ms", "-"),
        ("machine load (1, 5, 15 min)", " / ".join(f"{x:.2f}" for x in os.getloadavg()), "-"),
    ]


def measure(files: list[Path], label: str, requests: int = 200, database: Path | None = None) -> list[Row]:
    """Import `files`, compute the rollups, time the dashboard. A temporary database unless
    `database` is given; one that already holds the bench's rollups is reused as it is."""
    if database is not None:
        reuse = database.exists()
        _django(database)
        from pathways.reports.models import Rollup

        rows = (
            [] if reuse and Rollup.objects.filter(consortium__slug=SLUG).exists() else _prepare(files, label)
        )
        return rows + _time_pages(requests)
    with tempfile.TemporaryDirectory() as tmp:
        _django(Path(tmp) / "bench.sqlite3")
        return _prepare(files, label) + _time_pages(requests)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=2_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--database", type=Path, default=None, help="keep the SQLite database here; reuse it when it exists"
    )
    args = parser.parse_args(argv)
    if args.database is not None and args.database.exists():
        rows = measure([], "reused database", args.requests, args.database)
    else:
        from pathways.reports.synthetic import generate_region

        with tempfile.TemporaryDirectory() as tmp:
            region = generate_region(tmp, students=args.students, years=args.years, seed=args.seed)
            rows = measure(region.files, f"{sum(region.rows.values()):,} rows", args.requests, args.database)
    print("| measure | value | goal |\n|---|---|---|")
    for row in rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")


if __name__ == "__main__":
    main()


__all__: list[Any] = ["measure"]
