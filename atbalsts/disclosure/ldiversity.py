"""Distinct l-diversity of sensitive columns over a k-anonymous release (docs/security.md threat
T5), by withholding a sensitive column in the classes where it is not diverse.

k-anonymity (:mod:`.kanonymity`) stops a reader who knows a person's quasi-identifiers from
finding *their row*; it does not stop them learning a sensitive value when every row of
the person's class holds the same one (the homogeneity attack: Machanavajjhala, Kifer,
Gehrke, Venkitasubramaniam, *l-Diversity: Privacy Beyond k-Anonymity*, ACM TKDD 1(1), 2007).
A sensitive column is **distinct l-diverse** in a published class when the class's rows
hold at least ``l`` distinct values of it. Where a column is not, its cells in that class
are withheld (published as :data:`WITHHELD`); the other columns of the class, and the other
classes, are untouched.

**Guarantee.** In what :func:`release` yields, every published class has at least ``k``
rows, and for every sensitive column each class either holds at least ``l`` distinct values
of it or has it withheld in all of its rows. The second pass counts again and raises
:class:`~atbalsts.disclosure.kanonymity.ReleaseChangedError` if the source changed between
the passes so that either condition would fail.

**Memory.** The first pass keeps, per combination of level-0 quasi-identifier values, its
count and at most ``l`` distinct values of each sensitive column: the union of such capped
sets over a class has at least ``l`` distinct values exactly when the class does (if no member set
was capped, the union is exact; if one was, it alone has ``l``). So memory is bounded by the
number of level-0 combinations, as in :mod:`.kanonymity`, never by the number of records.

**Cost.** :class:`Cost` says what the release gave up: the records suppressed, the level of
each quasi-identifier, the records whose value of a quasi-identifier is still informative,
and the records whose sensitive columns were withheld.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeVar

from atbalsts.disclosure.kanonymity import (
    DEFAULT_MAX_SUPPRESSION,
    SUPPRESSED,
    Generalisation,
    Hierarchy,
    Key,
    ReleaseChangedError,
    choose_least_loss,
)

R = TypeVar("R")
Sensitive = tuple[Hashable, ...]

WITHHELD = SUPPRESSED
"""The cell of a sensitive column withheld in a class that is not l-diverse in it."""


def _capped_add(values: set[Hashable], value: Hashable, cap: int) -> None:
    if len(values) < cap:
        values.add(value)


@dataclass
class Tally:
    """The first pass: records per level-0 key and up to ``l`` distinct values per key of
    each sensitive column."""

    diversity: int  # the l of the definition
    columns: int
    counts: Counter[Key] = field(default_factory=Counter)
    values: dict[Key, tuple[set[Hashable], ...]] = field(default_factory=dict)

    def add(self, key: Key, sensitive: Sensitive) -> None:
        if len(sensitive) != self.columns:
            raise ValueError(f"{self.columns} sensitive values expected, got {len(sensitive)}")
        self.counts[key] += 1
        seen = self.values.setdefault(key, tuple(set() for _ in range(self.columns)))
        for values, value in zip(seen, sensitive, strict=True):
            _capped_add(values, value, self.diversity)


def tally(records: Iterable[tuple[Key, Sensitive]], *, diversity: int, columns: int) -> Tally:
    if diversity < 1:
        raise ValueError("diversity (l) must be at least 1")
    counted = Tally(diversity=diversity, columns=columns)
    for key, sensitive in records:
        counted.add(key, sensitive)
    return counted


@dataclass(frozen=True)
class DiverseRelease:
    """The chosen generalisation and, per sensitive column, the published classes where
    that column is withheld."""

    generalisation: Generalisation
    diversity: int
    withheld: tuple[frozenset[Key], ...]

    def publish(self, key: Key) -> tuple[Key, tuple[bool, ...]] | None:
        """The published values of a record's level-0 ``key`` and, per sensitive column,
        whether its value is published; None if the record is suppressed."""
        general = self.generalisation.publish(key)
        if general is None:
            return None
        return general, tuple(general not in classes for classes in self.withheld)


def choose(
    tallied: Tally,
    hierarchies: Sequence[Hierarchy],
    *,
    k: int,
    max_suppression: Fraction = DEFAULT_MAX_SUPPRESSION,
    weights: Sequence[int] | None = None,
) -> DiverseRelease:
    """The k-anonymous generalisation of least loss (:func:`~.kanonymity.choose_least_loss`),
    and the classes where each sensitive column has fewer than ``l`` distinct values."""
    generalisation = choose_least_loss(
        tallied.counts, hierarchies, k=k, max_suppression=max_suppression, weights=weights
    )
    merged: dict[Key, tuple[set[Hashable], ...]] = {}
    for key, seen in tallied.values.items():
        general = generalisation.publish(key)
        if general is None:
            continue
        union = merged.setdefault(general, tuple(set() for _ in range(tallied.columns)))
        for values, more in zip(union, seen, strict=True):
            for value in more:
                _capped_add(values, value, tallied.diversity)
    withheld = tuple(
        frozenset(general for general, union in merged.items() if len(union[i]) < tallied.diversity)
        for i in range(tallied.columns)
    )
    return DiverseRelease(
        generalisation=generalisation, diversity=tallied.diversity, withheld=withheld
    )


def release(
    records: Iterable[R],
    *,
    key: Callable[[R], Key],
    sensitive: Callable[[R], Sensitive],
    chosen: DiverseRelease,
) -> Iterator[tuple[R, Key, tuple[bool, ...]]]:
    """The second pass: each published record, its generalised quasi-identifiers and which
    of its sensitive columns are published.

    Raises :class:`ReleaseChangedError` at the end if a published class got fewer than k
    records, or a sensitive column published in a class got fewer than l distinct values.
    """
    sizes: Counter[Key] = Counter()
    seen: dict[Key, tuple[set[Hashable], ...]] = {}
    for record in records:
        published = chosen.publish(key(record))
        if published is None:
            continue
        general, shown = published
        sizes[general] += 1
        values = seen.setdefault(general, tuple(set() for _ in shown))
        for column, value in zip(values, sensitive(record), strict=True):
            _capped_add(column, value, chosen.diversity)
        yield record, general, shown
    k = chosen.generalisation.k
    short = [general for general, count in sizes.items() if count < k]
    if short:
        raise ReleaseChangedError(f"{len(short)} published class(es) fell below k={k}")
    uniform = [
        general
        for general, values in seen.items()
        for i, column in enumerate(values)
        if general not in chosen.withheld[i] and len(column) < chosen.diversity
    ]
    if uniform:
        raise ReleaseChangedError(
            f"{len(uniform)} published column(s) fell below l={chosen.diversity} between passes"
        )


def anonymise(
    source: Callable[[], Iterable[R]],
    *,
    key: Callable[[R], Key],
    sensitive: Callable[[R], Sensitive],
    columns: int,
    hierarchies: Sequence[Hierarchy],
    k: int,
    diversity: int,
    max_suppression: Fraction = DEFAULT_MAX_SUPPRESSION,
    weights: Sequence[int] | None = None,
) -> tuple[DiverseRelease, Iterator[tuple[R, Key, tuple[bool, ...]]]]:
    """Both passes over ``source()``: the first now, the second as the iterator is read."""
    tallied = tally(
        ((key(r), sensitive(r)) for r in source()), diversity=diversity, columns=columns
    )
    chosen = choose(tallied, hierarchies, k=k, max_suppression=max_suppression, weights=weights)

    def second_pass() -> Iterator[tuple[R, Key, tuple[bool, ...]]]:
        yield from release(source(), key=key, sensitive=sensitive, chosen=chosen)

    return chosen, second_pass()


@dataclass(frozen=True)
class Cost:
    """What a release gave up, from the first pass's counts (the second pass raises if the
    records it publishes differ)."""

    records: int
    suppressed: int
    levels: tuple[int, ...]
    tops: tuple[int, ...]
    # Per quasi-identifier: published records whose value says something.
    informative: tuple[int, ...]
    # Per sensitive column: published records where it is withheld.
    withheld: tuple[int, ...]

    @property
    def published(self) -> int:
        return self.records - self.suppressed

    def share(self, count: int) -> Fraction:
        """``count`` as a share of all records (suppressed ones included)."""
        return Fraction(count, self.records) if self.records else Fraction(0)


def cost(chosen: DiverseRelease, *, uninformative: Collection[Hashable] = (SUPPRESSED,)) -> Cost:
    """The cost of ``chosen``; a published value in ``uninformative`` (``*``, "unknown")
    says nothing of the record."""
    generalisation = chosen.generalisation
    classes = generalisation.classes
    informative = tuple(
        sum(count for general, count in classes.items() if general[i] not in uninformative)
        for i in range(len(generalisation.hierarchies))
    )
    withheld = tuple(sum(classes[general] for general in column) for column in chosen.withheld)
    return Cost(
        records=generalisation.records,
        suppressed=generalisation.suppressed,
        levels=generalisation.levels,
        tops=tuple(h.top for h in generalisation.hierarchies),
        informative=informative,
        withheld=withheld,
    )
