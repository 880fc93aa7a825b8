"""The HTCDS export against an adversary who knows everything an outsider can learn
(docs/htcds-mapping.md, "Who may try to find a person"): k = 11 over all of it together,
and l-diversity of the methods of control and the services (docs/security.md threat T5)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.exports import archive, htcds, texts
from atbalsts.exports.costs import cost_lines
from atbalsts.exports.models import ExportGrant, ExportJob
from atbalsts.identification.models import IdentificationBasis
from atbalsts.people.models import CitizenshipGroup, Sex
from tests.core.pages import visible_text
from tests.exports.conftest import open_archive
from tests.exports.test_htcds import _export, _recognised
from tests.exports.test_jobs import PASSPHRASE

# What a court report, a news item or a relative tells of a person, whatever the export
# declares: the test states the adversary's knowledge on its own.
KNOWN = (
    "prs_Gender",
    "vic_AgeWhenTrafficked",
    "prs_Citizenship",
    "cas_IncomingReferralDate",
    "vic_TypeOfExploitation",
    "vic_TraffickingStatusDecisionMakingOrg",
    "hte_Type",
)
QI_COLUMNS = [htcds.HEADER.index(name) for name in KNOWN]
SENSITIVE_COLUMNS = [htcds.HEADER.index(name) for name in ("vic_MethodsOfControl", "spl_Type")]
K = 11
L = 2


def _classes(rows: list[list[str]]) -> Counter[tuple[str, ...]]:
    return Counter(tuple(row[i] for i in QI_COLUMNS) for row in rows)


def _assert_protected(rows: list[list[str]]) -> None:
    assert all(count >= K for count in _classes(rows).values())
    values: dict[tuple[tuple[str, ...], int], set[str]] = defaultdict(set)
    for row in rows:
        for column in SENSITIVE_COLUMNS:
            values[tuple(row[i] for i in QI_COLUMNS), column].add(row[column])
    for seen in values.values():
        # Withheld in the whole class, or at least two distinct values.
        assert seen == {"*"} or ("*" not in seen and len(seen) >= L)


@pytest.mark.django_db
def test_the_latvian_woman_of_the_court_report_is_not_found_in_the_export(
    personas: dict[str, User],
) -> None:
    """ "A Latvian woman, recognised by the State Police's proceedings, exploited for a sham
    marriage in 2024": every published combination that fits her holds at least 11 people,
    or she is not published at all."""
    analyst = personas["ministry_analyst"]
    ExportGrant.objects.create(user=analyst, kind="htcds", granted_by=personas["system_admin"])
    manager = personas["provider_case_manager"]
    her: dict[str, Any] = {
        "sex": Sex.FEMALE,
        "citizenship": CitizenshipGroup.LATVIA,
        "opened_on": datetime.date(2024, 3, 4),
        "basis": IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION,
        "birth_date": datetime.date(1995, 5, 5),
        "screening": {"purposes": ["sham_marriage"], "acts": ["recruitment"]},
    }
    _recognised(manager, **her)
    for n in range(24):
        _recognised(
            manager,
            birth_date=datetime.date(1990 + n % 8, 1, 1),
            opened_on=datetime.date(2023 + n % 2, 2, 1),
            basis=IdentificationBasis.COMMISSION_OPINION,
            screening={"purposes": ["sexual"], "acts": ["recruitment"], "means": []},
        )
    for n in range(14):
        _recognised(
            manager,
            sex=Sex.MALE,
            birth_date=datetime.date(1980 + n, 1, 1),
            citizenship=CitizenshipGroup.THIRD_COUNTRY,
            basis=IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION,
            screening={"purposes": ["forced_labour"], "acts": ["transportation"]},
        )

    rows, _calls = _export(analyst)

    known = (
        "Feminine",
        29,  # her age when recognised (RECOGNISED_ON)
        "LV",
        2024,
        "ForcedMarriage",
        "Police",
        "Recruitment",
    )
    hierarchies = {h.name: h for h in htcds.HIERARCHIES}
    fits = [
        {str(h.generalise(value, level)) for level in range(h.top + 1)}
        if (h := hierarchies.get(name))
        else {str(value), "*"}
        for name, value in zip(KNOWN, known, strict=True)
    ]
    hers = {
        key: count
        for key, count in _classes(rows).items()
        if all(value in fit for value, fit in zip(key, fits, strict=True))
    }
    assert all(count >= K for count in hers.values()), hers
    assert rows
    _assert_protected(rows)


VICTIM = st.builds(
    htcds._Victim,
    gender=st.sampled_from(list(htcds.GENDER.values())),
    age=st.one_of(st.none(), st.integers(10, 80)),
    citizenship=st.sampled_from(list(htcds.CITIZENSHIP.values())),
    year=st.integers(2014, 2026),
    decision_org=st.sampled_from(["Police", "NGO"]),
    status=st.sampled_from(["Active", "Closed"]),
    exploitation=st.sets(st.sampled_from(htcds.EXPLOITATION_ORDER), max_size=2),
    control=st.sets(st.sampled_from(htcds.CONTROL_ORDER[:4]), max_size=2),
    events=st.sets(st.sampled_from(htcds.EVENT_ORDER), max_size=2),
    support=st.sets(st.sampled_from(htcds.SUPPORT_ORDER[:3]), max_size=1),
)


@st.composite
def _populations(draw: st.DrawFn) -> list[htcds._Victim]:
    """20 to 5,000 people: a few dozen kinds of person, each repeated (drawing 5,000
    independent people would make every example slow without testing more)."""
    size = draw(st.integers(20, 5000))
    kinds = draw(st.lists(VICTIM, min_size=1, max_size=30))
    shares = draw(st.lists(st.integers(1, 40), min_size=len(kinds), max_size=len(kinds)))
    people = [
        kind
        for kind, share in zip(kinds, shares, strict=True)
        for _ in range(max(1, size * share // sum(shares)))
    ]
    return (people * (size // len(people) + 1))[:size]


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_populations())
def test_no_combination_of_what_an_outsider_knows_matches_fewer_than_11_people(
    people: list[htcds._Victim],
) -> None:
    chosen, rows = htcds.htcds_release(lambda: iter(people))
    published = list(rows)

    assert 20 <= len(people) <= 5000
    _assert_protected(published)
    spent = htcds.release_cost(chosen)
    assert spent.records - spent.suppressed == len(published)


def _research_job(client: Client) -> tuple[ExportJob, str, str]:
    response = client.post(
        reverse("exports:job_request"),
        {"kind": "htcds", "purpose": "Pētījums par ekspluatācijas veidiem Latvijā"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ExportJob.objects.get()
    response = client.get(reverse("exports:job_detail", args=[job.uuid]))
    passphrase = PASSPHRASE.search(response.content.decode())
    assert passphrase is not None
    with open_archive(archive.file_path(job.file_name)) as opened:
        opened.setpassword(passphrase.group(1).encode())
        readme = opened.read("README.txt").decode()
    return job, visible_text(response), readme


@pytest.mark.django_db
def test_the_job_page_and_the_readme_say_what_the_protection_cost(
    personas: dict[str, User], client_of: Any
) -> None:
    analyst = personas["ministry_analyst"]
    ExportGrant.objects.create(user=analyst, kind="htcds", granted_by=personas["system_admin"])
    manager = personas["provider_case_manager"]
    for n in range(24):
        _recognised(
            manager,
            screening={"purposes": ["sexual"], "indicators": ["isolation"] if n % 2 else []},
        )
    _recognised(
        manager,
        sex=Sex.MALE,
        citizenship=CitizenshipGroup.THIRD_COUNTRY,
        opened_on=datetime.date(2019, 1, 1),
        basis=IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION,
        screening={"purposes": ["forced_labour"], "acts": ["transportation"]},
    )

    job, page, readme = _research_job(client_of("ministry_analyst"))

    assert job.summary["suppressed"] == 1
    completed = AuditEvent.objects.get(action="export_completed")
    assert {key: completed.payload[key] for key in ("rows", "suppressed", "age_band")} == {
        "rows": 24,
        "suppressed": 1,
        "age_band": 24,
    }
    with translation.override("en"):
        lines = cost_lines(job.summary)
    assert lines[:2] == [
        (
            "1 of 25 people were left out, so that every combination of what an outsider may know "
            "of a person (sex, age, citizenship, year, type of exploitation, who recognised the "
            "person, stages of trafficking) is shared by at least 11 people."
        ),
        "96.0 % of the people keep an age band and 96.0 % keep a type of exploitation.",
    ]
    assert "Age: age in years" in lines
    assert lines[-1] == (
        "Methods of control are withheld (“*”) for 0 people and services for 24 people, "
        "where everyone in a combination had the same ones."
    )
    with translation.override("lv"):
        latvian = cost_lines(job.summary)
    for line in latvian:
        assert line in page
        assert line in readme
    assert all(line in readme for line in lines)
    assert str(texts.NOT_USEFUL) not in readme
    assert "Atvērt apkopoto statistiku" not in page


@pytest.mark.django_db
def test_an_export_too_small_to_be_useful_says_so_and_points_to_the_statistics(
    personas: dict[str, User], client_of: Any
) -> None:
    analyst = personas["ministry_analyst"]
    ExportGrant.objects.create(user=analyst, kind="htcds", granted_by=personas["system_admin"])
    manager = personas["provider_case_manager"]
    forms = ["sexual", "forced_labour", "sham_marriage", "forced_criminality"]
    for n in range(16):
        _recognised(
            manager,
            birth_date=datetime.date(1950 + 4 * n, 1, 1),
            screening={"purposes": [forms[n % 4]]},
        )

    job, page, readme = _research_job(client_of("ministry_analyst"))

    assert job.summary["is_useful"] is False
    with translation.override("lv"):
        assert str(texts.NOT_USEFUL) in page
        assert str(texts.NOT_USEFUL) in readme
    assert "Atvērt apkopoto statistiku" in page
    with translation.override("en"):
        assert (
            "At this number of people no useful research data can be released: most people "
            "would keep neither an age band nor a type of exploitation. Use the aggregate "
            "statistics instead (Statistics), which protect small numbers cell by cell."
        ) in readme
