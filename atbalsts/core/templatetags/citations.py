"""``{{ rule|cite }}`` and ``{{ rule_set|rule_set_title }}`` in templates."""

from __future__ import annotations

from django import template

from atbalsts.core import citations

register = template.Library()
register.filter("cite", citations.cited)
register.filter("rule_set_title", citations.rule_set_title)
