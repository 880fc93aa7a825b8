"""The authorization matrix (docs/security.md AZ-1, AZ-2): read, check and expand matrix.toml.

Pure Python (tomllib, no Django): the file's format is described in its header comment.
:func:`load_matrix` refuses a file with an unknown key, persona, group, relation or outcome,
so a typo cannot silently weaken the tests generated from it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atbalsts.access.policy import Role

MATRIX_PATH = Path(__file__).with_name("matrix.toml")
# One fragment per app for the pages added since; same format, only [urls."app:name"] entries.
FRAGMENTS_DIR = Path(__file__).with_name("matrix.d")

ANONYMOUS = "anonymous"
PASSWORD_ONLY = "password_only"  # noqa: S105 -- a persona's name, not a password
DEACTIVATED = "deactivated"
SESSION_STATES = (ANONYMOUS, PASSWORD_ONLY, DEACTIVATED)
PERSONAS: tuple[str, ...] = (*SESSION_STATES, *(role.value for role in Role))
METHODS = ("get", "post")

LOGIN = "login"
SECOND_FACTOR = "second_factor"
REDIRECT_PREFIX = "redirect:"
ANY_RELATION = "any"

_SESSION_DEFAULTS = {ANONYMOUS: LOGIN, PASSWORD_ONLY: SECOND_FACTOR, DEACTIVATED: LOGIN}
_ENTRY_KEYS = frozenset({"public", "object", "relations", "get", "post", "when"})
_RULE_KEYS = frozenset({"roles", "relations", "get", "post"})


class MatrixError(ValueError):
    """The matrix file does not follow its format."""


@dataclass(frozen=True)
class Outcome:
    """What one request must answer: a status code, or a redirect to a named place."""

    status: int
    redirect_to: str = ""

    @classmethod
    def parse(cls, value: object, *, where: str) -> Outcome:
        if isinstance(value, bool):
            raise MatrixError(f"{where}: {value!r} is not an outcome")
        if isinstance(value, int):
            if not 200 <= value <= 599 or 300 <= value <= 399:
                raise MatrixError(f"{where}: {value} is not an outcome (redirects are named)")
            return cls(value)
        if value in (LOGIN, SECOND_FACTOR):
            return cls(302, str(value))
        if isinstance(value, str) and value.startswith(REDIRECT_PREFIX):
            target = value.removeprefix(REDIRECT_PREFIX)
            if target:
                return cls(302, target)
        raise MatrixError(f"{where}: {value!r} is not an outcome")

    def __str__(self) -> str:
        return f"302 → {self.redirect_to}" if self.redirect_to else str(self.status)


@dataclass(frozen=True)
class Case:
    """One generated request: a URL, as a persona, with a method, for one relation."""

    url_name: str
    persona: str
    method: str
    relation: str
    object_kind: str
    expected: Outcome

    @property
    def id(self) -> str:
        relation = f"-{self.relation}" if self.object_kind else ""
        return f"{self.url_name}-{self.persona}-{self.method.upper()}{relation}"


@dataclass(frozen=True)
class Entry:
    url_name: str
    is_public: bool
    object_kind: str
    relations: tuple[str, ...]
    # (persona, method, relation) → outcome, for every combination.
    outcomes: Mapping[tuple[str, str, str], Outcome]

    def expected(self, *, persona: str, method: str, relation: str) -> Outcome:
        return self.outcomes[(persona, method, relation)]


@dataclass(frozen=True)
class Matrix:
    entries: Mapping[str, Entry]

    def cases(self) -> Iterator[Case]:
        for entry in self.entries.values():
            for persona in PERSONAS:
                for method in METHODS:
                    for relation in entry.relations:
                        yield Case(
                            url_name=entry.url_name,
                            persona=persona,
                            method=method,
                            relation=relation,
                            object_kind=entry.object_kind,
                            expected=entry.expected(
                                persona=persona, method=method, relation=relation
                            ),
                        )

    @property
    def public_url_names(self) -> frozenset[str]:
        return frozenset(name for name, entry in self.entries.items() if entry.is_public)


def _by_method(value: object, *, where: str) -> dict[str, Outcome]:
    """A persona's value: one outcome for both methods, or a table of get and/or post."""
    if isinstance(value, dict):
        unknown = set(value) - set(METHODS)
        if unknown or not value:
            raise MatrixError(f"{where}: a persona's table holds get and/or post only")
        return {
            method: Outcome.parse(item, where=f"{where}.{method}") for method, item in value.items()
        }
    outcome = Outcome.parse(value, where=where)
    return dict.fromkeys(METHODS, outcome)


