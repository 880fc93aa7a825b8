"""Resilience scenarios against gunicorn on 127.0.0.1: load, faults and concurrent saves.

    .venv/bin/python -m resilience.run            # docs/security.md RE-3, RE-5, RE-6
    .venv/bin/python -m resilience.run --quick    # shorter, for development
    .venv/bin/python -m resilience.run --only load conflict

Each scenario prints what it measured and a verdict; the run exits 1 if any failed. They use
a throwaway PostgreSQL database (scripts/ensure_postgres.sh's server; dropped at the end) and
a throwaway SQLite file under var/resilience/. The "restart" scenario restarts the local
PostgreSQL cluster (pg_ctlcluster, as root): other users of that server lose their
connections for a few seconds.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from resilience.harness import (
    ROOT,
    Browser,
    Deadline,
    Load,
    Server,
    Site,
    UnansweredError,
    UnexpectedAnswerError,
    invariants_hold,
    latency_summary,
    log,
    postgres_database,
    postgres_drop,
    register_person,
    run_users,
    say,
    working_day,
)

PG_CLUSTER = ("15", "main")
RECOVERY_LIMIT_SECONDS = 60.0


@dataclass(frozen=True)
class Durations:
    load: float
    restart_run: float
    kill_run: float
    sqlite_run: float
    conflict_rounds: int


# restart_run: how long the users go on after the restart; kill_run: how long the kills go
# on once every writer is signed in.
FULL = Durations(load=300, restart_run=90, kill_run=60, sqlite_run=60, conflict_rounds=20)
QUICK = Durations(load=30, restart_run=70, kill_run=30, sqlite_run=20, conflict_rounds=5)


@dataclass
class Verdict:
    name: str
    passed: bool
    lines: list[str]


def _invariant_lines(found: dict[str, Any]) -> list[str]:
    return [
        (
            f"people {found['people']}, cases {found['cases']}; acknowledged writes "
            f"{found['acknowledged']}, of them missing {found['acknowledged_but_missing']}"
        ),
        (
            f"people without case {found['people_without_case']}, without audit event "
            f"{found['people_without_audit_event']}; cases without audit event "
            f"{found['cases_without_audit_event']}; audit events without person "
            f"{found['audit_events_without_person']}"
        ),
        (
            f"verify_audit_chain: {'ok' if found['audit_chain_ok'] else 'FAILED'} "
            f"({' '.join(found['audit_chain'])})"
        ),
    ]


def _statuses(load: Load) -> str:
    counts = Counter(record.status for record in load.records)
    return ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(counts.items()))


# --- 1. Load ---------------------------------------------------------------------------------


def scenario_load(site: Site, setup: dict[str, Any], durations: Durations) -> Verdict:
    """50 simulated social workers for the duration: zero errors."""
    users = setup["users"][:50]
    server = Server(site)
    load = Load()
    until = Deadline(600)  # the duration counts from when every user is signed in

    def start_clock() -> None:
        load.wait_signed_in(len(users))
        until.extend_from_now(durations.load)
        log(f"{load.signed_in} users signed in; {durations.load:.0f} s of work begin")

    threading.Thread(target=start_clock, daemon=True).start()
    try:
        run_users(
            server.base,
            users,
            load,
            lambda browser, rng: working_day(
                browser,
                load,
                setup["register_form"],
                rng,
                think=(1.0, 3.0),
                until=until,
                write_share=0.3,
            ),
            stagger=0.3,
        )
    finally:
        server.stop()
    found = site.check(load.acknowledged)
    errors = [r for r in load.records if r.status not in (200, 302)]
    passed = not load.failures and not errors and invariants_hold(found)
    return Verdict(
        f"load: {len(users)} users for {durations.load:.0f} s",
        passed,
        [
            (
                f"{len(load.records)} requests ({_statuses(load)}), errors {len(errors)}, "
                f"users stopped by an error {len(load.failures)}"
            ),
            f"latency of the pages after sign-in: {latency_summary(load.records)}",
            *load.failures[:5],
            *_invariant_lines(found),
        ],
    )


# --- 2. PostgreSQL restart -------------------------------------------------------------------


def scenario_restart(site: Site, setup: dict[str, Any], durations: Durations) -> Verdict:
    """PostgreSQL restarted under load: 503 with Retry-After for a moment, then success
    within 60 s, with the same gunicorn processes; no half-written case."""
    users = setup["users"][:10]
    server = Server(site)
    workers_before = sorted(server.workers())
    load = Load()
    until = Deadline(600)  # moved once the restart is done
    restart: dict[str, float] = {}

    def keep_going(browser: Browser, rng: random.Random, error: Exception) -> bool:
        # A 503 is the answer promised while the database is away: wait and carry on.
        if isinstance(error, UnexpectedAnswerError) and error.status == 503:
            time.sleep(1)
            return not until.passed()
        return False

    def restart_database() -> None:
        load.wait_signed_in(len(users))
        time.sleep(10)
        restart["issued"] = time.time()
        try:
            subprocess.run(["/usr/bin/pg_ctlcluster", *PG_CLUSTER, "restart"], check=True)  # noqa: S603 -- fixed arguments
        finally:
            restart["done"] = time.time()
            until.extend_from_now(durations.restart_run)
        log(f"PostgreSQL restarted in {restart['done'] - restart['issued']:.1f} s")

    restarter = threading.Thread(target=restart_database, daemon=True)
    restarter.start()
    try:
        run_users(
            server.base,
            users,
            load,
            lambda browser, rng: working_day(
                browser,
                load,
                setup["register_form"],
                rng,
                think=(0.2, 0.6),
                until=until,
                write_share=0.5,
            ),
            stagger=0.2,
            on_unanswered=keep_going,
        )
        restarter.join()
        workers_after = sorted(server.workers())
    finally:
        server.stop()
    found = site.check(load.acknowledged)
    records = sorted(load.records, key=lambda r: r.started)
    unavailable = [r for r in records if r.status == 503]
    wrong = [r for r in records if r.status not in (200, 302, 503)]
    without_retry_after = [r for r in unavailable if not r.retry_after]
    last_failure = max((r.started + r.seconds for r in unavailable), default=restart["issued"])
    recovered = next(
        (
            r.started + r.seconds
            for r in records
            if r.status in (200, 302) and r.started >= last_failure
        ),
        None,
    )
    recovery = None if recovered is None else recovered - restart["issued"]
    passed = (
        not load.failures
        and not wrong
        and not without_retry_after
        and recovery is not None
        and recovery <= RECOVERY_LIMIT_SECONDS
        and workers_before == workers_after
        and invariants_hold(found)
    )
    outage = (
        f"503 from {unavailable[0].started - restart['issued']:+.1f} s to "
        f"{last_failure - restart['issued']:+.1f} s after the restart command"
        if unavailable
        else "no request was in flight while the database was away"
    )
    return Verdict(
        f"restart: PostgreSQL restarted under load of {len(users)} users",
        passed,
        [
            (
                f"{len(records)} requests ({_statuses(load)}); 503 without Retry-After "
                f"{len(without_retry_after)}; other errors {len(wrong)}; users stopped "
                f"{len(load.failures)}"
            ),
            outage,
            "first success after the last 503: "
            + (f"{recovery:.1f} s after the restart command" if recovery is not None else "never"),
            (
                f"gunicorn workers unchanged: {workers_before == workers_after} "
                f"(application not restarted)"
            ),
            *load.failures[:5],
            *_invariant_lines(found),
        ],
    )


# --- 3. A worker killed during writes --------------------------------------------------------


def scenario_kill(site: Site, setup: dict[str, Any], durations: Durations) -> Verdict:
    """gunicorn workers killed with SIGKILL while users write: no partial record, chain
    intact, and every write the server acknowledged is there."""
    users = setup["users"][:12]
    server = Server(site)
    load = Load()
    until = Deadline(600)  # moved once every writer is signed in
    kills: list[int] = []
    cut: list[str] = []

    def keep_going(browser: Browser, rng: random.Random, error: Exception) -> bool:
        # The request the killed worker was answering never gets an answer: expected.
        if isinstance(error, UnansweredError):
            cut.append(str(error))
            return not until.passed()
        return False

    def killer() -> None:
        rng = random.Random(7)  # noqa: S311 -- choosing a victim, not cryptography
        load.wait_signed_in(len(users))
        until.extend_from_now(durations.kill_run)
        time.sleep(5)
        while until.at - time.monotonic() > 5:
            victim = rng.choice(server.workers())
            os.kill(victim, signal.SIGKILL)
            kills.append(victim)
            log(f"SIGKILL to gunicorn worker {victim}")
            time.sleep(6)

    killing = threading.Thread(target=killer, daemon=True)
    killing.start()
    try:
        run_users(
            server.base,
            users,
            load,
            lambda browser, rng: _write_only(browser, load, setup["register_form"], rng, until),
            stagger=0.1,
            on_unanswered=keep_going,
        )
        killing.join()
        # The master replaced every killed worker and the application still answers.
        time.sleep(3)
        replaced = len(server.workers()) == 3
        after = Browser(server.base)
        credentials = setup["users"][20]
        after.sign_in(credentials["username"], credentials["password"], credentials["secret"])
        answers_after = after.request("home", "/").status == 200
    finally:
        server.stop()
    found = site.check(load.acknowledged)
    wrong = [r for r in load.records if r.status not in (0, 200, 302)]
    passed = (
        not load.failures
        and not wrong
        and len(kills) >= 3
        and replaced
        and answers_after
        and invariants_hold(found)
    )
    return Verdict(
        f"kill: {len(kills)} gunicorn workers killed with SIGKILL under {len(users)} writers",
        passed,
        [
            (
                f"{len(load.records)} requests ({_statuses(load)}); cut off by a kill {len(cut)}; "
                f"error answers {len(wrong)}; users stopped {len(load.failures)}"
            ),
            f"workers replaced: {replaced}; application answers afterwards: {answers_after}",
            *load.failures[:5],
            *_invariant_lines(found),
        ],
    )


def _write_only(
    browser: Browser, load: Load, form: dict[str, str], rng: random.Random, until: Deadline
) -> None:
    while not until.passed():
        register_person(browser, load, form, rng)


# --- 4. SQLite with concurrent writers -------------------------------------------------------


def scenario_sqlite(site: Site, setup: dict[str, Any], durations: Durations) -> Verdict:
    """SQLite (embedded mode) with 10 writers for the duration: no "database is locked"."""
    users = setup["users"][:10]
    server = Server(site)
    load = Load()
    until = Deadline(durations.sqlite_run)
    try:
        run_users(
            server.base,
            users,
            load,
            lambda browser, rng: _write_only(browser, load, setup["register_form"], rng, until),
            stagger=0.1,
        )
        locked = server.log_text().count("database is locked")
    finally:
        server.stop()
    found = site.check(load.acknowledged)
    errors = [r for r in load.records if r.status not in (200, 302)]
    passed = not load.failures and not errors and locked == 0 and invariants_hold(found)
    return Verdict(
        f"sqlite: {len(users)} concurrent writers for {durations.sqlite_run:.0f} s",
        passed,
        [
            (
                f"{len(load.records)} requests ({_statuses(load)}), "
                f"{len(load.acknowledged)} people registered "
                f"({len(load.acknowledged) / durations.sqlite_run:.1f}/s); "
                f'"database is locked" in the server log: {locked}; errors {len(errors)}'
            ),
            f"latency of the pages after sign-in: {latency_summary(load.records)}",
            *load.failures[:5],
            *_invariant_lines(found),
        ],
    )


# --- 5. Two users save the same plan ---------------------------------------------------------

_GOALS = re.compile(r'<textarea name="short_term_goals"[^>]*>(.*?)</textarea>', re.DOTALL)
_VERSION = re.compile(r'name="version" value="(\d+)"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def scenario_conflict(site: Site, setup: dict[str, Any], durations: Durations) -> Verdict:
    """Two users save the same plan at the same moment: one saves, the other gets the
    conflict page; never both saved (a silent overwrite)."""
    case_uuid = setup["plan_case"]
    server = Server(site)
    path = f"/courses/{case_uuid}/plan/"
    outcomes: Counter[str] = Counter()
    notes: list[str] = []
    try:
        browsers = []
        for credentials in setup["plan_editors"]:
            browser = Browser(server.base)
            browser.sign_in(credentials["username"], credentials["password"], credentials["secret"])
            browsers.append(browser)
        for number in range(durations.conflict_rounds):
            outcomes[_conflict_round(browsers, path, number, notes)] += 1
    finally:
        server.stop()
    passed = outcomes["one saved, one conflict page"] == durations.conflict_rounds
    return Verdict(
        f"conflict: two users save the same plan at once, {durations.conflict_rounds} rounds",
        passed,
        [
            ", ".join(f"{what}: {n}" for what, n in sorted(outcomes.items())),
            f"silent overwrites: {outcomes['both saved (silent overwrite)']}",
            *notes[:5],
        ],
    )


def _conflict_round(browsers: list[Browser], path: str, number: int, notes: list[str]) -> str:
    forms = []
    for browser in browsers:
        page = browser.page("plan", path)
        csrf, version = _CSRF.search(page.body), _VERSION.search(page.body)
        if csrf is None or version is None:
            notes.append(f"round {number}: the plan page has no form")
            return "no form"
        forms.append((html.unescape(csrf.group(1)), version.group(1)))
    texts = [f"Round {number} goals by editor {i}" for i in range(len(browsers))]
    barrier = threading.Barrier(len(browsers))
    statuses: list[int] = [0] * len(browsers)
    bodies: list[str] = [""] * len(browsers)

    def save(i: int) -> None:
        data = {
            "csrfmiddlewaretoken": forms[i][0],
            "version": forms[i][1],
            "short_term_goals": texts[i],
            "long_term_goals": texts[i],
        }
        barrier.wait()
        answer = browsers[i].request("plan save", path, data)
        statuses[i], bodies[i] = answer.status, answer.body

    savers = [threading.Thread(target=save, args=(i,)) for i in range(len(browsers))]
    for saver in savers:
        saver.start()
    for saver in savers:
        saver.join()
    saved = _GOALS.search(browsers[0].page("plan", path).body)
    stored = html.unescape(saved.group(1)).strip() if saved else ""
    if sorted(statuses) == [302, 409]:
        winner, loser = statuses.index(302), statuses.index(409)
        if stored != texts[winner]:
            notes.append(f"round {number}: the plan holds {stored!r}, not the saved text")
            return "saved text lost"
        if texts[winner] not in html.unescape(bodies[loser]):
            notes.append(f"round {number}: the conflict page does not show the saved version")
            return "conflict page without the saved version"
        return "one saved, one conflict page"
    if statuses == [302, 302]:
        notes.append(f"round {number}: both saved; the plan holds {stored!r}")
        return "both saved (silent overwrite)"
    notes.append(f"round {number}: statuses {statuses}")
    return "unexpected answer"


# --- Running them ----------------------------------------------------------------------------

POSTGRES_SCENARIOS: dict[str, Callable[[Site, dict[str, Any], Durations], Verdict]] = {
    "load": scenario_load,
    "conflict": scenario_conflict,
    "restart": scenario_restart,
    "kill": scenario_kill,
}
ALL = [*POSTGRES_SCENARIOS, "sqlite"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short durations, for development")
    parser.add_argument("--only", nargs="+", choices=ALL, default=ALL)
    args = parser.parse_args()
    durations = QUICK if args.quick else FULL
    run_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    run_dir = ROOT / "var" / "resilience" / run_id
    verdicts: list[Verdict] = []
    started = time.monotonic()
    wanted = [name for name in POSTGRES_SCENARIOS if name in args.only]
    if wanted:
        url = postgres_database(run_id.replace("-", "_"))
        try:
            site = Site(url, run_dir / "postgres")
            log("PostgreSQL: migrating, loading the demo data and 50 bench users")
            setup = site.prepare(users=50, demo=True)
            for name in wanted:
                log(f"scenario {name}")
                verdicts.append(_guarded(name, POSTGRES_SCENARIOS[name], site, setup, durations))
                _print(verdicts[-1])
        finally:
            postgres_drop(url)
    if "sqlite" in args.only:
        site = Site(f"sqlite:///{run_dir / 'sqlite' / 'atbalsts.sqlite3'}", run_dir / "sqlite")
        log("SQLite: migrating and 10 bench users")
        setup = site.prepare(users=10, demo=False)
        log("scenario sqlite")
        verdicts.append(_guarded("sqlite", scenario_sqlite, site, setup, durations))
        _print(verdicts[-1])
    failed = [v.name for v in verdicts if not v.passed]
    say(
        f"\nresilience: {len(verdicts) - len(failed)} of {len(verdicts)} scenarios passed "
        f"in {time.monotonic() - started:.0f} s"
        + (f"; FAILED: {'; '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


def _guarded(
    name: str,
    scenario: Callable[[Site, dict[str, Any], Durations], Verdict],
    site: Site,
    setup: dict[str, Any],
    durations: Durations,
) -> Verdict:
    try:
        return scenario(site, setup, durations)
    except Exception as error:  # noqa: BLE001 -- a scenario that breaks has failed, not crashed
        return Verdict(
            name, False, [f"the scenario itself failed: {type(error).__name__}: {error}"]
        )


def _print(verdict: Verdict) -> None:
    say(f"\n[{'PASS' if verdict.passed else 'FAIL'}] {verdict.name}")
    for line in verdict.lines:
        say(f"    {line}")
    say("")


if __name__ == "__main__":
    raise SystemExit(main())
