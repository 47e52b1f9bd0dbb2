"""The shape of a YAML file a writer edits, declared as data, and the one
function that checks a value against it.

A `Shape` is a YAML mapping: its `Field`s in order (name, what it holds,
which values are good, what to say about a bad one) and the few `rules`
across fields that a field alone cannot say ("closes after opens"). A field
holds a plain value (a test), another `Shape`, or `Items`: a list of one
shape whose `unique` field differs from item to item.

`check` reports each problem at the key path it is about, e.g.
("questions", 2, "kind"): the caller turns paths into line numbers. It
returns the values that passed, so rules only see good values. Messages are
templates filled with {label} (e.g. "question 'income'" or "questions[2]"),
{key}, {value}, {what}, {hint} ("Did you mean …?") and {keys}.

We chose this over JSON Schema: the messages are the point, and a schema
would still need a table mapping each (path, keyword) error back to a
sentence; YAML dates are not JSON types; and the cross-field rules (unique
ids, a group in one breakdown only) are clearer as short functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pluginkit import suggest

KeyPath = tuple  # e.g. ("questions", 2, "kind")
# A rule sees (the mapping as written, its good values, its label) and
# yields (path below the mapping, message) for each problem.
Rule = Callable[[dict, dict, str], Iterator[tuple[KeyPath, str]]]
Report = Callable[[KeyPath, str], None]


@dataclass(frozen=True)
class Field:
    name: str
    what: str  # what the key holds; finishes the shape's `missing` sentence
    accepts: Callable[[object], bool] | Shape | Items
    bad: str = ""  # said when the key is there but its value is wrong
    required: bool = True
    choices: tuple = ()  # the allowed values, when there is a short list


@dataclass(frozen=True)
class Items:
    """A list of mappings of one shape (at least `at_least` of them)."""

    shape: Shape
    at_least: int = 0
    unique: str = ""  # a field whose value must differ from item to item
    duplicate: str = ""  # said about a repeat: {value} and {first} (the first item)


@dataclass(frozen=True)
class Shape:
    fields: tuple[Field, ...]
    not_mapping: str  # said when the value is not 'key: value' lines
    missing: str  # said when a required key is absent
    unknown: str  # said about a key that is not one of the fields
    noun: str = ""  # "question": an item with an id is labelled "question 'income'"
    rules: tuple[Rule, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)


_BAD = object()  # a value that did not pass (and so is left out of the good values)


def key_name(path: Iterable) -> str:
    """("questions", 2, "kind") -> "questions[2].kind", as writers see it in messages."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def label(value: object, shape: Shape, path: KeyPath) -> str:
    ident = value.get("id") if isinstance(value, dict) else None
    if shape.noun and isinstance(ident, str) and ident.strip():
        return f"{shape.noun} '{ident}'"
    return key_name(path)


def check(value: object, shape: Shape, report: Report, path: KeyPath = ()) -> dict | None:
    """Report every problem with `value`; its good values (None if it is not a mapping)."""
    said = label(value, shape, path)
    if not isinstance(value, dict):
        report(path, shape.not_mapping.format(label=said, keys=", ".join(shape.keys)))
        return None
    for key in value:
        if key not in shape.keys:
            hint = suggest(key, shape.keys)
            message = shape.unknown.format(
                label=said, key=key, hint=hint, keys=", ".join(shape.keys)
            )
            report(path + (key,), message)
    good = {}
    for field in shape.fields:
        if field.name in value:
            found = _check_field(value[field.name], field, report, path + (field.name,), said)
            if found is not _BAD:
                good[field.name] = found
        elif field.required:
            report(path, shape.missing.format(label=said, key=field.name, what=field.what))
    for rule in shape.rules:
        for below, message in rule(value, good, said):
            report(path + below, message)
    return good


def _check_field(value: object, field: Field, report: Report, path: KeyPath, said: str):
    kind = field.accepts
    if isinstance(kind, Shape):
        found = check(value, kind, report, path)
        return _BAD if found is None else found
    if isinstance(kind, Items):
        return _check_items(value, field, kind, report, path, said)
    if kind(value) and (not field.choices or value in field.choices):
        return value
    hint = suggest(value, field.choices) if field.choices and value is not None else ""
    report(path, field.bad.format(label=said, key=field.name, value=value, hint=hint))
    return _BAD


def _check_items(value: object, field: Field, items: Items, report: Report, path, said):
    if not isinstance(value, list) or len(value) < items.at_least:
        report(path, field.bad.format(label=said, key=field.name, value=value, hint=""))
        return _BAD
    good, first = [], {}
    for index, item in enumerate(value):
        found = check(item, items.shape, report, path + (index,))
        good.append(found)
        ident = (found or {}).get(items.unique)
        if ident is None:
            continue
        if ident in first:
            where = key_name(path + (first[ident],))
            report(path + (index, items.unique), items.duplicate.format(value=ident, first=where))
        else:
            first[ident] = index
    return good
