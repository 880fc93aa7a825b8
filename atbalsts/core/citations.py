"""The rules' citations and rule sets in the reader's language (pages, messages, PDFs)."""

from __future__ import annotations

from django.utils import translation

from atbalsts.rules.catalogue import RULE_SET_LABELS
from atbalsts.rules.citations import citation_in


def _language() -> str:
    return (translation.get_language() or "lv").split("-")[0]


def cited(rule: str) -> str:
    """Where a rule is written (a citation the rules made), as the reader reads law."""
    return citation_in(rule, _language())


def rule_set_title(rule_set_id: str) -> str:
    """The regulation's name, never its id."""
    label = RULE_SET_LABELS.get(rule_set_id)
    return label.get(_language()) if label is not None else ""
