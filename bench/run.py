"""``make bench``: Atbalsts at national scale, measured as ratios within one run.

Seeds (once; ``--reseed`` to force) a PostgreSQL database ``atbalsts_bench`` with the dataset
of bench/seed.py, serves the product with gunicorn (2 sync workers) on 127.0.0.1 in
production mode, signs the bench users in through the real password and TOTP pages, drives
each page with wrk, then measures in this process: queries per page against the pinned
counts, the statistics page against the raw SQL it is built on, the HTCDS export (through
scripts/measure_htcds.py) and the audit chain's verification against plain SHA-256. Prints
one table and writes bench/results.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results.json"
MARKER = VAR / "seeded.json"
LUA = ROOT / "bench" / "lua" / "load.lua"
DATABASE = "atbalsts_bench"
WORKERS = 2
CASE_LIST_PAGES = 20
DETAIL_CASES = 500


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --- Environment ------------------------------------------------------------------------------


def _postgres_base() -> str:
    url = subprocess.run(
        ["bash", "scripts/ensure_postgres.sh"],  # noqa: S607 -- the repository's own script
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return url.rpartition("/")[0]


def _secret_file(path: Path, make: Callable[[Path], object]) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
    return path


def _environment(base: str) -> dict[str, str]:
    """Production mode, with what production needs supplied from var/bench/secrets.

    Plain HTTP on the loopback: no TLS redirect and no Secure cookies (a proxy would
    terminate TLS in front of gunicorn); everything else is as ``ATBALSTS_MODE=production``
    sets it, DEBUG off.
    """
    from atbalsts.core.crypto import generate_key_file

    secret_key = _secret_file(
        VAR / "secrets" / "secret_key", lambda p: p.write_text(secrets.token_urlsafe(50))
    )
    data_keys = _secret_file(VAR / "secrets" / "data_keys.json", generate_key_file)
    return {
        "ATBALSTS_MODE": "production",
        "DEBUG": "false",
        "SECRET_KEY_FILE": str(secret_key),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DATABASE_URL": f"{base}/{DATABASE}",
        "ATBALSTS_DATA_KEY_FILE": str(data_keys),
        "ATBALSTS_VAR_DIR": str(VAR),
        "SECURE_SSL_REDIRECT": "false",
        "ATBALSTS_SECURE_COOKIES": "false",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }


BENCH_VARIABLES = frozenset(
    {
        "ATBALSTS_MODE",
        "DEBUG",
        "SECRET_KEY_FILE",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "ATBALSTS_DATA_KEY_FILE",
        "ATBALSTS_VAR_DIR",
        "SECURE_SSL_REDIRECT",
        "ATBALSTS_SECURE_COOKIES",
        "DJANGO_SETTINGS_MODULE",
    }
)
"""The variables :func:`_environment` sets for the server and this process."""


def _recreate_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def _database_exists(base: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        row = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


# --- Seeding ----------------------------------------------------------------------------------


def ensure_seeded(base: str, scale: float, *, reseed: bool) -> dict[str, Any]:
    from django.db import connections

    from bench.seed import Sizes, seed

    sizes = Sizes.at(scale)
    marker = json.loads(MARKER.read_text()) if MARKER.exists() else None
    if (
        not reseed
        and marker is not None
        and marker.get("sizes") == sizes.as_dict()
        and _database_exists(base, DATABASE)
    ):
        say(f"Dataset already seeded at scale {scale} (--reseed to start again)")
        return dict(marker)
    connections.close_all()
    _recreate_database(base, DATABASE)
    started = time.perf_counter()
    seeded = seed(scale, say=say)
    total = time.perf_counter() - started
    say(f"Seeded in {total:.0f} s")
    marker = {
        "scale": scale,
        "sizes": sizes.as_dict(),
        "counts": seeded.counts,
        "seconds": {**seeded.seconds, "total": total},
        "logins": seeded.logins,
    }
    MARKER.parent.mkdir(parents=True, exist_ok=True)
    MARKER.write_text(json.dumps(marker, indent=2))
    MARKER.chmod(0o600)
    return marker


# --- Serving and signing in -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str]) -> Iterator[str]:
    import requests

    port = _free_port()
    log = (VAR / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 -- the venv's gunicorn with fixed arguments
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "atbalsts.wsgi:application",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--chdir",
            str(ROOT),
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/bench/bare/", timeout=60).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn did not answer; see {VAR / 'gunicorn.log'}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _token(html: str) -> str:
    match = _TOKEN.search(html)
    if match is None:
        raise RuntimeError("No CSRF token on the page.")
    return match.group(1)


def _totp(username: str, secret: str) -> str:
    """A code the server will accept: the first step after the last one used (they are
    single-use), waiting for the next 30-second step when all of this moment's are used."""
    from atbalsts.accounts.models import TOTP_TOLERANCE_STEPS, TotpDevice
    from tests.accounts.helpers import current_step, totp_at_step

    while True:
        last = TotpDevice.objects.get(user__username=username).last_t
        now = current_step()
        for step in range(now - TOTP_TOLERANCE_STEPS, now + TOTP_TOLERANCE_STEPS + 1):
            if step > last:
                return totp_at_step(secret, step)
        time.sleep(30 - time.time() % 30 + 0.5)


