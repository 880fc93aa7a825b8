from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from atbalsts.accounts.models import Organisation, User
from atbalsts.audit.selectors import audit_chain_verdict

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {
    "riga.social": ("social_worker", "riga-sd"),
    "riga.head": ("social_service_head", "riga-sd"),
    "daugavpils.social": ("social_worker", "daugavpils-sd"),
    "madona.social": ("social_worker", "madona-sd"),
    "dm.case": ("provider_case_manager", "drosa-maja"),
    "dm.specialist": ("provider_specialist", "drosa-maja"),
    "dm.lawyer": ("provider_specialist", "drosa-maja"),
    "dm.head": ("provider_head", "drosa-maja"),
    "marta.case": ("provider_case_manager", "marta"),
    "police.member": ("commission_police_member", "valsts-policija"),
    "siva.coord": ("agency_coordinator", "siva"),
    "lm.analyst": ("ministry_analyst", "lm"),
    "dpo": ("data_protection_officer", "lm"),
    "admin": ("system_admin", "lm"),
}

_LOGIN = re.compile(  # one block of the printed table per user
    r"^  (?P<username>\S+) .*\n"
    r"\s+password:\s+(?P<password>\S+)\n"
    r"\s+TOTP secret:\s+(?P<secret>\S+)\n"
    r"\s+backup codes:\s+(?P<codes>.+)$",
    re.MULTILINE,
)


def _seed(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, str]]:
    call_command("seed_demo")
    output = capsys.readouterr().out
    return {m["username"]: m.groupdict() for m in _LOGIN.finditer(output)}


@pytest.fixture(autouse=True)
def _private_var_dir(tmp_path: Path, settings: pytest.FixtureRequest) -> None:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]


def test_demo_creates_every_organisation_and_one_user_per_role(
    capsys: pytest.CaptureFixture[str],
) -> None:
    logins = _seed(capsys)

    users = {
        u.username: (u.role, u.organisation.code)
        for u in User.objects.select_related("organisation")
    }
    assert users == DEMO_USERNAMES
    assert set(logins) == set(DEMO_USERNAMES)
    assert Organisation.objects.filter(type="social_service").count() == 3
    assert set(Organisation.objects.values_list("code", flat=True)) >= {
        "drosa-maja",
        "marta",
        "siva",
        "lm",
    }


def test_running_the_demo_twice_keeps_one_copy_and_prints_logins_that_work(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _seed(capsys)
    logins = _seed(capsys)

    assert User.objects.count() == len(DEMO_USERNAMES)
    login = logins["riga.social"]
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "riga.social", "password": login["password"]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))
    backup_code = login["codes"].split()[0]
    response = client.post(reverse("accounts:verify"), {"code": backup_code})
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert "Ilze Kalniņa" in home.content.decode()


def test_the_logins_file_is_private_and_the_trail_records_the_load(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _seed(capsys)

    path = Path(settings.VAR_DIR) / "demo-logins.txt"
    assert path.stat().st_mode & 0o777 == 0o600
    assert "riga.social" in path.read_text(encoding="utf-8")
    assert audit_chain_verdict().is_intact


def test_the_demo_refuses_production(settings: pytest.FixtureRequest) -> None:
    from django.core.management import CommandError

    settings.IS_PRODUCTION = True  # type: ignore[attr-defined]

    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("seed_demo")
