"""The consent, referral and emergency pages: outcomes, messages, 404s and query counts."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from time_machine import TimeMachineFixture

from atbalsts.access.policy import Action
from atbalsts.accounts.models import Organisation, Role, User
from atbalsts.accounts.stepup import REAUTHENTICATED_AT_KEY
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.access import case_for
from atbalsts.cases.models import Case
from atbalsts.consent import texts
from atbalsts.consent.models import (
    Consent,
    ConsentPurpose,
    ConsentWithdrawal,
    EmergencyAccess,
    Referral,
    ReferralStatus,
)
from atbalsts.consent.services import consent_record, referral_send
from atbalsts.notifications.models import Notification, NotificationKind
from tests.accounts.helpers import force_login_verified
from tests.consent.conftest import CANARY_NAME, CANARY_PHONE, GIVEN_ON, make_case, make_person
from tests.core.helpers import signed_in_client
from tests.core.pages import middleware_query_count, tags, visible_text
from tests.factories import make_user

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db

EVERY_PERSONA = [
    "social_worker_a",
    "social_worker_b",
    "provider_case_manager",
    "provider_head",
    "police_member",
    "agency_coordinator",
    "ministry_analyst",
    "dpo",
    "system_admin",
]


def _body(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def referral(
    manager: User, case: Case, marta: Organisation, referral_consent: Consent, marta_manager: User
) -> Referral:
    return referral_send(actor=manager, case=case, recipient=marta, consent=referral_consent)


@pytest.fixture
def marta_head(marta: Organisation) -> User:
    return make_user(username="marta.head", role=Role.PROVIDER_HEAD, organisation=marta)


# Consent list, record, replace, withdraw


def test_the_list_shows_history_with_the_active_consent_first(
    client: Client, manager: User, consent_to_riga: Consent, referral_consent: Consent
) -> None:
    from atbalsts.consent.services import consent_withdraw

    consent_withdraw(actor=manager, consent=referral_consent, withdrawn_on=GIVEN_ON)

    response = signed_in_client(client, manager).get(
        reverse("consent:consent_list", args=[consent_to_riga.person.uuid])
    )

    body = _body(response)
    assert response.status_code == 200
    assert body.index("Rīgas Sociālais dienests") < body.index("Resursu centrs sievietēm Marta")
    assert CANARY_NAME not in body


def test_the_consent_list_makes_a_fixed_number_of_queries(
    client: Client,
    manager: User,
    case: Case,
    organisations: dict[str, Organisation],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(6):
        consent_record(
            actor=manager,
            person=case.person,
            recipient=organisations["riga" if n % 2 else "daugavpils"],
            purpose=ConsentPurpose.COURSE_COOPERATION,
            categories=["identity"],
            given_on=GIVEN_ON,
            evidence_reference=f"DM-{n}",
        )
    signed_in_client(client, manager)
    baseline = middleware_query_count(client)
    url = reverse("consent:consent_list", args=[case.person.uuid])

    # The person with its relations, the consents with their joins, and the organisation's
    # cases of the person the page leads back to.
    with django_assert_num_queries(baseline + 3):
        response = client.get(url)

    assert response.status_code == 200


def test_recording_a_consent_from_the_page(
    client: Client, manager: User, case: Case, riga: Organisation
) -> None:
    signed_in_client(client, manager)

    response = client.post(
        reverse("consent:consent_create", args=[case.person.uuid]),
        {
            "recipient": str(riga.uuid),
            "purpose": ConsentPurpose.CASE_TAKEOVER,
            "categories": ["identity", "services"],
            "given_on": "2026-11-20",
            "evidence_reference": "DM-2026-200",
            # Extra keys change nothing (AZ-6).
            "holder": "1",
            "recorded_by": "1",
        },
        follow=True,
    )

    consent = Consent.objects.get()
    assert consent.holder == manager.organisation
    assert consent.recorded_by == manager
    assert consent.categories == ["identity", "services"]
    assert escape(str(texts.CONSENT_RECORDED)) in _body(response)


def test_the_consent_form_offers_no_own_organisation_and_no_state_body(
    client: Client, manager: User, case: Case
) -> None:
    body = _body(
        signed_in_client(client, manager).get(
            reverse("consent:consent_create", args=[case.person.uuid])
        )
    )

    assert "Rīgas Sociālais dienests" in body
    assert "Valsts policija" not in body
    assert "Labklājības ministrija" not in body
    assert 'value="' + str(manager.organisation.uuid) not in body


def test_replacing_keeps_the_old_consent(
    client: Client, manager: User, consent_to_riga: Consent
) -> None:
    signed_in_client(client, manager)

    response = client.post(
        reverse("consent:consent_supersede", args=[consent_to_riga.uuid]),
        {
            "purpose": ConsentPurpose.COURSE_COOPERATION,
            "categories": ["identity"],
            "given_on": "2026-11-25",
            "evidence_reference": "DM-2026-300",
        },
        follow=True,
    )

    assert Consent.objects.count() == 2
    assert Consent.objects.get(supersedes=consent_to_riga).categories == ["identity"]
    assert escape(str(texts.CONSENT_SUPERSEDED)) in _body(response)


def test_withdrawal_asks_for_confirmation_and_happens_only_on_post(
    client: Client, manager: User, consent_to_riga: Consent
) -> None:
    signed_in_client(client, manager)
    url = reverse("consent:consent_withdraw", args=[consent_to_riga.uuid])

    page = client.get(url)
    assert page.status_code == 200
    assert escape(str(texts.WITHDRAW_EXPLANATION)) in _body(page)
    assert not ConsentWithdrawal.objects.exists()

    response = client.post(url, {"withdrawn_on": "2026-11-28"}, follow=True)

    assert ConsentWithdrawal.objects.get().consent == consent_to_riga
    assert escape(str(texts.CONSENT_WITHDRAWN)) in _body(response)


def test_withdrawal_removes_the_recipients_access_on_its_next_request(
    client: Client,
    manager: User,
    case: Case,
    consent_to_riga: Consent,
    personas: dict[str, User],
) -> None:
    recipient_client = signed_in_client(Client(), personas["social_worker_a"])
    shared = reverse("consent:shared_case", args=[case.uuid])
    before = recipient_client.get(shared)
    assert before.status_code == 200
    assert CANARY_NAME in _body(before)
    assert CANARY_PHONE in _body(before)

    signed_in_client(client, manager).post(
        reverse("consent:consent_withdraw", args=[consent_to_riga.uuid]),
        {"withdrawn_on": "2026-11-28"},
    )
    after = recipient_client.get(shared)

    assert after.status_code == 404
    assert CANARY_NAME not in _body(after)
    assert CANARY_PHONE not in _body(after)
    assert case.code not in _body(after)
    notification = Notification.objects.get(recipient=personas["social_worker_a"])
    assert notification.kind == NotificationKind.CONSENT_WITHDRAWN


def test_the_recipient_sees_only_the_consented_categories(
    client: Client, manager: User, case: Case, referral_consent: Consent, marta_manager: User
) -> None:
    # Identity and services only: the phone (contact) stays hidden (CO-2).
    body = _body(
        signed_in_client(client, marta_manager).get(
            reverse("consent:shared_case", args=[case.uuid])
        )
    )

    assert CANARY_NAME in body
    assert CANARY_PHONE not in body
    assert AuditEvent.objects.filter(action="sensitive_read", object_uuid=case.uuid).exists()


@pytest.mark.parametrize("persona", [p for p in EVERY_PERSONA if p != "provider_case_manager"])
def test_every_other_persona_gets_404_on_the_consent_pages(
    persona: str,
    client: Client,
    personas: dict[str, User],
    consent_to_riga: Consent,
) -> None:
    signed_in_client(client, personas[persona])
    person_uuid = consent_to_riga.person.uuid
    urls = [
        reverse("consent:consent_list", args=[person_uuid]),
        reverse("consent:consent_create", args=[person_uuid]),
        reverse("consent:consent_supersede", args=[consent_to_riga.uuid]),
        reverse("consent:consent_withdraw", args=[consent_to_riga.uuid]),
    ]
    if persona != "provider_head":  # the head of the holding provider may manage them
        for url in urls:
            assert client.get(url).status_code == 404, url
        for url in urls[1:]:  # the list answers GET only
            assert client.post(url, {"withdrawn_on": "2026-11-28"}).status_code == 404, url
        assert not ConsentWithdrawal.objects.exists()


def test_a_provider_of_another_organisation_gets_404_and_no_canary(
    client: Client, marta_manager: User, consent_to_riga: Consent, case: Case
) -> None:
    signed_in_client(client, marta_manager)
    for url in (
        reverse("consent:consent_list", args=[consent_to_riga.person.uuid]),
        reverse("consent:consent_withdraw", args=[consent_to_riga.uuid]),
        reverse("consent:shared_case", args=[case.uuid]),
        reverse("consent:referral_create", args=[case.uuid]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert CANARY_NAME not in _body(response)


# Referrals


def test_sending_a_referral_from_the_page(
    client: Client, manager: User, case: Case, referral_consent: Consent, marta_manager: User
) -> None:
    signed_in_client(client, manager)

    response = client.post(
        reverse("consent:referral_create", args=[case.uuid]),
        {"consent": str(referral_consent.uuid)},
        follow=True,
    )

    referral = Referral.objects.get()
    assert referral.recipient == marta_manager.organisation
    assert escape(str(texts.REFERRAL_SENT)) in _body(response)


def test_the_referral_page_offers_only_active_referral_consents(
    client: Client, manager: User, case: Case, consent_to_riga: Consent
) -> None:
    signed_in_client(client, manager)

    response = client.post(
        reverse("consent:referral_create", args=[case.uuid]),
        {"consent": str(consent_to_riga.uuid)},
    )

    assert response.status_code == 200
    assert not Referral.objects.exists()


def test_the_inbox_accepts_and_the_sender_sees_the_outcome(
    client: Client, referral: Referral, marta_manager: User, manager: User
) -> None:
    signed_in_client(client, marta_manager)
    inbox = client.get(reverse("consent:referral_inbox"))
    assert referral.case.code in _body(inbox)
    assert CANARY_NAME not in _body(inbox)

    response = client.post(reverse("consent:referral_accept", args=[referral.uuid]), follow=True)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.received_case is not None
    assert escape(str(texts.REFERRAL_ACCEPTED) % {"code": referral.received_case.code}) in _body(
        response
    )
    sent = _body(signed_in_client(Client(), manager).get(reverse("consent:referral_sent")))
    assert referral.case.code in sent
    assert str(ReferralStatus.ACCEPTED.label) in sent


def test_declining_needs_a_reason_which_the_sender_sees(
    client: Client, referral: Referral, marta_manager: User, manager: User
) -> None:
    signed_in_client(client, marta_manager)
    url = reverse("consent:referral_decline", args=[referral.uuid])

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    response = client.post(url, {"reason": "No places until January"}, follow=True)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert escape(str(texts.REFERRAL_DECLINED)) in _body(response)
    sent = _body(signed_in_client(Client(), manager).get(reverse("consent:referral_sent")))
    assert "No places until January" in sent


def test_the_inbox_filters_by_status(
    client: Client, referral: Referral, marta_manager: User
) -> None:
    signed_in_client(client, marta_manager)

    declined = client.post(reverse("consent:referral_inbox"), {"status": "declined"})
    sent = client.post(reverse("consent:referral_inbox"), {"status": "sent"})

    assert referral.case.code not in _body(declined)
    assert referral.case.code in _body(sent)


def test_the_inbox_makes_a_fixed_number_of_queries(
    client: Client,
    manager: User,
    marta: Organisation,
    marta_manager: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(30):
        person = make_person(organisation=manager.organisation, user=manager)
        case = make_case(person=person, organisation=manager.organisation, user=manager)
        consent = consent_record(
            actor=manager,
            person=person,
            recipient=marta,
            purpose=ConsentPurpose.REFERRAL,
            categories=["identity"],
            given_on=GIVEN_ON,
            evidence_reference="DM-1",
        )
        referral_send(actor=manager, case=case, recipient=marta, consent=consent)
    signed_in_client(client, marta_manager)
    baseline = middleware_query_count(client)

    # The count, one page of rows with their cases and senders.
    with django_assert_num_queries(baseline + 2):
        response = client.get(reverse("consent:referral_inbox"))

    assert response.status_code == 200
    assert _body(response).count("/consent/referrals/") >= 25


@pytest.mark.parametrize("persona", EVERY_PERSONA)
def test_a_referral_is_404_for_everyone_outside_the_recipient(
    persona: str, client: Client, personas: dict[str, User], referral: Referral
) -> None:
    signed_in_client(client, personas[persona])

    assert client.get(reverse("consent:referral_detail", args=[referral.uuid])).status_code == 404
    for url in (
        reverse("consent:referral_accept", args=[referral.uuid]),
        reverse("consent:referral_decline", args=[referral.uuid]),
    ):
        assert client.post(url, {"reason": "x" * 30}).status_code == 404, url
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


@pytest.mark.parametrize(
    "persona", ["police_member", "agency_coordinator", "ministry_analyst", "dpo", "system_admin"]
)
def test_the_referral_lists_are_404_outside_casework(
    persona: str, client: Client, personas: dict[str, User]
) -> None:
    signed_in_client(client, personas[persona])

    assert client.get(reverse("consent:referral_inbox")).status_code == 404
    assert client.get(reverse("consent:referral_sent")).status_code == 404


# Emergency override (CO-4, SE-5)


def _emergency_url(case: Case) -> str:
    return reverse("consent:emergency_access", args=[case.uuid])


def _served_by(organisation: Organisation, case: Case) -> Case:
    """The organisation keeps a case of its own of the person of ``case``."""
    author = User.objects.filter(organisation=organisation).first()
    assert author is not None
    return make_case(person=case.person, organisation=organisation, user=author)


@pytest.fixture
def marta_serves(case: Case, marta_manager: User, marta: Organisation) -> Case:
    """Marta keeps its own case of the person whose case Drošā māja keeps."""
    return _served_by(marta, case)


def _refused_emergency(client: Client, user: User, case: Case) -> None:
    get = client.get(_emergency_url(case))
    post = client.post(_emergency_url(case), {"reason": "x" * 40})

    assert (get.status_code, post.status_code) == (404, 404)
    assert not EmergencyAccess.objects.exists()
    assert AuditEvent.objects.filter(
        action="authz_fail", actor=user, object_uuid=case.uuid
    ).exists()


def test_a_provider_head_cannot_open_a_person_the_provider_neither_serves_nor_was_referred(
    client: Client, marta_head: User, case: Case
) -> None:
    from django.core.exceptions import PermissionDenied

    from atbalsts.consent.services import emergency_access_open

    signed_in_client(client, marta_head)

    _refused_emergency(client, marta_head, case)
    with pytest.raises(PermissionDenied):
        emergency_access_open(actor=marta_head, case=case, reason="x" * 25)
    with pytest.raises(Http404):
        case_for(marta_head, case.uuid, Action.VIEW_SUMMARY)


def test_a_provider_head_may_open_a_case_of_a_person_the_provider_serves(
    client: Client, marta_head: User, case: Case, marta_serves: Case
) -> None:
    signed_in_client(client, marta_head)

    assert client.get(_emergency_url(case)).status_code == 200
    response = client.post(_emergency_url(case), {"reason": "x" * 40})

    assert response.status_code == 302
    assert EmergencyAccess.objects.get().case == case


def test_a_provider_head_may_open_a_case_of_a_person_referred_to_the_provider(
    client: Client, marta_head: User, manager: User, referral: Referral
) -> None:
    """Any referral counts, whatever became of it: here its consent was withdrawn since."""
    from atbalsts.consent.services import consent_withdraw

    consent_withdraw(actor=manager, consent=referral.consent, withdrawn_on=GIVEN_ON)
    signed_in_client(client, marta_head)

    assert client.get(_emergency_url(referral.case)).status_code == 200
    response = client.post(_emergency_url(referral.case), {"reason": "x" * 40})

    assert response.status_code == 302
    assert EmergencyAccess.objects.get().case == referral.case


def test_a_referral_to_another_provider_opens_nothing_for_this_one(
    client: Client,
    marta_head: User,
    manager: User,
    case: Case,
    personas: dict[str, User],
) -> None:
    """Drošā māja referred the person to Riga's social service, not to Marta."""
    riga_consent = consent_record(
        actor=manager,
        person=case.person,
        recipient=personas["social_worker_a"].organisation,
        purpose=ConsentPurpose.REFERRAL,
        categories=["identity"],
        given_on=GIVEN_ON,
        evidence_reference="DM-2026-119",
    )
    referral_send(
        actor=manager,
        case=case,
        recipient=personas["social_worker_a"].organisation,
        consent=riga_consent,
    )
    signed_in_client(client, marta_head)

    _refused_emergency(client, marta_head, case)


