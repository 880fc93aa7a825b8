from __future__ import annotations

import re
from pathlib import Path

import pytest

from atbalsts.rules import catalogue
from atbalsts.rules.catalogue import (
    AFTER_COURSE_SERVICES,
    CONTACTS,
    COURSE_SERVICES,
    CRIMINAL_PROCESS_SUPPORT_KINDS,
    CRIMINAL_PROCESS_SUPPORT_WITH_STATE_LEGAL_AID,
    CRITERIA,
    CRITERIA_ITEMS,
    EXPLOITATION_FORM_PARENTS,
    EXPLOITATION_FORMS,
    INDICATORS,
    LISTS,
    ROLES,
    SENTENCING_CIRCUMSTANCES,
    SENTENCING_PARTS,
    SPECIALISTS,
    UNITS,
    Label,
    choices,
    criteria_group_of,
    label,
    require_codes,
)
from atbalsts.rules.errors import UnknownCodeError

# The project's own copy of the domain catalogue (its first lines say where it came from).
CATALOGUE_YAML = Path(__file__).resolve().parents[2] / "docs" / "catalogue.yaml"


def _flow_list(text: str) -> list[str]:
    inner = text.strip()
    assert inner.startswith("["), inner
    assert inner.endswith("]"), inner
    return [part.strip() for part in inner[1:-1].split(",") if part.strip()]


def _yaml_sections() -> dict[str, list[str]]:
    """The catalogue's codes, read with a few patterns (the file's layout is regular and
    no YAML library is a dependency): top-level key -> its children's keys or flow list;
    also "<list>.<child>.<key>" for nested flow lists (criteria items, kinds...)."""
    sections: dict[str, list[str]] = {}
    top = child = ""
    for raw in CATALOGUE_YAML.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\s+#.*$", "", raw)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if m := re.match(r"^([\w-]+):\s*(.*)$", line):
            top, rest = m.groups()
            sections[top] = _flow_list(rest) if rest else []
        elif m := re.match(r"^  - \{code: ([\w-]+),", line):
            sections[top].append(m.group(1))
        elif m := re.match(r"^  ([\w-]+):\s*(.*)$", line):
            child, rest = m.groups()
            sections[top].append(child)
            for key, values in re.findall(r"(\w+): (\[[^\]]*\])", rest):
                sections[f"{top}.{child}.{key}"] = _flow_list(values)
            for key, value in re.findall(r"(\w+): (\d+)", rest):
                sections[f"{top}.{child}.{key}"] = [value]
        elif m := re.match(r"^    (\w+):\s*(\[.*\])$", line):
            sections[f"{top}.{child}.{m.group(1)}"] = _flow_list(m.group(2))
    return sections


def test_every_code_matches_the_catalogue() -> None:
    yaml = _yaml_sections()
    for name in (
        "organisation_types",
        "exploitation_forms",
        "legal_acts",
        "legal_means",
        "indicators",
        "interview_areas",
        "observations",
        "risk_groups",
        "needs",
        "health_issues",
        "identification_bases",
        "commission_required_roles",
        "agency_decisions",
        "phases",
        "course_services",
        "after_course_services",
        "contact_channels",
        "arrival_stages",
        "case_steps",
        "family_tasks",
        "disclosure_fears",
        "sentencing_circumstances",
        "roles",
        "rule_sets",
    ):
        assert list(LISTS[name]) == yaml[name], name
    assert list(CRITERIA) == yaml["criteria"]
    for group in CRITERIA.values():
        assert list(group.items) == yaml[f"criteria.{group.code}.items"]
    assert [c.code for c in CONTACTS] == yaml["contacts"]
    assert (
        list(COURSE_SERVICES["consultation"].specialists)
        == yaml["course_services.consultation.specialists"]
    )
    consultation = AFTER_COURSE_SERVICES["consultation"]
    assert list(consultation.specialists) == yaml["after_course_services.consultation.specialists"]
    support = AFTER_COURSE_SERVICES["criminal_process_support"]
    assert list(support.kinds) == yaml["after_course_services.criminal_process_support.kinds"]
    assert (
        list(support.with_state_legal_aid_only)
        == yaml["after_course_services.criminal_process_support.with_state_legal_aid_only"]
    )
    for code, circumstance in SENTENCING_CIRCUMSTANCES.items():
        assert [str(circumstance.part)] == yaml[f"sentencing_circumstances.{code}.part"]
    assert [str(p) for p in SENTENCING_PARTS] == yaml["sentencing_parts"]
    for number, part in SENTENCING_PARTS.items():
        assert [str(part.imprisonment_max_years)] == yaml[
            f"sentencing_parts.{number}.imprisonment_max_years"
        ]
        assert [str(part.probation_max_years)] == yaml[
            f"sentencing_parts.{number}.probation_max_years"
        ]
        minimum = yaml.get(f"sentencing_parts.{number}.imprisonment_min_years")
        assert minimum == (
            None if part.imprisonment_min_years is None else [str(part.imprisonment_min_years)]
        )


