"""The type of an upload is read from its content, and what is kept is a clean copy
(docs/security.md FU-1, DP-7)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image
from pypdf import PdfReader

from atbalsts.attachments import cleaning, texts
from atbalsts.attachments.models import ContentType
from tests.attachments import files


def _refusal(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        cleaning.clean(data)
    return raised.value


def test_a_geotagged_jpeg_is_kept_upright_without_exif_gps_or_comment() -> None:
    original = files.geotagged_jpeg()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    cleaned = cleaning.clean(original)

    assert cleaned.content_type == ContentType.JPEG
    with Image.open(io.BytesIO(cleaned.data)) as after:
        assert after.format == "JPEG"
        assert len(after.getexif()) == 0
        assert "exif" not in after.info
        assert "comment" not in after.info
        # Orientation 6 was applied to the pixels before the EXIF went: 64 by 48 stands upright.
        assert after.size == (48, 64)
    assert files.GPS_CANARY.encode() not in cleaned.data
    assert b"Exif" not in cleaned.data


def test_a_png_loses_its_text_chunks() -> None:
    cleaned = cleaning.clean(files.png_with_text())

    assert cleaned.content_type == ContentType.PNG
    with Image.open(io.BytesIO(cleaned.data)) as after:
        assert after.format == "PNG"
        assert getattr(after, "text", {}) == {}
        assert after.size == (64, 48)
    assert files.TEXT_CANARY.encode() not in cleaned.data


def test_a_pdf_keeps_its_pages_and_loses_its_author_title_and_xmp() -> None:
    original = files.pdf_with_author()
    assert files.PDF_CANARY.encode() in original

    cleaned = cleaning.clean(original)

    assert cleaned.content_type == ContentType.PDF
    reader = PdfReader(io.BytesIO(cleaned.data))
    assert reader.metadata is None
    assert "/Metadata" not in reader.root_object
    assert len(reader.pages) == 1
    assert b"(Lemums) Tj" in reader.pages[0].get_contents().get_data()  # type: ignore[union-attr]
    assert files.PDF_CANARY.encode() not in cleaned.data


def test_a_jpeg_with_a_zip_appended_is_re_encoded_and_the_zip_is_gone() -> None:
    original = files.jpeg_with_zip()
    assert zipfile.is_zipfile(io.BytesIO(original))

    cleaned = cleaning.clean(original)

    assert cleaned.content_type == ContentType.JPEG
    assert not zipfile.is_zipfile(io.BytesIO(cleaned.data))
    assert b"PK\x03\x04" not in cleaned.data
    assert b"CANARY-ZIP-PAYLOAD" not in cleaned.data


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (files.pdf_with_open_action_javascript, texts.PDF_ACTIVE_CONTENT),
        (files.pdf_with_launch_annotation, texts.PDF_ACTIVE_CONTENT),
        (files.encrypted_pdf, texts.PDF_ENCRYPTED),
        (files.pdf_with_zip, texts.PDF_TRAILING_DATA),
    ],
    ids=["open-action-javascript", "launch-link", "encrypted", "zip-appended"],
)
def test_dangerous_pdfs_are_refused_saying_why(build: object, message: object) -> None:
    assert callable(build)

    error = _refusal(build())

    assert error.messages == [str(message)]


@pytest.mark.parametrize(
    "data",
    [files.html_named_pdf(), files.EICAR, b"PK\x03\x04" + b"\x00" * 40, b"GIF89a" + b"\x00" * 40],
    ids=["html-named-pdf", "eicar", "zip", "gif"],
)
def test_anything_but_pdf_jpeg_and_png_is_refused_by_its_content(data: bytes) -> None:
    error = _refusal(data)

    assert error.messages == [str(texts.NOT_ACCEPTED_TYPE)]


@pytest.mark.parametrize(
    ("width", "height"),
    [(100_000, 100_000), (10_000, 10_000), (8_000, 6_000)],
    ids=["over-twice-pillows-limit", "over-pillows-limit", "over-ours"],
)
def test_a_png_declaring_huge_dimensions_is_refused_before_its_pixels_are_read(
    width: int, height: int
) -> None:
    error = _refusal(files.png_bomb(width, height))

    assert error.messages == [str(texts.IMAGE_TOO_LARGE % {"megapixels": 40})]


def test_an_oversize_file_is_refused_with_the_limit() -> None:
    data = files.plain_png() + b"\x00" * cleaning.MAX_BYTES

    error = _refusal(data)

    assert error.messages == [str(texts.TOO_LARGE % {"limit": 10})]


def test_a_truncated_picture_is_refused_as_damaged() -> None:
    error = _refusal(files.plain_jpeg()[:40])

    assert error.messages == [str(texts.DAMAGED % {"type": "JPEG"})]


def test_an_empty_file_is_refused() -> None:
    assert _refusal(b"").messages == [str(texts.EMPTY_FILE)]
