"""What an uploaded file is, read from its bytes, and a clean copy of it (docs/security.md FU-1,
DP-7; OWASP File Upload Cheat Sheet).

The type comes from the content alone (the magic bytes, then a full parse); the name and the
browser's content type are never looked at. Only PDF, JPEG and PNG are accepted, and none is
stored as uploaded:

* a picture is decoded and encoded again from its pixels alone: EXIF (with the GPS
  location), XMP, ICC profiles, comments and text chunks do not survive, and neither does
  anything appended to the file (a ZIP after a JPEG's end is simply not in the new file);
* a PDF is parsed; an encrypted one, or one with scripts, automatic actions, launch actions
  or embedded files, or with data appended after its end, is refused; the rest is written
  again page by page without the document information (/Info) and without XMP metadata.

There is no virus scanner on the server. Re-encoding pictures and refusing active PDF
content remove the usual carriers; a scanner (e.g. clamd) would go here, before anything is
stored, when one is installed.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from atbalsts.attachments import texts
from atbalsts.attachments.models import ContentType

# 10 MB: a scanned decision of a few pages or a phone photograph fits. The reverse proxy in
# front of Atbalsts must cap the request body too (e.g. nginx client_max_body_size 11m), so an
# oversize body is refused before Django reads it.
MAX_BYTES = 10 * 1024 * 1024
# A picture is decoded whole into memory: 40 megapixels (an A4 page at 600 dpi is about 35)
# takes about 120 MB as RGB. A file claiming more is refused before its pixels are read.
MAX_PIXELS = 40_000_000
# Objects a PDF may have before it is refused as too complex to check.
MAX_PDF_OBJECTS = 100_000

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Keys that make a PDF do something by itself: run JavaScript, act on opening or on events,
# start programs, carry or submit files, play rich media (PDF 32000-1:2008 §12.6, §7.11.4).
ACTIVE_PDF_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/Launch",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
    }
)
# Metadata removed from every dictionary of the rewritten PDF (XMP streams, application data).
PDF_METADATA_KEYS = (NameObject("/Metadata"), NameObject("/PieceInfo"))


@dataclass(frozen=True)
class CleanFile:
    content_type: ContentType
    data: bytes


def detect(data: bytes) -> ContentType | None:
    """The accepted type the bytes start like, or None."""
    if data.startswith(PDF_MAGIC):
        return ContentType.PDF
    if data.startswith(JPEG_MAGIC):
        return ContentType.JPEG
    if data.startswith(PNG_MAGIC):
        return ContentType.PNG
    return None


def clean(data: bytes) -> CleanFile:
    """The clean copy of an uploaded file, or a ValidationError saying why it is refused."""
    if not data:
        raise ValidationError(texts.EMPTY_FILE, code="empty")
    if len(data) > MAX_BYTES:
        raise ValidationError(
            texts.TOO_LARGE, code="too_large", params={"limit": MAX_BYTES // (1024 * 1024)}
        )
    content_type = detect(data)
    if content_type is None:
        raise ValidationError(texts.NOT_ACCEPTED_TYPE, code="type")
    if content_type == ContentType.PDF:
        return CleanFile(content_type, clean_pdf(data))
    return CleanFile(content_type, clean_image(data, content_type))


# Pictures ---------------------------------------------------------------------------------


_PILLOW_FORMATS = {ContentType.JPEG: {"JPEG", "MPO"}, ContentType.PNG: {"PNG"}}


def _damaged(content_type: ContentType) -> ValidationError:
    return ValidationError(texts.DAMAGED, code="damaged", params={"type": content_type.label})


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        texts.IMAGE_TOO_LARGE, code="pixels", params={"megapixels": MAX_PIXELS // 1_000_000}
    )


def clean_image(data: bytes, content_type: ContentType) -> bytes:
    """The picture encoded again from its pixels, in the same format, with no metadata."""
    try:
        with warnings.catch_warnings():
            # Pillow warns between its limit and twice it, and raises above; both are refusals.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                if opened.format not in _PILLOW_FORMATS[content_type]:
                    raise _damaged(content_type)
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise _too_many_pixels()
                opened.load()
                # The EXIF orientation goes with the EXIF: turn the pixels upright first.
                upright = ImageOps.exif_transpose(opened)
                pixels = _pixels_only(upright, content_type)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise _damaged(content_type) from None
    out = io.BytesIO()
    if content_type == ContentType.JPEG:
        pixels.save(out, "JPEG", quality=90, optimize=True)
    else:
        pixels.save(out, "PNG", optimize=True)
    cleaned = out.getvalue()
    _check_image_is_bare(cleaned)
    return cleaned


def _pixels_only(image: Image.Image, content_type: ContentType) -> Image.Image:
    """A new image holding the pixels and nothing of the original's ``info``."""
    if image.mode in {"P", "PA"}:
        has_alpha = image.mode == "PA" or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    if content_type == ContentType.JPEG and image.mode not in {"L", "RGB", "CMYK"}:
        image = image.convert("RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


_METADATA_INFO_KEYS = frozenset({"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"})


def _check_image_is_bare(cleaned: bytes) -> None:
    """The re-encoded picture has no metadata: a belt-and-braces check of the encoder."""
    with Image.open(io.BytesIO(cleaned)) as image:
        left = _METADATA_INFO_KEYS & {str(key) for key in image.info}
        text = getattr(image, "text", {})
        if len(image.getexif()) or left or text:
            raise RuntimeError(f"Metadata survived re-encoding: {sorted(left)}.")


# PDFs ---------------------------------------------------------------------------------------


def clean_pdf(data: bytes) -> bytes:
    """The PDF written again page by page, without /Info and XMP; refused if encrypted,
    active or followed by appended data."""
    if data[data.rfind(b"%%EOF") + len(b"%%EOF") :].strip() or b"%%EOF" not in data:
        raise ValidationError(texts.PDF_TRAILING_DATA, code="trailing_data")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(texts.PDF_ENCRYPTED, code="encrypted")
        if _has_active_content(reader):
            raise ValidationError(texts.PDF_ACTIVE_CONTENT, code="active_content")
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.metadata = None
        _strip_metadata(writer)
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise _damaged(ContentType.PDF) from None
    cleaned = out.getvalue()
    _check_pdf_is_bare(cleaned)
    return cleaned


def _walk(root: Any) -> Iterator[DictionaryObject]:
    """Every dictionary reachable from ``root``, each indirect object visited once."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise ValidationError(texts.PDF_TOO_COMPLEX, code="too_complex")
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _has_active_content(reader: PdfReader) -> bool:
    for dictionary in _walk(reader.trailer):
        if ACTIVE_PDF_KEYS & set(dictionary.keys()):
            return True
        if dictionary.get("/S") in {"/JavaScript", "/Launch"}:
            return True
        # An opening action (not a mere destination to open at) runs without a click.
        open_action = dictionary.get("/OpenAction")
        if open_action is not None and isinstance(open_action.get_object(), DictionaryObject):
            return True
    return False


def _strip_metadata(writer: PdfWriter) -> None:
    """No XMP or application data anywhere, and no opening destination either."""
    root = writer.root_object
    root.pop(NameObject("/OpenAction"), None)
    for dictionary in list(_walk(root)):
        for key in PDF_METADATA_KEYS:
            dictionary.pop(key, None)


def _check_pdf_is_bare(cleaned: bytes) -> None:
    reader = PdfReader(io.BytesIO(cleaned))
    if reader.metadata or "/Metadata" in reader.root_object or "/Info" in reader.trailer:
        raise RuntimeError("Metadata survived rewriting the PDF.")
