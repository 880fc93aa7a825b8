"""Test files built in memory: good documents carrying canaries in their metadata, and the
malicious or broken ones FU-1 names (polyglot, oversize, decompression bomb, EICAR)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import ExifTags, Image, PngImagePlugin
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject, TextStringObject

GPS_CANARY = "CanaryCam-GPS-7Q"
TEXT_CANARY = "CANARY-PNG-TEXT"
PDF_CANARY = "CANARY"
PAGE_TEXT = "Lēmums par personas atzīšanu par cietušo"
# The anti-virus test file (eicar.org): harmless, recognised by every scanner.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _picture(size: tuple[int, int] = (64, 48)) -> Image.Image:
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 40, 200), (0, 0, size[0] // 2, size[1] // 2))
    return image


def geotagged_jpeg() -> bytes:
    """A JPEG with a camera make, a GPS position in Rīga, a comment and a rotation."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = GPS_CANARY
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (56.0, 57.0, 1.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (24.0, 6.0, 2.0)
    out = io.BytesIO()
    _picture().save(out, "JPEG", exif=exif, comment=GPS_CANARY.encode())
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", TEXT_CANARY)
    info.add_itxt("Comment", TEXT_CANARY)
    out = io.BytesIO()
    _picture().save(out, "PNG", pnginfo=info)
    return out.getvalue()


def jpeg_with_zip() -> bytes:
    """A JPEG followed by a ZIP archive: a valid picture and a valid archive at once."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("payload.txt", "CANARY-ZIP-PAYLOAD")
    out = io.BytesIO()
    _picture().save(out, "JPEG")
    return out.getvalue() + archive.getvalue()


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header declares ``width`` by ``height`` pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def _pdf(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _writer_with_page() -> PdfWriter:
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    content = StreamObject()
    content.set_data(b"BT /F1 12 Tf 72 770 Td (Lemums) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    return writer


def pdf_with_author() -> bytes:
    """A one-page PDF with /Info Author, Title and Producer and an XMP stream, all canaries."""
    writer = _writer_with_page()
    writer.add_metadata({"/Author": PDF_CANARY, "/Title": f"{PDF_CANARY}-TITLE"})
    xmp = StreamObject()
    xmp.set_data(f"<x:xmpmeta><dc:creator>{PDF_CANARY}-XMP</dc:creator></x:xmpmeta>".encode())
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    return _pdf(writer)


def pdf_with_open_action_javascript() -> bytes:
    writer = _writer_with_page()
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x');"),
        }
    )
    return _pdf(writer)


def pdf_with_launch_annotation() -> bytes:
    """A link on the page that starts a program when clicked."""
    writer = _writer_with_page()
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/A"): action,
        }
    )
    from pypdf.generic import ArrayObject

    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return _pdf(writer)


def encrypted_pdf() -> bytes:
    writer = _writer_with_page()
    writer.encrypt(user_password="", owner_password="secret")
    return _pdf(writer)


def pdf_with_zip() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("payload.txt", "CANARY-ZIP-PAYLOAD")
    return pdf_with_author() + archive.getvalue()


def html_named_pdf() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.7</body></html>"


def plain_jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    _picture(size).save(out, "JPEG")
    return out.getvalue()


def plain_png() -> bytes:
    out = io.BytesIO()
    _picture().save(out, "PNG")
    return out.getvalue()
