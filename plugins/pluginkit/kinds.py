"""Kinds of setting value: what a value must be, and how that is said.

A kind is a `Kind(expected, accepts)`: `accepts(value)` is True for a good
value, and `expected` finishes the sentence "expected …" in the message for
a bad one. The helpers below cover this site's settings; a plugin with an
unusual rule writes its own `Kind`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Kind:
    expected: str
    accepts: Callable[[object], bool]

    def or_none(self, meaning: str = "None") -> Kind:
        """The same kind, or None (which then means `meaning`)."""
        return Kind(
            f"{self.expected}, or {meaning}",
            lambda value: value is None or self.accepts(value),
        )

    def saying(self, expected: str) -> Kind:
        """The same rule, said in the setting's own words."""
        return Kind(expected, self.accepts)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def whole_number(low: int | None = None, high: int | None = None, unit: str = "") -> Kind:
    """An int (not a bool) within [low, high]."""
    unit = f" {unit}" if unit else ""
    if low is not None and high is not None:
        expected = f"a whole number{unit} from {low} to {high}"
    elif low is not None:
        expected = f"a whole number{unit} of {low} or more"
    else:
        expected = f"a whole number{unit}"
    return Kind(
        expected,
        lambda value: (
            _whole(value) and (low is None or value >= low) and (high is None or value <= high)
        ),
    )


def flag() -> Kind:
    return Kind("True or False", lambda value: isinstance(value, bool))


def text(empty: bool = False) -> Kind:
    """A string; with empty=False it must have some non-space text."""
    if empty:
        return Kind('a string ("" allowed)', lambda value: isinstance(value, str))
    return Kind("a non-empty string", lambda value: isinstance(value, str) and bool(value.strip()))


def text_list(empty: bool = True) -> Kind:
    """A list (or tuple) of non-empty strings."""

    def accepts(value: object) -> bool:
        return (
            isinstance(value, list | tuple)
            and (empty or bool(value))
            and all(isinstance(item, str) and item.strip() for item in value)
        )

    return Kind("a list of non-empty strings" + ("" if empty else ", at least one"), accepts)


def one_of(choices: Iterable[object]) -> Kind:
    choices = tuple(choices)
    shown = ", ".join(repr(choice) for choice in choices)
    return Kind(f"one of {shown}", lambda value: value in choices)


def relative_path() -> Kind:
    """A relative path with forward slashes that stays inside its folder."""

    def accepts(value: object) -> bool:
        if not isinstance(value, str) or not value.strip() or "\\" in value:
            return False
        return not value.startswith("/") and ".." not in value.split("/")

    return Kind("a relative path inside the folder, like 'images/card.png'", accepts)


def https_url(empty: bool = False) -> Kind:
    """An https:// address with a host and no spaces; with empty=True, "" too."""

    def accepts(value: object) -> bool:
        if empty and value == "":
            return True
        if not isinstance(value, str) or any(c.isspace() for c in value):
            return False
        parts = urlsplit(value)
        return parts.scheme == "https" and bool(parts.netloc)

    expected = "an https:// web address, such as 'https://forms.example.org/survey'"
    return Kind(expected + (', or "" for none' if empty else ""), accepts)


_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def date_time_value(value: object, zone: tzinfo) -> datetime | None:
    """An ISO date and time (text or datetime) as an aware datetime, read in
    `zone` unless it has its own offset; None if it is not one."""
    parsed = None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and _DATE_TIME.match(value.strip()):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def date_time(example: str = "2027-01-15T17:00", empty: bool = False) -> Kind:
    """A date and time, year first, in the site's TIMEZONE unless it has an
    offset (read it with date_time_value); with empty=True, "" or None too."""
    expected = (
        f"an ISO date and time such as {example!r} (year first, 24-hour clock, in the "
        "site's TIMEZONE; a date alone is not enough)"
    )

    def accepts(value: object) -> bool:
        if empty and value in ("", None):
            return True
        return date_time_value(value, UTC) is not None

    return Kind(expected + (', or "" for none' if empty else ""), accepts)
