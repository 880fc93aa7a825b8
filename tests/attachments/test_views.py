"""Attaching, listing, downloading and withdrawing a case's documents (docs/security.md FU-1,
DP-2, DP-5, DP-7, AZ-3, AZ-5, LG-1)."""

from __future__ import annotations

import io
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image
from pypdf import PdfReader

from atbalsts.attachments import cleaning, services, texts
from atbalsts.attachments.models import Attachment, AttachmentKind
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case, CaseStatus
from tests.accounts.helpers import force_login_verified
from tests.attachments import files
from tests.attachments.conftest import attach, stored_files, upload_file
from tests.core.pages import in_latvian, middleware_query_count, visible_text
from tests.people.conftest import WRONG_PERSONAS
from tests.people.factories import make_consent

if TYPE_CHECKING:
    from atbalsts.accounts.models import User

pytestmark = pytest.mark.django_db

# The list: the case with its person and organisation and the relations as flags, in one
# query; the audit append (begin, chain head, insert, commit); the case's documents, read
# once and chosen by their encrypted kind in Python (no count). PostgreSQL adds the chain's
# lock.
LIST_QUERIES = 6


def _upload_url(case: Case) -> str:
    return reverse("attachments:upload", args=[case.uuid])


def _list_url(case: Case) -> str:
    return reverse("attachments:list", args=[case.uuid])


def _download_url(attachment: Attachment) -> str:
    return reverse("attachments:download", args=[attachment.uuid])


def _post_upload(client: Client, case: Case, data: bytes, **fields: Any) -> Any:
    return client.post(
        _upload_url(case),
        {
            "kind": AttachmentKind.CRIMINAL_PROCEEDINGS_DECISION,
            "description": "Lēmums Nr. 11/2026",
            "document": upload_file(data),
            **fields,
        },
    )


def test_an_uploaded_photo_is_stored_encrypted_and_downloaded_without_its_location(
    client_of: Any, world: dict[str, Any], attachments_dir: Path
) -> None:
    client = client_of("social_worker_a")
    case = world["case"]

    response = _post_upload(client, case, files.geotagged_jpeg())

    assert response.status_code == 302
    assert response["Location"] == _list_url(case)
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.content_type) == (
        "criminal_proceedings_decision",
        "image/jpeg",
    )
    assert attachment.original_name == "Ozola_lemums.pdf"
    # Stored under a random name, encrypted: neither the picture nor its name is on disk.
    [stored] = stored_files(attachments_dir)
    assert re.fullmatch(r"[0-9a-f]{64}", stored.name)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(attachments_dir.stat().st_mode) == 0o700
    on_disk = stored.read_bytes()
    clean = cleaning.clean(files.geotagged_jpeg()).data
    assert clean[:200] not in on_disk
    assert not on_disk.startswith(b"\xff\xd8")
    assert b"JFIF" not in on_disk

    download = client.get(_download_url(attachment))

    assert download.status_code == 200
    with Image.open(io.BytesIO(download.content)) as picture:
        assert picture.format == "JPEG"
        assert len(picture.getexif()) == 0
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert files.GPS_CANARY.encode() not in download.content
    day = timezone.localdate(attachment.uploaded_at).isoformat()
    assert download["Content-Disposition"] == (
        f'attachment; filename="criminal_proceedings_decision-{day}.jpg"'
    )
    assert download["Content-Type"] == "image/jpeg"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    assert download["Content-Security-Policy"] == "sandbox"
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", "object_uuid"))
    assert ("attachment_uploaded", attachment.uuid) in actions
    assert ("attachment_downloaded", attachment.uuid) in actions


def test_the_file_name_and_description_are_not_in_the_database_in_clear(
    world: dict[str, Any],
) -> None:
    attachment = attach(
        actor=world["worker"],
        case=world["case"],
        data=files.plain_png(),
        description="Kanarijapraksts",
        original_name="Kanarijvards_lemums.png",
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT description, original_name FROM attachments_attachment WHERE id = %s",
            [attachment.pk],
        )
        raw = b"".join(bytes(value) for value in cursor.fetchone())
    assert b"Kanarijapraksts" not in raw
    assert b"Kanarijvards" not in raw
    assert Attachment.objects.get().description == "Kanarijapraksts"