@pytest.mark.parametrize("persona", EVERY_PERSONA)
def test_every_role_but_a_provider_head_gets_404_on_the_override_page(
    persona: str,
    client: Client,
    personas: dict[str, User],
    marta_manager: User,
    marta: Organisation,
) -> None:
    person = make_person(organisation=marta, user=marta_manager)
    marta_case = make_case(person=person, organisation=marta, user=marta_manager)
    _served_by(personas["provider_head"].organisation, marta_case)
    user = personas[persona]
    signed_in_client(client, user)

    get = client.get(_emergency_url(marta_case))
    post = client.post(_emergency_url(marta_case), {"reason": "x" * 40})

    if persona == "provider_head":
        assert get.status_code == 200
    else:
        assert get.status_code == 404
        assert post.status_code == 404
    assert (
        not EmergencyAccess.objects.filter(granted_to=user)
        .exclude(granted_to__role=Role.PROVIDER_HEAD)
        .exists()
    )


def test_a_provider_head_gets_404_for_a_case_it_already_sees(
    client: Client, personas: dict[str, User], case: Case
) -> None:
    signed_in_client(client, personas["provider_head"])

    assert client.get(_emergency_url(case)).status_code == 404


def test_the_override_needs_a_fresh_reauthentication(
    client: Client,
    marta_head: User,
    case: Case,
    marta_serves: Case,
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    force_login_verified(client, marta_head)
    time_machine.shift(timedelta(minutes=6))

    response = client.get(_emergency_url(case))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    post = client.post(_emergency_url(case), {"reason": "x" * 40})
    assert post.status_code == 302
    assert not EmergencyAccess.objects.exists()


def test_the_override_needs_a_reason_of_twenty_characters(
    client: Client, marta_head: User, case: Case, marta_serves: Case
) -> None:
    signed_in_client(client, marta_head)

    response = client.post(_emergency_url(case), {"reason": "too short"})

    assert response.status_code == 200
    assert not EmergencyAccess.objects.exists()


@pytest.mark.usefixtures("marta_serves")
def test_the_override_opens_the_case_for_24_hours_audited_and_dpos_notified(
    client: Client,
    marta_head: User,
    case: Case,
    personas: dict[str, User],
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    signed_in_client(client, marta_head)
    session = client.session
    session[REAUTHENTICATED_AT_KEY] = timezone.now().timestamp()
    session.save()
    reason = "The person is in hospital and the doctors need her allergies now."

    response = client.post(_emergency_url(case), {"reason": reason}, follow=True)

    assert response.redirect_chain == [(reverse("cases:detail", args=[case.uuid]), 302)]
    assert response.status_code == 200
    access = EmergencyAccess.objects.get()
    assert access.granted_to == marta_head
    assert access.reason == reason
    assert access.expires_at - access.granted_at == timedelta(hours=24)
    event = AuditEvent.objects.get(action="consent_override")
    assert event.object_uuid == case.uuid
    assert reason not in str(event.payload)
    notification = Notification.objects.get(recipient=personas["dpo"])
    assert notification.kind == NotificationKind.EMERGENCY_ACCESS
    assert case.code in notification.message
    assert CANARY_NAME not in notification.message
    assert case_for(marta_head, case.uuid, Action.VIEW_HEALTH).obj == case
    # Another user of the same organisation gains nothing from it.
    with pytest.raises(Http404):
        case_for(
            make_user(
                username="marta.other",
                role=Role.PROVIDER_HEAD,
                organisation=marta_head.organisation,
            ),
            case.uuid,
            Action.VIEW_SUMMARY,
        )

    time_machine.shift(timedelta(hours=24))
    with pytest.raises(Http404):
        case_for(marta_head, case.uuid, Action.VIEW_SUMMARY)


def test_emergency_access_never_allows_editing_or_referral(
    marta_head: User, case: Case, marta_serves: Case
) -> None:
    from atbalsts.consent.services import emergency_access_open

    emergency_access_open(actor=marta_head, case=case, reason="x" * 25)

    for action in (Action.EDIT, Action.REFER, Action.MANAGE_CONSENT):
        with pytest.raises(Http404):
            case_for(marta_head, case.uuid, action)


def test_the_emergency_service_refuses_others(
    personas: dict[str, User], case: Case, marta_manager: User
) -> None:
    from django.core.exceptions import PermissionDenied

    from atbalsts.consent.services import emergency_access_open

    for user in (*personas.values(), marta_manager):
        if user.role == Role.PROVIDER_HEAD:
            continue
        with pytest.raises(PermissionDenied):
            emergency_access_open(actor=user, case=case, reason="x" * 25)
    assert not EmergencyAccess.objects.exists()


def test_the_list_names_the_categories_in_latvian(
    client: Client, manager: User, consent_to_riga: Consent
) -> None:
    signed_in_client(client, manager)

    body = _body(client.get(reverse("consent:consent_list", args=[consent_to_riga.person.uuid])))

    assert "Identitāte (vārds, personas kods, dzimšanas datums)" in body
    assert "Kontaktinformācija (adrese, tālrunis, e-pasts)" in body


def test_the_shared_case_links_to_the_course_when_the_consent_covers_services(
    client: Client, case: Case, referral_consent: Consent, marta_manager: User
) -> None:
    signed_in_client(client, marta_manager)
    course = reverse("courses:detail", args=[case.uuid])

    body = _body(client.get(reverse("consent:shared_case", args=[case.uuid])))

    assert f'href="{course}"' in body
    assert 'class="summary-list"' in body
    assert client.get(course).status_code == 200


def test_the_shared_case_has_no_course_link_without_the_services_category(
    case: Case, consent_to_riga: Consent, personas: dict[str, User]
) -> None:
    recipient = signed_in_client(Client(), personas["social_worker_a"])

    body = _body(recipient.get(reverse("consent:shared_case", args=[case.uuid])))

    assert 'class="summary-list"' in body
    assert reverse("courses:detail", args=[case.uuid]) not in body


def test_the_consent_list_leads_back_to_the_case(
    client: Client, manager: User, case: Case, consent_to_riga: Consent
) -> None:
    response = signed_in_client(client, manager).get(
        reverse("consent:consent_list", args=[case.person.uuid]), HTTP_ACCEPT_LANGUAGE="lv"
    )

    back = reverse("cases:detail", args=[case.uuid])
    assert [a for a in tags(response, "a") if a.get("href") == back]
    assert f"Atpakaļ uz lietu {case.code}" in visible_text(response)
    assert client.get(back).status_code == 200


def test_the_sent_referrals_name_their_recipient_and_link_their_cases(
    client: Client, referral: Referral, manager: User
) -> None:
    response = signed_in_client(client, manager).get(
        reverse("consent:referral_sent"), HTTP_ACCEPT_LANGUAGE="lv"
    )

    text = visible_text(response)
    assert "Lieta Saņēmējs Nosūtīts" in text
    assert "Kam" not in text
    assert f"{referral.case.code} Resursu centrs sievietēm Marta" in text
    case_page = reverse("cases:detail", args=[referral.case.uuid])
    assert [a for a in tags(response, "a") if a.get("href") == case_page]
    assert client.get(case_page).status_code == 200


def test_the_sent_referrals_make_a_fixed_number_of_queries(
    client: Client,
    manager: User,
    marta: Organisation,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    signed_in_client(client, manager)
    baseline = middleware_query_count(client)
    for total in (10, 30):
        while Referral.objects.count() < total:
            person = make_person(organisation=manager.organisation, user=manager)
            case = make_case(person=person, organisation=manager.organisation, user=manager)
            consent = consent_record(
                actor=manager,
                person=person,
                recipient=marta,
                purpose=ConsentPurpose.REFERRAL,
                categories=["identity"],
                given_on=GIVEN_ON,
                evidence_reference="DM-1",
            )
            referral_send(actor=manager, case=case, recipient=marta, consent=consent)

        # The count, one page of rows with their cases and recipients.
        with django_assert_num_queries(baseline + 2):
            response = client.get(reverse("consent:referral_sent"))

        assert response.status_code == 200
        assert _body(response).count("/cases/") >= min(total, 25)


def test_an_accepted_referral_links_the_recipients_new_case(
    client: Client, referral: Referral, marta_manager: User
) -> None:
    signed_in_client(client, marta_manager)
    client.post(reverse("consent:referral_accept", args=[referral.uuid]))
    referral.refresh_from_db()
    assert referral.received_case is not None

    response = client.get(reverse("consent:referral_detail", args=[referral.uuid]))

    own_case = reverse("cases:detail", args=[referral.received_case.uuid])
    assert [a for a in tags(response, "a") if a.get("href") == own_case]
    assert client.get(own_case).status_code == 200
