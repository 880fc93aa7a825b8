"""A screening as a page shows it, in the reader's language: the rules' answer with the
source of each conclusion, and the recorded code lists by their labels. Shared by the
screening pages and by the referral page that shows the screening to the recipient
(atbalsts.consent.views.referral_detail)."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext, pgettext

from atbalsts.core.citations import cited, rule_set_title
from atbalsts.rules.catalogue import CRITERIA_GROUPS, CRITERIA_ITEMS, LISTS
from atbalsts.rules.screening import ScreeningResult
from atbalsts.screening.models import CODE_LISTS, Screening


def _language() -> str:
    return translation.get_language() or "lv"


def _missing_elements(result: ScreeningResult) -> str:
    """The elements of the legal definition not yet found, as a list the reader can read."""
    definition = result.definition
    missing = []
    if not definition.act:
        missing.append(gettext("act"))
    if definition.means_required and not definition.means:
        missing.append(gettext("means"))
    if not definition.purpose:
        # Section 154.2 speaks of the purpose as "nolūks"; "purpose" alone is a consent's "mērķis".
        missing.append(pgettext("legal definition", "purpose"))
    return ", ".join(missing)


def screening_answer(result: ScreeningResult) -> dict[str, Any]:
    """The rules engine's answer in the reader's language, each conclusion with its source."""
    is_latvian = _language().startswith("lv")
    return {
        "result": result,
        "rule_set": rule_set_title(result.rule_set),
        "groups": [CRITERIA_GROUPS[code].get(_language()) for code in result.criteria_groups_met],
        "missing": _missing_elements(result),
        "explanations": [
            (item.text_lv if is_latvian else item.text_en, cited(item.source))
            for item in result.explanation
        ],
    }


def screening_recorded(
    screening: Screening, *, can_see_health: bool
) -> list[tuple[str, list[str]]]:
    """(field label, labels of its codes) for every code list the reader may see."""
    rows = []
    for field, list_name in CODE_LISTS.items():
        if field == "health_issues" and not can_see_health:
            continue
        codes = screening.codes(field)
        labels = CRITERIA_ITEMS if field == "criteria" else LISTS[list_name]
        names = [labels[code].get(_language()) for code in codes]
        label = getattr(Screening._meta.get_field(field), "verbose_name", field)
        rows.append((str(label), names))
    return rows
