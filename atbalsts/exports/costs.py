"""What the disclosure control of an export cost, in words: the same lines on the job page
(in the reader's language) and in the archive's README (in Latvian and English)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from django.utils import translation
from django.utils.formats import number_format

from atbalsts.exports import texts


def _percent(count: int, records: int) -> str:
    share = Fraction(count, records) * 100 if records else Fraction(0)
    return number_format(round(float(share), 1), decimal_pos=1)


def _level(column: str, level: int) -> str:
    names = texts.COST_LEVELS[column]
    return str(names[level]) if level < len(names) else str(texts.WITHHELD_LEVEL)


def cost_lines(summary: Mapping[str, Any]) -> list[str]:
    """The lines of ``summary`` (``ReleaseCost.as_summary``) in the active language; none
    for an export without one."""
    if not summary:
        return []
    records = summary["records"]
    lines = []
    if not summary["is_useful"]:
        lines.append(str(texts.NOT_USEFUL))
    lines.append(
        str(texts.COST_SUPPRESSED)
        % {"suppressed": summary["suppressed"], "records": records, "k": summary["k"]}
    )
    lines.append(
        str(texts.COST_SHARES)
        % {
            "age": _percent(summary["age_band"], records),
            "exploitation": _percent(summary["exploitation_type"], records),
        }
    )
    lines.extend(
        str(texts.COST_LEVEL)
        % {"column": texts.COST_COLUMNS[column], "level": _level(column, level)}
        for column, level in summary["levels"].items()
        if column in texts.COST_COLUMNS
    )
    lines.append(
        str(texts.COST_WITHHELD)
        % {"control": summary["control_withheld"], "support": summary["support_withheld"]}
    )
    return lines


def readme_cost(summary: Mapping[str, Any]) -> str:
    """The cost in Latvian, then in English, for the README; empty without a summary."""
    parts = []
    for language in ("lv", "en"):
        with translation.override(language):
            lines = cost_lines(summary)
            if lines:
                parts.append("\n".join([str(texts.COST_HEADING), *lines]))
    return "\n\n".join(parts)
