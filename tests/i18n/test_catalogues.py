"""Every Latvian catalogue in the repository is complete, compiled and keeps its placeholders."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("atbalsts/*/locale/lv/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\((?P<named>[^)]+)\)[sdfir]|%[sdfir]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def _entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def _key(entry: polib.POEntry, msgid: str) -> str:
    return f"{entry.msgctxt}\x04{msgid}" if entry.msgctxt else msgid


def _placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def test_the_project_has_latvian_catalogues() -> None:
    apps = {path.parts[-5] for path in CATALOGUES}

    assert {"core", "administration"} <= apps


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_entry_is_translated_and_none_is_fuzzy(path: Path) -> None:
    catalogue = polib.pofile(str(path))

    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata.get("Language") == "lv"
    for entry in _entries(path):
        assert "fuzzy" not in entry.flags, entry.msgid
        if entry.msgid_plural:
            assert entry.msgstr_plural, entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid
        else:
            assert entry.msgstr, entry.msgid


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_committed_mo_matches_the_po(path: Path) -> None:
    with path.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    for entry in _entries(path):
        if entry.msgid_plural:
            for index, msgstr in entry.msgstr_plural.items():
                n = _number_for_plural_form(translations, int(index))
                assert translations.ngettext(entry.msgid, entry.msgid_plural, n) == msgstr, (
                    entry.msgid,
                    index,
                )
        elif entry.msgctxt:
            assert translations.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert translations.gettext(entry.msgid) == entry.msgstr, entry.msgid
    # Nothing in the .mo that the .po no longer has.
    compiled_keys = {k if isinstance(k, str) else k[0] for k in translations._catalog}  # type: ignore[attr-defined]
    expected_keys = {_key(entry, entry.msgid) for entry in _entries(path)}
    assert compiled_keys - {""} == expected_keys


def _number_for_plural_form(translations: gettext.GNUTranslations, index: int) -> int:
    for n in range(200):
        if translations.plural(n) == index:  # type: ignore[attr-defined]
            return n
    raise AssertionError(f"No number selects plural form {index}.")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_translations_keep_every_placeholder(path: Path) -> None:
    for entry in _entries(path):
        if entry.msgid_plural:
            wanted = set(_placeholders(entry.msgid_plural))
            for msgstr in entry.msgstr_plural.values():
                assert wanted <= set(_placeholders(msgstr)), entry.msgid
        else:
            assert _placeholders(entry.msgid) == _placeholders(entry.msgstr), entry.msgid