def test_a_pdf_is_served_without_its_author(client_of: Any, world: dict[str, Any]) -> None:
    client = client_of("social_worker_a")
    _post_upload(client, world["case"], files.pdf_with_author())
    attachment = Attachment.objects.get()

    download = client.get(_download_url(attachment))

    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].endswith('.pdf"')
    assert PdfReader(io.BytesIO(download.content)).metadata is None
    assert files.PDF_CANARY.encode() not in download.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (files.html_named_pdf(), texts.NOT_ACCEPTED_TYPE),
        (files.EICAR, texts.NOT_ACCEPTED_TYPE),
        (files.encrypted_pdf(), texts.PDF_ENCRYPTED),
        (files.pdf_with_open_action_javascript(), texts.PDF_ACTIVE_CONTENT),
        (files.pdf_with_zip(), texts.PDF_TRAILING_DATA),
        (files.png_bomb(), texts.IMAGE_TOO_LARGE % {"megapixels": 40}),
    ],
    ids=["html-named-pdf", "eicar", "encrypted-pdf", "javascript-pdf", "pdf-zip", "bomb"],
)
def test_a_refused_file_leaves_no_row_no_file_and_says_why_next_to_the_field(
    client_of: Any, world: dict[str, Any], attachments_dir: Path, data: bytes, message: Any
) -> None:
    response = _post_upload(client_of("social_worker_a"), world["case"], data)

    assert response.status_code == 200
    assert in_latvian(message) in visible_text(response)
    assert 'id="id_document_error"' in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files(attachments_dir) == []
    assert not AuditEvent.objects.filter(action="attachment_uploaded").exists()


def test_an_oversize_upload_is_refused_from_its_size_and_never_kept_whole(
    client_of: Any, world: dict[str, Any], attachments_dir: Path
) -> None:
    data = files.plain_png() + b"\x00" * cleaning.MAX_BYTES

    response = _post_upload(client_of("social_worker_a"), world["case"], data)

    assert response.status_code == 200
    assert in_latvian(texts.TOO_LARGE) % {"limit": 10} in visible_text(response)
    assert not Attachment.objects.exists()
    assert stored_files(attachments_dir) == []


