"""The specialist commission: its composition, how it may hear the person, and what a
positive opinion must cite.

Source: the seed, §"Speciālistu komisijas darbs" ("pakalpojuma sniedzējs izveido speciālistu
komisiju, kurā iekļauj sociālo darbinieku, psihologu, juristu, Valsts policijas amatpersonu
un pēc nepieciešamības pieaicina citus speciālistus"; "intervē personu klātienē vai izmanto
elektroniskos saziņas līdzekļus, ja persona atrodas ārvalstīs"), §"Pirmais posms" (the
commission "var notikt arī izvērtējot personas iesniegtos dokumentus, ja persona atrodas
ārvalstīs"); Cabinet Regulation No. 889, annex 2 (the criteria); docs/domain.md "Recognition".
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

from atbalsts.rules.catalogue import COMMISSION_REQUIRED_ROLES, Codes, Label, require_codes
from atbalsts.rules.citations import MK_889, recommendations
from atbalsts.rules.errors import RuleInputError

COMMISSION_SOURCE = (
    recommendations("Speciālistu komisijas darbs", "The work of the specialist commission")
    .joined(MK_889.annex(2))
    .lv
)

INTERVIEW_MODES: Codes = MappingProxyType(
    {
        "in_person": Label("Klātienē", "In person"),
        "remote": Label(
            "Ar elektroniskajiem saziņas līdzekļiem (persona atrodas ārvalstīs)",
            "Remotely (the person is abroad)",
        ),
        "documents_only": Label(
            "Izvērtējot iesniegtos dokumentus (persona atrodas ārvalstīs)",
            "On the documents alone (the person is abroad)",
        ),
    }
)
"""How the commission hears the person."""

ABROAD_ONLY_MODES = frozenset({"remote", "documents_only"})
"""Modes the seed allows only for a person who is abroad."""


def missing_roles(member_roles: Iterable[str]) -> tuple[str, ...]:
    """The required commission roles (catalogue ``commission_required_roles``) nobody holds,
    in catalogue order. Members of other roles ("other") are allowed and change nothing."""
    present = set(member_roles)
    return tuple(code for code in COMMISSION_REQUIRED_ROLES if code not in present)


def is_complete(member_roles: Iterable[str]) -> bool:
    """Whether the commission has a social worker, a psychologist, a lawyer and a State
    Police official (all four are required by the seed)."""
    return not missing_roles(member_roles)


def check_interview_mode(mode: str, *, is_person_abroad: bool) -> str:
    """``mode`` if the seed allows it: remotely or on documents only for a person abroad."""
    if mode not in INTERVIEW_MODES:
        raise RuleInputError("interview_mode", f"unknown code {mode!r}")
    if mode in ABROAD_ONLY_MODES and not is_person_abroad:
        raise RuleInputError(
            "interview_mode", "only a person who is abroad may be heard remotely or on documents"
        )
    return mode


def check_opinion(*, is_recognised: bool, criteria_items: Iterable[str]) -> tuple[str, ...]:
    """The criteria items found, without repeats, if the opinion may be recorded.

    A positive opinion must cite at least one criteria item of MK 889 annex 2 (the
    commission recognises a person "ja persona" meets the criteria); a negative one may cite
    items too (signs found, but not enough). Items are ``"<group>.<item>"`` codes.
    """
    items = require_codes("criteria", "criteria", criteria_items)
    if is_recognised and not items:
        raise RuleInputError("criteria", "a positive opinion must cite at least one criterion")
    return items
