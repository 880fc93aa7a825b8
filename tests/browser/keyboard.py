"""Driving a page with the keyboard only: Tab to reach a control, then Enter, Space, arrows
or typed characters, as a person who does not use a mouse would. Nothing here clicks.

A control that Tab never reaches fails the test: that is the finding the keyboard journey is
there to make.
"""

from __future__ import annotations

import datetime

from playwright.sync_api import Locator, Page, expect

# Enough for the longest page of the journeys, with the menu, twice round.
TAB_LIMIT = 300
_IS_FOCUSED = "element => element === document.activeElement"


class Keyboard:
    def __init__(self, page: Page) -> None:
        self.page = page
        self._order: list[str] = []

    def focus(self, target: Locator) -> None:
        expect(target).to_be_visible()
        for _ in range(TAB_LIMIT):
            if target.evaluate(_IS_FOCUSED):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"{target} cannot be reached with the Tab key")

    def activate(self, target: Locator) -> None:
        """Follow a link or press a button with Enter."""
        self.focus(target)
        self.page.keyboard.press("Enter")

    def type(self, target: Locator, text: str) -> None:
        self.focus(target)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)
        expect(target).to_have_value(text)

    def date(self, target: Locator, day: datetime.date) -> None:
        """A date field, typed segment by segment in the order the browser shows them.

        Tab enters the field on its first segment; a day or a month moves on after two
        digits, a year (up to six digits) only with the right arrow.
        """
        # The field's page first (Enter on a link may still be loading it), then the probe.
        expect(target).to_be_visible()
        order = self._date_segment_order()
        self.focus(target)
        values = {"day": f"{day:%d}", "month": f"{day:%m}", "year": f"{day:%Y}"}
        for position, segment in enumerate(order):
            self.page.keyboard.type(values[segment])
            if segment == "year" and position < len(order) - 1:
                self.page.keyboard.press("ArrowRight")
        expect(target).to_have_value(day.isoformat())

    def _date_segment_order(self) -> list[str]:
        """Which segment comes first, second, third: the browser's own format, not the
        page's language, decides, and no script can read it, so it is found by typing."""
        if self._order:
            return self._order
        self.page.evaluate(
            "() => { const probe = document.createElement('input'); probe.type = 'date';"
            " probe.id = 'keyboard-date-probe'; probe.value = '2000-11-22';"
            " document.body.append(probe); probe.focus(); }"
        )
        probe = self.page.locator("#keyboard-date-probe")
        found: list[str] = []
        for digits in ("05", "07"):
            before = probe.input_value()
            self.page.keyboard.type(digits)
            after = probe.input_value()
            changed = {
                name
                for name, (old, new) in zip(
                    ("year", "month", "day"),
                    zip(before.split("-"), after.split("-"), strict=True),
                    strict=True,
                )
                if old != new
            }
            found.append(changed.pop() if len(changed) == 1 else "year")
            if found[-1] == "year":
                self.page.keyboard.press("ArrowRight")
        probe.evaluate("element => element.remove()")
        found.append(({"day", "month", "year"} - set(found)).pop())
        self._order = found
        return found

    def tick(self, target: Locator) -> None:
        """Tick a checkbox with the space bar."""
        self.focus(target)
        if not target.is_checked():
            self.page.keyboard.press("Space")
        expect(target).to_be_checked()

    def select(self, target: Locator, label: str) -> None:
        """Choose an option of a closed list with the arrow keys."""
        self.focus(target)
        options = target.locator("option").all_inner_texts()
        assert label in [option.strip() for option in options], f"{label!r} not in {options}"
        for _ in range(len(options) + 1):
            if target.evaluate("s => s.options[s.selectedIndex].text.trim()") == label:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{label!r} cannot be chosen with the arrow keys")

    def choose(self, target: Locator) -> None:
        """Choose a radio button: Tab reaches its group once, the arrows move within it."""
        name = target.get_attribute("name")
        group = self.page.locator(f'input[type="radio"][name="{name}"]')
        expect(target).to_be_visible()
        for _ in range(TAB_LIMIT):
            if self.page.evaluate(
                "name => document.activeElement && document.activeElement.name === name", name
            ):
                break
            self.page.keyboard.press("Tab")
        else:
            raise AssertionError(f"the {name!r} choices cannot be reached with the Tab key")
        for _ in range(group.count() + 1):
            if target.is_checked():
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{target} cannot be chosen with the arrow keys")