def sign_in(url: str, username: str, login: dict[str, str]) -> tuple[str, str]:
    """Password, then TOTP, through the pages; returns the session cookie and a CSRF token."""
    import requests
    from django.conf import settings

    client = requests.Session()
    page = client.get(f"{url}/login/", timeout=30)
    answer = client.post(
        f"{url}/login/",
        data={
            "username": username,
            "password": login["password"],
            "csrfmiddlewaretoken": _token(page.text),
        },
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302 or "/login/verify/" not in answer.headers["Location"]:
        raise RuntimeError(f"Password step refused for {username}: {answer.status_code}")
    page = client.get(f"{url}/login/verify/", timeout=30)
    answer = client.post(
        f"{url}/login/verify/",
        data={
            "code": _totp(username, login["totp_secret"]),
            "csrfmiddlewaretoken": _token(page.text),
        },
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"Second factor refused for {username}: {answer.status_code}")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    token = _token(client.get(f"{url}/dashboard/", timeout=30).text)
    return f"{settings.SESSION_COOKIE_NAME}={cookie}", token


# --- Pages ------------------------------------------------------------------------------------


def _bench_cases(limit: int) -> list[str]:
    from atbalsts.cases.models import Case

    return [
        str(u)
        for u in Case.objects.filter(organisation__code="bench-muni-01")
        .order_by("?")
        .values_list("uuid", flat=True)[:limit]
    ]


def _draft_pool() -> list[tuple[str, int]]:
    from atbalsts.screening.models import Screening, ScreeningStatus

    return [
        (str(u), v)
        for u, v in Screening.objects.filter(
            status=ScreeningStatus.DRAFT, created_by__username="bench.social"
        )
        .order_by("pk")
        .values_list("uuid", "version")
    ]


def _screening_body(version: int, token: str) -> str:
    from atbalsts.rules.interview import indicators_for_area

    signs = list(indicators_for_area("migration"))[:2]
    return urlencode(
        [
            ("csrfmiddlewaretoken", token),
            ("version", str(version)),
            ("notes", "Came for seasonal work; the employer kept the passport."),
            *[("signs", code) for code in signs],
            ("go", "next"),
        ]
    )


def page_targets(sessions: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """The pages under load: who asks, and the requests wrk cycles through."""
    social_cookie, social_token = sessions["bench.social"]
    analyst_cookie, _ = sessions["bench.analyst"]
    return [
        {
            "name": "bare view (baseline)",
            "key": "bare",
            "cookie": "",
            "expect": 200,
            "lines": [("GET", "/bench/bare/", "")],
        },
        {
            "name": "bare view, signed in",
            "key": "bare_signed_in",
            "cookie": social_cookie,
            "expect": 200,
            "lines": [("GET", "/bench/bare/", "")],
        },
        {
            "name": "dashboard",
            "key": "dashboard",
            "cookie": social_cookie,
            "expect": 200,
            "lines": [("GET", "/dashboard/", "")],
        },
        {
            "name": "case list (open, page 1-20)",
            "key": "case_list",
            "cookie": social_cookie,
            "expect": 200,
            "lines": [
                (
                    "POST",
                    "/cases/",
                    urlencode({"csrfmiddlewaretoken": social_token, "status": "open", "page": p}),
                )
                for p in range(1, CASE_LIST_PAGES + 1)
            ],
        },
        {
            "name": "case detail",
            "key": "case_detail",
            "cookie": social_cookie,
            "expect": 200,
            "lines": [("GET", f"/cases/{u}/", "") for u in _bench_cases(DETAIL_CASES)],
        },
        {
            "name": "screening submit",
            "key": "screening_submit",
            "cookie": social_cookie,
            "expect": 302,
            "lines": [
                ("POST", f"/screening/{u}/step/migration/", _screening_body(v, social_token))
                for u, v in _draft_pool()
            ],
        },
        {
            "name": "statistics",
            "key": "statistics",
            "cookie": analyst_cookie,
            "expect": 200,
            "lines": [("GET", "/statistics/", "")],
        },
    ]


def _check(url: str, target: dict[str, Any]) -> float:
    """One request of the page before the load: the expected status, and its time."""
    import requests

    method, path, body = target["lines"][-1]
    started = time.perf_counter()
    answer = requests.request(
        method,
        f"{url}{path}",
        data=body or None,
        headers={
            "Cookie": target["cookie"],
            **({"Content-Type": "application/x-www-form-urlencoded"} if body else {}),
        },
        allow_redirects=False,
        timeout=300,
    )
    elapsed = time.perf_counter() - started
    if answer.status_code != target["expect"]:
        raise RuntimeError(f"{target['name']}: {answer.status_code}, not {target['expect']}")
    return elapsed


def drive(url: str, target: dict[str, Any], *, duration: int, connections: int) -> dict[str, Any]:
    threads = min(2, connections)
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as lines:
        for method, path, body in target["lines"]:
            lines.write(f"{method}\t{path}\t{body}\n")
    try:
        # The first request of the page is checked (and, for the screening pool, used up:
        # the last line, which a short run does not reach).
        first = _check(url, target)
        output = subprocess.run(  # noqa: S603 -- wrk from the system with fixed arguments
            [
                shutil.which("wrk") or "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "60s",
                "--latency",
                "-s",
                str(LUA),
                f"{url}{target['lines'][0][1]}",
            ],
            env={
                **os.environ,
                "BENCH_TARGETS": lines.name,
                "BENCH_COOKIE": target["cookie"],
                "BENCH_THREADS": str(threads),
            },
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        Path(lines.name).unlink()
    result = json.loads(next(line for line in output.splitlines() if line.startswith("{")))
    seconds = result["duration_us"] / 1e6
    unexpected = sum(n for code, n in result["statuses"].items() if int(code) != target["expect"])
    return {
        "requests": result["requests"],
        "requests_per_s": result["requests"] / seconds if seconds else 0.0,
        "p50_ms": result["p50_us"] / 1000,
        "p95_ms": result["p95_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "statuses": result["statuses"],
        "unexpected_statuses": unexpected,
        "socket_errors": {k: v for k, v in result["errors"].items() if k != "status" and v},
        "first_request_ms": first * 1000,
    }


# --- Queries per page -------------------------------------------------------------------------


def query_counts() -> dict[str, dict[str, Any]]:
    """Each page once through Django's test client, its queries counted, beside the count the
    tests pin for it (the tests' own constants, so the two cannot drift apart)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from atbalsts.accounts.models import User
    from tests.accounts.helpers import force_login_verified
    from tests.cases.test_views import LIST_QUERIES, _detail_queries
    from tests.core.pages import middleware_query_count
    from tests.statistics.test_views import QUERIES as STATISTICS_QUERIES

    def client_of(username: str) -> Client:
        client = Client()
        force_login_verified(client, User.objects.get(username=username))
        return client

    social, analyst = client_of("bench.social"), client_of("bench.analyst")
    provider = client_of("bench.provider")
    middleware = middleware_query_count(social)
    # Past each session's first request (it stores the CSRF secret), as the tests count.
    middleware_query_count(analyst)
    middleware_query_count(provider)
    case = _bench_cases(1)[0]
    draft, version = _draft_pool()[0]
    token_page = social.get("/cases/")
    token = _token(token_page.content.decode())
    pages: list[tuple[str, Client, str, str, dict[str, Any], int | None, str]] = [
        (
            "dashboard",
            social,
            "get",
            "/dashboard/",
            {},
            None,
            "constant from 10 to 200 rows (tests/dashboard)",
        ),
        (
            "case_list",
            social,
            "post",
            "/cases/",
            {"status": "open", "page": "3"},
            middleware + LIST_QUERIES,
            "tests/cases LIST_QUERIES",
        ),
        (
            "case_detail",
            social,
            "get",
            f"/cases/{case}/",
            {},
            middleware + _detail_queries(),
            "tests/cases DETAIL_QUERIES",
        ),
        (
            "screening_submit",
            social,
            "post",
            f"/screening/{draft}/step/migration/",
            {"version": str(version), "notes": "x", "go": "next", "csrfmiddlewaretoken": token},
            None,
            "not pinned",
        ),
        (
            "statistics",
            analyst,
            "get",
            "/statistics/",
            {},
            STATISTICS_QUERIES,
            "tests/statistics QUERIES",
        ),
        # Not under load: the provider's dashboard reads every course of the organisation.
        (
            "dashboard_provider",
            provider,
            "get",
            "/dashboard/",
            {},
            None,
            "constant from 10 to 200 rows (tests/dashboard)",
        ),
    ]
    counts = {}
    for key, client, method, path, data, pinned, source in pages:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = getattr(client, method)(path, data)
            elapsed = time.perf_counter() - started
        counts[key] = {
            "status": response.status_code,
            "in_process_ms": elapsed * 1000,
            "queries": len(captured.captured_queries),
            "pinned": pinned,
            "pin_source": source,
            "matches": None if pinned is None else len(captured.captured_queries) == pinned,
        }
    return counts


# --- Statistics against raw SQL ---------------------------------------------------------------


def _median_time(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


RAW_RECOGNISED = """
WITH firsts AS (
    SELECT DISTINCT ON (c.person_id) c.person_id, r.recognised_on,
           c.referral_source, o.region, p.sex, p.citizenship_group
    FROM identification_recognition r
    JOIN cases_case c ON c.id = r.case_id
    JOIN accounts_organisation o ON o.id = c.organisation_id
    JOIN people_person p ON p.id = c.person_id
    WHERE r.recognised_on BETWEEN %(start)s AND %(end)s
    ORDER BY c.person_id, r.recognised_on, r.id
)
SELECT referral_source, region, sex, citizenship_group, {counts}
FROM firsts
GROUP BY GROUPING SETS ((referral_source), (region), (sex), (citizenship_group))
"""


def statistics_against_sql() -> dict[str, Any]:
    """The statistics page and its selectors against the raw SQL aggregate they are built on:
    the recognised persons counted by the database (first recognition of the year per
    person, per coded column and quarter) plus the services and decisions queries exactly as
    the selectors send them. What the raw SQL cannot do is decrypt: the basis, the age group
    and the form of exploitation, which the selectors work out in Python."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from atbalsts.accounts.models import User
    from atbalsts.statistics import selectors
    from atbalsts.statistics.periods import latest_ended
    from tests.accounts.helpers import force_login_verified

    period = latest_ended(timezone.localdate())
    series = period.series()
    with CaptureQueriesContext(connection) as captured:
        selectors.period_counts(period)
    # The services and decisions queries, as sent (the last two of the four).
    tail = [q["sql"] for q in captured.captured_queries[-2:]]
    counts = ", ".join(
        f"count(*) FILTER (WHERE recognised_on <= '{p.end.isoformat()}')" for p in series
    )
    recognised = RAW_RECOGNISED.replace("{counts}", counts)
    bounds = {"start": datetime.date(period.year, 1, 1), "end": series[-1].end}

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(recognised, bounds)
            cursor.fetchall()
            for sql in tail:
                cursor.execute(sql)
                cursor.fetchall()

    client = Client()
    force_login_verified(client, User.objects.get(username="bench.analyst"))
    for warm in (raw, lambda: selectors.period_counts(period), lambda: client.get("/statistics/")):
        warm()
    raw_s = _median_time(raw, 7)
    selectors_s = _median_time(lambda: selectors.period_counts(period), 7)
    page_s = _median_time(lambda: client.get("/statistics/"), 7)
    return {
        "period": f"{period.year} Q{period.quarter}",
        "raw_sql_ms": raw_s * 1000,
        "selectors_ms": selectors_s * 1000,
        "page_ms": page_s * 1000,
        "selectors_ratio": selectors_s / raw_s,
        "page_ratio": page_s / raw_s,
    }


# --- HTCDS export -----------------------------------------------------------------------------


def _htcds_environment(base: str, n: int) -> dict[str, str]:
    # The script's own settings (test mode, its own keys under var/bench/htcds), not the
    # server's: none of the production variables set for the server.
    return {
        **{k: v for k, v in os.environ.items() if k not in BENCH_VARIABLES},
        "DATABASE_URL": f"{base}/atbalsts_bench_htcds_{n}",
        "ATBALSTS_VAR_DIR": str(VAR / "htcds"),
        "DJANGO_SETTINGS_MODULE": "atbalsts.settings",
    }


def _htcds_seeded(base: str, n: int, env: dict[str, str]) -> None:
    name = f"atbalsts_bench_htcds_{n}"
    marker = VAR / "htcds" / f"seeded-{n}"
    if marker.exists() and _database_exists(base, name):
        return
    say(f"  seeding {n:,} cases for the export (once)")
    _recreate_database(base, name)
    script = ROOT / "scripts" / "measure_htcds.py"
    subprocess.run([sys.executable, str(script), "seed", str(n)], env=env, check=True)  # noqa: S603
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def htcds(base: str, sizes: list[int]) -> list[dict[str, Any]]:
    """scripts/measure_htcds.py's own seed and runs, each size in its own database (kept
    between runs: seeding 100,000 cases through it takes minutes) and fresh processes."""
    script = ROOT / "scripts" / "measure_htcds.py"
    results = []
    for n in sizes:
        env = _htcds_environment(base, n)
        _htcds_seeded(base, n, env)
        runs = {}
        for mode in ("timed", "traced"):
            args = [sys.executable, str(script), "run", *(["--trace"] if mode == "traced" else [])]
            out = subprocess.run(args, env=env, check=True, capture_output=True, text=True)  # noqa: S603
            runs[mode] = json.loads(out.stdout.strip().splitlines()[-1])
        timed, traced = runs["timed"], runs["traced"]
        results.append(
            {
                "cases": timed["cases"],
                "rows": timed["rows"],
                "seconds": timed["seconds"],
                "cases_per_s": timed["cases"] / timed["seconds"],
                "tracemalloc_peak_mib": traced["tracemalloc_peak_bytes"] / 2**20,
                "rss_growth_mib": timed["rss_growth_kib"] / 1024,
            }
        )
    return results


# --- Audit chain ------------------------------------------------------------------------------


def audit_chain() -> dict[str, Any]:
    """audit_chain_verdict over the whole trail, against plain hashlib SHA-256 over the same
    bytes (each event's previous hash and canonical JSON), hashed one event at a time."""
    from atbalsts.audit.chain import canonical_bytes
    from atbalsts.audit.selectors import _chain_rows, audit_chain_verdict

    started = time.perf_counter()
    verdict = audit_chain_verdict()
    verify_s = time.perf_counter() - started

    hash_s = 0.0
    batch: list[bytes] = []
    total_bytes = 0

    def flush() -> float:
        began = time.perf_counter()
        for message in batch:
            hashlib.sha256(message).hexdigest()
        spent = time.perf_counter() - began
        batch.clear()
        return spent

    # Where verification's time goes: reading the rows, writing each event's canonical JSON
    # (both Python's, per event) and the hashing itself.
    canonical_s = 0.0
    loop_started = time.perf_counter()
    for row in _chain_rows(5000):
        began = time.perf_counter()
        message = row.prev_hash.encode("ascii") + canonical_bytes(row.fields)
        canonical_s += time.perf_counter() - began
        total_bytes += len(message)
        batch.append(message)
        if len(batch) >= 10_000:
            hash_s += flush()
    hash_s += flush()
    read_s = time.perf_counter() - loop_started - canonical_s - hash_s
    return {
        "read_s": read_s,
        "canonical_s": canonical_s,
        "is_intact": verdict.is_intact,
        "events": verdict.checked,
        "verify_s": verify_s,
        "events_per_s": verdict.checked / verify_s,
        "hashlib_s": hash_s,
        "hashlib_events_per_s": verdict.checked / hash_s if hash_s else 0.0,
        "bytes": total_bytes,
        "ratio": hash_s / verify_s,
    }


# --- Report -----------------------------------------------------------------------------------


def report(results: dict[str, Any]) -> str:
    pages = results["pages"]
    bare = pages["bare"]["requests_per_s"] if "bare" in pages else float("nan")
    # The signed-in pages also against the bare view with a session: what the page itself
    # costs beyond loading the session, the user and the second factor.
    signed = pages["bare_signed_in"]["requests_per_s"] if "bare_signed_in" in pages else bare
    counts = results.get("queries", {})
    heading = (
        f"Atbalsts at scale {results['scale']} ({results['dataset']}); "
        f"gunicorn {WORKERS} sync workers, wrk {results['connections']} connections, "
        f"{results['duration_s']} s per page"
    )
    columns = (
        f"{'page':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'x bare':>7} "
        f"{'x signed':>8} {'queries':>8} {'pinned':>7}  note"
    )
    lines = [heading, "", columns]
    for key, page in pages.items():
        count = counts.get(key, {})
        note = []
        if page["unexpected_statuses"]:
            note.append(f"{page['unexpected_statuses']} unexpected statuses {page['statuses']}")
        if page["socket_errors"]:
            note.append(f"errors {page['socket_errors']}")
        target = TARGETS.get(key)
        if target is not None:
            ratio = page["requests_per_s"] / bare
            note.append(f"target ≥ {target} x bare: {'met' if ratio >= target else 'MISSED'}")
        lines.append(
            f"{page['name']:<30} {page['requests_per_s']:>8.1f} {page['p50_ms']:>8.1f} "
            f"{page['p95_ms']:>8.1f} {page['requests_per_s'] / bare:>7.3f} "
            f"{page['requests_per_s'] / signed:>8.3f} {count.get('queries', ''):>8} "
            f"{count.get('pinned') or '-':>7}  {'; '.join(note)}"
        )
    for key, error in results["errors"].items():
        lines.append(f"{key:<30} FAILED: {error}")
    if counts:
        single = ", ".join(
            f"{key} {count['in_process_ms']:.0f} ms ({count['queries']} queries)"
            for key, count in counts.items()
        )
        lines += ["", f"one request in process, no load: {single}"]
    stats = results.get("statistics")
    if stats:
        lines += [
            "",
            f"statistics ({stats['period']}): raw SQL {stats['raw_sql_ms']:.1f} ms, "
            f"selectors {stats['selectors_ms']:.1f} ms ({stats['selectors_ratio']:.2f} x), "
            f"page {stats['page_ms']:.1f} ms ({stats['page_ratio']:.2f} x); target ≤ 1.5 x: "
            + ("met" if stats["page_ratio"] <= 1.5 else "MISSED"),
        ]
    export = results.get("htcds")
    if export:
        lines.append("")
        for run in export:
            lines.append(
                f"HTCDS export {run['cases']:>7,} cases: {run['cases_per_s']:>7.0f} cases/s, "
                f"tracemalloc peak {run['tracemalloc_peak_mib']:.2f} MiB, "
                f"RSS growth {run['rss_growth_mib']:.1f} MiB"
            )
        if len(export) >= 2:
            growth = export[-1]["tracemalloc_peak_mib"] / export[0]["tracemalloc_peak_mib"] - 1
            lines.append(
                f"  peak memory {export[-1]['cases']:,} vs {export[0]['cases']:,} cases: "
                f"{growth * 100:+.1f} %; target within 10 %: "
                + ("met" if abs(growth) <= 0.10 else "MISSED")
            )
    chain = results.get("audit_chain")
    if chain:
        lines += [
            "",
            f"audit chain: {chain['events']:,} events "
            f"({'intact' if chain['is_intact'] else 'BROKEN'}), verified at "
            f"{chain['events_per_s']:,.0f} events/s; plain SHA-256 over the same "
            f"{chain['bytes'] / 2**20:.0f} MiB at {chain['hashlib_events_per_s']:,.0f} events/s: "
            f"{chain['ratio']:.3f} x; target ≥ 0.3 x: "
            + ("met" if chain["ratio"] >= 0.3 else "MISSED"),
        ]
        if "read_s" in chain:
            lines.append(
                f"  of which reading the rows {chain['read_s']:.1f} s, canonical JSON "
                f"{chain['canonical_s']:.1f} s, hashing {chain['hashlib_s']:.1f} s"
            )
    return "\n".join(lines)


TARGETS = {"case_detail": 0.25, "case_list": 0.25}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100,000 cases")
    parser.add_argument("--reseed", action="store_true", help="seed again even if seeded")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--export-sizes",
        type=int,
        nargs="*",
        default=[10_000, 100_000],
        help="HTCDS export sizes (none to skip)",
    )
    parser.add_argument("--skip-chain", action="store_true", help="skip the audit chain")
    parser.add_argument(
        "--seed-only",
        action="store_true",
        help="seed the data (and the export's databases) now and measure in a later run",
    )
    return parser.parse_args()


def main() -> None:
    args = _arguments()

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: bash scripts/install_bench_deps.sh")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    VAR.mkdir(parents=True, exist_ok=True)
    base = _postgres_base()
    env = _environment(base)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    marker = ensure_seeded(base, args.scale, reseed=args.reseed)
    # Data seeded by an earlier version of the product gets this version's schema (indexes).
    call_command("migrate", verbosity=0)
    if args.seed_only:
        for n in args.export_sizes:
            _htcds_seeded(base, n, _htcds_environment(base, n))
        say("Seeded; run again without --seed-only to measure.")
        return
    call_command("collectstatic", "--noinput", verbosity=0)
    results: dict[str, Any] = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "dataset": ", ".join(f"{k} {v:,}" for k, v in marker["counts"].items()),
        "seed_seconds": marker["seconds"],
        "mode": "production (DEBUG off), plain HTTP on 127.0.0.1",
        "workers": WORKERS,
        "connections": args.connections,
        "duration_s": args.duration,
        "pages": {},
        "errors": {},
    }
    with gunicorn(env) as url:
        say(f"Serving on {url}; signing in")
        sessions = {name: sign_in(url, name, login) for name, login in marker["logins"].items()}
        for target in page_targets(sessions):
            say(f"  load: {target['name']}")
            try:
                page = drive(url, target, duration=args.duration, connections=args.connections)
            except (RuntimeError, subprocess.CalledProcessError) as error:
                # One page failing (a shared database restarted under it) spoils no other.
                say(f"    failed: {error}")
                results["errors"][target["key"]] = str(error)
                continue
            results["pages"][target["key"]] = {"name": target["name"], **page}
    steps: list[tuple[str, str, Callable[[], object]]] = [
        ("Queries per page", "queries", query_counts),
        ("Statistics against raw SQL", "statistics", statistics_against_sql),
    ]
    if args.export_sizes:
        steps.append(("HTCDS export", "htcds", lambda: htcds(base, args.export_sizes)))
    if not args.skip_chain:
        steps.append(("Audit chain", "audit_chain", audit_chain))
    for title, key, step in steps:
        say(title)
        try:
            results[key] = step()
        except Exception as error:  # noqa: BLE001 -- reported in the table; the rest still runs
            say(f"    failed: {error!r}")
            results["errors"][key] = repr(error)
    table = report(results)
    results["table"] = table
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    say("")
    say(table)
    say(f"\nWritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
