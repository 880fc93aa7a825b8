"""The statistics charts are real bar charts: read back from the SVG the page sends, bars
are as wide as their counts say, hidden cells have no bar, labels never overlap; and the
page says why a download is missing (docs/security.md EX-1)."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import Organisation, User
from atbalsts.cases.models import Case
from atbalsts.exports.models import ExportGrant
from atbalsts.statistics import charts, texts
from atbalsts.statistics.tables import SPECS, PublishedRow, PublishedTable
from tests.statistics.conftest import YEAR

INDEX = reverse("statistics:index")
PERIOD = {"year": str(YEAR), "quarter": "4"}
# A glyph of the chart's sans-serif face is at most this wide on average, in em.
GLYPH_EM = 0.6


def _table(name: str, values: list[int | str]) -> PublishedTable:
    spec = next(spec for spec in SPECS if spec.name == name)
    rows = tuple(
        PublishedRow(code=code, label=label, value=value)
        for (code, label), value in zip(spec.categories, values, strict=True)
    )
    total = PublishedRow(code="total", label="Total", value="x")
    return PublishedTable(spec=spec, rows=rows, total=total)


def _svg(table: PublishedTable, language: str = "lv") -> ET.Element:
    with translation.override(language):
        html = render_to_string(
            "statistics/_chart.html", {"table": table, "chart": charts.bar_chart(table)}
        )
    return _parse(html.strip())


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the SVG this test has just rendered


def _rows(svg: ET.Element) -> list[ET.Element]:
    return [group for group in svg.iter("g") if "bar-chart__row" in group.get("class", "")]


def _value(row: ET.Element) -> str:
    text = next(t for t in row.iter("text") if t.get("class") == "bar-chart__value")
    return (text.text or "").strip()


# Nine categories with long Latvian labels, two hidden cells and two zeros.
FORMS: list[int | str] = [42, "x", 17, "x", 0, 5, 0, 9, 130]


def test_bar_widths_are_proportional_to_the_counts() -> None:
    svg = _svg(_table("exploitation_form", FORMS))

    widths = {}
    for row in _rows(svg):
        bars = row.findall("rect")
        if bars:
            widths[int(_value(row))] = float(bars[0].get("width", "0"))
    assert sorted(widths) == [5, 9, 17, 42, 130]
    ratios = {round(width / count, 3) for count, width in widths.items()}
    assert max(ratios) - min(ratios) < 0.01
    # The longest bar takes most of the room the bars have, not a sliver of it.
    assert widths[130] > 0.8 * charts.WIDTH / 2


def test_hidden_cells_show_the_marker_and_no_bar_and_zeros_no_bar() -> None:
    svg = _svg(_table("exploitation_form", FORMS))

    rows = _rows(svg)
    shown = [_value(row) for row in rows]
    assert shown == ["42", "x", "17", "x", "0", "5", "0", "9", "130"]
    for row, value in zip(rows, FORMS, strict=True):
        has_bar = bool(row.findall("rect"))
        assert has_bar == (isinstance(value, int) and value > 0)


def test_labels_do_not_overlap_each_other_or_the_bars() -> None:
    svg = _svg(_table("exploitation_form", FORMS))

    font = float(svg.get("font-size", "0"))
    bands = []
    for row in _rows(svg):
        label = next(t for t in row.iter("text") if t.get("class") == "bar-chart__label")
        lines = label.findall("tspan")
        for line in lines:
            # Right-aligned at the label column's edge: each line fits left of the bars.
            assert float(line.get("x", "0")) == charts.LABEL_WIDTH
            assert len(line.text or "") * font * GLYPH_EM <= charts.LABEL_WIDTH
        ys = [float(line.get("y", "0")) for line in lines]
        bands.append((min(ys) - font, max(ys) + font * 0.3))
        for bar in row.findall("rect"):
            assert float(bar.get("x", "0")) > charts.LABEL_WIDTH
    for (_top, bottom), (next_top, _bottom) in itertools.pairwise(bands):
        assert bottom <= next_top
    assert any(len(row.findall(".//tspan")) > 1 for row in _rows(svg))


def test_the_chart_is_an_image_with_a_text_alternative() -> None:
    svg = _svg(_table("exploitation_form", FORMS), language="en")

    assert svg.get("role") == "img"
    title = svg.find("title")
    desc = svg.find("desc")
    assert title is not None
    assert desc is not None
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Persons recognised as victims, by form of exploitation" in (title.text or "")
    assert (desc.text or "").startswith("Sexual exploitation: 42; Forced labour: not published;")


@pytest.mark.django_db
def test_the_page_draws_the_bar_of_each_shown_count(
    client_of: Callable[[str], Client],
    recognise_many: Callable[..., list[Case]],
) -> None:
    recognise_many(25)

    html = client_of("ministry_analyst").get(INDEX, PERIOD).content.decode()

    section = html.split('id="title-basis"', 1)[1].split("</section>", 1)[0]
    found = re.search(r"<svg.*?</svg>", section, re.S)
    assert found is not None
    svg = _parse(found.group(0))
    assert [_value(row) for row in _rows(svg)] == ["0", "0", "25"]
    bars = [row.findall("rect") for row in _rows(svg)]
    assert [len(found) for found in bars] == [0, 0, 1]
    assert float(bars[2][0].get("width", "0")) > 0
    assert str(texts.CHART_NO_BARS) not in section
    # No SIVA decision in the period: its chart says why it has no bar.
    decisions = html.split('id="title-decision_outcome"', 1)[1].split("</section>", 1)[0]
    with translation.override("lv"):
        assert str(texts.CHART_NO_BARS) in decisions
    assert "<rect" not in decisions


def _grant(user: User, kind: ExportKind, by: User) -> None:
    ExportGrant.objects.create(user=user, kind=kind.value, granted_by=by)


def _notes(client: Client) -> list[str]:
    html = client.get(INDEX, PERIOD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    block = re.search(r'<div id="download-notes">(.*?)</div>', html, re.S)
    return re.findall(r'<p class="message">([^<]*)</p>', block.group(1)) if block else []


@pytest.mark.django_db
def test_the_page_says_why_a_download_is_missing_and_whom_to_ask(
    client_of: Callable[[str], Client],
    personas: dict[str, User],
    organisations: dict[str, Organisation],
) -> None:
    client = client_of("ministry_analyst")
    with translation.override("en"):
        csv_note = str(texts.DOWNLOAD_NOT_GRANTED) % {
            "format": "CSV",
            "export": "Statistics (CSV)",
        }
        xlsx_note = str(texts.DOWNLOAD_NOT_GRANTED) % {
            "format": "XLSX",
            "export": "Statistics (Excel)",
        }

    assert _notes(client) == [csv_note, xlsx_note]

    _grant(personas["ministry_analyst"], ExportKind.STATISTICS_CSV, personas["system_admin"])
    assert _notes(client) == [xlsx_note]


@pytest.mark.django_db
def test_a_role_that_cannot_be_given_the_export_is_told_so(
    client_of: Callable[[str], Client], monkeypatch: Any
) -> None:
    monkeypatch.setattr("atbalsts.statistics.views.may_be_granted_export", lambda *_: False)

    notes = _notes(client_of("agency_coordinator"))

    with translation.override("en"):
        expected = str(texts.DOWNLOAD_NOT_FOR_ROLE) % {
            "format": "CSV",
            "export": "Statistics (CSV)",
        }
    assert notes[0] == expected
