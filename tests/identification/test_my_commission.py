"""A commission as its member sees it (seed "Speciālistu komisijas darbs"): the meeting, the
composition, the case by its code, the documents a member may see and the opinion as
recorded; never the person's name (docs/security.md DP-5, AZ-3)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atbalsts.attachments.models import AttachmentKind
from atbalsts.audit.models import AuditEvent
from atbalsts.identification import texts
from atbalsts.identification.models import Commission, CommissionRole, InterviewMode
from atbalsts.identification.services import commission_convene, commission_decide
from atbalsts.rules.catalogue import label
from tests.attachments.conftest import attach
from tests.attachments.files import pdf_with_author
from tests.core.helpers import signed_in_client
from tests.core.pages import in_latvian, visible_text
from tests.people.conftest import CANARIES, assert_no_canary, client_of
from tests.people.factories import make_case, make_person

__all__ = ["client_of"]

pytestmark = pytest.mark.django_db
LIST = reverse("identification:my_commissions")


@pytest.fixture(autouse=True)
def attachments_dir(settings: LazySettings, tmp_path: Path) -> Path:
    settings.ATTACHMENTS_DIR = tmp_path / "attachments"
    return Path(settings.ATTACHMENTS_DIR)


@pytest.fixture
def commission(personas: dict[str, Any], specialists: dict[str, Any]) -> Commission:
    provider = personas["provider_case_manager"]
    case = make_case(person=make_person(created_by=provider, **CANARIES), created_by=provider)
    return commission_convene(
        actor=provider,
        case=case,
        # A meeting still to come, whatever the day the suite runs on.
        meeting_on=timezone.localdate() + datetime.timedelta(days=6),
        interview_mode="remote",
        is_person_abroad=True,
        members=[
            (specialists["social_worker"], "social_worker"),
            (specialists["psychologist"], "psychologist"),
            (specialists["lawyer"], "lawyer"),
            (personas["police_member"], "other"),
        ],
    )


def _page_from_the_list(client: Any, commission: Commission) -> Any:
    """The page the member's list links to for ``commission``, as a click opens it."""
    body = client.get(LIST).content.decode()
    row = next(r for r in body.split("<tr>") if commission.case.code in r)
    href = re.search(rf'href="([^"]+)"><span class="code">{commission.case.code}<', row)
    assert href is not None
    return client.get(href.group(1))


def test_the_police_official_sees_the_meeting_the_composition_and_the_documents(
    client_of: Any, personas: dict[str, Any], specialists: dict[str, Any], commission: Commission
) -> None:
    provider = personas["provider_case_manager"]
    decision = attach(
        actor=provider,
        case=commission.case,
        data=pdf_with_author(),
        kind=AttachmentKind.CRIMINAL_PROCEEDINGS_DECISION,
    )
    # Any other document may hold anything: a member of the commission does not see it.
    other = attach(actor=provider, case=commission.case, data=pdf_with_author(), kind="other")
    client = client_of("police_member")

    response = _page_from_the_list(client, commission)

    assert response.status_code == 200
    text = visible_text(response)
    assert commission.meeting_on.strftime("%d.%m.%Y") in text
    assert in_latvian(InterviewMode.REMOTE.label) in text
    assert commission.case.code in text
    for role, member in (
        (CommissionRole.SOCIAL_WORKER, specialists["social_worker"]),
        (CommissionRole.PSYCHOLOGIST, specialists["psychologist"]),
        (CommissionRole.LAWYER, specialists["lawyer"]),
        (CommissionRole.POLICE_OFFICIAL, personas["police_member"]),
    ):
        assert f"{in_latvian(role.label)} {member.full_name}" in text
    assert f"{personas['police_member'].full_name} (jūs)" in text
    assert in_latvian("Your function on the commission") in text
    body = response.content.decode()
    assert reverse("attachments:download", args=[decision.uuid]) in body
    assert reverse("attachments:download", args=[other.uuid]) not in body
    # The case's code leads to the case page, which shows what the policy lets a member see.
    case_page = reverse("cases:detail", args=[commission.case.uuid])
    assert f'href="{case_page}"' in body
    assert client.get(case_page).status_code == 200
    assert in_latvian(AttachmentKind.CRIMINAL_PROCEEDINGS_DECISION.label) in text
    assert in_latvian(texts.OPINION_NOT_YET) in text
    assert_no_canary(response.content)
    # The look at the page and the download it offers are both in the audit trail.
    assert AuditEvent.objects.filter(
        action="sensitive_read",
        actor=personas["police_member"],
        object_uuid=commission.case.uuid,
        payload__view="commission_member",
    ).exists()
    assert client.get(reverse("attachments:download", args=[decision.uuid])).status_code == 200
    assert AuditEvent.objects.filter(
        action="attachment_downloaded", actor=personas["police_member"]
    ).exists()


def test_after_the_opinion_the_member_sees_it_as_recorded(
    client_of: Any, personas: dict[str, Any], commission: Commission
) -> None:
    # The commission met yesterday: its opinion is recorded today.
    Commission.objects.filter(pk=commission.pk).update(
        meeting_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    commission.refresh_from_db()
    commission_decide(
        actor=personas["provider_case_manager"],
        commission=commission,
        version=1,
        is_recognised=True,
        criteria=["movement.recruited"],
        justification="Pamatojums",
        protocol_number="P-12",
    )
    response = client_of("police_member").get(
        reverse("identification:my_commission", args=[commission.uuid])
    )
    text = visible_text(response)
    assert in_latvian("Recognised as a victim") in text
    assert "P-12" in text
    assert label("criteria", "movement.recruited", "lv") in text
    assert in_latvian(texts.OPINION_OF_THE_WHOLE) in text


def test_another_member_of_the_commission_gets_the_same_page(
    specialists: dict[str, Any], commission: Commission
) -> None:
    response = signed_in_client(Client(), specialists["psychologist"]).get(
        reverse("identification:my_commission", args=[commission.uuid])
    )
    assert response.status_code == 200
    text = visible_text(response)
    assert f"{specialists['psychologist'].full_name} (jūs)" in text
    assert in_latvian(InterviewMode.REMOTE.label) in text
    body = response.content.decode()
    # No list of commissions for this role: back to the case's recognition page instead.
    assert reverse("identification:overview", args=[commission.case.uuid]) in body
    assert f'href="{LIST}"' not in body


@pytest.mark.parametrize(
    "persona", ["provider_head", "social_worker_a", "agency_coordinator", "ministry_analyst"]
)
def test_whoever_does_not_sit_on_it_gets_404_and_no_canary(
    client_of: Any, commission: Commission, persona: str
) -> None:
    response = client_of(persona).get(
        reverse("identification:my_commission", args=[commission.uuid])
    )
    assert response.status_code == 404
    assert_no_canary(response.content)


def test_the_recognition_page_leads_the_member_to_the_commission(
    client_of: Any, commission: Commission
) -> None:
    response = client_of("police_member").get(
        reverse("identification:overview", args=[commission.case.uuid])
    )
    assert reverse("identification:my_commission", args=[commission.uuid]) in (
        response.content.decode()
    )


def test_the_page_query_count_does_not_grow_with_the_documents(
    personas: dict[str, Any], commission: Commission
) -> None:
    client = signed_in_client(Client(), personas["police_member"])
    url = reverse("identification:my_commission", args=[commission.uuid])
    client.get(url)  # past the session's first request
    counts = []
    for _ in range(2):
        for _ in range(3):
            attach(
                actor=personas["provider_case_manager"],
                case=commission.case,
                data=pdf_with_author(),
            )
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
