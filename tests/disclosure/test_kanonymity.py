"""k-anonymity by full-domain generalisation: properties over random microdata (docs/security.md
threat T5), checked against a brute-force walk of the whole lattice."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Hashable, Iterator
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.disclosure.kanonymity import (
    SUPPRESSED,
    Generalisation,
    Hierarchy,
    Key,
    ReleaseChangedError,
    anonymise,
    choose_levels,
    is_monotone_on,
    release,
    rollup,
    suppress_all,
    tally,
)


def _halve(value: Hashable) -> Hashable:
    assert isinstance(value, int)
    return value // 2


def _quarter(value: Hashable) -> Hashable:
    assert isinstance(value, int)
    return value // 4


def _vowel(value: Hashable) -> Hashable:
    return "vowel" if value in {"a", "e"} else "consonant"


AGE = Hierarchy("age", (_halve, _quarter, suppress_all))
LETTER = Hierarchy("letter", (_vowel, suppress_all))
SEX = Hierarchy("sex", (suppress_all,))
FIXED = Hierarchy("fixed")  # published as collected or not at all: no levels

HIERARCHIES = (AGE, LETTER, SEX)
RECORD = st.tuples(
    st.integers(0, 11), st.sampled_from(["a", "b", "c", "e"]), st.sampled_from(["f", "m"])
)
SUPPRESSION = st.sampled_from([Fraction(0), Fraction(1, 20), Fraction(1, 5), Fraction(1)])


def _settings(examples: int = 150) -> settings:
    # Derandomised so the suite's running time is the same on every machine.
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )


def _times(key: Key, n: int) -> list[Key]:
    return [key] * n


def _lattice() -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(h.top + 1) for h in HIERARCHIES)))


def _suppressed(counts: Counter[Key], levels: tuple[int, ...], k: int) -> int:
    return sum(c for c in rollup(counts, HIERARCHIES, levels).values() if c < k)


def _loss(levels: tuple[int, ...]) -> Fraction:
    return sum((Fraction(lv, h.top) for h, lv in zip(HIERARCHIES, levels, strict=True)), Fraction())


def _release(records: list[Key], k: int, limit: Fraction) -> tuple[Generalisation, list[Key]]:
    generalisation, rows = anonymise(
        lambda: iter(records), key=lambda r: r, hierarchies=HIERARCHIES, k=k, max_suppression=limit
    )
    return generalisation, [general for _record, general in rows]


@_settings()
@given(st.lists(RECORD, max_size=60), st.integers(1, 12), SUPPRESSION)
def test_every_published_combination_appears_at_least_k_times(
    records: list[Key], k: int, limit: Fraction
) -> None:
    generalisation, published = _release(records, k, limit)

    assert all(count >= k for count in Counter(published).values())
    assert len(published) == generalisation.published == len(records) - generalisation.suppressed


@_settings()
@given(st.lists(RECORD, max_size=60), st.integers(1, 12), SUPPRESSION)
def test_the_levels_are_the_least_general_that_keep_suppression_within_the_limit(
    records: list[Key], k: int, limit: Fraction
) -> None:
    counts = tally(records)
    allowed = int(len(records) * limit)

    chosen = choose_levels(counts, HIERARCHIES, k=k, max_suppression=limit)

    admissible = [lv for lv in _lattice() if _suppressed(counts, lv, k) <= allowed]
    if admissible:
        best = min(admissible, key=lambda lv: (_loss(lv), _suppressed(counts, lv, k), lv))
        assert chosen.levels == best
        assert chosen.suppressed <= allowed
        # Minimal in the lattice: no admissible vector below it, so no single QI can be
        # made less general.
        below = [
            lv
            for lv in admissible
            if lv != chosen.levels and all(a <= b for a, b in zip(lv, chosen.levels, strict=True))
        ]
        assert below == []
    else:
        assert chosen.levels == tuple(h.top for h in HIERARCHIES)
    assert chosen.suppressed == _suppressed(counts, chosen.levels, k)


@_settings()
@given(st.lists(RECORD, max_size=60), st.integers(1, 12))
def test_generalising_one_level_further_never_suppresses_more(records: list[Key], k: int) -> None:
    counts = tally(records)
    for levels in _lattice():
        for i, hierarchy in enumerate(HIERARCHIES):
            if levels[i] < hierarchy.top:
                higher = (*levels[:i], levels[i] + 1, *levels[i + 1 :])
                assert _suppressed(counts, higher, k) <= _suppressed(counts, levels, k)


@_settings(60)
@given(st.lists(RECORD, max_size=60), st.integers(1, 12), SUPPRESSION, st.randoms())
def test_the_same_records_in_any_order_give_the_same_release(
    records: list[Key], k: int, limit: Fraction, rnd: random.Random
) -> None:
    shuffled = list(records)
    rnd.shuffle(shuffled)

    first, published = _release(records, k, limit)
    second, published_again = _release(shuffled, k, limit)

    assert (first.levels, first.suppressed) == (second.levels, second.suppressed)
    assert Counter(published) == Counter(published_again)


@pytest.mark.parametrize("hierarchy", [AGE, LETTER, SEX, FIXED])
def test_the_test_hierarchies_are_monotone(hierarchy: Hierarchy) -> None:
    values: list[Hashable] = list(range(12)) if hierarchy is AGE else ["a", "b", "c", "e", "f", "m"]

    assert is_monotone_on(hierarchy, values)


def test_a_hierarchy_that_splits_a_class_higher_up_is_not_monotone() -> None:
    parity = Hierarchy("bad", (_quarter, lambda v: v % 2 if isinstance(v, int) else v))

    assert not is_monotone_on(parity, range(8))


def test_the_source_is_read_twice_and_only_counts_are_kept() -> None:
    calls = 0
    records = [(age, "a", "f") for age in range(12)] * 50

    def source() -> Iterator[Key]:
        nonlocal calls
        calls += 1
        return iter(records)

    generalisation, rows = anonymise(source, key=lambda r: r, hierarchies=HIERARCHIES, k=11)
    assert calls == 1
    published = list(rows)

    assert calls == 2
    assert len(published) == 600
    assert generalisation.levels == (0, 0, 0)
    assert len(tally(records)) == 12


def test_a_small_group_is_suppressed_and_counted_when_that_spares_generalisation() -> None:
    records = _times((4, "a", "f"), 40) + _times((10, "b", "m"), 2)

    generalisation, published = _release(records, 11, Fraction(1, 20))

    assert generalisation.levels == (0, 0, 0)
    assert generalisation.suppressed == 2
    assert set(published) == {(4, "a", "f")}
    assert generalisation.publish((10, "b", "m")) is None


def test_without_suppression_the_values_are_generalised_until_every_class_is_k() -> None:
    records = _times((4, "a", "f"), 40) + _times((10, "b", "m"), 2)

    generalisation, published = _release(records, 11, Fraction(0))

    assert generalisation.suppressed == 0
    assert Counter(published) == {(SUPPRESSED, SUPPRESSED, SUPPRESSED): 42}


def test_fewer_records_than_k_publish_nothing() -> None:
    generalisation, published = _release([(4, "a", "f")] * 10, 11, Fraction(0))

    assert published == []
    assert generalisation.suppressed == 10
    assert generalisation.levels == (3, 2, 1)


def test_no_records_publish_nothing_at_level_zero() -> None:
    generalisation, published = _release([], 11, Fraction(0))

    assert (generalisation.levels, generalisation.suppressed, published) == ((0, 0, 0), 0, [])


def test_a_hierarchy_without_levels_is_published_as_collected() -> None:
    records = _times(("x",), 11) + _times(("y",), 3)

    generalisation, rows = anonymise(
        lambda: iter(records), key=lambda r: r, hierarchies=[FIXED], k=11
    )

    assert generalisation.levels == (0,)
    assert generalisation.suppressed == 3
    assert [general for _r, general in rows] == [("x",)] * 11


def test_a_class_that_shrank_between_the_passes_stops_the_release() -> None:
    first: list[Key] = [(4, "a", "f")] * 11
    generalisation = choose_levels(tally(first), HIERARCHIES, k=11)

    with pytest.raises(ReleaseChangedError):
        list(release(first[:10], key=lambda r: r, generalisation=generalisation))


def test_a_record_that_appeared_between_the_passes_in_a_small_class_is_not_published() -> None:
    first: list[Key] = [(4, "a", "f")] * 11
    generalisation = choose_levels(tally(first), HIERARCHIES, k=11)

    rows = list(release([*first, (10, "b", "m")], key=lambda r: r, generalisation=generalisation))

    assert [general for _r, general in rows] == [(4, "a", "f")] * 11


def test_invalid_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="k must be"):
        choose_levels({}, HIERARCHIES, k=0)
    with pytest.raises(ValueError, match="max_suppression"):
        choose_levels({}, HIERARCHIES, k=2, max_suppression=Fraction(3, 2))
    with pytest.raises(ValueError, match=r"levels 0\.\.1"):
        SEX.generalise("f", 2)
    with pytest.raises(ValueError, match="3 values expected"):
        choose_levels({(1, "a"): 1}, HIERARCHIES, k=2)
    generalisation = choose_levels({(1, "a", "f"): 2}, HIERARCHIES, k=2)
    with pytest.raises(ValueError, match="3 values expected"):
        generalisation.publish((1, "a"))
