"""A case of Rīga's social service with canary values, and attachment files kept per test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile

from atbalsts.accounts.models import User
from atbalsts.attachments import cleaning, services
from atbalsts.attachments.models import Attachment, AttachmentKind
from atbalsts.cases.models import Case
from tests.people.conftest import client_of, world

__all__ = ["client_of", "world"]


@pytest.fixture(autouse=True)
def attachments_dir(settings: LazySettings, tmp_path: Path) -> Path:
    """Each test's own directory: nothing is shared with other runs on the machine."""
    directory = tmp_path / "attachments"
    settings.ATTACHMENTS_DIR = directory
    return directory


def upload_file(data: bytes, name: str = "Ozola_lemums.pdf") -> SimpleUploadedFile:
    # The browser's content type is a lie on purpose: it must not matter.
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def attach(
    *,
    actor: User,
    case: Case,
    data: bytes,
    kind: str = AttachmentKind.CRIMINAL_PROCEEDINGS_DECISION,
    description: str = "",
    original_name: str = "dokuments.pdf",
) -> Attachment:
    """An attachment made through the service, as the upload page makes it."""
    return services.attachment_upload(
        actor=actor,
        case=case,
        kind=kind,
        description=description,
        original_name=original_name,
        document=cleaning.clean(data),
    )


def stored_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir()) if directory.exists() else []


@pytest.fixture
def keeper(world: dict[str, Any]) -> User:
    worker: User = world["worker"]
    return worker
