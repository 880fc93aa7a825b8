"""Rules are cited as a person reads the law, in Latvian and in English."""

from __future__ import annotations

import pytest

from atbalsts.rules.citations import MK_344, MK_889, Citation, citation_in, criminal_law
from atbalsts.rules.deadlines import DEADLINE_SOURCE
from atbalsts.rules.entitlements import SOURCE_AFTER_COURSE, SOURCE_COURSE, SOURCE_FAMILY
from atbalsts.rules.rulesets import RULE_NAMES, RULE_SETS
from atbalsts.rules.screening import SOURCE_CRITERIA, SOURCE_DEFINITION, SOURCE_SIGNS
from atbalsts.rules.sentencing import SOURCE as SENTENCING_SOURCE


def test_a_paragraph_of_regulation_344_reads_as_the_regulation_is_cited() -> None:
    assert RULE_SETS["lv-mk344"].reference("course") == (
        "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344, 4. punkts"
    )
    assert citation_in(RULE_SETS["lv-mk344"].reference("course"), "en") == (
        "Cabinet Regulation No. 344 of 16 July 2019, para. 4"
    )


def test_a_raised_paragraph_number_is_written_out_in_english() -> None:
    support = RULE_SETS["lv-mk889"].reference("criminal_process_support")

    assert support == "Ministru kabineta 2006. gada 31. oktobra noteikumi Nr. 889, 4.¹ punkts"
    assert citation_in(support, "en") == "Cabinet Regulation No. 889 of 31 October 2006, para. 4.1"


@pytest.mark.parametrize("rule_set", list(RULE_SETS.values()), ids=lambda rs: rs.id)
@pytest.mark.parametrize("rule", RULE_NAMES)
def test_every_rule_of_every_rule_set_has_a_citation_in_both_languages(
    rule_set: object, rule: str
) -> None:
    reference = rule_set.reference(rule)  # type: ignore[attr-defined]
    english = citation_in(reference, "en")

    assert reference.startswith("Ministru kabineta ")
    assert english.startswith("Cabinet Regulation No. ")
    for text in (reference, english):
        assert "lv-mk" not in text
        assert "pārbaudīts" not in text


def test_the_criminal_law_is_cited_by_section_and_part() -> None:
    assert criminal_law("154.²", 2) == Citation(
        "Krimināllikuma 154.² panta otrā daļa", "Criminal Law, section 154.2(2)"
    )
    assert criminal_law("154.²", 1, 2) == Citation(
        "Krimināllikuma 154.² panta pirmā un otrā daļa", "Criminal Law, section 154.2(1) and (2)"
    )
    assert criminal_law("154.¹", 1, 2, 3) == Citation(
        "Krimināllikuma 154.¹ panta pirmā, otrā un trešā daļa",
        "Criminal Law, section 154.1(1), (2) and (3)",
    )
    assert criminal_law("154.¹") == Citation(
        "Krimināllikuma 154.¹ pants", "Criminal Law, section 154.1"
    )


def test_an_annex_and_the_regulation_as_a_whole() -> None:
    assert MK_889.annex(2).en == "Cabinet Regulation No. 889 of 31 October 2006, annex 2"
    assert MK_344.whole().lv == "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344"


@pytest.mark.parametrize(
    "source",
    [
        DEADLINE_SOURCE,
        SOURCE_COURSE,
        SOURCE_AFTER_COURSE,
        SOURCE_FAMILY,
        SOURCE_CRITERIA,
        SOURCE_DEFINITION,
        SOURCE_SIGNS,
        SENTENCING_SOURCE,
    ],
)
def test_every_source_a_rule_names_reads_as_law_or_the_recommendations(source: str) -> None:
    english = citation_in(source, "en")

    assert english != source
    for text in (source, english):
        assert not any(word in text for word in ("DOMAIN", "Seed", "seed", "§", "KL "))
    assert citation_in(source, "lv") == source


def test_text_that_is_no_citation_is_left_as_it_is() -> None:
    assert citation_in("something else", "en") == "something else"
