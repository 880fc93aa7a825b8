"""The least-loss lattice search and l-diversity over a k-anonymous release (docs/security.md
threat T5): properties over random populations of 20 to 5,000 people, and the search
checked against a brute-force walk of the whole lattice."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.disclosure.kanonymity import (
    Hierarchy,
    Key,
    ReleaseChangedError,
    choose_least_loss,
    information_loss,
    rollup,
    suppress_all,
    tally,
)
from atbalsts.disclosure.ldiversity import WITHHELD, anonymise, choose, cost, release
from atbalsts.disclosure.ldiversity import tally as tally_diverse


def _decade(value: Hashable) -> Hashable:
    assert isinstance(value, int)
    return value // 10


def _adult(value: Hashable) -> Hashable:
    assert isinstance(value, int)
    return value >= 18


def _form_group(value: Hashable) -> Hashable:
    return "labour" if value in {"labour", "begging"} else value


AGE = Hierarchy("age", (_decade, _adult, suppress_all))
SEX = Hierarchy("sex", (suppress_all,))
FORM = Hierarchy("form", (_form_group, suppress_all))
ORG = Hierarchy("org", (suppress_all,))
HIERARCHIES = (AGE, SEX, FORM, ORG)
WEIGHTS = (3, 1, 3, 1)

PERSON = st.tuples(
    st.tuples(
        st.integers(10, 70),
        st.sampled_from(["f", "m", "u"]),
        st.sampled_from(["sexual", "labour", "begging", "criminal", "marriage"]),
        st.sampled_from(["police", "ngo"]),
    ),
    st.tuples(st.sampled_from(["", "debt", "threats", "documents"]), st.sampled_from(["", "h"])),
)
SUPPRESSION = st.sampled_from([Fraction(0), Fraction(1, 20), Fraction(1, 5)])


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _populations(draw: st.DrawFn) -> list[tuple[Key, Key]]:
    # A few distinct people repeated: 20 to 5,000 records without drawing 5,000 tuples.
    size = draw(st.integers(20, 5000))
    people = draw(st.lists(PERSON, min_size=1, max_size=40))
    weights = draw(st.lists(st.integers(1, 50), min_size=len(people), max_size=len(people)))
    total = sum(weights)
    records: list[tuple[Key, Key]] = []
    for person, weight in zip(people, weights, strict=True):
        records += [person] * max(1, size * weight // total)
    return records[:size] if len(records) >= 20 else records + [people[0]] * (20 - len(records))


POPULATIONS = st.composite(_populations)()


def _release(
    records: Sequence[tuple[Key, Key]], *, k: int, limit: Fraction
) -> list[tuple[Key, tuple[bool, ...], Key]]:
    _chosen, rows = anonymise(
        lambda: iter(records),
        key=lambda r: r[0],
        sensitive=lambda r: r[1],
        columns=2,
        hierarchies=HIERARCHIES,
        k=k,
        diversity=2,
        max_suppression=limit,
        weights=WEIGHTS,
    )
    return [(general, shown, record[1]) for record, general, shown in rows]


@_settings(25)
@given(POPULATIONS, st.sampled_from([5, 11]), SUPPRESSION)
def test_no_published_combination_is_rarer_than_k_and_every_shown_column_is_diverse(
    records: list[tuple[Key, Key]], k: int, limit: Fraction
) -> None:
    published = _release(records, k=k, limit=limit)

    assert 20 <= len(records) <= 5000
    sizes = Counter(general for general, _shown, _values in published)
    assert all(count >= k for count in sizes.values())
    assert len(records) - len(published) <= int(len(records) * limit) or all(
        level == "*" for general in sizes for level in general
    )
    shown_values: dict[tuple[Key, int], set[Hashable]] = defaultdict(set)
    shown_in: dict[tuple[Key, int], set[bool]] = defaultdict(set)
    for general, shown, values in published:
        for column in range(2):
            shown_in[general, column].add(shown[column])
            if shown[column]:
                shown_values[general, column].add(values[column])
    # A column is shown in all rows of a class or in none, and where shown it is diverse.
    assert all(len(flags) == 1 for flags in shown_in.values())
    assert all(len(values) >= 2 for values in shown_values.values())


def _suppressed(counts: Counter[Key], levels: tuple[int, ...], k: int) -> int:
    return sum(c for c in rollup(counts, HIERARCHIES, levels).values() if c < k)


@_settings(60)
@given(st.lists(PERSON.map(lambda p: p[0]), max_size=50), st.integers(1, 8), SUPPRESSION)
def test_the_search_finds_the_admissible_levels_of_least_loss(
    records: list[Key], k: int, limit: Fraction
) -> None:
    counts = tally(records)
    allowed = int(len(records) * limit)

    chosen = choose_least_loss(counts, HIERARCHIES, k=k, max_suppression=limit, weights=WEIGHTS)

    lattice = itertools.product(*(range(h.top + 1) for h in HIERARCHIES))
    admissible = [lv for lv in lattice if _suppressed(counts, lv, k) <= allowed]
    if not admissible:
        assert chosen.levels == tuple(h.top for h in HIERARCHIES)
        return
    best = min(
        admissible,
        key=lambda lv: (
            information_loss(counts, HIERARCHIES, lv, k=k, weights=WEIGHTS),
            _suppressed(counts, lv, k),
            lv,
        ),
    )
    assert chosen.levels == best
    assert chosen.suppressed == _suppressed(counts, best, k) <= allowed


def test_the_loss_is_nothing_as_collected_and_everything_when_suppressed() -> None:
    counts = tally([(20, "f", "sexual", "police")] * 11 + [(40, "m", "labour", "ngo")] * 11)

    assert information_loss(counts, HIERARCHIES, (0, 0, 0, 0), k=11, weights=WEIGHTS) == 0
    assert information_loss(counts, HIERARCHIES, (3, 1, 2, 1), k=11, weights=WEIGHTS) == 1
    assert information_loss(counts, HIERARCHIES, (0, 0, 0, 0), k=12, weights=WEIGHTS) == 1
    # Only the sex is given up: one of eight weighted units.
    assert information_loss(counts, HIERARCHIES, (0, 1, 0, 0), k=11, weights=WEIGHTS) == (
        Fraction(1, 8)
    )
    assert information_loss({}, HIERARCHIES, (0, 0, 0, 0), k=11, weights=WEIGHTS) == 0


def test_the_weights_decide_which_quasi_identifier_is_given_up() -> None:
    # Either the age or the form must go for every class to reach 11.
    records = [
        (age, "f", form, "p") for age in (20, 40) for form in ("sexual", "labour") for _ in range(6)
    ]
    counts = tally(records)

    keep_form = choose_least_loss(counts, HIERARCHIES, k=12, weights=(1, 1, 3, 1))
    keep_age = choose_least_loss(counts, HIERARCHIES, k=12, weights=(3, 1, 1, 1))

    assert keep_form.levels == (2, 0, 0, 0)
    assert keep_age.levels == (0, 0, 2, 0)
    assert keep_form.suppressed == keep_age.suppressed == 0


def test_without_an_admissible_vector_the_top_is_chosen() -> None:
    chosen = choose_least_loss(tally([(20, "f", "sexual", "p")] * 3), HIERARCHIES, k=11)

    assert chosen.levels == (3, 1, 2, 1)
    assert chosen.suppressed == 3
    assert chosen.classes == {}


def test_a_homogeneous_column_is_withheld_in_its_class_only() -> None:
    people = [((20, "f", "sexual", "p"), ("debt", "h"))] * 11
    people += [((40, "m", "labour", "n"), ("debt", "h"))] * 6
    people += [((40, "m", "labour", "n"), ("threats", "h"))] * 6

    published = _release(people, k=11, limit=Fraction(0))

    assert {(general, shown) for general, shown, _v in published} == {
        ((20, "f", "sexual", "p"), (False, False)),
        ((40, "m", "labour", "n"), (True, False)),
    }
    chosen = choose(tally_diverse(people, diversity=2, columns=2), HIERARCHIES, k=11)
    spent = cost(chosen)
    assert (spent.records, spent.suppressed, spent.published) == (23, 0, 23)
    assert spent.withheld == (11, 23)
    assert spent.informative == (23, 23, 23, 23)
    assert spent.tops == (3, 1, 2, 1)
    assert spent.share(11) == Fraction(11, 23)
    assert WITHHELD == "*"


def test_the_cost_counts_what_still_says_something() -> None:
    people = [((20, "f", "sexual", "p"), ("a", "b"))] * 6
    people += [((21, "f", "labour", "p"), ("c", "d"))] * 6
    chosen = choose(tally_diverse(people, diversity=2, columns=2), HIERARCHIES, k=11)

    spent = cost(chosen, uninformative={"*", "unknown"})

    assert spent.levels == (1, 0, 2, 0)
    assert spent.informative == (12, 12, 0, 12)
    assert cost(choose(tally_diverse([], diversity=2, columns=2), HIERARCHIES, k=11)).share(
        0
    ) == Fraction(0)


def test_a_change_between_the_passes_stops_the_release() -> None:
    people = [((20, "f", "sexual", "p"), ("debt", "h"))] * 6
    people += [((20, "f", "sexual", "p"), ("threats", "")), ((20, "f", "sexual", "p"), ("x", "y"))]
    people += [((20, "f", "sexual", "p"), ("debt", "h"))] * 4
    chosen = choose(tally_diverse(people, diversity=2, columns=2), HIERARCHIES, k=11)
    assert chosen.withheld == (frozenset(), frozenset())

    def second(records: Sequence[tuple[Key, Key]]) -> None:
        list(release(records, key=lambda r: r[0], sensitive=lambda r: r[1], chosen=chosen))

    with pytest.raises(ReleaseChangedError, match="below k=11"):
        second(people[:10])
    uniform = [((20, "f", "sexual", "p"), ("debt", "h"))] * 12
    with pytest.raises(ReleaseChangedError, match="below l=2"):
        second(uniform)
    # A newcomer alone in a combination is simply not published.
    second([*people, ((60, "m", "marriage", "n"), ("debt", "h"))])


def test_invalid_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="k must be"):
        choose_least_loss({}, HIERARCHIES, k=0)
    with pytest.raises(ValueError, match="max_suppression"):
        choose_least_loss({}, HIERARCHIES, k=2, max_suppression=Fraction(2))
    with pytest.raises(ValueError, match="one positive weight"):
        choose_least_loss({}, HIERARCHIES, k=2, weights=(1, 1))
    with pytest.raises(ValueError, match="one positive weight"):
        choose_least_loss({}, HIERARCHIES, k=2, weights=(1, 0, 1, 1))
    with pytest.raises(ValueError, match="4 values expected"):
        choose_least_loss({(1, "f"): 1}, HIERARCHIES, k=2)
    with pytest.raises(ValueError, match="diversity"):
        tally_diverse([], diversity=0, columns=2)
    with pytest.raises(ValueError, match="2 sensitive values expected"):
        tally_diverse([((1, "f", "s", "p"), ("a",))], diversity=2, columns=2)
