"""Read YAML into plain Python values, remembering the line of every key.

Errors about a survey file should point at the line to fix, so the loader
keeps a map from each key path (e.g. ("questions", 2, "kind")) to its line.
"""

from __future__ import annotations

import re

import yaml
from pluginkit.limits import MAX_YAML_DEPTH


class Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true and false. (YAML 1.1 also reads yes, no,
    on and off as booleans, which would turn an answer 'No' into False.)

    No anchors or aliases (`&name`, `*name`): writers never need them, and ten
    nested aliases of ten make a few lines that expand to gigabytes. They are
    refused as the parser meets them, before anything is expanded; so is
    nesting deeper than MAX_YAML_DEPTH."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise YamlError(
                f"'{sign}{event.anchor}' is a YAML anchor or alias, which this site does not "
                f"read (they can make a short file enormous). Write the value out in full; "
                f"if it is text that starts with '{sign}', put it in quotes.",
                event.start_mark.line + 1,
            )
        depth = getattr(self, "nesting", 0)
        if depth >= MAX_YAML_DEPTH:
            raise YamlError(
                f"the lines here are nested more than {MAX_YAML_DEPTH} levels deep "
                "(lists or keys inside each other); no survey file or chart block needs "
                "that many. Check the indentation and the brackets.",
                event.start_mark.line + 1,
            )
        self.nesting = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.nesting = depth


Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


class YamlError(ValueError):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


_KEY_VALUE = re.compile(r"^(?P<key>\s*(?:- )?[\w-]+:[ \t]*)(?P<value>\S.*?)\s*$")


def quoted(line: str) -> str | None:
    """The writer's `key: value` line with the value in quotes, or None."""
    match = _KEY_VALUE.match(line)
    if not match:
        return None
    value = match["value"]
    if '"' in value and "'" not in value:
        return f"{match['key']}'{value}'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{match["key"]}"{escaped}"'


def _plain(problem: str, text: str, line: int | None) -> tuple[str, int | None]:
    """What PyYAML's `problem` means for the writer's line, what to do, and the
    line to fix (the one above, when PyYAML only noticed the mistake a line later)."""
    lines = text.split("\n")
    here = lines[line - 1] if line and line <= len(lines) else ""
    key = here.split(":", 1)[0].strip(" -")
    example = quoted(here)
    above = next((n for n in range((line or 1) - 1, 0, -1) if lines[n - 1].strip()), None)
    above_text = lines[above - 1] if above else ""
    mapping = "mapping values are not allowed" in problem
    if mapping and here.count(": ") + here.endswith(":") > 1:
        before = here.split(":", 1)[1].split(":", 1)[0].split()[-1:] or [key]
        return (
            f"this line has a second colon (after '{before[0]}'), so it cannot be read. "
            f"Put the text after '{key}:' in quotes: {example.strip()}"
        ), line
    if mapping and above_text and ":" not in above_text:
        mended = re.sub(r"^(\s*(?:- )?[\w-]+)\s+", r"\1: ", above_text, count=1)
        return (
            f"this line has no colon: '{above_text.strip()}'. Write it as 'name: value', "
            f"e.g. {mended.strip()}"
        ), above
    if mapping and here[:1].isspace():
        return (
            f"this line is indented, so it reads as part of the line above: "
            f"'{here.strip()}'. Start it at the same place as the other lines."
        ), line
    if mapping or "could not find expected ':'" in problem:
        return (
            "a line on or just above this one is not 'name: value' (its colon is missing, "
            "or it is indented). Write each line as 'name: value', e.g. 'title: Your title'."
        ), line
    if "'\\t'" in problem:
        return "this line starts with a tab: indent with spaces instead (or not at all).", line
    if ("cannot start any token" in problem or "alias" in problem) and example:
        first = here.split(":", 1)[1].strip()[:1]
        return (
            f"'{here.strip()}': a value that starts with '{first}' must be in quotes: "
            f"{example.strip()}"
        ), line
    if "but found '<scalar>'" in problem and example:
        return (
            f"'{here.strip()}': the value starts with a quote mark but goes on after the "
            f"closing one. Put the whole value in quotes: {example.strip()}"
        ), line
    if "end of stream" in problem or "stream end" in problem or "expected ',' or" in problem:
        return (
            "a quote mark or bracket is opened on or above this line and never closed: "
            "close it, or remove it."
        ), line
    return (
        "this line cannot be read as 'name: value'. Check it and the line above: the "
        "indentation, a missing colon, or text with a colon that needs to be in quotes."
    ), line


def _convert(node, loader, path, lines):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, loader)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YamlError(
                    f"'{key}' is not a name: write each line as 'name: value'.",
                    key_node.start_mark.line + 1,
                )
            if key in out:
                raise YamlError(
                    f"'{key}' is given twice: keep one of them.", key_node.start_mark.line + 1
                )
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, loader, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loader, path + (i,), lines) for i, item in enumerate(node.value)]
    return _scalar(node, loader)


def _scalar(node, loader):
    """A value as YAML reads it; a date that is no real day (2025-02-30) or a
    number too long for Python to read is said with its line."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):
        text = str(node.value)
        shown = text if len(text) <= 30 else f"{text[:20]}… ({len(text)} characters)"
        if node.tag.endswith(":timestamp"):
            message = (
                f"'{shown}' is not a real date: check the day and the month (year-month-day, "
                "such as 2025-09-15; February has 28 days, or 29 in a leap year)."
            )
        else:
            message = f"'{shown}' is too long a number to read: check it."
        raise YamlError(message, node.start_mark.line + 1) from None


def load(text: str) -> tuple[object, dict]:
    """(value, lines) for a YAML document; raises YamlError with a line."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict = {}
        return _convert(node, loader, (), lines), lines
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(*_plain(error.problem or str(error), text, line)) from None
    except yaml.YAMLError as error:
        raise YamlError(*_plain(str(error), text, None)) from None
    finally:
        loader.dispose()
