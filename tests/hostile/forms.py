"""Reading the forms of a rendered page, and hostile values to fill them with.

The parser keeps what a browser would submit: each ``<form method="post">`` with its action
and its named controls (inputs by type, selects with their option values, textareas,
checkboxes and radio buttons with their values, named submit buttons).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Text a hostile or careless user can type or paste: control characters, bidirectional
# overrides, markup, SQL, template syntax, and letters of the languages the system serves.
HOSTILE_FRAGMENTS: tuple[str, ...] = (
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x08\x0b\x0c\x7f",
    "\u202e",
    "\u200f",
    "\u200b\ufeff",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE people_person; --",
    "' OR '1'='1",
    "{{ 7*7 }}{% debug %}",
    "%s%n%x",
    "../../etc/passwd",
    "Ābele Ņina Šķēle",
    "Юлия Пётр",
    "\U0001f600",
    "  ",
    "\r\n",
)
LONG_TEXT_LENGTH = 10_000
INVALID_DATES: tuple[str, ...] = (
    "2026-02-30",
    "2026-13-01",
    "99999-01-01",
    "0000-00-00",
    "-1",
    "yesterday",
    "30.02.2026",
    "2026-02-30T25:61",
)
HOSTILE_NUMBERS: tuple[str, ...] = (
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "inf",
    "1.5",
    "abc",
    "\x00",
    "١٢",  # Arabic-Indic digits
)
UNKNOWN_CODES: tuple[str, ...] = (
    "UNKNOWN-CODE",
    "0",
    "-1",
    "<script>alert(1)</script>",
    "'; DROP TABLE people_person; --",
    "00000000-0000-0000-0000-000000000000",
    "\x00",
)


def valid_date() -> str:
    return datetime.date.today().isoformat()  # noqa: DTZ011 -- a form value, like a browser's


@dataclass
class Control:
    """One named control of a form: what a browser would send for it."""

    name: str
    kind: str  # text, textarea, date, number, select, checkbox, radio, hidden, file, submit, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    is_required: bool = False
    is_multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    controls: dict[str, Control] = field(default_factory=dict)

    def add(self, control: Control) -> None:
        known = self.controls.get(control.name)
        if known is None:
            self.controls[control.name] = control
        elif control.kind in {"checkbox", "radio"} or known.kind in {"checkbox", "radio"}:
            known.options.extend(control.options)
            known.is_multiple = known.is_multiple or control.kind == "checkbox"
        # A second submit button or hidden input of the same name adds nothing to fuzz.


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Control | None = None
        self._textarea: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(
                action=attributes.get("action", ""),
                method=attributes.get("method", "get").lower(),
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attributes.get("name", "")
        is_required = "required" in attributes
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            value = attributes.get("value", "on" if kind in {"checkbox", "radio"} else "")
            options = [value] if kind in {"checkbox", "radio"} else []
            self._form.add(Control(name, kind, value, options, is_required))
        elif tag == "button" and name:
            self._form.add(Control(name, "submit", attributes.get("value", "")))
        elif tag == "select" and name:
            self._select = Control(
                name, "select", is_required=is_required, is_multiple="multiple" in attributes
            )
            self._form.add(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attributes.get("value", ""))
            if "selected" in attributes:
                self._select.value = attributes.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = Control(name, "textarea", is_required=is_required)
            self._form.add(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse_forms(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms
