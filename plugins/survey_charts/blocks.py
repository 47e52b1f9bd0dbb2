"""Find and check what writers put in Markdown: ```chart and ```survey-method
blocks and {{ ... }} headline numbers. Pure: text in, options or problems out.

The same functions serve the check that runs before Pelican reads anything
(which knows the file and its real line numbers, so every error says
`content/findings/x.md:42: chart block: ...`) and the Markdown extension
that turns blocks into HTML (which, by then, only meets valid blocks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from survey_data import PublishedSurvey, yamlines
from survey_data.loading import suggest

from .charts import KINDS, MAX_COLOURS

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)[^`]*$")
BLOCK_NAMES = ("chart", "survey-method")
CHART_REQUIRED = ("survey", "question", "title", "description")
CHART_OPTIONAL = ("kind", "group", "interactive")
METHOD_KEYS = ("survey", "heading")
REF = re.compile(r"\{\{(?P<body>.*?)\}\}")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
FORMATS = ("percent", "count", "base", "of-base", "in-ten", "In-ten")
BASE_FORMATS = ("base", "of-base")  # about who answered: they take no answer


class BlockError(ValueError):
    """A mistake in a block or reference; `line` is relative to the block."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Block:
    name: str  # chart | survey-method
    start: int  # index of the opening fence line
    end: int  # index of the closing fence line (or len(lines) if unclosed)
    body: str
    closed: bool


@dataclass(frozen=True)
class ChartOptions:
    survey: str
    question: str
    title: str
    description: str
    kind: str = "bar"
    group: str | None = None
    interactive: bool = False


@dataclass(frozen=True)
class MethodOptions:
    survey: str
    heading: str = "About the survey"


@dataclass(frozen=True)
class Reference:
    survey: str | None
    question: str
    answers: tuple[str, ...] = ()
    fmt: str = "percent"
    group: str | None = None


def find_blocks(lines: list[str]) -> tuple[list[Block], list[tuple[int, int]]]:
    """Our blocks, and the (start, end) line spans of every fenced block
    (ours and others, e.g. ```python), where references are not read."""
    blocks: list[Block] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence = match["fence"]
        info = match["info"].strip("{}. ").lower()
        j = i + 1
        while j < len(lines):
            closing = FENCE.match(lines[j])
            if (
                closing
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"]
            ):
                break
            j += 1
        spans.append((i, j))
        if info in BLOCK_NAMES:
            blocks.append(Block(info, i, j, "\n".join(lines[i + 1 : j]), j < len(lines)))
        i = j + 1
    return blocks, spans


def _yaml_mapping(block: Block, kind_name: str) -> tuple[dict, dict]:
    if not block.closed:
        raise BlockError(f"{kind_name} block is never closed: add a line with ``` after it.")
    # {{ ... }} numbers are ours, not YAML's: hide them while YAML reads the
    # block (their colons and braces would confuse it), then put them back.
    refs: list[str] = []

    def hide(match):
        refs.append(match.group(0))
        return f"⟦{len(refs) - 1}⟧"

    def restore(value):
        if isinstance(value, str):
            return re.sub(r"⟦(\d+)⟧", lambda m: refs[int(m.group(1))], value)
        if isinstance(value, dict):
            return {k: restore(v) for k, v in value.items()}
        if isinstance(value, list):
            return [restore(v) for v in value]
        return value

    try:
        data, lines = yamlines.load(REF.sub(hide, block.body))
        data = restore(data)
    except yamlines.YamlError as error:
        # Say it with the writer's own line: their {{ … }} numbers put back.
        raise BlockError(f"{kind_name} block: {restore(str(error))}", error.line or 1) from None
    if not isinstance(data, dict):
        raise BlockError(
            f"{kind_name} block: write one 'key: value' per line "
            "(survey, question, title, description).",
            1,
        )
    return data, lines


def _text(data, lines, key, kind_name, required=True) -> str | None:
    if (
        key not in data
        or data[key] is None
        or (isinstance(data[key], str) and not data[key].strip())
    ):
        if not required:
            return None
        hint = {
            "description": "a sentence saying what the chart shows, for people who cannot see it "
            "(it is the chart's text alternative and is shown under it)",
            "title": "the chart's headline: the message, "
            "e.g. 'Four in ten organisations saw their income fall'",
            "survey": "the survey folder's name, e.g. state-of-the-sector-2025",
            "question": "the question's id from survey.yaml, e.g. income-change",
        }[key]
        raise BlockError(
            f"{kind_name} block has no {key}. Add '{key}: ...' with {hint}.", lines.get((key,), 0)
        )
    value = data[key]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise BlockError(
            f"{kind_name} block: '{key}' should be text on one line.", lines.get((key,), 0)
        )
    return " ".join(value.split())


