"""Whether a revision of an already released one-dimensional table may be shown (ST-1).

A released table is frozen: later corrections (a recognition entered with a date inside a
period that was already published) are shown, if at all, as a *revision* beside it. A
reader then holds the release and the revision of the same period and subtracts them, so
the persons added in between are a small table of their own. The revision therefore keeps
the release's pattern exactly (a cell's published state is fixed: a 0 never becomes ``x``,
an ``x`` never becomes 0), and it is checked against every earlier version of the table:

* every hidden cell still holds at least one person, and no shown cell is 1..k-1;
* no shown cell decreases, and none changes by 1..k-1 (a small change of a shown number
  publishes the added persons' category);
* with the releases and the revision together, no hidden cell of the revision can be
  worked out exactly, a hidden count 1..k-1 is not narrowed below k, nothing more is
  learnt about a hidden cell of an earlier version, and the change of a hidden cell is not
  narrowed below k unless it is known to be 0.

Only what was shown is kept of a release (never the counts behind its ``x``), so the
earlier versions enter the check as the numbers they showed; the hidden cells' true counts
of the revision are known and are judged as :mod:`.audit` judges them.
"""

from __future__ import annotations

from collections.abc import Sequence

from atbalsts.disclosure.audit import EXACT, NARROW, SMALL_CHANGE, Problem, Reader, Unknown
from atbalsts.disclosure.tables import MARKER, Cell, FrequencyTable, Publication

Shown = int | str
"""A released number, or :data:`MARKER` (the categories first, the total last)."""

STATE_CHANGED = "state-changed"
DECREASE = "decrease"


def _codes(size: int) -> tuple[str, ...]:
    return tuple(f"c{index}" for index in range(size))


def _hidden(shown: Sequence[Shown]) -> frozenset[Cell]:
    # A one-dimensional table's total row repeats its cells (tables.FrequencyTable).
    return frozenset((row, j) for j, value in enumerate(shown) if value == MARKER for row in (0, 1))


def released_publication(shown: Sequence[Shown], *, k: int) -> Publication:
    """A publication that shows exactly ``shown``: the hidden cells hold stand-in counts
    that agree with the shown total, which only the shown numbers and the pattern of a
    :class:`Reader` ever look at."""
    cells, total = list(shown[:-1]), shown[-1]
    hidden = [j for j, value in enumerate(cells) if value == MARKER]
    counts = [1 if value == MARKER else int(value) for value in cells]
    if total != MARKER and hidden:
        rest = int(total) - sum(counts)
        if rest < 0:
            raise ValueError("the hidden cells of a release hold at least one person each")
        counts[hidden[0]] += rest
    table = FrequencyTable.one_dimensional(_codes(len(cells)), tuple(counts))
    if total != MARKER and table.value((0, len(cells))) != int(total):
        raise ValueError("the shown cells of a release add up to more than its total")
    return Publication(table=table, hidden=_hidden(shown), k=k)


def revised_publication(
    released: Sequence[Shown], current: Sequence[int], *, k: int
) -> Publication:
    """The current true counts under the release's pattern."""
    table = FrequencyTable.one_dimensional(_codes(len(current)), tuple(current))
    return Publication(table=table, hidden=_hidden(released), k=k)


def _is_narrow_change(reader: Reader, unknown: Unknown, k: int) -> bool:
    high = reader.upper(unknown)
    if high is None or high == 0:
        return False  # unbounded, or known to be no change at all
    low = reader.lower(unknown)
    return low < k and high - low < k


def _shown_problems(
    released: Sequence[Sequence[Shown]], candidate: Publication, *, k: int
) -> list[Problem]:
    """The breaches visible in the shown numbers alone: a state that would change, a shown
    cell that would fall or change by 1..k-1 since any earlier version."""
    latest = len(released)
    problems: list[Problem] = []
    for index, shown in enumerate(released):
        if _hidden(shown) != candidate.hidden:
            raise ValueError("every version of a released table has the same pattern")
        for j, was in enumerate(shown):
            now = candidate.table.value((0, j))
            if was == MARKER:
                if now == 0:
                    problems.append(Problem(latest, STATE_CHANGED, (0, j), "x would become 0"))
                continue
            if now < int(was):
                problems.append(Problem(latest, DECREASE, (0, j), f"{was} to {now}"))
            elif 0 < now - int(was) < k:
                problems.append(Problem(index, SMALL_CHANGE, (0, j), f"change {now - int(was)}"))
            if 0 < now < k:
                problems.append(Problem(latest, STATE_CHANGED, (0, j), f"{now} would be shown"))
    return problems


def _hidden_problems(
    versions: tuple[Publication, ...], candidate: Publication, *, k: int
) -> list[Problem]:
    """The breaches a reader finds by solving the releases and the revision together."""
    latest = len(versions)
    problems: list[Problem] = []
    reader = Reader((*versions, candidate))
    earlier = Reader(versions)
    pairs = [Reader((version, candidate)) for version in versions[:-1]]
    for cell in sorted(candidate.hidden):
        unknown: Unknown = ("cell", latest, *cell)
        value = candidate.table.value(cell)
        low, high = reader.lower(unknown), reader.upper(unknown)
        if high == low:
            problems.append(Problem(latest, EXACT, cell, f"cell narrowed to {low}"))
        elif high is not None and 0 < value < k and high - low < k:
            problems.append(Problem(latest, NARROW, cell, f"cell narrowed to {low}..{high}"))
        if _is_narrow_change(reader, ("increment", latest, *cell), k):
            problems.append(Problem(latest, SMALL_CHANGE, cell, "change narrowed below k"))
        for index in range(latest):
            before: Unknown = ("cell", index, *cell)
            if reader.interval(before) != earlier.interval(before):
                problems.append(Problem(index, NARROW, cell, "an earlier version narrowed"))
        for index, pair in enumerate(pairs):
            if _is_narrow_change(pair, ("increment", 1, *cell), k):
                problems.append(Problem(index, SMALL_CHANGE, cell, "change since narrowed"))
    return problems


def revision_problems(
    released: Sequence[Sequence[Shown]], current: Sequence[int], *, k: int
) -> list[Problem]:
    """Every reason the revision of ``current`` (true counts per category) may not be shown
    beside ``released`` (the release and the revisions already shown, oldest first, each
    as shown: categories, then the total). Empty: it may be shown."""
    if not released:
        raise ValueError("a revision needs the release it revises")
    candidate = revised_publication(released[0], current, k=k)
    problems = _shown_problems(released, candidate, k=k)
    if not problems:
        versions = tuple(released_publication(shown, k=k) for shown in released)
        problems = _hidden_problems(versions, candidate, k=k)
    return sorted(set(problems))
