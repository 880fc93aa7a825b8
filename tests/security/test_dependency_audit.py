"""The dependency audit's exception list: every accepted vulnerability has a reason and an
expiry, and an expired one fails the audit."""

from __future__ import annotations

import datetime
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_exceptions_are_complete_and_current() -> None:
    accepted, problems = _script().accepted_exceptions(datetime.date(2026, 11, 29))

    assert problems == []
    assert isinstance(accepted, set)


def test_an_expired_or_incomplete_exception_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = _script()
    listing = tmp_path / "exceptions.toml"
    listing.write_text(
        "[[exception]]\n"
        'id = "GHSA-1111"\npackage = "django"\nreason = "not used"\nexpires = 2026-12-31\n'
        "[[exception]]\n"
        'id = "GHSA-2222"\npackage = "pillow"\nreason = "not used"\nexpires = 2026-11-28\n'
        "[[exception]]\n"
        'id = "GHSA-3333"\npackage = "pypdf"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(script, "EXCEPTIONS", listing)

    accepted, problems = script.accepted_exceptions(datetime.date(2026, 11, 29))

    assert accepted == {"GHSA-1111"}
    assert problems == [
        "exception GHSA-2222 (pillow) expired 2026-11-28",
        "exception GHSA-3333 lacks ['expires', 'reason']",
    ]
