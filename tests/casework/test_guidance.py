"""In-context guidance: every step shows the seed's short texts, in Latvian and in English."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from atbalsts.casework.guidance import GUIDANCE, STEP_GUIDANCE
from atbalsts.casework.models import CaseStep


def test_every_step_has_guidance_and_every_code_exists() -> None:
    assert set(STEP_GUIDANCE) == set(CaseStep.values)
    assert {code for codes in STEP_GUIDANCE.values() for code in codes} <= set(GUIDANCE)
    assert {"what_is_trafficking", "signs", "next_steps", "confidentiality"} <= set(GUIDANCE)


def _render(code: str, language: str) -> str:
    with translation.override(language):
        return Template("{% load guidance %}{% guidance code %}").render(Context({"code": code}))


def test_the_tag_renders_the_seed_wording_in_latvian_and_english() -> None:
    latvian = _render("confidentiality", "lv")
    english = _render("confidentiality", "en")
    assert "ir konfidenciāla" in latvian
    assert "is confidential" in english
    assert "<details" in latvian
    assert "Kas ir cilvēku tirdzniecība?" in _render("what_is_trafficking", "lv")
