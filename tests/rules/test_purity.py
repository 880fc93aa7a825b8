"""The rules stay pure: no Django, no clock (docs/style.md "Layout")."""

from __future__ import annotations

import ast
from pathlib import Path

import atbalsts.rules

RULES_DIR = Path(atbalsts.rules.__file__).parent
SOURCES = sorted(RULES_DIR.rglob("*.py"))
CLOCK_CALLS = {"today", "now", "utcnow", "time", "monotonic", "perf_counter"}


def _imported_modules(tree: ast.AST) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_every_rules_module_is_scanned() -> None:
    names = {path.name for path in SOURCES}
    assert {
        "__init__.py",
        "calendar.py",
        "catalogue.py",
        "dates.py",
        "deadlines.py",
        "entitlements.py",
        "errors.py",
        "personal_code.py",
        "process_dates.py",
        "rulesets.py",
        "screening.py",
        "sentencing.py",
    } <= names


def test_no_module_imports_django() -> None:
    offenders = {
        str(path.relative_to(RULES_DIR)): sorted(
            m for m in _imported_modules(ast.parse(path.read_text())) if m.split(".")[0] == "django"
        )
        for path in SOURCES
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_module_mentions_django_dynamically() -> None:
    for path in SOURCES:
        tree = ast.parse(path.read_text())
        strings = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
        assert not [s for s in strings if s == "django" or s.startswith("django.")], path


def test_nothing_reads_the_clock() -> None:
    for path in SOURCES:
        tree = ast.parse(path.read_text())
        calls = {
            node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        }
        assert not calls & CLOCK_CALLS, path
        assert "time" not in _imported_modules(tree), path