def test_labels_the_catalogue_gives_are_kept() -> None:
    text = CATALOGUE_YAML.read_text(encoding="utf-8")
    labelled = re.findall(r'^  (\w+):\s+\{lv: "([^"]*)", en: "([^"]*)"', text, re.M)
    assert labelled
    for code, lv, en in labelled:
        matches = [codes[code] for codes in LISTS.values() if code in codes]
        assert Label(lv, en) in matches, code


def test_the_sizes_the_seed_gives() -> None:
    assert len(INDICATORS) == 18
    assert [len(g.items) for g in CRITERIA.values()] == [7, 8, 8, 3]
    assert len(CRITERIA_ITEMS) == 26
    assert len(LISTS["risk_groups"]) == 8
    assert len(LISTS["needs"]) == 7
    assert len(LISTS["health_issues"]) == 12


def test_every_label_has_both_languages() -> None:
    for name, codes in LISTS.items():
        assert codes, name
        for code, lab in codes.items():
            assert lab.lv.strip(), (name, code)
            assert lab.en.strip(), (name, code)


def test_criteria_items_are_named_by_group() -> None:
    assert "movement.recruited" in CRITERIA_ITEMS
    assert criteria_group_of("confinement.constantly_controlled") == "confinement"
    with pytest.raises(UnknownCodeError):
        criteria_group_of("movement")


def test_services_refer_to_known_codes() -> None:
    assert {s.unit for s in COURSE_SERVICES.values()} <= set(UNITS)
    assert {s.unit for s in AFTER_COURSE_SERVICES.values()} <= set(UNITS)
    assert set(COURSE_SERVICES["consultation"].specialists) == set(SPECIALISTS)
    assert set(AFTER_COURSE_SERVICES["consultation"].specialists) < set(SPECIALISTS)
    assert set(CRIMINAL_PROCESS_SUPPORT_KINDS) > CRIMINAL_PROCESS_SUPPORT_WITH_STATE_LEGAL_AID
    assert set(EXPLOITATION_FORM_PARENTS) | set(EXPLOITATION_FORM_PARENTS.values()) <= set(
        EXPLOITATION_FORMS
    )
    assert {r.organisation_type for r in ROLES.values()} - {None} <= set(
        LISTS["organisation_types"]
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("lv", "Psihologs"),
        ("en", "Psychologist"),
        ("en-GB", "Psychologist"),
        ("lv_LV", "Psihologs"),
    ],
)
def test_label_in_a_language(language: str, expected: str) -> None:
    assert SPECIALISTS["psychologist"].get(language) == expected
    assert label("specialists", "psychologist", language) == expected


def test_label_in_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="de"):
        SPECIALISTS["psychologist"].get("de")


def test_label_of_an_unknown_code_or_list() -> None:
    with pytest.raises(UnknownCodeError) as caught:
        label("needs", "nothing")
    assert (caught.value.field, caught.value.code) == ("needs", "nothing")
    with pytest.raises(KeyError, match="no catalogue list"):
        label("nothing", "x")


def test_choices_keep_catalogue_order() -> None:
    assert choices("agency_decisions", "en") == (
        ("grant", "Grant the service"),
        ("waiting_list", "Place on the waiting list"),
        ("refuse", "Refuse the service"),
    )


def test_require_codes_drops_repeats_and_names_the_field() -> None:
    assert require_codes("acts", "legal_acts", ["receipt", "transfer", "receipt"]) == (
        "receipt",
        "transfer",
    )
    with pytest.raises(UnknownCodeError) as caught:
        require_codes("acts", "legal_acts", ["receipt", "kidnap"])
    assert caught.value.field == "acts"
    assert caught.value.code == "kidnap"
    assert "kidnap" in str(caught.value)


def test_catalogue_is_read_only() -> None:
    with pytest.raises(TypeError):
        catalogue.NEEDS["x"] = Label("x", "x")  # type: ignore[index]
