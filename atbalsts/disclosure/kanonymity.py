"""k-anonymity of case-level microdata by full-domain generalisation (docs/security.md threat T5:
"where microdata must be released, release synthetic or k-anonymous data (CTDC)").

Each quasi-identifier (QI) has a :class:`Hierarchy`: level 0 is the value as collected, each
further level a coarser value computed from it (age 34 -> "33-37" -> "28-37" -> "18+" -> "*").
Full-domain generalisation publishes every record of a QI at the same level, so a choice is
a vector of levels, one per QI; these vectors form the generalisation lattice (Samarati,
*Protecting respondents' identities in microdata release*, IEEE TKDE 13(6), 2001; LeFevre,
DeWitt, Ramakrishnan, *Incognito*, SIGMOD 2005). Records in a combination of published
values (an equivalence class) seen fewer than ``k`` times are suppressed: dropped from the
release and counted.

**Guarantee.** Let ``n`` be the number of records, ``limit = floor(n * max_suppression)``,
and for a level vector ``L`` let ``suppressed(L)`` be the number of records in classes of
size below ``k``. :func:`choose_levels` examines *every* vector of the lattice and returns
the ``L`` with ``suppressed(L) <= limit`` that is smallest in the order

    (loss(L), suppressed(L), L)    where loss(L) = sum(L[i] / top[i])

(``top[i]`` the highest level of QI ``i``; exact fractions, ties broken by fewer suppressed
records, then by the vector itself, so the answer is deterministic). Because ``loss`` grows
strictly whenever one level grows, no other admissible vector lies below the chosen one in
the lattice: in particular no single QI can be made less general without suppressing more
than ``limit`` records. If no vector meets the limit, the top of the lattice (every QI at its
highest level, which suppresses the fewest records, see below) is returned.

Generalising never splits a class (each level is a function of the level below it, see
:class:`Hierarchy`), so classes only merge going up: ``suppressed`` never increases, which
is why the top suppresses least (Samarati's monotonicity).

**Memory.** Two passes over a source that can be re-created (a callable returning an
iterator): the first counts each combination of level-0 values, the second generalises and
publishes. Only the counts are kept, so memory is bounded by the number of distinct level-0
combinations (the product of the level-0 domain sizes), never by the number of records.
Every published class has at least ``k`` records, whatever happens: the second pass counts
again and raises :class:`ReleaseChangedError` if the source changed between the passes so
that a published class ended below ``k`` (the caller must then discard what it wrote).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeVar

R = TypeVar("R")
Key = tuple[Hashable, ...]
Levels = tuple[int, ...]

SUPPRESSED = "*"
"""The value of a QI generalised away entirely (the usual top level of a hierarchy)."""

DEFAULT_MAX_SUPPRESSION = Fraction(5, 100)
"""At most 5 % of the records may be dropped to keep a finer generalisation (a common
suppression limit in the SDC literature and tools, e.g. ARX's default-style setting)."""


@dataclass(frozen=True)
class Hierarchy:
    """The generalisation hierarchy of one quasi-identifier.

    ``levels[i]`` maps a level-0 value to its value at level ``i + 1``. The hierarchy must
    be *monotone*: two values equal at some level are equal at every higher level (each
    level is a coarsening of the one below). :func:`is_monotone_on` checks this on sample
    values; the property tests check it for every hierarchy in use.
    """

    name: str
    levels: tuple[Callable[[Hashable], Hashable], ...] = ()

    @property
    def top(self) -> int:
        """The highest level (0 when the QI can only be published as collected)."""
        return len(self.levels)

    def generalise(self, value: Hashable, level: int) -> Hashable:
        if not 0 <= level <= self.top:
            raise ValueError(f"{self.name} has levels 0..{self.top}, not {level}")
        return value if level == 0 else self.levels[level - 1](value)


def suppress_all(_value: Hashable) -> Hashable:
    """The usual top level: nothing of the value is published."""
    return SUPPRESSED


def is_monotone_on(hierarchy: Hierarchy, values: Iterable[Hashable]) -> bool:
    """True if, on ``values``, equal values at a level stay equal at every higher level."""
    values = list(values)
    for level in range(hierarchy.top):
        above: dict[Hashable, Hashable] = {}
        for value in values:
            here = hierarchy.generalise(value, level)
            there = hierarchy.generalise(value, level + 1)
            if above.setdefault(here, there) != there:
                return False
    return True


@dataclass(frozen=True)
class Generalisation:
    """The chosen levels and what they publish."""

    hierarchies: tuple[Hierarchy, ...]
    levels: Levels
    k: int
    records: int
    suppressed: int
    # The published classes (generalised combinations with at least k records) and their
    # counts in the first pass.
    classes: Mapping[Key, int] = field(repr=False)

    @property
    def published(self) -> int:
        return self.records - self.suppressed

    def generalise(self, key: Key) -> Key:
        return _generalise(self.hierarchies, self.levels, key)

    def publish(self, key: Key) -> Key | None:
        """The published values of a record's level-0 ``key``; None if it is suppressed."""
        general = self.generalise(key)
        return general if general in self.classes else None


class ReleaseChangedError(RuntimeError):
    """The source changed between the two passes and a published class fell below k."""


def _generalise(hierarchies: Sequence[Hierarchy], levels: Levels, key: Key) -> Key:
    if len(key) != len(hierarchies):
        raise ValueError(f"a key of {len(hierarchies)} values expected, got {len(key)}")
    return tuple(
        h.generalise(v, level) for h, v, level in zip(hierarchies, key, levels, strict=True)
    )


def tally(keys: Iterable[Key]) -> Counter[Key]:
    """The first pass: how many records have each combination of level-0 values."""
    return Counter(keys)


def rollup(
    counts: Mapping[Key, int], hierarchies: Sequence[Hierarchy], levels: Levels
) -> Counter[Key]:
    """The class sizes at ``levels``, from the level-0 counts."""
    # Each QI's distinct values are generalised once, not once per combination.
    tables: list[dict[Hashable, Hashable]] = [{} for _ in hierarchies]
    for key in counts:
        if len(key) != len(hierarchies):
            raise ValueError(f"a key of {len(hierarchies)} values expected, got {len(key)}")
        for table, hierarchy, value, level in zip(tables, hierarchies, key, levels, strict=True):
            if value not in table:
                table[value] = hierarchy.generalise(value, level)
    classes: Counter[Key] = Counter()
    for key, count in counts.items():
        classes[tuple(table[value] for table, value in zip(tables, key, strict=True))] += count
    return classes


def _loss(hierarchies: Sequence[Hierarchy], levels: Levels) -> Fraction:
    return sum(
        (Fraction(level, h.top) for h, level in zip(hierarchies, levels, strict=True) if h.top),
        Fraction(0),
    )


def _suppressed(classes: Mapping[Key, int], k: int) -> int:
    return sum(count for count in classes.values() if count < k)


def choose_levels(
    counts: Mapping[Key, int],
    hierarchies: Sequence[Hierarchy],
    *,
    k: int,
    max_suppression: Fraction = DEFAULT_MAX_SUPPRESSION,
) -> Generalisation:
    """The least generalised levels that leave at most ``max_suppression`` of the records in
    classes below ``k`` (see the module's guarantee)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 0 <= max_suppression <= 1:
        raise ValueError("max_suppression must be between 0 and 1")
    hierarchies = tuple(hierarchies)
    records = sum(counts.values())
    limit = int(records * max_suppression)
    lattice = sorted(
        itertools.product(*(range(h.top + 1) for h in hierarchies)),
        key=lambda levels: (_loss(hierarchies, levels), levels),
    )
    # Only the best vector's numbers are kept while searching, never its classes: memory
    # holds the level-0 counts and one rollup at a time.
    best: tuple[int, Levels] | None = None
    best_loss: Fraction | None = None
    for levels in lattice:
        loss = _loss(hierarchies, levels)
        if best_loss is not None and loss > best_loss:
            break
        suppressed = _suppressed(rollup(counts, hierarchies, levels), k)
        if suppressed <= limit and (best is None or suppressed < best[0]):
            best, best_loss = (suppressed, levels), loss
    levels = lattice[-1] if best is None else best[1]
    classes = rollup(counts, hierarchies, levels)
    suppressed = _suppressed(classes, k)
    return Generalisation(
        hierarchies=hierarchies,
        levels=levels,
        k=k,
        records=records,
        suppressed=suppressed,
        classes={key: count for key, count in classes.items() if count >= k},
    )


def precision_losses(
    counts: Mapping[Key, int], hierarchies: Sequence[Hierarchy]
) -> list[list[dict[Hashable, Fraction]]]:
    """``losses[i][level][value]``: the precision loss of publishing the level-0 ``value``
    of QI ``i`` at ``level``: (values of the data sharing its generalised value - 1) /
    (distinct values of the data - 1), 0 as collected and 1 at ``*`` (ARX's "loss" metric,
    Iyengar, *Transforming data to satisfy privacy constraints*, KDD 2002, over the values
    the data holds)."""
    domains: list[set[Hashable]] = [set() for _ in hierarchies]
    for key in counts:
        if len(key) != len(hierarchies):
            raise ValueError(f"a key of {len(hierarchies)} values expected, got {len(key)}")
        for domain, value in zip(domains, key, strict=True):
            domain.add(value)
    losses: list[list[dict[Hashable, Fraction]]] = []
    for hierarchy, domain in zip(hierarchies, domains, strict=True):
        per_level: list[dict[Hashable, Fraction]] = []
        for level in range(hierarchy.top + 1):
            general = {value: hierarchy.generalise(value, level) for value in domain}
            sizes = Counter(general.values())
            spread = max(len(domain) - 1, 1)
            per_level.append(
                {value: Fraction(sizes[general[value]] - 1, spread) for value in domain}
            )
        losses.append(per_level)
    return losses


def information_loss(
    counts: Mapping[Key, int],
    hierarchies: Sequence[Hierarchy],
    levels: Levels,
    *,
    k: int,
    weights: Sequence[int],
) -> Fraction:
    """The weighted precision loss of publishing at ``levels``, between 0 (everything as
    collected) and 1 (nothing): the mean over records and QIs (weighted) of
    :func:`precision_losses`, a suppressed record losing everything."""
    losses = precision_losses(counts, hierarchies)
    classes = rollup(counts, hierarchies, levels)
    total = Fraction(0)
    for key, count in counts.items():
        if classes[_generalise(hierarchies, levels, key)] < k:
            total += count * sum(weights)
        else:
            total += count * sum(
                w * losses[i][level][v]
                for i, (w, level, v) in enumerate(zip(weights, levels, key, strict=True))
            )
    records = sum(counts.values())
    return total / (records * sum(weights)) if records else Fraction(0)


def choose_least_loss(
    counts: Mapping[Key, int],
    hierarchies: Sequence[Hierarchy],
    *,
    k: int,
    max_suppression: Fraction = DEFAULT_MAX_SUPPRESSION,
    weights: Sequence[int] | None = None,
) -> Generalisation:
    """The levels of least :func:`information_loss` among those that leave at most
    ``max_suppression`` of the records in classes below ``k``.

    **Guarantee.** Among every vector ``L`` of the lattice with ``suppressed(L) <= limit``,
    the one smallest in ``(information_loss(L), suppressed(L), L)`` is returned; if none
    meets the limit, the top of the lattice (see :func:`choose_levels`).

    The loss as if no record were suppressed, computed from each QI's marginal counts alone,
    is a lower bound of the whole loss (a suppressed record loses more, never less): the
    vectors are visited in the order of this bound and the search stops once the bound
    exceeds the best whole loss found (branch and bound; nothing admissible is skipped).
    ``weights`` (one positive integer per QI, 1 by default) say which QIs matter most to
    the data's users.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 0 <= max_suppression <= 1:
        raise ValueError("max_suppression must be between 0 and 1")
    hierarchies = tuple(hierarchies)
    weights = tuple(weights) if weights is not None else (1,) * len(hierarchies)
    if len(weights) != len(hierarchies) or any(w < 1 for w in weights):
        raise ValueError("one positive weight per quasi-identifier expected")
    records = sum(counts.values())
    limit = int(records * max_suppression)
    losses = precision_losses(counts, hierarchies)
    marginals: list[Counter[Hashable]] = [Counter() for _ in hierarchies]
    for key, count in counts.items():
        for marginal, value in zip(marginals, key, strict=True):
            marginal[value] += count
    # bound[i][level]: QI i's weighted loss summed over all records, none suppressed.
    bound = [
        [
            w * sum((n * per_level[level][v] for v, n in marginal.items()), Fraction(0))
            for level in range(len(per_level))
        ]
        for w, per_level, marginal in zip(weights, losses, marginals, strict=True)
    ]
    lattice = sorted(
        (sum((bound[i][lv] for i, lv in enumerate(levels)), Fraction(0)), levels)
        for levels in itertools.product(*(range(h.top + 1) for h in hierarchies))
    )
    full = sum(weights)
    best: tuple[Fraction, int, Levels] | None = None
    for lower, levels in lattice:
        if best is not None and lower > best[0]:
            break
        classes = rollup(counts, hierarchies, levels)
        suppressed = _suppressed(classes, k)
        if suppressed > limit:
            continue
        whole = lower
        for key, count in counts.items():
            if classes[_generalise(hierarchies, levels, key)] < k:
                published = sum(
                    w * losses[i][lv][v]
                    for i, (w, lv, v) in enumerate(zip(weights, levels, key, strict=True))
                )
                whole += count * (full - published)
        candidate = (whole, suppressed, levels)
        if best is None or candidate < best:
            best = candidate
    levels = tuple(h.top for h in hierarchies) if best is None else best[2]
    classes = rollup(counts, hierarchies, levels)
    return Generalisation(
        hierarchies=hierarchies,
        levels=levels,
        k=k,
        records=records,
        suppressed=_suppressed(classes, k),
        classes={key: count for key, count in classes.items() if count >= k},
    )


def release(
    records: Iterable[R], *, key: Callable[[R], Key], generalisation: Generalisation
) -> Iterator[tuple[R, Key]]:
    """The second pass: each record that is published, with its generalised QI values.

    Raises :class:`ReleaseChangedError` at the end if a published class got fewer than k
    records (the source changed since the first pass).
    """
    seen: Counter[Key] = Counter()
    for record in records:
        general = generalisation.publish(key(record))
        if general is not None:
            seen[general] += 1
            yield record, general
    short = [general for general, count in seen.items() if count < generalisation.k]
    if short:
        raise ReleaseChangedError(
            f"{len(short)} published class(es) fell below k={generalisation.k} between passes"
        )


def anonymise(
    source: Callable[[], Iterable[R]],
    *,
    key: Callable[[R], Key],
    hierarchies: Sequence[Hierarchy],
    k: int,
    max_suppression: Fraction = DEFAULT_MAX_SUPPRESSION,
) -> tuple[Generalisation, Iterator[tuple[R, Key]]]:
    """Both passes over ``source()``: the first now (counting), the second as the returned
    iterator is consumed."""
    counts = tally(key(record) for record in source())
    generalisation = choose_levels(counts, hierarchies, k=k, max_suppression=max_suppression)

    def second_pass() -> Iterator[tuple[R, Key]]:
        # source() is called only when the caller starts reading the release.
        yield from release(source(), key=key, generalisation=generalisation)

    return generalisation, second_pass()
