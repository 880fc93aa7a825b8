"""A national-scale synthetic dataset for the benchmark, written in bulk.

At scale 1: 100,000 persons with one case each across Latvia's 43 municipalities and 3
providers, their screenings, recognitions, submissions to SIVA and courses, 2,000,000
service deliveries and 1,000,000 audit events that form a valid hash chain.

Every table is written with PostgreSQL ``COPY``. Persons, cases, screenings, recognitions,
submissions and courses are model instances whose column values come from each field's own
``pre_save``, so the encrypted fields and blind indexes are computed exactly as a save would
(atbalsts/core/fields.py). Deliveries and audit events, the two big tables, are written as
plain tuples; each audit event's ``row_hash`` is computed here, in order, with the chain's
own functions (atbalsts/audit/chain.py), starting from the genesis hash.

Nothing here is product code: it writes around the services on purpose (seeding 100,000
cases through them, each with its audit event, would take hours).
"""

from __future__ import annotations

import datetime
import json
import random
import secrets
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Model
from django.utils import timezone

from atbalsts.accounts.models import Organisation, OrganisationType, Role, User
from atbalsts.accounts.services import second_factor_provision
from atbalsts.agency.models import AgencySubmission, SubmissionStatus
from atbalsts.audit.chain import GENESIS_HASH, row_hash, row_seal
from atbalsts.audit.keying import chain_key
from atbalsts.audit.models import CHAIN_COLUMNS, AuditEvent, chain_fields_of
from atbalsts.cases.models import Case, CaseStatus, ClosureReason, ReferralSource
from atbalsts.courses.models import Course, CourseStatus, Delivery, EndReason, ServiceLine
from atbalsts.identification.models import IdentificationBasis, Recognition
from atbalsts.people.models import CitizenshipGroup, Person, Sex
from atbalsts.rules import catalogue
from atbalsts.screening.models import Screening, ScreeningStatus

FULL = {
    "persons": 100_000,
    "deliveries": 2_000_000,
    "audit_events": 1_000_000,
}
# Draft screenings of the bench social worker's organisation that the screening-submit load
# works through, one submit each (a draft's version moves on with every save).
DRAFT_POOL = 6000
FIRST_DAY = datetime.date(2015, 1, 1)

# The 7 state cities and 36 municipalities (since the 2021 reform) and their planning region.
MUNICIPALITIES: tuple[tuple[str, str, float], ...] = (
    ("Rīga", "Rīga", 30.0),
    ("Daugavpils", "Latgale", 6.0),
    ("Liepāja", "Kurzeme", 5.0),
    ("Jelgava", "Zemgale", 4.0),
    ("Jūrmala", "Rīga", 3.0),
    ("Ventspils", "Kurzeme", 2.5),
    ("Rēzekne", "Latgale", 2.0),
    ("Aizkraukles novads", "Zemgale", 1.3),
    ("Alūksnes novads", "Vidzeme", 1.3),
    ("Augšdaugavas novads", "Latgale", 1.3),
    ("Ādažu novads", "Rīga", 1.3),
    ("Balvu novads", "Latgale", 1.3),
    ("Bauskas novads", "Zemgale", 1.3),
    ("Cēsu novads", "Vidzeme", 1.3),
    ("Dienvidkurzemes novads", "Kurzeme", 1.3),
    ("Dobeles novads", "Zemgale", 1.3),
    ("Gulbenes novads", "Vidzeme", 1.3),
    ("Jelgavas novads", "Zemgale", 1.3),
    ("Jēkabpils novads", "Zemgale", 1.3),
    ("Krāslavas novads", "Latgale", 1.3),
    ("Kuldīgas novads", "Kurzeme", 1.3),
    ("Ķekavas novads", "Rīga", 1.3),
    ("Limbažu novads", "Vidzeme", 1.3),
    ("Līvānu novads", "Latgale", 1.3),
    ("Ludzas novads", "Latgale", 1.3),
    ("Madonas novads", "Vidzeme", 1.3),
    ("Mārupes novads", "Rīga", 1.3),
    ("Ogres novads", "Rīga", 1.3),
    ("Olaines novads", "Rīga", 1.3),
    ("Preiļu novads", "Latgale", 1.3),
    ("Rēzeknes novads", "Latgale", 1.3),
    ("Ropažu novads", "Rīga", 1.3),
    ("Salaspils novads", "Rīga", 1.3),
    ("Saldus novads", "Kurzeme", 1.3),
    ("Saulkrastu novads", "Rīga", 1.3),
    ("Siguldas novads", "Rīga", 1.3),
    ("Smiltenes novads", "Vidzeme", 1.3),
    ("Talsu novads", "Kurzeme", 1.3),
    ("Tukuma novads", "Rīga", 1.3),
    ("Valkas novads", "Vidzeme", 1.3),
    ("Valmieras novads", "Vidzeme", 1.3),
    ("Varakļānu novads", "Vidzeme", 1.3),
    ("Ventspils novads", "Kurzeme", 1.3),
)
PROVIDERS: tuple[tuple[str, str, float], ...] = (
    ("Drošais ceļš (bench)", "Rīga", 12.0),
    ("Atbalsta centrs Gaisma (bench)", "Rīga", 10.0),
    ("Latgales atbalsta centrs (bench)", "Latgale", 8.0),
)
PROVIDER_SHARE = 0.30
BENCH_USERS = {
    # username: (role, organisation code)
    "bench.social": (Role.SOCIAL_WORKER, "bench-muni-01"),
    "bench.provider": (Role.PROVIDER_CASE_MANAGER, "bench-provider-1"),
    "bench.analyst": (Role.MINISTRY_ANALYST, "bench-ministry"),
}
FIRST_NAMES = ("Anna", "Līga", "Ilze", "Kristīne", "Jānis", "Andris", "Olga", "Iveta", "Aija")
LAST_NAMES = ("Bērziņa", "Kalniņa", "Ozola", "Liepa", "Krūmiņš", "Vītols", "Ivanova", "Zariņa")


