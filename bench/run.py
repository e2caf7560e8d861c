"""Pathways benchmarks (`make bench`). Speed goals live here, never in timed tests.

1. Full `load_public_data` into a fresh SQLite database (goal < 60 s).
2. Occupation search latency through the API, in-process (goal p95 < 30 ms).
3. Occupation page server time, in-process (goal p95 < 50 ms).

2 and 3 read the database that `make setup` loads (var/pathways.sqlite3, or DATABASE_URL).
Prints one Markdown table; copy it into docs/benchmarks.md with the machine and date.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

QUERIES = [
    "nurse",
    "registered nurse",
    "welders",
    "sofware developer",
    "diesel mechanic",
    "electrician",
    "teacher",
    "dental hygenist",
    "truck driver",
    "weld",
    "plumbr",
    "auto mechanic",
    "cna",
    "chef",
    "physical therapist",
    "accountant",
]
AREAS = ["", "3500000", "0010740", "87501", "0042140"]


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def bench_load() -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
        )
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "load_public_data"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started, "fresh SQLite, all 6 datasets"


def bench_requests(client: object, urls: list[str], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)  # type: ignore[attr-defined]
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return samples


def main() -> None:
    load_seconds, load_note = bench_load()

    import django

    django.setup()
    from django.test import Client

    from pathways.catalog.models import Occupation

    client = Client(SERVER_NAME="localhost")
    client.get("/api/v1/occupations?q=warmup")  # build the search index once, as a running server has
    search_urls = [f"/api/v1/occupations?q={q.replace(' ', '+')}&limit=20" for q in QUERIES]
    search_ms = bench_requests(client, search_urls, repeat=10)

    random.seed(2026)
    codes = random.sample(list(Occupation.objects.values_list("code", flat=True)), 60)
    page_ms: list[float] = []
    for i, code in enumerate(codes):
        client.cookies["pathways_area"] = AREAS[i % len(AREAS)]
        page_ms += bench_requests(client, [f"/occupations/{code}/"], repeat=3)

    rows = [
        ("load_public_data (full)", f"{load_seconds:.1f} s", "< 60 s", load_note),
        (
            "search API p95",
            f"{percentile(search_ms, 95):.1f} ms",
            "< 30 ms",
            f"p50 {statistics.median(search_ms):.1f} ms, {len(search_ms)} requests, {len(QUERIES)} queries",
        ),
        (
            "occupation page p95",
            f"{percentile(page_ms, 95):.1f} ms",
            "< 50 ms",
            f"p50 {statistics.median(page_ms):.1f} ms, {len(page_ms)} requests, 60 occupations x 5 areas",
        ),
    ]
    print(
        f"Machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; database: {django.db.connection.vendor}")
    print()
    print("| benchmark | result | goal | notes |")
    print("|---|---|---|---|")
    for name, result, goal, note in rows:
        print(f"| {name} | {result} | {goal} | {note} |")


if __name__ == "__main__":
    main()
