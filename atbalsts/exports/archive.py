"""The export file: an AES-256 encrypted ZIP holding the CSV and a README (docs/security.md EX-3).

Rows are streamed into the encrypted member as they come, so memory stays flat whatever the
number of rows. The watermark (who, when, which export) is the CSV's first line and the
README's text, so a leaked copy names its source.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyzipper
from django.conf import settings

from atbalsts.core.spreadsheets import safe_row

# Lower-case letters and digits without the look-alikes 0 o 1 l i: read out over the phone.
_PASSPHRASE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 — an alphabet, not a secret
_PASSPHRASE_GROUPS = 6
_PASSPHRASE_GROUP_LENGTH = 4  # 24 random characters from 31: about 119 bits
AES_BITS = 256


def new_passphrase() -> str:
    """A system-generated passphrase of 24 random characters in groups of four."""
    return "-".join(
        "".join(secrets.choice(_PASSPHRASE_ALPHABET) for _ in range(_PASSPHRASE_GROUP_LENGTH))
        for _ in range(_PASSPHRASE_GROUPS)
    )


def new_file_name() -> str:
    """A random name that says nothing of the file's content or owner."""
    return f"{secrets.token_hex(16)}.zip"


def exports_dir() -> Path:
    """The directory of export files, outside any web root, readable by this user only."""
    directory = Path(settings.EXPORTS_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)
    return directory


def file_path(file_name: str) -> Path:
    # The name is ours (new_file_name); refuse anything that could leave the directory.
    if not file_name or os.sep in file_name or file_name.startswith("."):
        raise ValueError("Not an export file name.")
    return exports_dir() / file_name


@dataclass(frozen=True)
class Watermark:
    export_uuid: str
    username: str
    full_name: str
    organisation: str
    created_at: str

    def line(self) -> str:
        return (
            f"Atbalsts eksports {self.export_uuid}; sagatavots {self.created_at} "
            f"lietotājam {self.username} ({self.full_name}, {self.organisation}); konfidenciāli"
        )


def readme_text(*, watermark: Watermark, title: str, row_count: int, notes: str = "") -> str:
    text = (
        f"{title}\n\n"
        f"Eksporta ID: {watermark.export_uuid}\n"
        f"Lietotājs: {watermark.username} ({watermark.full_name})\n"
        f"Organizācija: {watermark.organisation}\n"
        f"Sagatavots: {watermark.created_at}\n"
        f"Rindu skaits: {row_count}\n\n"
        "Konfidenciāli. Šajā datnē ir ziņas par cilvēku tirdzniecības upuriem. Neglabājiet to "
        "ilgāk, nekā nepieciešams norādītajam mērķim, un nenododiet to tālāk. Datnes pirmajā "
        "rindā ir šī eksporta ūdenszīme.\n\n"
        "Confidential. This file holds information on victims of human trafficking. Keep it no "
        "longer than its stated purpose needs and do not pass it on. The first line of the CSV "
        "is this export's watermark.\n"
    )
    return f"{text}\n{notes}\n" if notes else text


_FLUSH_EVERY = 256


def write_archive(
    path: Path,
    *,
    passphrase: str,
    csv_name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    watermark: Watermark,
    title: str,
    notes: Callable[[], str] | None = None,
) -> int:
    """Write the encrypted archive at ``path`` (a new file, mode 0600); returns the rows written.

    The CSV is UTF-8 with a byte-order mark, so that spreadsheet programs read Latvian letters.
    Every cell goes through :func:`safe_row`: values people typed never run as formulas.
    ``notes`` gives more README text once the rows are written (what their protection cost).
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    count = 0
    with (
        os.fdopen(descriptor, "wb") as raw,
        pyzipper.AESZipFile(
            raw, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
        ) as archive,
    ):
        archive.setpassword(passphrase.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=AES_BITS)
        with archive.open(csv_name, "w") as member:
            text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
            writer = csv.writer(text)
            writer.writerow(safe_row([watermark.line()]))
            writer.writerow(safe_row(header))
            for row in rows:
                writer.writerow(safe_row(row))
                count += 1
                if count % _FLUSH_EVERY == 0:
                    # Hand the buffered text to the compressor: memory stays flat.
                    text.flush()
            text.flush()
            text.detach()
        archive.writestr(
            "README.txt",
            readme_text(
                watermark=watermark,
                title=title,
                row_count=count,
                notes=notes() if notes is not None else "",
            ),
        )
    return count
