"""Interest Profiler benchmarks (`python bench/bench_students.py`). Goals, not timed tests:

1. Ranking every occupation with interest data for one profile through the students selector
   (`selectors_profiler.occupations_ranked`: the cached ratings matrix, its freshness check
   against the database, and `rank_occupations`): median under 2 ms.
2. 100,000 profiles, top 20 careers each, through the selector's batch
   (`selectors_profiler.occupations_top_batch`, the library's `top_occupations`): under 10 s.
3. The results page and the career-matches page of a signed-in demo student under concurrent
   load: 16 client threads firing requests with `urllib` (a new connection each, no keep-alive)
   for about 10 s per page at a WSGI server on 127.0.0.1 in a subprocess: p95 under 100 ms.
   The server is pre-forked wsgiref, as a production deployment runs gunicorn (not installed
   here): by default 2 x cores + 1 processes sharing the listening socket, each serving one
   request at a time (gunicorn's default "sync" worker); `--worker threaded` gives each process
   a thread per connection instead (wsgiref + ThreadingMixIn). The settings are the project's
   (DEBUG off), so each process keeps its database connection for DB_CONN_MAX_AGE (60 s) as in
   production; `--conn-max-age SECONDS` overrides it (0: a new SQLite connection per request)
   and says so in the output.

Runs against a throw-away copy of the database `make setup` builds (var/pathways.sqlite3, or
`--database`), migrated and with the demo data loaded, so the real database is never written.
Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEMO_STUDENT = "nmi-student"
DEMO_PASSWORD = "pathways-demo"


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


# --- the server (run as a subprocess: `bench_students.py --serve PORT`) ----------------------


WORKERS = ("sync", "threaded")


def default_processes() -> int:
    """gunicorn's advice for its sync workers: 2 x cores + 1."""
    return 2 * (os.cpu_count() or 1) + 1


def serve(port: int, processes: int, worker: str, conn_max_age: int | None) -> None:
    """A wsgiref server: `processes` processes share the socket (forked after binding, as
    pre-forking servers such as gunicorn do); each serves one request at a time ("sync") or
    starts a thread per connection ("threaded")."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class SyncWSGIServer(WSGIServer):
        request_queue_size = 64  # the listen backlog: waiting connections queue here

    class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 64

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server_class = ThreadingWSGIServer if worker == "threaded" else SyncWSGIServer
    if conn_max_age is not None:  # before any connection is made
        from django.conf import settings

        settings.DATABASES["default"]["CONN_MAX_AGE"] = conn_max_age
    application = get_wsgi_application()
    with make_server("127.0.0.1", port, application, server_class, QuietHandler) as server:
        for _ in range(processes - 1):
            if os.fork() == 0:
                break  # a child: serve on the same socket
        else:
            print("ready", flush=True)
        server.serve_forever()


# --- setup -----------------------------------------------------------------------------------


def prepare_database(source: Path, target: Path) -> dict[str, str]:
    shutil.copyfile(source, target)
    env = dict(os.environ, DEBUG="true", DATABASE_URL=f"sqlite:///{target}")
    for command in (["migrate", "--no-input", "-v0"], ["load_demo_data"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    return env


def ensure_completed_attempt() -> str:
    """The demo student's latest finished attempt (one is made if the demo has none)."""
    from pathways.accounts.models import User
    from pathways.students import selectors_profiler as selectors
    from pathways.students.services import profiler as services

    student = User.objects.get(username=DEMO_STUDENT)
    attempt = selectors.attempt_latest_completed(student)
    if attempt is None:
        attempt = services.attempt_start(acting_user=student, student=student)
        answers = {i + 1: a for i, a in enumerate("554433221154" * 5)}
        services.attempt_answers_save(acting_user=student, attempt=attempt, answers=answers)
        attempt = services.attempt_complete(acting_user=student, attempt=attempt)
    return str(attempt.public_id)


# --- 1 and 2: ranking ------------------------------------------------------------------------