def _names(value: object, *, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise MatrixError(f"{where}: expected a list of names")
    return list(value)


def _expand_roles(
    names: list[str], *, groups: Mapping[str, list[str]], where: str
) -> frozenset[str]:
    personas: set[str] = set()
    for name in names:
        if name.startswith("@"):
            if name[1:] not in groups:
                raise MatrixError(f"{where}: unknown group {name!r}")
            personas.update(groups[name[1:]])
        elif name in PERSONAS:
            personas.add(name)
        else:
            raise MatrixError(f"{where}: unknown persona {name!r}")
    return frozenset(personas)


def _apply_rules(
    rules: object,
    outcomes: dict[tuple[str, str, str], Outcome],
    relations: tuple[str, ...],
    groups: Mapping[str, list[str]],
    *,
    where: str,
) -> None:
    if not isinstance(rules, list):
        raise MatrixError(f"{where}.when: expected a list of rules")
    for index, rule in enumerate(rules):
        rule_where = f"{where}.when[{index}]"
        if not isinstance(rule, dict) or set(rule) - _RULE_KEYS:
            raise MatrixError(f"{rule_where}: a rule holds roles, relations, get and post only")
        personas = (
            _expand_roles(_names(rule["roles"], where=rule_where), groups=groups, where=rule_where)
            if "roles" in rule
            else frozenset(PERSONAS)
        )
        rule_relations = _names(rule.get("relations", list(relations)), where=rule_where)
        if set(rule_relations) - set(relations):
            raise MatrixError(f"{rule_where}: relations not listed for this URL")
        changes = {
            method: Outcome.parse(rule[method], where=f"{rule_where}.{method}")
            for method in METHODS
            if method in rule
        }
        if not changes:
            raise MatrixError(f"{rule_where}: a rule sets get and/or post")
        for persona in personas:
            for relation in rule_relations:
                for method, outcome in changes.items():
                    outcomes[(persona, method, relation)] = outcome


def _entry(url_name: str, raw: Mapping[str, Any], groups: Mapping[str, list[str]]) -> Entry:
    where = f"urls.{url_name!r}"
    unknown = set(raw) - _ENTRY_KEYS - set(PERSONAS)
    if unknown:
        raise MatrixError(f"{where}: unknown keys {sorted(unknown)}")
    for method in METHODS:
        if method not in raw:
            raise MatrixError(f"{where}: {method!r} is required")
    object_kind = raw.get("object", "")
    if not isinstance(object_kind, str):
        raise MatrixError(f"{where}.object: expected a fixture kind's name")
    relations = tuple(_names(raw.get("relations", [ANY_RELATION]), where=f"{where}.relations"))
    if not relations or len(set(relations)) != len(relations):
        raise MatrixError(f"{where}.relations: expected distinct relations")
    is_public = raw.get("public", False)
    if not isinstance(is_public, bool):
        raise MatrixError(f"{where}.public: expected true or false")
    if "relations" in raw and not object_kind:
        raise MatrixError(f"{where}: relations need an object")

    outcomes: dict[tuple[str, str, str], Outcome] = {}
    defaults = _by_method({method: raw[method] for method in METHODS}, where=where)
    for persona in PERSONAS:
        per_method = dict(defaults)
        if persona in _SESSION_DEFAULTS:
            per_method = _by_method(_SESSION_DEFAULTS[persona], where=where)
        if persona in raw:
            per_method.update(_by_method(raw[persona], where=f"{where}.{persona}"))
        for method, outcome in per_method.items():
            for relation in relations:
                outcomes[(persona, method, relation)] = outcome

    _apply_rules(raw.get("when", []), outcomes, relations, groups, where=where)

    return Entry(
        url_name=url_name,
        is_public=is_public,
        object_kind=object_kind,
        relations=relations,
        outcomes=outcomes,
    )


def _parse_toml(text: str, *, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MatrixError(f"{where}not valid TOML: {error}") from error


def parse_matrix(text: str, fragments: Mapping[str, str] | None = None) -> Matrix:
    """Read the matrix and its fragments (name -> text): a fragment holds only ``urls``
    entries, one file per app, so that each app's pages are listed beside each other."""
    data = _parse_toml(text, where="")
    if data.get("version") != 1:
        raise MatrixError("version: expected 1")
    unknown = set(data) - {"version", "groups", "urls"}
    if unknown:
        raise MatrixError(f"unknown top-level keys {sorted(unknown)}")
    raw_groups = data.get("groups", {})
    groups: dict[str, list[str]] = {}
    for name, members in raw_groups.items():
        where = f"groups.{name}"
        groups[name] = sorted(_expand_roles(_names(members, where=where), groups={}, where=where))
    urls = dict(data.get("urls", {}))
    for fragment_name, fragment_text in sorted((fragments or {}).items()):
        fragment = _parse_toml(fragment_text, where=f"{fragment_name}: ")
        if set(fragment) != {"urls"} or not isinstance(fragment["urls"], dict):
            raise MatrixError(f'{fragment_name}: a fragment holds only [urls."app:name"] entries')
        for url_name, raw in fragment["urls"].items():
            if url_name in urls:
                raise MatrixError(f"{fragment_name}: urls.{url_name} is listed twice")
            urls[url_name] = raw
    if not urls:
        raise MatrixError("urls: expected one entry per URL pattern")
    return Matrix(entries={name: _entry(name, raw, groups) for name, raw in urls.items()})


def load_matrix(path: Path = MATRIX_PATH, fragments_dir: Path | None = FRAGMENTS_DIR) -> Matrix:
    fragments = (
        {
            fragment.name: fragment.read_text(encoding="utf-8")
            for fragment in sorted(fragments_dir.glob("*.toml"))
        }
        if fragments_dir is not None and fragments_dir.is_dir()
        else {}
    )
    return parse_matrix(path.read_text(encoding="utf-8"), fragments)
