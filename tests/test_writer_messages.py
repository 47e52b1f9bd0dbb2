"""Every message a writer can meet is in the writers' guides' tables of messages.

The messages are collected from the code that says them (each message's
template, read with `ast`): the opening words of each, up to its first
placeholder, must be in a table of docs/writing-posts.md or
docs/writing-charts.md. A new check without a row in a guide fails here.
"""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import ROOT

# The modules whose messages reach writers (developers' settings and theme
# files are checked elsewhere, with messages for developers).
WRITER_MODULES = (
    "plugins/content_checks/rules.py",
    "plugins/content_checks/addresses.py",
    "plugins/content_checks/body.py",
    "plugins/content_checks/boundary.py",
    "plugins/content_checks/__init__.py",
    "plugins/survey_cta/content.py",
    "plugins/survey_cta/__init__.py",
    "plugins/survey_charts/blocks.py",
    "plugins/survey_charts/numbers.py",
    "plugins/survey_data/survey_yaml.py",
    "plugins/survey_data/results_csv.py",
    "plugins/survey_data/loading.py",
    "plugins/survey_data/yamlines.py",
    "buildtools/build.py",
)
GUIDES = ("docs/writing-posts.md", "docs/writing-charts.md")
# Where a message is made: the message argument of these calls...
MESSAGE_CALLS = {"Problem": 2, "BlockError": 0, "YamlError": 0}
# ...and survey_yaml's declared templates (survey.yaml's own messages).
TEMPLATE_KEYWORDS = {"missing", "unknown", "not_mapping"}
# Text that is returned as a sentence but is not a message (headline numbers).
NOT_MESSAGES = {"fewer than one in ten"}


def _template(node) -> str | None:
    """A message expression as text, each placeholder as '…'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.sub(r"\{[^{}]*\}", "…", node.value) if "{" in node.value else node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            value.value if isinstance(value, ast.Constant) else "…" for value in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return (left or "…") + (right or "…") if (left or right) else None
    return None


def _message_nodes(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in MESSAGE_CALLS and len(node.args) > MESSAGE_CALLS[name]:
                yield node.args[MESSAGE_CALLS[name]]
            yield from (k.value for k in node.keywords if k.arg in TEMPLATE_KEYWORDS)
        if isinstance(node, (ast.Yield, ast.Return)) and node.value is not None:
            value = node.value
            if isinstance(value, ast.Tuple) and len(value.elts) == 2:
                yield from value.elts
            elif isinstance(value, ast.List):
                yield from value.elts
            elif isinstance(value, ast.ListComp):
                yield value.elt
            else:
                yield value


def _words(part: str) -> str:
    part = re.sub(r"^[^A-Za-z]+|[^A-Za-z]+$", "", part.split(". ")[0])
    return " ".join(part.split()[:6])


def opening(template: str) -> str | None:
    """A message's opening words: its first run of three or more words between
    placeholders (else its longest run of two), to the end of its first
    sentence, at most six words."""
    parts = [_words(part) for part in template.split("…")]
    parts = [part for part in parts if len(re.findall(r"[A-Za-z]+", part)) >= 2]
    long = [part for part in parts if len(part.split()) >= 3]
    return long[0] if long else max(parts, key=len, default=None)


def writer_messages() -> dict[str, str]:
    """{opening words: where in the code} for every writer's message."""
    found = {}
    for module in WRITER_MODULES:
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        for node in _message_nodes(tree):
            template = _template(node)
            words = opening(template) if template and len(template.split()) >= 4 else None
            if words and words not in NOT_MESSAGES:
                found.setdefault(words, f"{module}:{node.lineno}")
    return found


def guide_tables() -> str:
    """The rows of every table in the guides, backticks and spacing folded."""
    rows = []
    for guide in GUIDES:
        text = (ROOT / guide).read_text(encoding="utf-8")
        rows += [line for line in text.splitlines() if line.startswith("|")]
    return " ".join(" ".join(rows).replace("`", "").split())


def test_the_collector_finds_the_messages_it_should():
    """The check below cannot pass by collecting nothing."""
    found = writer_messages()
    assert len(found) > 60
    assert any(words.startswith("is not a date") or "is not a date" in words for words in found)
    assert "this line has a second colon" in found
    assert "has the same web address as" in found


@pytest.mark.parametrize("words, where", sorted(writer_messages().items()))
def test_every_message_is_in_a_guides_table(words, where):
    assert words in guide_tables(), (
        f"{where}: the message starting '{words}' is not in a table of messages in "
        f"{' or '.join(GUIDES)}: add a row saying what it means and what to do."
    )