def simulated_profiles(count: int, seed: int) -> np.ndarray:
    """Six scores (0-40) from simulated Short Form answers, as bench_interests.py makes them."""
    from pathways.matching.interests import AREAS, ITEM_AREAS

    rng = np.random.default_rng(seed)
    liking = rng.random((count, len(AREAS))) ** 2
    area_of_item = np.array([AREAS.index(a) for a in ITEM_AREAS])
    answers = rng.binomial(4, liking[:, area_of_item])  # item scores 0-4
    return np.stack([answers[:, area_of_item == i].sum(axis=1) for i in range(len(AREAS))], axis=1)


def bench_ranking(seed: int, batch: int) -> list[tuple[str, str, str, str]]:
    from pathways.students import selectors_profiler as selectors

    matrix = selectors.ratings_matrix()  # built once per process, as a server has it
    profiles = simulated_profiles(max(batch, 1000), seed)
    usable = [p for p in profiles[:2000].tolist() if max(p) > min(p)][:1000]
    rows = []
    for label, zones in (("all zones", None), ("job zones 1-3", [1, 2, 3])):
        samples = []
        for profile in usable:
            started = time.perf_counter()
            selectors.occupations_ranked(profile, zones=zones)
            samples.append((time.perf_counter() - started) * 1000)
        rows.append(
            (
                f"rank one profile, {label} (selector)",
                f"{statistics.median(samples):.2f} ms",
                "< 2 ms",
                f"p95 {percentile(samples, 95):.2f} ms; {len(matrix)} occupations; {len(samples)} profiles; "
                "includes the matrix freshness query",
            )
        )
    started = time.perf_counter()
    result = selectors.occupations_top_batch(profiles[:batch], k=20)
    seconds = time.perf_counter() - started
    rows.append(
        (
            f"top 20 for {batch:,} profiles (selector batch)",
            f"{seconds:.2f} s",
            "< 10 s",
            f"{int(result.flat.sum())} flat profiles skipped",
        )
    )
    return rows


def bench_in_process(attempt: str) -> list[tuple[str, str, str, str]]:
    """Server time of the two pages without HTTP or contention: Django's test client (in this
    process, DEBUG on, and its database connection stays open between requests)."""
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    assert client.login(username=DEMO_STUDENT, password=DEMO_PASSWORD)
    rows = []
    for name, url, uncached in (
        ("results page", f"/profiler/results/{attempt}/", False),
        ("career matches page", f"/profiler/matches/{attempt}/", False),
        ("career matches page, nothing cached", f"/profiler/matches/{attempt}/", True),
    ):
        client.get(url)
        if uncached:
            cache.clear()
        reset_queries()  # the log keeps 9,000 queries: once full, a capture would see none
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        samples = []
        for _ in range(60):
            if uncached:
                cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        rows.append(
            (
                f"{name}, server time in-process (p50)",
                f"{statistics.median(samples):.1f} ms",
                "-",
                f"p95 {percentile(samples, 95):.1f} ms; 60 requests, one at a time; "
                f"{len(queries)} SQL queries a request",
            )
        )
    return rows


