"""Statistical disclosure control for published statistics (docs/security.md ST-1, threat T5).

Pure Python, no Django, no numeric library. Latvia recognises a few dozen victims a year,
so a careless table names a person.

* :class:`FrequencyTable` - the true counts (one or two dimensions); its margins are
  derived, never supplied, so they always agree with the cells.
* :func:`protect` ``(table, *, k=5, previous=None) -> Publication`` - primary and secondary
  suppression (:mod:`.suppression`). ``k`` is 5 nationally (:data:`NATIONAL_K`) and 10 below
  national level (:data:`SUBNATIONAL_K`).
* :meth:`Publication.published_grid` - the only thing that leaves the server: true counts
  and one marker, :data:`MARKER` ``"x"``, for every hidden cell. Small and protecting cells
  look the same, so the marker itself does not say which hidden cells are small.
* :func:`check_published` ``(publication) -> list[Problem]`` - the audit (:mod:`.audit`):
  empty means the publication, with all earlier periods of its series, keeps ST-1.
* :func:`group_masked_grid` ``(publication) -> grid`` - the published grid with every small
  group whose members all share one category masked (:mod:`.groups`): what is shown.

Across periods (scope): ``previous`` links the periods of one **cumulative** series (for
example year-to-date by quarter, or a running total since the register began). Then a
reader can subtract periods, so each increment between two consecutive periods is a count
of persons too: an increment 1..k-1 is neither published by subtraction nor narrowed below
k, and the already published earlier periods are never changed, only more of the current
one is hidden. The whole chain of earlier periods takes part. Disjoint periods (this
quarter's new cases, next quarter's new cases) share no equation and are protected one by
one with ``previous=None``; so is the first period of a new year-to-date series.
Publishing disjoint period tables *together with* a cumulative table over them adds
equations this engine does not model: publish one series or the other, not both.
"""

from __future__ import annotations

from atbalsts.disclosure.audit import Interval, Problem, Reader, check_published
from atbalsts.disclosure.groups import GROUP_FACTOR, group_masked_grid
from atbalsts.disclosure.suppression import DisclosureError, protect
from atbalsts.disclosure.tables import (
    MARKER,
    NATIONAL_K,
    SUBNATIONAL_K,
    TOTAL,
    Cell,
    FrequencyTable,
    Publication,
)

__all__ = [
    "GROUP_FACTOR",
    "MARKER",
    "NATIONAL_K",
    "SUBNATIONAL_K",
    "TOTAL",
    "Cell",
    "DisclosureError",
    "FrequencyTable",
    "Interval",
    "Problem",
    "Publication",
    "Reader",
    "check_published",
    "group_masked_grid",
    "protect",
]
