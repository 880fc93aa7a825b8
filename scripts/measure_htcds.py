"""Throughput and peak memory of the HTCDS research export (atbalsts/exports/htcds.py).

Not a test: it seeds N synthetic recognised victims into a throwaway database and runs the
producer, for each N, in fresh processes so that one run's memory does not colour the next:

    .venv/bin/python scripts/measure_htcds.py                      # SQLite, N = 10k and 100k
    .venv/bin/python scripts/measure_htcds.py --sizes 1000 10000
    .venv/bin/python scripts/measure_htcds.py --sizes 3000 --profile realistic
    DATABASE_URL=$(bash scripts/ensure_postgres.sh) .venv/bin/python scripts/measure_htcds.py

It reports cases per second (the two passes, rows written to a CSV writer that discards
them), the tracemalloc peak during the run (a second run: tracing slows Python down) and
the growth of the process's maximum resident set size over the run. The memory must stay
flat: roughly the same at 10k and 100k cases. It also reports what the protection cost
(rows suppressed, the level of each quasi-identifier, the share keeping an age band and a
type of exploitation).

Profiles: ``uniform`` (the default) spreads ages, forms and years evenly over twelve years;
``realistic`` is what Latvia sees: 60 people recognised a year for ten years (``--sizes``
is then ignored), ages clustered between 18 and 35, most exploitation sexual or labour.

The rows are consistent with what the services write (encrypted fields go through the
fields' pre_save in bulk_create, like a save), but are made with bulk_create: seeding 100k
cases through the services, each with its audit event, would take hours.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BATCH = 2000


def _setup(database_url: str, var_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["ATBALSTS_MODE"] = "test"
    os.environ["ATBALSTS_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
    import django

    django.setup()


REALISTIC_PER_YEAR = 60
REALISTIC_YEARS = range(2016, 2026)


def seed(n: int, *, realistic: bool = False) -> None:
    from django.core.management import call_command

    from atbalsts.accounts.models import Organisation, OrganisationType, Role, User
    from atbalsts.cases.models import Case, CaseStatus, ClosureReason
    from atbalsts.courses.models import Course, Delivery, ServiceLine
    from atbalsts.exports.models import ExportGrant
    from atbalsts.identification.models import IdentificationBasis, Recognition
    from atbalsts.people.models import CitizenshipGroup, Person, Sex
    from atbalsts.rules import catalogue
    from atbalsts.screening.models import Screening, ScreeningStatus

    call_command("migrate", verbosity=0)
    rnd = random.Random(20261129)  # noqa: S311 -- synthetic data, not cryptography
    provider = Organisation.objects.create(
        code="provider", name="Provider", type=OrganisationType.SERVICE_PROVIDER
    )
    ministry = Organisation.objects.create(
        code="ministry", name="Ministry", type=OrganisationType.MINISTRY
    )
    manager = User.objects.create(
        username="manager", role=Role.PROVIDER_CASE_MANAGER, organisation=provider
    )
    analyst = User.objects.create(
        username="analyst", role=Role.MINISTRY_ANALYST, organisation=ministry
    )
    ExportGrant.objects.create(user=analyst, kind="htcds", granted_by=manager)

    sexes = [Sex.FEMALE] * 6 + [Sex.MALE] * 3 + [Sex.UNKNOWN]
    groups = [CitizenshipGroup.LATVIA] * 7 + [
        CitizenshipGroup.OTHER_EU,
        CitizenshipGroup.THIRD_COUNTRY,
        CitizenshipGroup.UNKNOWN,
    ]
    bases = list(IdentificationBasis.values)
    forms, means, acts = (
        list(catalogue.EXPLOITATION_FORMS),
        list(catalogue.LEGAL_MEANS),
        list(catalogue.LEGAL_ACTS),
    )
    indicators = list(catalogue.INDICATORS)
    services = [
        (ServiceLine.COURSE, "accommodation", ""),
        (ServiceLine.COURSE, "consultation", "psychologist"),
        (ServiceLine.COURSE, "transport", ""),
        (ServiceLine.CRIMINAL_PROCESS_SUPPORT, "lawyer_consultation", ""),
    ]
    if realistic:
        n = REALISTIC_PER_YEAR * len(REALISTIC_YEARS)

    def opened_on(i: int) -> datetime.date:
        if realistic:
            year = REALISTIC_YEARS[i // REALISTIC_PER_YEAR]
            return datetime.date(year, 1, 1) + datetime.timedelta(days=rnd.randrange(365))
        return datetime.date(2014, 1, 1) + datetime.timedelta(days=rnd.randrange(12 * 365))

    def age_days() -> int:
        if realistic:
            years = min(64, max(15, round(rnd.gauss(26, 5))))
            return years * 365 + rnd.randrange(365)
        return rnd.randrange(14 * 365, 65 * 365)

    def purposes() -> list[str]:
        if not realistic:
            return rnd.sample(forms, rnd.randint(1, 2))
        draw = rnd.random()
        if draw < 0.45:
            return ["sexual"]
        if draw < 0.85:
            return ["forced_labour"]
        return [rnd.choice(forms)]

    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        opened = [opened_on(start + i) for i in range(size)]
        people = Person.objects.bulk_create(
            [
                Person(
                    first_name=f"CANARY-NAME-{start + i}",
                    personal_code=f"CANARY-PC-{start + i}",
                    birth_date=opened[i] - datetime.timedelta(days=age_days())
                    if rnd.random() < 0.9
                    else None,
                    sex=rnd.choice(sexes),
                    citizenship_group=rnd.choice(groups),
                    registered_by=provider,
                    created_by=manager,
                )
                for i in range(size)
            ]
        )
        cases = Case.objects.bulk_create(
            [
                Case(
                    person=person,
                    organisation=provider,
                    created_by=manager,
                    opened_on=opened[i],
                    notes=f"CANARY-NOTES-{start + i}",
                    **(
                        {
                            "status": CaseStatus.CLOSED,
                            "closed_on": opened[i] + datetime.timedelta(days=200),
                            "closure_reason": ClosureReason.GOALS_REACHED,
                        }
                        if rnd.random() < 0.5
                        else {}
                    ),
                )
                for i, person in enumerate(people)
            ]
        )
        Recognition.objects.bulk_create(
            [
                Recognition(
                    case=case,
                    basis=rnd.choice(bases),
                    recognised_on=case.opened_on + datetime.timedelta(days=30),
                    recorded_by=manager,
                )
                for case in cases
            ]
        )
        Screening.objects.bulk_create(
            [
                Screening(
                    case=case,
                    status=ScreeningStatus.COMPLETED,
                    assessed_on=case.opened_on,
                    age_entered=rnd.randrange(14, 65),
                    purposes=purposes(),
                    means=rnd.sample(means, rnd.randint(0, 2)),
                    acts=rnd.sample(acts, rnd.randint(1, 3)),
                    indicators=rnd.sample(indicators, rnd.randint(0, 4)),
                    created_by=manager,
                )
                for case in cases
                if rnd.random() < 0.9
            ]
        )
        courses = Course.objects.bulk_create(
            [
                Course(case=case, start_date=case.opened_on, created_by=manager)
                for case in cases
                if rnd.random() < 0.6
            ]
        )
        Delivery.objects.bulk_create(
            [
                Delivery(
                    course=course,
                    service=service,
                    kind=kind,
                    specialist=specialist,
                    quantity=Decimal("1.00"),
                    delivered_on=course.start_date,
                    recorded_by=manager,
                )
                for course in courses
                for service, kind, specialist in rnd.sample(services, 2)
            ]
        )


def _birth_date(rnd: random.Random, opened_on: datetime.date) -> datetime.date | None:
    """Aged 14 to 65 when the case opened; one in ten without a birth date (anonymous)."""
    if rnd.random() < 0.1:
        return None
    return opened_on - datetime.timedelta(days=rnd.randrange(14 * 365, 65 * 365))


class _Discard:
    def write(self, text: str) -> int:
        return len(text)


def run(*, trace: bool) -> dict[str, Any]:
    from django.db import connection

    from atbalsts.accounts.models import User
    from atbalsts.exports.htcds import HEADER, QUASI_IDENTIFIERS, htcds_rows

    analyst = User.objects.get(username="analyst")
    last: list[int | None] = [0, 0]

    def progress(done: int, total: int | None) -> None:
        last[:] = [done, total]

    # Warm up what every run pays once (the keyring, the first query) before measuring.
    list(User.objects.values_list("pk")[:1])
    writer = csv.writer(_Discard())
    writer.writerow(HEADER)
    if trace:
        tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    rows = 0
    produced = htcds_rows(actor=analyst, progress=progress)
    # Every column an outsider can know (docs/htcds-mapping.md): the classes over them all.
    known = [HEADER.index(name) for name in QUASI_IDENTIFIERS]
    classes: Counter[tuple[str, ...]] = Counter()
    for row in produced:
        writer.writerow(row)
        classes[tuple(row[i] for i in known)] += 1
        rows += 1
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    from atbalsts.exports.htcds import recognised_people

    return {
        "vendor": connection.vendor,
        "cases": recognised_people(),
        "rows": rows,
        "seconds": elapsed,
        "rss_growth_kib": rss_after - rss_before,
        "rss_kib": rss_after,
        "tracemalloc_peak_bytes": peak,
        "progress": last,
        "cost": produced.summary(),
        "smallest_class": min(classes.values(), default=0),
        "rows_in_classes_below_11": sum(n for n in classes.values() if n < 11),
    }


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _child(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 -- this script with fixed arguments
        [sys.executable, __file__, *args], env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def _postgres_database(url: str, name: str, *, create: bool) -> str:
    import psycopg

    base, _, _old = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--profile", choices=["uniform", "realistic"], default="uniform")
    args = parser.parse_args()
    if args.profile == "realistic":
        args.sizes = [REALISTIC_PER_YEAR * len(REALISTIC_YEARS)]
    postgres_url = os.environ.get("DATABASE_URL", "")
    _say("cases    rows     seconds  cases/s  tracemalloc peak  max RSS growth  (database)")
    with tempfile.TemporaryDirectory(prefix="htcds-measure-") as scratch:
        env = {**os.environ, "ATBALSTS_VAR_DIR": scratch}
        for n in args.sizes:
            if postgres_url.startswith("postgres"):
                name = f"htcds_measure_{os.getpid()}_{n}"
                env["DATABASE_URL"] = _postgres_database(postgres_url, name, create=True)
            else:
                env["DATABASE_URL"] = f"sqlite:///{scratch}/htcds-{n}.sqlite3"
            seeded = time.perf_counter()
            _child(["seed", str(n), args.profile], env)
            seeded = time.perf_counter() - seeded
            timed = json.loads(_child(["run"], env))
            traced = json.loads(_child(["run", "--trace"], env))
            _say(
                f"{timed['cases']:<8} {timed['rows']:<8} {timed['seconds']:<8.2f} "
                f"{timed['cases'] / timed['seconds']:<8.0f} "
                f"{traced['tracemalloc_peak_bytes'] / 2**20:>10.2f} MiB   "
                f"{timed['rss_growth_kib'] / 1024:>8.2f} MiB     "
                f"({timed['vendor']}; seeded in {seeded:.0f} s; "
                f"progress {timed['progress'][0]}/{timed['progress'][1]})"
            )
            _say(f"cost: {json.dumps(timed['cost'])}")
            _say(
                f"smallest class over the known columns: {timed['smallest_class']}; "
                f"rows in classes below 11: {timed['rows_in_classes_below_11']}"
            )
            if postgres_url.startswith("postgres"):
                _postgres_database(postgres_url, name, create=False)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"seed", "run"}:
        _setup(os.environ["DATABASE_URL"], os.environ["ATBALSTS_VAR_DIR"])
        if sys.argv[1] == "seed":
            seed(int(sys.argv[2]), realistic=sys.argv[3:4] == ["realistic"])
        else:
            _say(json.dumps(run(trace="--trace" in sys.argv)))
    else:
        main()
