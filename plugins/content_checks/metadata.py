"""Read the metadata block at the top of a Markdown file, keeping line numbers.

Python-Markdown's `meta` extension (which Pelican uses) reads `Key: value`
lines up to the first blank line, with indented lines continuing the value.
This reads the same block the same way, but remembers where each key is, so
that errors can point writers at the right line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_DELIMITERS = {"---", "..."}


@dataclass(frozen=True)
class Field:
    key: str  # lower-cased, as Pelican sees it
    value: str
    line: int  # 1-based line number of the key


@dataclass(frozen=True)
class Document:
    fields: dict[str, Field]
    duplicate_fields: tuple[Field, ...]
    body_start: int  # 1-based line number of the first line after the block
    lines: tuple[str, ...]

    def get(self, key: str) -> Field | None:
        return self.fields.get(key)


def parse(text: str) -> Document:
    # Split on newlines only, as Python-Markdown does: str.splitlines() would
    # also split on form feeds and other control characters.
    lines = tuple(text.replace("\r\n", "\n").split("\n"))
    fields: dict[str, Field] = {}
    duplicates: list[Field] = []
    index = 0
    if lines and lines[0].strip() in _DELIMITERS:
        index = 1
    last: Field | None = None
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1  # the blank line belongs to neither block nor body
            break
        if line.strip() in _DELIMITERS:
            break
        key_match = _KEY_LINE.match(line)
        continuation = _CONTINUATION.match(line)
        if key_match:
            key = key_match["key"].lower()
            field = Field(key, key_match["value"].strip(), index + 1)
            if key in fields:
                duplicates.append(field)
            else:
                fields[key] = field
            last = field
        elif continuation and last is not None:
            joined = f"{fields[last.key].value} {continuation['value'].strip()}".strip()
            fields[last.key] = Field(last.key, joined, last.line)
        else:
            break
        index += 1
    if index < len(lines) and lines[index].strip() in _DELIMITERS:
        index += 1
    return Document(fields, tuple(duplicates), index + 1, lines)
