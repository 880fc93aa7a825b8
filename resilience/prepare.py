"""The Django side of the resilience scenarios: set-up before a run, invariants after it.

Run in its own process with the scenario's environment (DATABASE_URL, ATBALSTS_VAR_DIR), so
the orchestrator itself never holds a database connection across a restart:

    python -m resilience.prepare setup --users 50 [--demo] OUT.json
    python -m resilience.prepare check ACKNOWLEDGED.json

``setup`` migrates, optionally loads the demo data (for the course plan the conflict scenario
edits) and creates the bench social workers with a password and a confirmed authenticator.
``check`` prints, as JSON, the invariants a half-written or lost write would break.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_PASSWORD = "bench-Kalnciems-7421-pļava"  # noqa: S105 -- throwaway bench database only
BENCH_ORGANISATION = "riga-sd"
PLAN_EDITORS = ("dm.case", "dm.head")
PLAN_ORGANISATION = "drosa-maja"


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
    import django

    django.setup()


def setup(*, users: int, demo: bool) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from atbalsts.accounts.models import Organisation, Role, User
    from atbalsts.accounts.services import second_factor_provision
    from atbalsts.cases.models import ArrivalStage, ContactChannel, ReferralSource
    from atbalsts.courses.models import Course, CourseStatus
    from atbalsts.demo.data import ORGANISATIONS
    from atbalsts.demo.services import demo_data_load

    call_command("migrate", verbosity=0)
    result: dict[str, Any] = {"users": [], "plan_editors": [], "plan_case": None}
    if demo:
        load = demo_data_load()
        result["plan_editors"] = [
            {"username": c.username, "password": c.password, "secret": c.totp_secret}
            for c in load.credentials
            if c.username in PLAN_EDITORS
        ]
        course = (
            Course.objects.filter(
                status=CourseStatus.RUNNING, case__organisation__code=PLAN_ORGANISATION
            )
            .select_related("case")
            .order_by("id")
            .first()
        )
        result["plan_case"] = str(course.case.uuid) if course else None
    spec = next(o for o in ORGANISATIONS if o.code == BENCH_ORGANISATION)
    organisation, _ = Organisation.objects.get_or_create(
        code=spec.code, defaults={"name": spec.name, "type": spec.type.value, "region": spec.region}
    )
    # One slow Argon2 hash shared by every bench user: set-up time goes to the run, not here.
    hashed = make_password(BENCH_PASSWORD)
    for number in range(1, users + 1):
        user, _ = User.objects.update_or_create(
            username=f"bench.{number:03d}",
            defaults={
                "full_name": f"Bench Worker {number}",
                "role": Role.SOCIAL_WORKER.value,
                "organisation": organisation,
                "is_active": True,
                "password": hashed,
            },
        )
        secret, _codes = second_factor_provision(user=user)
        result["users"].append(
            {"username": user.username, "password": BENCH_PASSWORD, "secret": secret}
        )
    result["register_form"] = {
        "first_name": "",
        "last_name": "",
        "sex": "unknown",
        "citizenship_group": "unknown",
        "arrival_stage": ArrivalStage.values[0],
        "contact_channel": ContactChannel.values[0],
        "referral_source": ReferralSource.values[0],
    }
    return result


def check(acknowledged: list[str]) -> dict[str, Any]:
    """Counts of what must be zero after any fault: half-written, orphaned or lost records."""
    from django.db.models import Exists, OuterRef

    from atbalsts.audit.models import AuditEvent
    from atbalsts.cases.models import Case
    from atbalsts.people.models import Person

    def audited(action: str) -> Exists:
        return Exists(
            AuditEvent.objects.filter(action=action, object_uuid=OuterRef("uuid")).values("pk")
        )

    registered = set(
        AuditEvent.objects.filter(action="person_registered").values_list("object_uuid", flat=True)
    )
    people = set(Person.objects.values_list("uuid", flat=True))
    known_cases = {str(u) for u in Case.objects.values_list("uuid", flat=True)}
    return {
        "people": len(people),
        "cases": len(known_cases),
        "people_without_case": Person.objects.filter(cases__isnull=True).count(),
        "people_without_audit_event": Person.objects.exclude(audited("person_registered")).count(),
        # Cases opened here by the bench users (a referral opens the provider's case with
        # another event, in the demo data).
        "cases_without_audit_event": Case.objects.filter(created_by__username__startswith="bench.")
        .exclude(audited("case_opened"))
        .count(),
        "audit_events_without_person": len(registered - people),
        "acknowledged": len(acknowledged),
        "acknowledged_but_missing": len(set(acknowledged) - known_cases),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    set_up = commands.add_parser("setup")
    set_up.add_argument("--users", type=int, default=0)
    set_up.add_argument("--demo", action="store_true")
    set_up.add_argument("out", type=Path)
    checking = commands.add_parser("check")
    checking.add_argument("acknowledged", type=Path)
    args = parser.parse_args()
    _django()
    if args.command == "setup":
        args.out.write_text(json.dumps(setup(users=args.users, demo=args.demo)))
    else:
        sys.stdout.write(json.dumps(check(json.loads(args.acknowledged.read_text()))) + "\n")


if __name__ == "__main__":
    main()