# --- 3: pages under load ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sign_in(base: str) -> str:
    """Sign the demo student in; returns the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode(
        {"username": DEMO_STUDENT, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=body, headers={"Referer": f"{base}/"})
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, "the demo student could not sign in"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def load(url: str, cookie: str, clients: int, seconds: float) -> tuple[list[float], int]:
    samples: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal errors
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < stop:
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            if ok:
                mine.append(elapsed)
            else:
                failed += 1
        with lock:
            samples.extend(mine)
            errors += failed

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, errors


def server_description(processes: int, worker: str) -> str:
    plural = "es" if processes > 1 else ""
    if worker == "threaded":
        return f"{processes} wsgiref process{plural}, a thread per connection"
    return f"{processes} wsgiref process{plural} x 1 thread (sync workers)"


def bench_pages(
    env: dict[str, str],
    attempt: str,
    clients: int,
    seconds: float,
    processes: int,
    worker: str,
    conn_max_age: int | None,
) -> list[tuple[str, str, str, str]]:
    port = free_port()
    server_env = dict(env, DEBUG="false", PATHWAYS_ALLOW_DEV_SECRET="true", SECURE_SSL_REDIRECT="false")
    server_env.update(SECURE_COOKIES="false", ALLOWED_HOSTS="127.0.0.1,localhost", STATIC_MANIFEST="false")
    command = [sys.executable, str(Path(__file__).resolve()), "--serve", str(port)]
    server = subprocess.Popen(
        [*command, "--processes", str(processes), "--worker", worker]
        + ([] if conn_max_age is None else ["--conn-max-age", str(conn_max_age)]),
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the forked servers stop with it
    )
    server_kind = server_description(processes, worker)
    if conn_max_age:
        server_kind += f", DB connections kept (CONN_MAX_AGE={conn_max_age})"
    rows = []
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        base = f"http://127.0.0.1:{port}"
        cookie = sign_in(base)
        pages = {
            "results page": f"{base}/profiler/results/{attempt}/",
            "career matches page": f"{base}/profiler/matches/{attempt}/",
        }
        for name, url in pages.items():
            # Warm every process up (the ratings matrix, templates, its cache) as a long-running
            # server is: `clients` at once, so that each process serves some.
            load(url, cookie, clients, 1.0)
            samples, errors = load(url, cookie, clients, seconds)
            rate = len(samples) / seconds
            rows.append(
                (
                    f"{name} p95, {clients} clients, {server_kind}",
                    f"{percentile(samples, 95):.0f} ms",
                    "< 100 ms",
                    f"p50 {statistics.median(samples):.0f} ms; {len(samples)} requests in {seconds:.0f} s "
                    f"({rate:.0f}/s); {errors} errors",
                )
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, default=ROOT / "var" / "pathways.sqlite3")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--processes",
        type=int,
        nargs="+",
        default=[default_processes()],
        help="server processes to measure the pages with, one run each (default: 2 x cores + 1)",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        help="CONN_MAX_AGE of the server processes (default: the settings'; 0 for SQLite today)",
    )
    parser.add_argument(
        "--worker",
        choices=WORKERS,
        default="sync",
        help="sync: one request at a time per process (gunicorn's default); threaded: a thread each",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    if args.serve:
        import django

        django.setup()
        serve(args.serve, args.processes[0], args.worker, args.conn_max_age)
        return

    if not args.database.exists():
        sys.exit(f"{args.database} does not exist: run `make setup` first")
    load_before = " ".join(f"{v:.2f}" for v in os.getloadavg())  # others' work skews the figures
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.sqlite3"
        env = prepare_database(args.database, copy)
        os.environ.update(DEBUG="true", DATABASE_URL=env["DATABASE_URL"])
        import django

        django.setup()
        attempt = ensure_completed_attempt()
        rows = bench_ranking(args.seed, args.batch)
        rows += bench_in_process(attempt)
        from django.db import connections

        connections.close_all()
        for processes in args.processes:
            rows += bench_pages(
                env, attempt, args.clients, args.seconds, processes, args.worker, args.conn_max_age
            )
        from django.conf import settings

        configured = settings.DATABASES["default"].get("CONN_MAX_AGE", 0)
        conn_max_age = configured if args.conn_max_age is None else args.conn_max_age
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]

    print(
        f"Machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, NumPy {np.__version__}"
    )
    print(f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; database: a copy of {args.database.name} (SQLite)")
    print(
        f"Pages served by pre-forked wsgiref, {args.worker} workers: "
        + ", ".join(server_description(p, args.worker) for p in args.processes)
        + f"; {args.clients} client threads (urllib, one connection per request) in this process; "
        f"database {engine}, CONN_MAX_AGE={conn_max_age}"
        + (" (a new connection per request)" if not conn_max_age else " (a connection per process, kept)")
        + ("" if args.conn_max_age is None else f" by --conn-max-age; the settings say {configured}")
        + f"; load average before the run {load_before}"
    )
    print()
    print("| benchmark | result | goal | notes |")
    print("|---|---|---|---|")
    for name, result, goal, note in rows:
        print(f"| {name} | {result} | {goal} | {note} |")


if __name__ == "__main__":
    main()