@dataclass(frozen=True)
class Sizes:
    persons: int
    deliveries: int
    audit_events: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        return cls(**{name: max(1, round(count * scale)) for name, count in FULL.items()})

    def as_dict(self) -> dict[str, int]:
        return {"persons": self.persons, "deliveries": self.deliveries, "audit": self.audit_events}


@dataclass
class Seeded:
    sizes: Sizes
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    logins: dict[str, dict[str, str]] = field(default_factory=dict)


def _weighted(
    rnd: random.Random, items: Sequence[Any], weights: Sequence[float], n: int
) -> list[Any]:
    return rnd.choices(items, weights=weights, k=n)


def _bulk(model: type[Model], objects: Sequence[Model]) -> list[Any]:
    """``objects`` written with COPY, each field's value made by its own ``pre_save`` and
    ``get_db_prep_save`` exactly as a save makes it (encryption and blind indexes included).

    The ids come from the table's sequence first, so the instances keep them for the rows
    that point to them. (``bulk_create`` does the same work, but psycopg's client-side
    binding of an INSERT with 100,000 parameters costs more than the rest together.)
    """
    if not objects:
        return []
    meta = model._meta
    pk = meta.pk
    assert pk is not None  # noqa: S101 -- every model here has an id
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objects)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    for obj, new_id in zip(objects, ids, strict=True):
        obj.pk = new_id
    fields = list(meta.concrete_fields)
    # The connection itself, not the thread-local proxy: a million attribute look-ups less.
    database = connections[DEFAULT_DB_ALIAS]

    def rows() -> Iterator[tuple[Any, ...]]:
        for obj in objects:
            yield tuple(
                f.get_db_prep_save(f.pre_save(obj, True), connection=database) for f in fields
            )

    _copy(model, [connection.ops.quote_name(f.column) for f in fields], rows())
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return list(objects)


