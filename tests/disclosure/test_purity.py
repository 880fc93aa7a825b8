"""The disclosure engine is pure Python: no Django, no clock (docs/style.md "Layout")."""

from __future__ import annotations

import ast
from pathlib import Path

import atbalsts.disclosure

PACKAGE_DIR = Path(atbalsts.disclosure.__file__).parent
SOURCES = sorted(PACKAGE_DIR.rglob("*.py"))


def _imported_modules(tree: ast.AST) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_every_module_is_scanned() -> None:
    assert {p.name for p in SOURCES} == {
        "__init__.py",
        "audit.py",
        "groups.py",
        "kanonymity.py",
        "ldiversity.py",
        "lp.py",
        "revisions.py",
        "suppression.py",
        "tables.py",
    }


def test_no_module_imports_django_or_a_numeric_library() -> None:
    forbidden = {"django", "numpy", "scipy"}
    for path in SOURCES:
        tree = ast.parse(path.read_text())
        roots = {m.split(".")[0] for m in _imported_modules(tree)}
        assert not roots & forbidden, path
        strings = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
        assert not [s for s in strings if s == "django" or s.startswith("django.")], path
