"""Read YAML into plain Python values, remembering the line of every key.

Errors about a survey file should point at the line to fix, so the loader
keeps a map from each key path (e.g. ("questions", 2, "kind")) to its line.
"""

from __future__ import annotations

import re

import yaml


class Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true and false. (YAML 1.1 also reads yes, no,
    on and off as booleans, which would turn an answer 'No' into False.)"""


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


def _convert(node, loader, path, lines):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YamlError(
                    f"the key {key!r} is not a plain name.", key_node.start_mark.line + 1
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
    return loader.construct_object(node, deep=True)


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
        problem = error.problem or str(error)
        raise YamlError(f"is not valid YAML ({problem}).", line) from None
    except yaml.YAMLError as error:
        raise YamlError(f"is not valid YAML ({error}).", None) from None
    finally:
        loader.dispose()
