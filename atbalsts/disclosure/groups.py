"""Group disclosure: a small group whose members all share one category (docs/security.md ST-1,
threat T5).

Small-cell suppression protects counts, not attributes. In a line of a table (a row, a
column, or the totals of one dimension) where one category holds the whole line total and
every other category is 0, the printed zeros tell each member of the group their
attribute: "all 14 persons recognised in the first quarter were Latvian citizens" names
the citizenship of each of them, whatever the size of the count (ESSnet *Handbook on SDC*,
frequency tables: group attribute disclosure). :func:`group_masked_grid` shows such a line
with the marker, :data:`atbalsts.disclosure.MARKER`, in every category cell, the zeros and
the full cell alike, so the reader keeps only the line total.

Which groups: a line total of 1 or more and below ``GROUP_FACTOR * k``. A group fact about
many persons points at nobody in particular, and every table has real structural zeros
(no minors among the adults); a group fact about few persons is a fact about each of them.
With ``k = 5`` nationally the bound is 20, above the number of persons recognised in a
quarter (Latvia recognises a few dozen a year), so every quarterly national table is
covered; below national level (``k = 10``) it is 40.

The masking works on what is published, after suppression (:func:`atbalsts.disclosure.
protect`), and only ever adds markers: the reader then cannot assume that a marker holds
at least one person, which only widens what they can work out, so everything suppression
guaranteed still holds. Whether the group fact can still be worked out from the other
published numbers (in two dimensions, a masked zero can be pinned by its column) is checked
by the same linear programme as the audit (:class:`atbalsts.disclosure.audit.Reader`, every
marker at least 0); when it can, every category cell of the table is masked and only the
grand total is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from atbalsts.disclosure.audit import Reader
from atbalsts.disclosure.tables import MARKER, Cell, FrequencyTable, Publication

GROUP_FACTOR = 4
"""A line total below ``GROUP_FACTOR * k`` is a small group (see the module's docstring)."""


@dataclass(frozen=True)
class Line:
    """The category cells of one row or column of the extended table, and its total."""

    cells: tuple[Cell, ...]
    total: Cell


def lines(table: FrequencyTable) -> tuple[Line, ...]:
    """Every row and every column of the extended table, the total row and column too."""
    rows, columns = table.shape
    found = [Line(tuple((i, j) for j in range(columns)), (i, columns)) for i in range(rows + 1)]
    found += [Line(tuple((i, j) for i in range(rows)), (rows, j)) for j in range(columns + 1)]
    return tuple(found)


def complete_groups(table: FrequencyTable, *, k: int, factor: int = GROUP_FACTOR) -> list[Line]:
    """The lines of two categories or more in which one category holds the whole total, a
    total of 1 to ``factor * k - 1`` persons."""
    return [
        line
        for line in lines(table)
        if len(line.cells) > 1
        and 0 < table.value(line.total) < factor * k
        and sum(1 for cell in line.cells if table.value(cell) > 0) == 1
    ]


def _full_cell(table: FrequencyTable, line: Line) -> Cell:
    return next(cell for cell in line.cells if table.value(cell) > 0)


def _group_known(publication: Publication, groups: list[Line]) -> bool:
    """Can a reader of ``publication`` (a marker is at least 0) still work out that one of
    ``groups`` lies entirely in one category? Its full cell must be among the hidden."""
    reader = Reader((replace(publication, previous=None),), hidden_are_nonzero=False)
    table = publication.table
    return any(
        reader.lower(("cell", 0, *_full_cell(table, line))) == table.value(line.total)
        for line in groups
    )


def group_masks(publication: Publication, *, factor: int = GROUP_FACTOR) -> frozenset[Cell]:
    """The cells to show with the marker: the suppressed ones and those of every small
    complete group, or every cell but the grand total when that is not enough."""
    table = publication.table
    groups = complete_groups(table, k=publication.k, factor=factor)
    if not groups:
        return publication.hidden
    masked = publication.hidden | {cell for line in groups for cell in line.cells}
    if not _group_known(replace(publication, hidden=masked), groups):
        return masked
    rows, columns = table.shape
    return frozenset(cell for cell in table.cells if cell != (rows, columns))


def group_masked_grid(
    publication: Publication, *, factor: int = GROUP_FACTOR
) -> tuple[tuple[int | str, ...], ...]:
    """:meth:`Publication.published_grid` with small complete groups masked: what may be
    shown."""
    masked = group_masks(publication, factor=factor)
    return tuple(
        tuple(MARKER if (i, j) in masked else value for j, value in enumerate(row))
        for i, row in enumerate(publication.table.grid)
    )
