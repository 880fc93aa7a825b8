"""The administration's writes: validation, refusals, audit in the same transaction."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from atbalsts.accounts.models import Organisation, OrganisationType, Role, User
from atbalsts.administration import services, texts
from atbalsts.audit.models import AuditEvent
from atbalsts.audit.selectors import audit_chain_verdict
from tests.core.helpers import signed_in_client
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(message) for message in error.value.messages]


# Organisations


def test_organisation_create_validates_saves_and_audits(admin: User) -> None:
    organisation = services.organisation_create(
        actor=admin,
        code="liepaja-sd",
        name="Liepājas Sociālais dienests",
        organisation_type=OrganisationType.SOCIAL_SERVICE,
        region="Kurzeme",
    )

    assert organisation.pk is not None
    [event] = _events("organisation_created")
    assert event.actor == admin
    assert event.object_type == "organisation"
    assert event.object_uuid == organisation.uuid
    assert event.payload == {"code": "liepaja-sd", "type": "social_service"}
    assert audit_chain_verdict().is_intact


def test_organisation_create_refuses_a_taken_code(
    admin: User, organisations: dict[str, Organisation]
) -> None:
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=admin, code="riga-sd", name="Cits", organisation_type=OrganisationType.AGENCY
        )

    assert "code" in error.value.error_dict
    assert _events("organisation_created") == []


@pytest.mark.parametrize(
    "persona", ["social_worker_a", "agency_coordinator", "ministry_analyst", "dpo"]
)
def test_services_refuse_every_other_role(persona: str, personas: dict[str, User]) -> None:
    actor = personas[persona]
    target = personas["social_worker_b"]
    calls: list[Callable[[], object]] = [
        lambda: services.organisation_create(
            actor=actor, code="x", name="X", organisation_type=OrganisationType.AGENCY
        ),
        lambda: services.organisation_update(
            actor=actor,
            organisation=target.organisation,
            name="X",
            organisation_type=OrganisationType.SOCIAL_SERVICE,
        ),
        lambda: services.organisation_deactivate(actor=actor, organisation=target.organisation),
        lambda: services.organisation_reactivate(actor=actor, organisation=target.organisation),
        lambda: services.user_create(
            actor=actor,
            username="x",
            full_name="X",
            email="",
            role=Role.SOCIAL_WORKER,
            organisation=target.organisation,
        ),
        lambda: services.user_update(
            actor=actor,
            user=target,
            full_name="X",
            email="",
            role=Role.SOCIAL_WORKER,
            organisation=target.organisation,
        ),
        lambda: services.user_deactivate(actor=actor, user=target),
        lambda: services.user_reactivate(actor=actor, user=target),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert AuditEvent.objects.count() == 0


def test_organisation_update_records_what_changed(
    admin: User, organisations: dict[str, Organisation]
) -> None:
    riga = organisations["riga"]

    services.organisation_update(
        actor=admin,
        organisation=riga,
        name="Rīgas valstspilsētas Sociālais dienests",
        organisation_type=riga.type,
        region=riga.region,
    )

    riga.refresh_from_db()
    assert riga.name == "Rīgas valstspilsētas Sociālais dienests"
    [event] = _events("organisation_updated")
    assert event.payload == {"changed": ["name"]}


def test_organisation_update_without_changes_writes_nothing(
    admin: User, organisations: dict[str, Organisation]
) -> None:
    riga = organisations["riga"]

    services.organisation_update(
        actor=admin,
        organisation=riga,
        name=riga.name,
        organisation_type=riga.type,
        region=riga.region,
    )

    assert AuditEvent.objects.count() == 0


def test_organisation_type_cannot_change_under_its_users(
    admin: User, personas: dict[str, User]
) -> None:
    riga = personas["social_worker_a"].organisation

    with pytest.raises(ValidationError) as error:
        services.organisation_update(
            actor=admin,
            organisation=riga,
            name=riga.name,
            organisation_type=OrganisationType.POLICE,
            region=riga.region,
        )

    assert error.value.error_dict["type"][0].messages == [
        str(texts.ORGANISATION_TYPE_DOES_NOT_FIT_USERS)
    ]
    riga.refresh_from_db()
    assert riga.type == OrganisationType.SOCIAL_SERVICE


def test_organisation_type_can_change_when_every_role_fits(admin: User) -> None:
    organisation = make_organisation(type=OrganisationType.SOCIAL_SERVICE)
    make_user(role=Role.DATA_PROTECTION_OFFICER, organisation=organisation)

    services.organisation_update(
        actor=admin,
        organisation=organisation,
        name=organisation.name,
        organisation_type=OrganisationType.AGENCY,
    )

    [event] = _events("organisation_updated")
    assert event.payload["type"] == {"from": "social_service", "to": "agency"}


def test_organisation_with_active_users_is_not_deactivated(
    admin: User, personas: dict[str, User]
) -> None:
    riga = personas["social_worker_a"].organisation

    with pytest.raises(ValidationError) as error:
        services.organisation_deactivate(actor=admin, organisation=riga)

    assert _messages(error) == [str(texts.ORGANISATION_HAS_ACTIVE_USERS)]
    riga.refresh_from_db()
    assert riga.is_active


def test_organisation_deactivate_and_reactivate(admin: User) -> None:
    organisation = make_organisation()
    make_user(organisation=organisation, is_active=False)

    services.organisation_deactivate(actor=admin, organisation=organisation)
    assert not Organisation.objects.get(pk=organisation.pk).is_active
    # Repeating is harmless and records nothing more.
    services.organisation_deactivate(actor=admin, organisation=organisation)

    services.organisation_reactivate(actor=admin, organisation=organisation)
    assert Organisation.objects.get(pk=organisation.pk).is_active
    assert len(_events("organisation_deactivated")) == 1
    assert len(_events("organisation_reactivated")) == 1


# User accounts


def test_user_create_gives_a_random_initial_password_shown_once(
    admin: User, organisations: dict[str, Organisation]
) -> None:
    first = services.user_create(
        actor=admin,
        username="Anna.Berzina",
        full_name="Anna Bērziņa",
        email="anna@example.lv",
        role=Role.SOCIAL_WORKER,
        organisation=organisations["riga"],
    )
    second = services.user_create(
        actor=admin,
        username="juris.ozols",
        full_name="Juris Ozols",
        email="",
        role=Role.SOCIAL_WORKER,
        organisation=organisations["riga"],
    )

    user = User.objects.get(pk=first.user.pk)
    assert user.username == "anna.berzina"
    assert user.check_password(first.initial_password)
    assert first.initial_password not in user.password
    assert user.password.startswith("argon2$argon2id$")
    assert first.initial_password != second.initial_password
    assert len(first.initial_password.replace("-", "")) == 20
    [event, _] = _events("user_created")
    assert event.object_uuid == user.uuid
    assert event.payload == {"role": "social_worker", "organisation": str(user.organisation.uuid)}
    assert first.initial_password not in str(event.payload)


def test_user_create_refuses_a_role_that_does_not_fit_the_organisation(
    admin: User, organisations: dict[str, Organisation]
) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_create(
            actor=admin,
            username="wrong.role",
            full_name="Nepareiza Loma",
            email="",
            role=Role.COMMISSION_POLICE_MEMBER,
            organisation=organisations["riga"],
        )

    assert "role" in error.value.error_dict
    assert not User.objects.filter(username="wrong.role").exists()
    assert _events("user_created") == []


def test_user_create_refuses_an_inactive_organisation(admin: User) -> None:
    closed = make_organisation(is_active=False)

    with pytest.raises(ValidationError) as error:
        services.user_create(
            actor=admin,
            username="late.user",
            full_name="Vēls Lietotājs",
            email="",
            role=Role.SOCIAL_WORKER,
            organisation=closed,
        )

    assert error.value.error_dict["organisation"][0].messages == [str(texts.ORGANISATION_INACTIVE)]


def test_user_create_leaves_nothing_when_the_audit_fails(
    admin: User, organisations: dict[str, Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_audit(**kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_record", failing_audit)

    with pytest.raises(RuntimeError):
        services.user_create(
            actor=admin,
            username="half.made",
            full_name="Pusē Izveidots",
            email="",
            role=Role.SOCIAL_WORKER,
            organisation=organisations["riga"],
        )

    assert not User.objects.filter(username="half.made").exists()


def test_role_and_organisation_change_is_an_authz_change(
    admin: User, personas: dict[str, User], organisations: dict[str, Organisation]
) -> None:
    worker = personas["social_worker_a"]
    old_organisation = worker.organisation

    services.user_update(
        actor=admin,
        user=worker,
        full_name=worker.full_name,
        email=worker.email,
        role=Role.SOCIAL_SERVICE_HEAD,
        organisation=organisations["daugavpils"],
    )

    worker.refresh_from_db()
    assert worker.role == Role.SOCIAL_SERVICE_HEAD
    [event] = _events("authz_change")
    assert event.object_uuid == worker.uuid
    assert event.payload == {
        "changed": ["organisation", "role"],
        "role": {"from": "social_worker", "to": "social_service_head"},
        "organisation": {
            "from": str(old_organisation.uuid),
            "to": str(organisations["daugavpils"].uuid),
        },
    }
    assert _events("user_updated") == []


def test_name_change_is_a_plain_update_without_personal_values_in_the_trail(
    admin: User, personas: dict[str, User]
) -> None:
    worker = personas["social_worker_a"]

    services.user_update(
        actor=admin,
        user=worker,
        full_name="Anna Kalniņa",
        email="anna.kalnina@example.lv",
        role=worker.role,
        organisation=worker.organisation,
    )

    [event] = _events("user_updated")
    assert event.payload == {"changed": ["email", "full_name"]}
    assert _events("authz_change") == []


def test_user_update_refuses_a_role_that_does_not_fit(
    admin: User, personas: dict[str, User]
) -> None:
    worker = personas["social_worker_a"]

    with pytest.raises(ValidationError) as error:
        services.user_update(
            actor=admin,
            user=worker,
            full_name=worker.full_name,
            email=worker.email,
            role=Role.MINISTRY_ANALYST,
            organisation=worker.organisation,
        )

    assert "role" in error.value.error_dict
    worker.refresh_from_db()
    assert worker.role == Role.SOCIAL_WORKER


def test_administrator_cannot_change_own_role(admin: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_update(
            actor=admin,
            user=admin,
            full_name=admin.full_name,
            email=admin.email,
            role=Role.DATA_PROTECTION_OFFICER,
            organisation=admin.organisation,
        )

    assert error.value.error_dict["role"][0].messages == [str(texts.CANNOT_CHANGE_OWN_ROLE)]


def test_deactivation_ends_every_session_of_that_user_only(
    admin: User, personas: dict[str, User]
) -> None:
    worker, other = personas["social_worker_a"], personas["social_worker_b"]
    worker_clients = [signed_in_client(Client(), worker) for _ in range(2)]
    other_client = signed_in_client(Client(), other)

    def sessions_of(user: User) -> int:
        return sum(
            1 for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(user.pk)
        )

    assert sessions_of(worker) == 2

    services.user_deactivate(actor=admin, user=worker)

    worker.refresh_from_db()
    assert not worker.is_active
    assert sessions_of(worker) == 0
    assert sessions_of(other) == 1
    [event] = _events("user_deactivated")
    assert event.payload == {"sessions_ended": 2}
    for worker_client in worker_clients:
        assert worker_client.get("/").status_code == 302
    assert other_client.get("/").status_code == 200


def test_administrator_cannot_deactivate_self(admin: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_deactivate(actor=admin, user=admin)

    assert _messages(error) == [str(texts.CANNOT_DEACTIVATE_SELF)]
    admin.refresh_from_db()
    assert admin.is_active


def test_reactivation_needs_an_active_organisation(admin: User) -> None:
    organisation = make_organisation()
    user = make_user(organisation=organisation, is_active=False)
    Organisation.objects.filter(pk=organisation.pk).update(is_active=False)

    with pytest.raises(ValidationError) as error:
        services.user_reactivate(actor=admin, user=user)
    assert _messages(error) == [str(texts.ORGANISATION_INACTIVE)]

    Organisation.objects.filter(pk=organisation.pk).update(is_active=True)
    services.user_reactivate(actor=admin, user=user)
    user.refresh_from_db()
    assert user.is_active
    assert len(_events("user_reactivated")) == 1