def _survey(data, lines, surveys, kind_name) -> PublishedSurvey:
    name = _text(data, lines, "survey", kind_name)
    if name not in surveys:
        known = ", ".join(sorted(surveys)) or "none yet"
        raise BlockError(
            f"{kind_name} block: unknown survey '{name}'.{suggest(name, surveys)} "
            f"The surveys are the folders in content/data/: {known}.",
            lines.get(("survey",), 0),
        )
    return surveys[name]


def _known_keys(data, lines, kind_name: str, keys: tuple[str, ...]) -> None:
    what = "a chart key" if kind_name == "chart" else "a key here"
    for key in data:
        if key not in keys:
            raise BlockError(
                f"{kind_name} block: '{key}' is not {what}.{suggest(key, keys)} "
                f"The keys are: {', '.join(keys)}.",
                lines.get((key,), 0),
            )


# What each kind of chart needs, checked in order once the question and group
# are known: (kind, when the block is wrong, what to say).
_KIND_RULES = (
    (
        "grouped",
        lambda question, group: group is None,
        "kind 'grouped' needs 'group:' naming a breakdown, e.g. group: income-band.",
    ),
    (
        "grouped",
        lambda question, group: len(question.breakdown.groups) > MAX_COLOURS,
        "'{group}' has {groups} groups, but a chart uses at most {most} colours. "
        "Use kind: stacked, or merge groups in the data.",
    ),
    (
        "stacked",
        lambda question, group: question.kind != "single",
        "kind 'stacked' is for single-choice questions, whose answers add up to 100%; "
        "'{question}' is multi-choice. Use kind: bar.",
    ),
    (
        "stacked",
        lambda question, group: len(question.answers) > MAX_COLOURS,
        "kind 'stacked' needs at most {most} answers (one colour each); "
        "'{question}' has {answers}. Use kind: bar.",
    ),
    (
        "bar",
        lambda question, group: group is not None,
        "kind 'bar' shows the overall results; for a breakdown use kind: grouped or kind: stacked.",
    ),
)


def _check_kind(kind: str, question, group: str | None, line: int) -> None:
    if kind not in KINDS:
        raise BlockError(
            f"chart block: unknown kind '{kind}'.{suggest(kind, KINDS)} "
            f"Use one of: {', '.join(KINDS)}.",
            line,
        )
    for rule_kind, wrong, message in _KIND_RULES:
        if rule_kind == kind and wrong(question, group):
            facts = {
                "group": group,
                "groups": len(question.breakdown.groups) if question.breakdown else 0,
                "question": question.id,
                "answers": len(question.answers),
                "most": MAX_COLOURS,
            }
            raise BlockError("chart block: " + message.format(**facts), line)


def _check_group(group: str | None, question, line: int) -> None:
    breakdown = question.breakdown
    if group is None or (breakdown is not None and breakdown.id == group):
        return
    have = (
        f"its results are broken down by '{breakdown.id}'"
        if breakdown
        else "its results have no breakdown"
    )
    choices = [breakdown.id] if breakdown else []
    raise BlockError(
        f"chart block: unknown group '{group}' for question '{question.id}': {have}."
        f"{suggest(group, choices)}",
        line,
    )


def chart_options(block: Block, surveys: dict[str, PublishedSurvey]) -> ChartOptions:
    """Check a chart block against the surveys; raises BlockError."""
    data, lines = _yaml_mapping(block, "chart")
    _known_keys(data, lines, "chart", CHART_REQUIRED + CHART_OPTIONAL)
    survey = _survey(data, lines, surveys, "chart")
    qid = _text(data, lines, "question", "chart")
    question = survey.info.question(qid)
    if question is None:
        ids = [q.id for q in survey.info.questions]
        raise BlockError(
            f"chart block: unknown question '{qid}' in survey '{survey.id}'.{suggest(qid, ids)}",
            lines.get(("question",), 0),
        )
    if survey.table(qid).overall.withheld == "unsafe":
        raise BlockError(
            f"chart block: the results of question '{qid}' cannot be published safely: "
            "with everything else this survey publishes, readers could work out how a few "
            "organisations answered, even with more numbers hidden. Remove this chart "
            "(docs/writing-charts.md, 'Why a chart may be refused').",
            lines.get(("question",), 0),
        )
    title = _text(data, lines, "title", "chart")
    description = _text(data, lines, "description", "chart")
    group = _text(data, lines, "group", "chart", required=False)
    kind = _text(data, lines, "kind", "chart", required=False) or ("grouped" if group else "bar")
    interactive = data.get("interactive", False)
    if not isinstance(interactive, bool):
        raise BlockError(
            "chart block: 'interactive' should be true or false.", lines.get(("interactive",), 0)
        )
    _check_group(group, question, lines.get(("group",), 0))
    _check_kind(kind, question, group, lines.get(("kind",), 0))
    return ChartOptions(survey.id, qid, title, description, kind, group, interactive)


