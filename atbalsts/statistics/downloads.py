"""CSV and XLSX files of exactly the tables the page shows (the same protected values).

Both are built in memory and never written to disk. The first line (cell A1) is the
watermark naming the user, the time and the export id (docs/security.md EX-3), the second the
legend of the marker.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from openpyxl import Workbook

from atbalsts.core.spreadsheets import safe_row
from atbalsts.statistics import texts
from atbalsts.statistics.tables import PublishedTable, Shown


def rows(
    tables: Sequence[PublishedTable],
    *,
    watermark: str,
    period_label: str,
    released_on: str = "",
    revisions: Sequence[tuple[str, Sequence[PublishedTable]]] = (),
    withheld: str = "",
) -> Iterator[list[str | Shown]]:
    """The file's lines: watermark, legend, period, the release's date, each table with its
    header, then each revision under its title, and the note of a withheld revision."""
    yield [watermark]
    yield [str(texts.LEGEND)]
    yield [period_label]
    if released_on:
        yield [released_on]
    yield from _tables(tables)
    for title, revised in revisions:
        yield []
        yield [title]
        yield from _tables(revised)
    if withheld:
        yield []
        yield [withheld]


def _tables(tables: Sequence[PublishedTable]) -> Iterator[list[str | Shown]]:
    for table in tables:
        yield []
        yield [str(table.spec.title)]
        yield ["", str(table.spec.unit), *(str(label) for _code, label in table.spec.magnitudes)]
        for row in (*table.rows, table.total):
            yield [str(row.label), row.value, *row.magnitudes]
        if table.share_within_deadline:
            yield [str(texts.SHARE_WITHIN_DEADLINE), table.share_within_deadline]


def as_csv(lines: Iterator[list[str | Shown]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in lines:
        writer.writerow(safe_row(line))
    # A byte-order mark so that spreadsheet programs read the Latvian letters as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(lines: Iterator[list[str | Shown]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.create_sheet("Statistics", 0)
    workbook.remove(workbook.worksheets[1])  # the empty default sheet
    sheet.title = "Statistics"
    for line in lines:
        sheet.append(
            safe_row(value if isinstance(value, int | str) else float(value) for value in line)
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
