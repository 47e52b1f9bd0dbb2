"""Kinds of setting value: what a value must be, and how that is said.

A kind is a `Kind(expected, accepts)`: `accepts(value)` is True for a good
value, and `expected` finishes the sentence "expected …" in the message for
a bad one. The helpers below cover this site's settings; a plugin with an
unusual rule writes its own `Kind`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


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