def method_options(block: Block, surveys: dict[str, PublishedSurvey]) -> MethodOptions:
    data, lines = _yaml_mapping(block, "survey-method")
    _known_keys(data, lines, "survey-method", METHOD_KEYS)
    survey = _survey(data, lines, surveys, "survey-method")
    heading = _text(data, lines, "heading", "survey-method", required=False)
    return MethodOptions(survey.id, heading or MethodOptions.heading)


LIST_ITEM = re.compile(r"^ {0,3}([-*+]|\d+[.)])(\s|$)")


def indented_code(lines: list[str], skipped: set[int]) -> set[int]:
    """The lines Markdown reads as an indented code block: indented four
    spaces (or a tab) after a blank line or more code, and not inside a list.
    In a list, an indented line (a continuation, a nested item, a second
    paragraph) is text, and its {{ ... }} numbers are drawn like any other."""
    code: set[int] = set()
    in_list, after_blank, after_code = False, True, False
    for index, line in enumerate(lines):
        if index in skipped:  # a fenced block: neither text nor indented code
            in_list, after_blank, after_code = False, True, False
            continue
        if not line.strip():
            after_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and not in_list and (after_blank or after_code):
            code.add(index)
            after_code = True
        else:
            after_code = False
            if LIST_ITEM.match(line):
                in_list = True
            elif not indented and after_blank:
                in_list = False  # a paragraph after a blank line ends the list
        after_blank = False
    return code


def find_refs(lines: list[str], skip: list[tuple[int, int]]):
    """(line index, reference text) for each {{ ... }} outside code."""
    skipped = set()
    for start, end in skip:
        skipped.update(range(start, end + 1))
    code = indented_code(lines, skipped)
    for index, line in enumerate(lines):
        if index in skipped or index in code:
            continue
        visible = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for match in REF.finditer(visible):
            yield index, match.group("body")


def _format_and_group(body: str, modifiers: list[str]) -> tuple[str | None, str | None]:
    """The `| format` and `| group: name` parts of a reference."""
    fmt = None
    group = None
    for modifier in modifiers:
        if modifier.lower().startswith("group:"):
            group = modifier.split(":", 1)[1].strip()
        elif modifier not in FORMATS:
            raise BlockError(
                f"'{modifier}' in '{{{{{body}}}}}' is not a format.{suggest(modifier, FORMATS)} "
                f"Use one of: {', '.join(FORMATS)}, or 'group: <group name>'."
            )
        elif fmt is not None:
            raise BlockError(
                f"'{{{{{body}}}}}' gives two formats: keep one of {', '.join(FORMATS)}."
            )
        else:
            fmt = modifier
    return fmt, group


def parse_ref(body: str) -> Reference:
    """`survey/question: answer + answer | format | group: name`."""
    head, *modifiers = [p.strip() for p in body.split("|")]
    if not head:
        raise BlockError(
            "{{ }} is empty: write {{ question-id: Answer }}, e.g. {{ income-change: Decreased }}."
        )
    question_part, _, answer_part = head.partition(":")
    question_part = question_part.strip()
    survey, _, question_part = (
        question_part.partition("/") if "/" in question_part else ("", "", question_part)
    )
    survey, question_part = survey.strip() or None, question_part.strip()
    answers = tuple(a.strip() for a in answer_part.split("+")) if answer_part.strip() else ()
    if any(not a for a in answers):
        raise BlockError(f"'{{{{{body}}}}}' has an empty answer: join answers with ' + '.")
    fmt, group = _format_and_group(body, modifiers)
    fmt = fmt or ("base" if not answers else "percent")
    if fmt in BASE_FORMATS and answers:
        raise BlockError(
            f"'{{{{{body}}}}}': '{fmt}' is about who answered the question: leave out the answers."
        )
    if fmt not in BASE_FORMATS and not answers:
        raise BlockError(
            f"'{{{{{body}}}}}' names no answer: write {{{{ {question_part}: Answer }}}} "
            "(or add '| base' for the number who answered)."
        )
    return Reference(survey, question_part, answers, fmt, group)
