"""``{% guidance "code" %}``: a short, collapsible guidance text from the seed."""

from __future__ import annotations

from typing import Any

from django import template

from atbalsts.casework.guidance import GUIDANCE

register = template.Library()


@register.inclusion_tag("casework/guidance.html")
def guidance(code: str) -> dict[str, Any]:
    title, text = GUIDANCE[code]
    return {"code": code, "title": title, "text": text}
