"""The matrix file's reader: precedence of defaults, overrides and rules; every malformed file
is refused with the place it went wrong (docs/security.md AZ-1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atbalsts.access.matrix import (
    MATRIX_PATH,
    PERSONAS,
    Case,
    MatrixError,
    Outcome,
    load_matrix,
    parse_matrix,
)

HEAD = 'version = 1\n[groups]\nheads = ["social_service_head", "provider_head"]\n'


def _entry(body: str, *, name: str = "cases:detail") -> str:
    return f'{HEAD}[urls."{name}"]\n{body}\n'


def test_the_project_matrix_loads_and_covers_every_persona() -> None:
    matrix = load_matrix(MATRIX_PATH)

    home = matrix.entries["core:home"]

    assert len(PERSONAS) == 13
    assert home.expected(persona="social_worker", method="get", relation="any") == Outcome(200)
    assert home.expected(persona="anonymous", method="post", relation="any") == Outcome(
        302, "login"
    )
    assert "core:csp_report" in matrix.public_url_names
    assert "core:home" not in matrix.public_url_names


def test_defaults_overrides_and_rules_apply_from_general_to_particular() -> None:
    matrix = parse_matrix(
        _entry(
            'object = "case"\n'
            'relations = ["own_organisation", "none"]\n'
            "get = 404\npost = 405\n"
            'password_only = { post = "redirect:core:home" }\n'
            "social_worker = 200\n"
            "when = [\n"
            '  { roles = ["@heads", "system_admin"], relations = ["own_organisation"], '
            "get = 200 },\n"
            '  { roles = ["social_worker"], relations = ["none"], get = 404, post = 404 },\n'
            "]\n"
        )
    )
    entry = matrix.entries["cases:detail"]

    def outcome(persona: str, method: str, relation: str) -> Outcome:
        return entry.expected(persona=persona, method=method, relation=relation)

    assert outcome("anonymous", "get", "none") == Outcome(302, "login")
    assert outcome("deactivated", "post", "none") == Outcome(302, "login")
    assert outcome("password_only", "get", "none") == Outcome(302, "second_factor")
    assert outcome("password_only", "post", "none") == Outcome(302, "core:home")
    assert outcome("ministry_analyst", "get", "own_organisation") == Outcome(404)
    assert outcome("ministry_analyst", "post", "own_organisation") == Outcome(405)
    assert outcome("social_worker", "post", "own_organisation") == Outcome(200)
    assert outcome("social_worker", "get", "none") == Outcome(404)
    assert outcome("provider_head", "get", "own_organisation") == Outcome(200)
    assert outcome("provider_head", "get", "none") == Outcome(404)
    assert outcome("system_admin", "get", "own_organisation") == Outcome(200)
    assert outcome("system_admin", "post", "own_organisation") == Outcome(405)


def test_cases_cover_every_persona_method_and_relation() -> None:
    matrix = parse_matrix(
        _entry('object = "case"\nrelations = ["own_organisation", "none"]\nget = 404\npost = 404')
        + '[urls."core:home"]\nget = 200\npost = 405\n'
    )

    cases = list(matrix.cases())

    assert len(cases) == 13 * 2 * 2 + 13 * 2
    assert cases[0] == Case(
        url_name="cases:detail",
        persona="anonymous",
        method="get",
        relation="own_organisation",
        object_kind="case",
        expected=Outcome(302, "login"),
    )
    assert cases[0].id == "cases:detail-anonymous-GET-own_organisation"
    assert cases[-1].id == "core:home-system_admin-POST"
    assert str(cases[0].expected) == "302 → login"
    assert str(cases[-1].expected) == "405"


def test_the_default_file_path_is_read(tmp_path: Path) -> None:
    path = tmp_path / "matrix.toml"
    path.write_text(_entry("get = 200\npost = 200"), encoding="utf-8")

    assert set(load_matrix(path, fragments_dir=None).entries) == {"cases:detail"}


def test_fragments_add_their_pages_to_the_matrix(tmp_path: Path) -> None:
    path = tmp_path / "matrix.toml"
    path.write_text(_entry("get = 200\npost = 200"), encoding="utf-8")
    fragments = tmp_path / "matrix.d"
    fragments.mkdir()
    (fragments / "statistics.toml").write_text(
        '[urls."statistics:index"]\nget = 403\npost = 405\nministry_analyst = 200\n',
        encoding="utf-8",
    )

    matrix = load_matrix(path, fragments_dir=fragments)

    assert set(matrix.entries) == {"cases:detail", "statistics:index"}
    index = matrix.entries["statistics:index"]
    assert index.expected(persona="ministry_analyst", method="get", relation="any") == Outcome(200)
    assert index.expected(persona="anonymous", method="get", relation="any") == Outcome(
        302, "login"
    )
    assert set(load_matrix(path, fragments_dir=tmp_path / "absent").entries) == {"cases:detail"}


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ("[urls", "x.toml: not valid TOML"),
        ('version = 1\n[urls."a"]\nget = 200\npost = 200\n', "x.toml: a fragment holds only"),
        ("urls = 1\n", "x.toml: a fragment holds only"),
        ('[urls."cases:detail"]\nget = 200\npost = 200\n', "urls.cases:detail is listed twice"),
    ],
)
def test_a_malformed_fragment_is_refused_with_its_name(fragment: str, message: str) -> None:
    with pytest.raises(MatrixError, match=re.escape(message)):
        parse_matrix(_entry("get = 200\npost = 200"), {"x.toml": fragment})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version = [", "not valid TOML"),
        ('version = 2\n[urls."a"]\nget = 200\npost = 200\n', "version: expected 1"),
        ('version = 1\nextra = 1\n[urls."a"]\nget = 200\npost = 200\n', "unknown top-level"),
        ("version = 1\n", "urls: expected one entry"),
        ('version = 1\n[groups]\nx = ["@y"]\n', "groups.x: unknown group '@y'"),
        ('version = 1\n[groups]\nx = ["nobody"]\n', "groups.x: unknown persona 'nobody'"),
        ('version = 1\n[groups]\nx = "social_worker"\n', "groups.x: expected a list of names"),
        (_entry("get = 200\npost = 200\ncolour = 1"), "unknown keys ['colour']"),
        (_entry("get = 200"), "'post' is required"),
        (_entry('get = 200\npost = 200\npublic = "yes"'), "public: expected true or false"),
        (_entry("get = 200\npost = 200\nobject = 1"), "object: expected a fixture kind"),
        (_entry('get = 200\npost = 200\nrelations = ["none"]'), "relations need an object"),
        (
            _entry('get = 200\npost = 200\nobject = "case"\nrelations = []'),
            "expected distinct relations",
        ),
        (
            _entry('get = 200\npost = 200\nobject = "case"\nrelations = ["none", "none"]'),
            "expected distinct relations",
        ),
        (_entry("get = true\npost = 200"), "True is not an outcome"),
        (_entry("get = 302\npost = 200"), "302 is not an outcome (redirects are named)"),
        (_entry("get = 99\npost = 200"), "99 is not an outcome"),
        (_entry("get = 600\npost = 200"), "600 is not an outcome"),
        (_entry('get = "redirect:"\npost = 200'), "'redirect:' is not an outcome"),
        (_entry('get = "ok"\npost = 200'), "'ok' is not an outcome"),
        (_entry("get = 200\npost = 200\nanonymous = { put = 200 }"), "get and/or post only"),
        (_entry("get = 200\npost = 200\nanonymous = {}"), "get and/or post only"),
        (_entry("get = 200\npost = 200\nwhen = 1"), "when: expected a list of rules"),
        (_entry("get = 200\npost = 200\nwhen = [1]"), "when[0]: a rule holds roles"),
        (_entry("get = 200\npost = 200\nwhen = [{ who = 1 }]"), "when[0]: a rule holds roles"),
        (_entry('get = 200\npost = 200\nwhen = [{ roles = ["@x"], get = 1 }]'), "unknown group"),
        (
            _entry('get = 200\npost = 200\nwhen = [{ relations = ["none"], get = 200 }]'),
            "relations not listed for this URL",
        ),
        (_entry('get = 200\npost = 200\nwhen = [{ roles = ["@heads"] }]'), "sets get and/or"),
    ],
)
def test_a_malformed_file_is_refused_with_the_place(text: str, message: str) -> None:
    with pytest.raises(MatrixError, match=re.escape(message)):
        parse_matrix(text)
