"""What the scenarios share: a throwaway database, gunicorn on 127.0.0.1, a signed-in browser
made of urllib and a cookie jar, and a load of simulated users that records every request.

No Django here: the orchestrator runs the application only in child processes (gunicorn and
``resilience.prepare``), so nothing in it holds a connection across a database restart.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import html
import http.client
import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "127.0.0.1"
# Generous: a slow answer on a busy machine is a latency to report, not an error.
REQUEST_TIMEOUT = 120.0
TOTP_STEP = 30

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')
_CASE_URL = re.compile(r"/cases/([0-9a-f-]{36})/$")


def say(text: str) -> None:
    """Report to the operator (this is a command-line tool, not the application)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def log(message: str) -> None:
    say(f"  {time.strftime('%H:%M:%S')} {message}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


# --- Databases ------------------------------------------------------------------------------


def postgres_database(run_id: str) -> str:
    """A new, empty PostgreSQL database on 127.0.0.1; its URL."""
    import psycopg

    url = subprocess.run(
        ["/bin/bash", "scripts/ensure_postgres.sh"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    parts = urllib.parse.urlsplit(url)
    name = f"atbalsts_resilience_{run_id}"
    with psycopg.connect(_with_path(parts, "/postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return _with_path(parts, f"/{name}")


def postgres_drop(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(_with_path(parts, "/postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def _with_path(parts: urllib.parse.SplitResult, path: str) -> str:
    return urllib.parse.urlunsplit(parts._replace(path=path))


@dataclass
class Site:
    """One database with its var directory: where the application and the checks run."""

    database_url: str
    var_dir: Path

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "ATBALSTS_MODE": "demo",
            "ATBALSTS_VAR_DIR": str(self.var_dir),
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "atbalsts.settings",
            "PYTHONPATH": str(ROOT),
        }

    def prepare(self, *, users: int, demo: bool) -> dict[str, Any]:
        out = self.var_dir / "setup.json"
        self.var_dir.mkdir(parents=True, exist_ok=True)
        command = [PYTHON, "-m", "resilience.prepare", "setup", "--users", str(users)]
        subprocess.run(  # noqa: S603 -- our own interpreter and module, fixed arguments
            [*command, *(["--demo"] if demo else []), str(out)],
            cwd=ROOT,
            env=self.env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        result: dict[str, Any] = json.loads(out.read_text())
        return result

    def check(self, acknowledged: list[str]) -> dict[str, Any]:
        """The invariants, and whether ``verify_audit_chain`` accepts the chain."""
        path = self.var_dir / "acknowledged.json"
        path.write_text(json.dumps(acknowledged))
        found = subprocess.run(  # noqa: S603 -- our own interpreter and module
            [PYTHON, "-m", "resilience.prepare", "check", str(path)],
            cwd=ROOT,
            env=self.env(),
            check=True,
            capture_output=True,
            text=True,
        )
        result: dict[str, Any] = json.loads(found.stdout)
        chain = subprocess.run(  # noqa: S603 -- our own interpreter and manage.py
            [PYTHON, "manage.py", "verify_audit_chain"],
            check=False,
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
        )
        result["audit_chain"] = (chain.stdout + chain.stderr).strip().splitlines()[-1:]
        result["audit_chain_ok"] = chain.returncode == 0
        return result


def invariants_hold(found: dict[str, Any]) -> bool:
    zero = (
        "people_without_case",
        "people_without_audit_event",
        "cases_without_audit_event",
        "audit_events_without_person",
        "acknowledged_but_missing",
    )
    return bool(found["audit_chain_ok"]) and all(found[name] == 0 for name in zero)


# --- The application ------------------------------------------------------------------------


class Server:
    """gunicorn serving atbalsts.wsgi on 127.0.0.1, as production would (threads, workers)."""

    def __init__(self, site: Site, *, workers: int = 3, threads: int = 4) -> None:
        self.site = site
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.log_path = site.var_dir / f"gunicorn-{self.port}.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 -- the venv's gunicorn, fixed arguments
            [
                GUNICORN,
                "atbalsts.wsgi",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                "90",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=site.env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        # The first answer of each worker is slow (URLs, templates) and more so on a busy machine.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            login = f"{self.base}/login/"
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(login, timeout=60) as response,  # noqa: S310 -- loopback
            ):
                if response.status == 200:
                    return
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer within 180 s; see {self.log_path}")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def log_text(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


# --- A browser ------------------------------------------------------------------------------


def totp(secret: str, *, step: int) -> str:
    """RFC 6238 code of ``secret`` (base32) at ``step``: what the authenticator app shows."""
    compact = "".join(secret.split()).upper()
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Answer:
    status: int
    body: str
    location: str
    retry_after: str


@dataclass
class Record:
    """One request as the user saw it: when, what, how long, and what came back."""

    started: float
    name: str
    seconds: float
    status: int  # 0: no answer (connection refused, reset, timeout)
    error: str = ""
    retry_after: str = ""


class Browser:
    """One signed-in user: a cookie jar and the pages, redirects not followed."""

    def __init__(self, base: str, records: list[Record] | None = None) -> None:
        self.base = base
        self.records = records if records is not None else []
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, name: str, path: str, data: dict[str, str] | None = None) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(f"{self.base}{path}", data=body)  # noqa: S310 -- loopback
        started = time.time()
        clock = time.monotonic()
        try:
            with self._opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                answer = _answer(response.status, response.read(), response.headers)
        except urllib.error.HTTPError as error:
            answer = _answer(error.code, error.read(), error.headers)
        except (OSError, http.client.HTTPException) as error:
            self.records.append(
                Record(started, name, time.monotonic() - clock, 0, type(error).__name__)
            )
            raise UnansweredError(str(error)) from error
        self.records.append(
            Record(
                started,
                name,
                time.monotonic() - clock,
                answer.status,
                retry_after=answer.retry_after,
            )
        )
        return answer

    def page(self, name: str, path: str) -> Answer:
        """GET a page that must answer 200."""
        answer = self.request(name, path)
        if answer.status != 200:
            raise UnexpectedAnswerError(answer.status, f"{name}: {answer.status}")
        return answer

    def form(self, name: str, path: str) -> tuple[Answer, str]:
        page = self.page(name, path)
        found = _CSRF.search(page.body)
        if found is None:
            raise UnexpectedAnswerError(page.status, f"{name}: no form")
        return page, html.unescape(found.group(1))

    def sign_in(self, username: str, password: str, secret: str) -> None:
        _page, token = self.form("login form", "/login/")
        answer = self.request(
            "login",
            "/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        if answer.status != 302 or "/login/verify/" not in answer.location:
            raise UnexpectedAnswerError(answer.status, f"login: {answer.status} {answer.location}")
        _page, token = self.form("code form", answer.location)
        # Each code is accepted once: the next step's code (within the tolerance) if this
        # step's was used by a sign-in a moment ago.
        for step in (time.time() // TOTP_STEP, time.time() // TOTP_STEP + 1):
            code = totp(secret, step=int(step))
            answer = self.request(
                "verify", "/login/verify/", {"csrfmiddlewaretoken": token, "code": code}
            )
            if answer.status == 302:
                return
            found = _CSRF.search(answer.body)
            token = html.unescape(found.group(1)) if found else token
        raise UnexpectedAnswerError(answer.status, f"verify: {answer.status}")


def _answer(status: int, raw: bytes, headers: Any) -> Answer:
    return Answer(
        status=status,
        body=raw.decode("utf-8", errors="replace"),
        location=headers.get("Location", "") or "",
        retry_after=headers.get("Retry-After", "") or "",
    )


class UnansweredError(Exception):
    """The request got no HTTP answer at all."""


class UnexpectedAnswerError(Exception):
    """An answer a working application would not give."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# --- Load -----------------------------------------------------------------------------------


class Deadline:
    """When the simulated users stop; a scenario may move it once it knows (after a fault)."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def extend_from_now(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() >= self.at


@dataclass
class Load:
    """Simulated users, each in a thread, each doing ``work`` in a loop until ``until``."""

    records: list[Record] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    signed_in: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def note_signed_in(self) -> None:
        with self._lock:
            self.signed_in += 1

    def wait_signed_in(self, users: int, *, limit: float = 180) -> None:
        """Until every user is signed in (sign-ins are slow by design: Argon2)."""
        deadline = time.monotonic() + limit
        while self.signed_in < users and time.monotonic() < deadline:
            time.sleep(0.5)

    def note_case(self, case_uuid: str) -> None:
        with self._lock:
            self.acknowledged.append(case_uuid)

    def note_failure(self, what: str) -> None:
        with self._lock:
            self.failures.append(what)


def register_person(browser: Browser, load: Load, form: dict[str, str], rng: random.Random) -> str:
    """Register a person through the page; the new case's UUID when the server said so."""
    _page, token = browser.form("register form", "/people/new/")
    data = {
        **form,
        "first_name": f"Bench{rng.randrange(10**9)}",
        "last_name": f"Person{rng.randrange(10**9)}",
        "csrfmiddlewaretoken": token,
    }
    answer = browser.request("register", "/people/new/", data)
    found = _CASE_URL.search(answer.location) if answer.status == 302 else None
    if found is None:
        raise UnexpectedAnswerError(answer.status, f"register: {answer.status} {answer.location}")
    load.note_case(found.group(1))
    return found.group(1)


def working_day(
    browser: Browser,
    load: Load,
    form: dict[str, str],
    rng: random.Random,
    *,
    think: tuple[float, float],
    until: Deadline,
    write_share: float,
) -> None:
    """A social worker's loop: start page, case list, now and then a new person and the case."""
    while not until.passed():
        browser.page("home", "/")
        _pause(rng, think)
        browser.page("case list", "/cases/")
        _pause(rng, think)
        if rng.random() < write_share:
            case_uuid = register_person(browser, load, form, rng)
            browser.page("case", f"/cases/{case_uuid}/")
            _pause(rng, think)


def _pause(rng: random.Random, think: tuple[float, float]) -> None:
    if think[1] > 0:
        time.sleep(rng.uniform(*think))


def run_users(
    base: str,
    users: list[dict[str, str]],
    load: Load,
    body: Callable[[Browser, random.Random], None],
    *,
    stagger: float,
    on_unanswered: Callable[[Browser, random.Random, Exception], bool] | None = None,
) -> None:
    """Sign each user in (``stagger`` seconds apart) and run ``body``; join them all.

    An exception ends that user's run and counts as a failure, unless ``on_unanswered`` says
    the exception was expected (it then runs ``body`` again).
    """

    def user(number: int, credentials: dict[str, str]) -> None:
        rng = random.Random(number)  # noqa: S311 -- synthetic load, not cryptography
        time.sleep(number * stagger)
        browser = Browser(base, records=[])
        signed_in = False
        try:
            while True:
                try:
                    if not signed_in:
                        browser.sign_in(
                            credentials["username"], credentials["password"], credentials["secret"]
                        )
                        signed_in = True
                        load.note_signed_in()
                    body(browser, rng)
                    return
                except (UnansweredError, UnexpectedAnswerError) as error:
                    if on_unanswered is None or not on_unanswered(browser, rng, error):
                        raise
        except Exception as error:  # noqa: BLE001 -- every failure is reported, whatever it was
            load.note_failure(f"{credentials['username']}: {type(error).__name__}: {error}")
        finally:
            with load._lock:
                load.records.extend(browser.records)

    threads = [
        threading.Thread(target=user, args=(number, credentials), daemon=True)
        for number, credentials in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


SIGN_IN = frozenset({"login form", "login", "code form", "verify"})


def latency_summary(records: list[Record]) -> str:
    """Latency of the work, apart from the sign-ins (Argon2 makes those slow by design)."""
    seconds = sorted(r.seconds for r in records if r.status and r.name not in SIGN_IN)
    if not seconds:
        return "no answers"
    p95 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.95))]
    return (
        f"median {statistics.median(seconds) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {seconds[-1] * 1000:.0f} ms"
    )


@contextlib.contextmanager
def timed(label: str) -> Iterator[None]:
    started = time.monotonic()
    yield
    log(f"{label} in {time.monotonic() - started:.0f} s")