def test_the_upload_page_checks_the_csrf_token(world: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    force_login_verified(client, world["worker"])

    response = _post_upload(client, world["case"], files.plain_png())

    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_a_failure_after_the_file_was_written_removes_it(
    world: dict[str, Any], attachments_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", broken)

    with pytest.raises(RuntimeError):
        attach(actor=world["worker"], case=world["case"], data=files.plain_png())

    assert not Attachment.objects.exists()
    assert stored_files(attachments_dir) == []


def test_the_daily_quota_is_refused_with_its_message(
    client_of: Any, world: dict[str, Any], attachments_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "QUOTA_FILES", 2)
    client = client_of("social_worker_a")
    for _ in range(2):
        assert _post_upload(client, world["case"], files.plain_png()).status_code == 302

    response = _post_upload(client, world["case"], files.plain_png())

    assert response.status_code == 200
    assert in_latvian(texts.QUOTA_FILES) % {"count": 2} in visible_text(response)
    assert Attachment.objects.count() == 2
    assert len(stored_files(attachments_dir)) == 2


def test_the_byte_quota_counts_withdrawn_documents_too(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = attach(actor=world["worker"], case=world["case"], data=files.plain_png())
    services.attachment_withdraw(actor=world["worker"], attachment=first)
    monkeypatch.setattr(services, "QUOTA_BYTES", first.size + 10)

    with pytest.raises(ValidationError) as raised:
        attach(actor=world["worker"], case=world["case"], data=files.plain_png())

    assert raised.value.messages == [str(texts.QUOTA_BYTES % {"limit": 0})]


def test_nothing_is_attached_to_a_closed_case(client_of: Any, world: dict[str, Any]) -> None:
    Case.objects.filter(pk=world["case"].pk).update(status=CaseStatus.CLOSED)

    response = client_of("social_worker_a").get(_upload_url(world["case"]))

    assert response.status_code == 302
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("persona", WRONG_PERSONAS)
def test_the_wrong_persona_gets_404_and_an_audited_refusal(
    client_of: Any, world: dict[str, Any], personas: dict[str, User], persona: str
) -> None:
    attachment = attach(actor=world["worker"], case=world["case"], data=files.plain_png())
    client = client_of(persona)

    download = client.get(_download_url(attachment))
    upload = client.get(_upload_url(world["case"]))
    withdraw = client.post(reverse("attachments:withdraw", args=[attachment.uuid]))

    assert (download.status_code, upload.status_code, withdraw.status_code) == (404, 404, 404)
    refusals = AuditEvent.objects.filter(action="authz_fail", actor=personas[persona])
    assert refusals.count() == 3
    assert Attachment.objects.get().deleted_at is None


def test_a_consent_shows_only_the_documents_of_its_categories(
    client_of: Any, world: dict[str, Any], personas: dict[str, User]
) -> None:
    worker = world["worker"]
    consent_form = attach(
        actor=worker,
        case=world["case"],
        data=files.plain_png(),
        kind=AttachmentKind.SIGNED_CONSENT,
        description="Parakstīta piekrišana",
    )
    decision = attach(
        actor=worker,
        case=world["case"],
        data=files.plain_png(),
        description="Kanarijlemums",
    )
    make_consent(
        person=world["person"],
        holder=world["organisations"]["riga"],
        recipient=world["organisations"]["drosa_maja"],
        recorded_by=worker,
        categories=["identity"],
    )
    client = client_of("provider_case_manager")

    listing = client.get(_list_url(world["case"]))

    assert listing.status_code == 200
    assert "Parakstīta piekrišana" in visible_text(listing)
    assert "Kanarijlemums" not in listing.content.decode()
    assert str(decision.uuid) not in listing.content.decode()
    assert _upload_url(world["case"]) not in listing.content.decode()  # attaching is editing
    assert client.get(_download_url(consent_form)).status_code == 200
    assert client.get(_download_url(decision)).status_code == 404
    assert AuditEvent.objects.filter(
        action="authz_fail", object_uuid=decision.uuid, payload__reason="category_not_allowed"
    ).exists()
    # Consented, not the owner: no withdrawal.
    assert client.post(reverse("attachments:withdraw", args=[consent_form.uuid])).status_code == 404


def test_withdrawal_deletes_the_file_and_the_document_is_gone(
    client_of: Any, world: dict[str, Any], attachments_dir: Path
) -> None:
    attachment = attach(
        actor=world["worker"], case=world["case"], data=files.plain_png(), description="Kļūda"
    )
    client = client_of("social_worker_a")
    assert client.get(reverse("attachments:withdraw", args=[attachment.uuid])).status_code == 200

    response = client.post(reverse("attachments:withdraw", args=[attachment.uuid]))

    assert response.status_code == 302
    assert stored_files(attachments_dir) == []
    withdrawn = Attachment.objects.get()
    assert withdrawn.deleted_at is not None
    assert withdrawn.description is None
    assert client.get(_download_url(attachment)).status_code == 404
    assert "Kļūda" not in client.get(_list_url(world["case"])).content.decode()
    assert AuditEvent.objects.filter(
        action="attachment_withdrawn", object_uuid=attachment.uuid
    ).exists()


def test_the_list_is_audited_and_its_query_count_does_not_grow(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")
    base = middleware_query_count(client)
    counts = []
    for added in (1, 5):
        for _ in range(added):
            attach(actor=world["worker"], case=world["case"], data=files.plain_png())
        with CaptureQueriesContext(connection) as context:
            response = client.get(_list_url(world["case"]))
        assert response.status_code == 200
        counts.append(len(context.captured_queries) - base)

    pg = 1 if connection.vendor == "postgresql" else 0
    assert counts == [LIST_QUERIES + pg, LIST_QUERIES + pg]
    assert (
        AuditEvent.objects.filter(
            action="sensitive_read", object_uuid=world["case"].uuid, payload__view="attachment_list"
        ).count()
        == 2
    )


def test_the_case_page_links_to_the_documents(client_of: Any, world: dict[str, Any]) -> None:
    response = client_of("social_worker_a").get(reverse("cases:detail", args=[world["case"].uuid]))

    assert _list_url(world["case"]) in response.content.decode()