def _copy(model: type[Model], columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> int:
    """COPY ``rows`` into the model's table; returns how many were written."""
    table = model._meta.db_table
    written = 0
    with connection.cursor() as wrapper:
        raw = wrapper.cursor
        statement = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN'
        with raw.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
    return written


def _timed(seeded: Seeded, name: str, say: Callable[[str], None]) -> Callable[[float], None]:
    def done(started: float) -> None:
        seeded.seconds[name] = time.perf_counter() - started
        say(f"  {name}: {seeded.counts.get(name, 0):,} rows in {seeded.seconds[name]:.1f} s")

    return done


def seed(scale: float, *, say: Callable[[str], None]) -> Seeded:  # noqa: PLR0915 -- one timed step after another
    """Migrate the (empty) database and fill it; returns sizes, timings and the bench logins."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The benchmark dataset is written with COPY: use PostgreSQL.")
    sizes = Sizes.at(scale)
    seeded = Seeded(sizes=sizes)
    rnd = random.Random(20261129)  # noqa: S311 -- synthetic data, not cryptography
    today = timezone.localdate()
    say(
        f"Seeding {sizes.persons:,} persons and cases, {sizes.deliveries:,} deliveries, "
        f"{sizes.audit_events:,} audit events"
    )

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    seeded.seconds["migrate"] = time.perf_counter() - started

    orgs = _organisations()
    staff = _staff(orgs)
    seeded.logins = _bench_users(orgs)
    municipal = [o for o in orgs.values() if o.type == OrganisationType.SOCIAL_SERVICE]
    providers = [o for o in orgs.values() if o.type == OrganisationType.SERVICE_PROVIDER]

    # Persons and their cases: one case each, 70 % in a municipality, 30 % at a provider.
    started = time.perf_counter()
    n = sizes.persons
    holders = _weighted(
        rnd,
        [*municipal, *providers],
        [w * (1 - PROVIDER_SHARE) / sum(m[2] for m in MUNICIPALITIES) for *_x, w in MUNICIPALITIES]
        + [w * PROVIDER_SHARE / sum(p[2] for p in PROVIDERS) for *_x, w in PROVIDERS],
        n,
    )
    span = (today - FIRST_DAY).days
    opened = [FIRST_DAY + datetime.timedelta(days=rnd.randrange(span)) for _ in range(n)]
    sexes, sex_w = [Sex.FEMALE, Sex.MALE, Sex.UNKNOWN], [6, 3, 1]
    groups = list(CitizenshipGroup)
    people = _bulk(
        Person,
        [
            Person(
                first_name=rnd.choice(FIRST_NAMES),
                last_name=rnd.choice(LAST_NAMES),
                personal_code=f"{rnd.randrange(10**5, 10**6)}-{rnd.randrange(10**4, 10**5)}",
                birth_date=opened[i] - datetime.timedelta(days=rnd.randrange(14 * 365, 65 * 365))
                if rnd.random() < 0.9
                else None,
                sex=rnd.choices(sexes, sex_w)[0],
                citizenship_group=rnd.choices(groups, [7, 1, 1, 1])[0],
                registered_by=holders[i],
                created_by=staff[holders[i].pk],
            )
            for i in range(n)
        ],
    )
    seeded.counts["persons"] = len(people)
    _timed(seeded, "persons", say)(started)

    started = time.perf_counter()
    sources = list(ReferralSource)
    cases: list[Case] = []
    for i, person in enumerate(people):
        is_recent = (today - opened[i]).days < 730
        is_closed = not is_recent and rnd.random() < 0.7
        closed_on = (
            opened[i] + datetime.timedelta(days=rnd.randrange(90, 700)) if is_closed else None
        )
        cases.append(
            Case(
                person=person,
                organisation=holders[i],
                created_by=staff[holders[i].pk],
                opened_on=opened[i],
                referral_source=rnd.choice(sources),
                notes="Synthetic notes of the benchmark.",
                status=CaseStatus.CLOSED if is_closed else CaseStatus.OPEN,
                closed_on=min(closed_on, today) if closed_on else None,
                closure_reason=ClosureReason.GOALS_REACHED if is_closed else "",
            )
        )
    cases = _bulk(Case, cases)
    seeded.counts["cases"] = len(cases)
    _timed(seeded, "cases", say)(started)

    started = time.perf_counter()
    seeded.counts["screenings"] = _screenings(rnd, cases, staff, orgs, today)
    _timed(seeded, "screenings", say)(started)

    started = time.perf_counter()
    recognitions = _recognitions(rnd, cases, staff, today)
    seeded.counts["recognitions"] = len(recognitions)
    seeded.counts["submissions"] = _submissions(rnd, recognitions, staff, orgs, today)
    _timed(seeded, "recognitions", say)(started)

    started = time.perf_counter()
    courses = _courses(rnd, cases, staff, today)
    seeded.counts["courses"] = len(courses)
    _timed(seeded, "courses", say)(started)

    started = time.perf_counter()
    seeded.counts["deliveries"] = _deliveries(rnd, courses, staff, sizes.deliveries, today)
    _timed(seeded, "deliveries", say)(started)

    started = time.perf_counter()
    seeded.counts["audit"] = _audit_events(rnd, cases, staff, sizes.audit_events)
    _timed(seeded, "audit", say)(started)

    # The authenticators last: their enrolment events chain onto the seeded trail.
    for username, login in seeded.logins.items():
        login["totp_secret"], _codes = second_factor_provision(
            user=User.objects.get(username=username)
        )

    # What autovacuum does to a database that has been running a while: statistics for the
    # planner and the visibility map that lets an index-only scan skip the table.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seeded.seconds["vacuum_analyze"] = time.perf_counter() - started
    return seeded


def _organisations() -> dict[str, Organisation]:
    rows = [
        Organisation(
            code=f"bench-muni-{i:02d}",
            name=name,
            type=OrganisationType.SOCIAL_SERVICE,
            region=region,
        )
        for i, (name, region, _w) in enumerate(MUNICIPALITIES, start=1)
    ]
    rows += [
        Organisation(
            code=f"bench-provider-{i}",
            name=name,
            type=OrganisationType.SERVICE_PROVIDER,
            region=region,
        )
        for i, (name, region, _w) in enumerate(PROVIDERS, start=1)
    ]
    rows += [
        Organisation(code="bench-siva", name="SIVA (bench)", type=OrganisationType.AGENCY),
        Organisation(
            code="bench-ministry",
            name="Labklājības ministrija (bench)",
            type=OrganisationType.MINISTRY,
        ),
        Organisation(
            code="bench-police", name="Valsts policija (bench)", type=OrganisationType.POLICE
        ),
    ]
    return {o.code: o for o in Organisation.objects.bulk_create(rows)}


STAFF_ROLE = {
    OrganisationType.SOCIAL_SERVICE: Role.SOCIAL_WORKER,
    OrganisationType.SERVICE_PROVIDER: Role.PROVIDER_CASE_MANAGER,
    OrganisationType.AGENCY: Role.AGENCY_COORDINATOR,
    OrganisationType.MINISTRY: Role.MINISTRY_ANALYST,
    OrganisationType.POLICE: Role.COMMISSION_POLICE_MEMBER,
}


def _staff(orgs: dict[str, Organisation]) -> dict[int, User]:
    """One staff member per organisation, who recorded its rows (no password: never signs in)."""
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"staff.{org.code}",
                full_name=f"Staff of {org.name}",
                role=STAFF_ROLE[OrganisationType(org.type)],
                organisation=org,
                password=unusable,
            )
            for org in orgs.values()
        ]
    )
    return {user.organisation_id: user for user in users}


def _bench_users(orgs: dict[str, Organisation]) -> dict[str, dict[str, str]]:
    """The users the load generator signs in as (their authenticators come at the end)."""
    logins: dict[str, dict[str, str]] = {}
    for username, (role, org_code) in BENCH_USERS.items():
        password = secrets.token_urlsafe(18)
        user = User.objects.create_user(
            username,
            password,
            full_name=f"Benchmark {username}",
            role=role,
            organisation=orgs[org_code],
        )
        logins[username] = {"password": password, "totp_secret": "", "role": str(user.role)}
    return logins


def _screenings(
    rnd: random.Random,
    cases: list[Case],
    staff: dict[int, User],
    orgs: dict[str, Organisation],
    today: datetime.date,
) -> int:
    forms = list(catalogue.EXPLOITATION_FORMS)
    means = list(catalogue.LEGAL_MEANS)
    acts = list(catalogue.LEGAL_ACTS)
    indicators = list(catalogue.INDICATORS)
    rows = [
        Screening(
            case=case,
            status=ScreeningStatus.COMPLETED,
            assessed_on=min(case.opened_on + datetime.timedelta(days=rnd.randrange(10)), today),
            age_entered=rnd.randrange(14, 65),
            purposes=rnd.sample(forms, rnd.randint(1, 2)),
            means=rnd.sample(means, rnd.randint(0, 2)),
            acts=rnd.sample(acts, rnd.randint(1, 3)),
            indicators=rnd.sample(indicators, rnd.randint(0, 4)),
            migration_notes="Synthetic interview notes.",
            completed_at=timezone.now(),
            created_by=staff[case.organisation_id],
        )
        for case in cases
        if rnd.random() < 0.8
    ]
    # The draft pool of the bench social worker: on open cases of their municipality.
    home = orgs[BENCH_USERS["bench.social"][1]]
    open_home = [c for c in cases if c.organisation_id == home.pk and c.status == CaseStatus.OPEN]
    bench_social = User.objects.get(username="bench.social")
    rows += [
        Screening(case=open_home[i % len(open_home)], created_by=bench_social, assessed_on=today)
        for i in range(DRAFT_POOL)
    ]
    return len(_bulk(Screening, rows))


def _recognitions(
    rnd: random.Random, cases: list[Case], staff: dict[int, User], today: datetime.date
) -> list[Recognition]:
    provider_ids = set(
        Organisation.objects.filter(type=OrganisationType.SERVICE_PROVIDER).values_list(
            "pk", flat=True
        )
    )
    bases = list(IdentificationBasis)
    rows = []
    for case in cases:
        share = 0.7 if case.organisation_id in provider_ids else 0.03
        if rnd.random() < share:
            rows.append(
                Recognition(
                    case=case,
                    basis=rnd.choice(bases),
                    recognised_on=min(
                        case.opened_on + datetime.timedelta(days=rnd.randrange(20, 60)), today
                    ),
                    recorded_by=staff[case.organisation_id],
                )
            )
    return _bulk(Recognition, rows)


def _submissions(
    rnd: random.Random,
    recognitions: list[Recognition],
    staff: dict[int, User],
    orgs: dict[str, Organisation],
    today: datetime.date,
) -> int:
    agency = orgs["bench-siva"]
    coordinator = staff[agency.pk]
    outcomes = [SubmissionStatus.GRANTED, SubmissionStatus.WAITING_LIST, SubmissionStatus.REFUSED]
    zone = timezone.get_current_timezone()
    rows = []
    for recognition in recognitions:
        if rnd.random() >= 0.6:
            continue
        received = recognition.recognised_on + datetime.timedelta(days=rnd.randrange(1, 4))
        decided = received + datetime.timedelta(days=rnd.randrange(1, 8))
        if decided >= today:
            continue
        rows.append(
            AgencySubmission(
                case=recognition.case,
                agency=agency,
                recognition=recognition,
                status=rnd.choices(outcomes, [7, 2, 1])[0],
                submitted_by=staff[recognition.case.organisation_id],
                submitted_at=datetime.datetime.combine(
                    recognition.recognised_on, datetime.time(10), tzinfo=zone
                ),
                received_on=received,
                decide_by=received + datetime.timedelta(days=5),
                received_by=coordinator,
                decided_by=coordinator,
                decided_at=datetime.datetime.combine(decided, datetime.time(14), tzinfo=zone),
            )
        )
    return len(_bulk(AgencySubmission, rows))


def _courses(
    rnd: random.Random, cases: list[Case], staff: dict[int, User], today: datetime.date
) -> list[Course]:
    provider_ids = set(
        Organisation.objects.filter(type=OrganisationType.SERVICE_PROVIDER).values_list(
            "pk", flat=True
        )
    )
    rows = []
    for case in cases:
        if case.organisation_id not in provider_ids or rnd.random() >= 0.85:
            continue
        start = min(case.opened_on + datetime.timedelta(days=rnd.randrange(5, 30)), today)
        end = start + datetime.timedelta(days=179)
        has_ended = end < today
        rows.append(
            Course(
                case=case,
                start_date=start,
                status=CourseStatus.ENDED if has_ended else CourseStatus.RUNNING,
                end_date=end if has_ended else None,
                end_reason=EndReason.COMPLETED if has_ended else "",
                created_by=staff[case.organisation_id],
            )
        )
    return _bulk(Course, rows)


def _deliveries(
    rnd: random.Random,
    courses: list[Course],
    staff: dict[int, User],
    total: int,
    today: datetime.date,
) -> int:
    if not courses:
        return 0
    kinds = list(catalogue.COURSE_SERVICES.values())
    organisation_of = dict(
        Case.objects.filter(course__isnull=False).values_list("pk", "organisation_id")
    )
    now = timezone.now()
    per_course = total / len(courses)
    columns = (
        "uuid",
        "course_id",
        "service",
        "kind",
        "specialist",
        "quantity",
        "minor_children",
        "delivered_on",
        "recorded_by_id",
        "created_at",
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        written = 0
        for index, course in enumerate(courses):
            # Spread the total evenly, with some courses busier than others.
            target = round((index + 1) * per_course) - written
            days = max(1, min(180, (today - course.start_date).days + 1))
            recorder = staff[organisation_of[course.case_id]].pk
            for _ in range(target):
                kind = rnd.choice(kinds)
                specialist = rnd.choice(kind.specialists) if kind.specialists else ""
                quantity = Decimal(rnd.randint(1, 3)) if kind.unit != "eur" else Decimal("12.50")
                day = course.start_date + datetime.timedelta(days=rnd.randrange(days))
                yield (
                    uuid.uuid4(),
                    course.pk,
                    ServiceLine.COURSE.value,
                    kind.code,
                    specialist,
                    quantity,
                    0,
                    day,
                    recorder,
                    now,
                )
            written += target

    return _copy(Delivery, columns, rows())


AUDIT_ACTIONS: tuple[tuple[str, str, float], ...] = (
    ("sensitive_read", "case", 0.55),
    ("screening_step_saved", "screening", 0.15),
    ("login_success", "user", 0.1),
    ("case_opened", "case", 0.1),
    ("delivery_recorded", "course", 0.1),
)


def _audit_events(rnd: random.Random, cases: list[Case], staff: dict[int, User], total: int) -> int:
    """``total`` events chained onto the current head, in ``seq`` order, spread over the years
    before now (the events the running system appends come after them)."""
    with transaction.atomic():
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "row_hash").first()
    seq, prev = head if head else (0, GENESIS_HASH)
    start = datetime.datetime.combine(FIRST_DAY, datetime.time(8), tzinfo=datetime.UTC)
    end = timezone.now() - datetime.timedelta(minutes=1)
    step = (end - start) / max(total, 1)
    actions = [a[:2] for a in AUDIT_ACTIONS]
    weights = [a[2] for a in AUDIT_ACTIONS]
    columns = CHAIN_COLUMNS
    key = chain_key()

    def rows() -> Iterator[tuple[Any, ...]]:
        nonlocal seq, prev
        for i in range(total):
            seq += 1
            case = cases[rnd.randrange(len(cases))]
            actor = staff[case.organisation_id]
            action, object_type = rnd.choices(actions, weights)[0]
            payload: dict[str, object] = (
                {"view": "case_detail"} if action == "sensitive_read" else {"n": i % 7}
            )
            event_uuid = uuid.uuid4()
            at = start + step * i
            request_id = uuid.uuid4().hex
            ip = f"10.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
            fields = chain_fields_of(
                seq=seq,
                uuid_=event_uuid,
                occurred_at=at,
                actor_id=actor.pk,
                organisation_id=case.organisation_id,
                action=action,
                object_type=object_type,
                object_uuid=case.uuid,
                purpose="",
                request_id=request_id,
                client_ip=ip,
                payload=payload,
            )
            digest = row_hash(prev, fields)
            yield (
                seq,
                event_uuid,
                at,
                actor.pk,
                case.organisation_id,
                action,
                object_type,
                case.uuid,
                "",
                request_id,
                ip,
                json.dumps(payload),
                prev,
                digest,
                row_seal(key, digest),
            )
            prev = digest

    return _copy(AuditEvent, columns, rows())
