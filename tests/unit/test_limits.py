"""The limits' arithmetic (pluginkit/limits.py), for any input: a list, a
quote, a paragraph of '[' or YAML nesting is refused exactly when it passes
its limit, wherever it is. tests/site_build/test_limits.py feeds each limit
to a real build."""

from __future__ import annotations

from content_checks.rules import limit_problems, open_brackets
from hypothesis import given
from hypothesis import strategies as st
from pluginkit.limits import (
    MAX_LIST_DEPTH,
    MAX_OPEN_BRACKETS,
    MAX_QUOTE_DEPTH,
    MAX_YAML_DEPTH,
    size_text,
)
from survey_data import yamlines

# One level of list indentation, as Markdown counts it: a tab, or four spaces.
LEVEL = st.sampled_from(["\t", "    ", "  \t", " \t"])


@given(st.lists(LEVEL, min_size=0, max_size=3 * MAX_LIST_DEPTH), st.sampled_from("-*+1"))
def test_a_list_is_refused_exactly_when_deeper_than_the_limit(levels, marker):
    item = "1. item" if marker == "1" else f"{marker} item"
    text = "Some text.\n\n" + "".join(levels) + item + "\n"
    problems = limit_problems(text, "p.md")
    assert bool(problems) == (len(levels) + 1 > MAX_LIST_DEPTH)
    if problems:
        assert problems[0].line == 3


@given(st.integers(0, 3 * MAX_QUOTE_DEPTH), st.booleans())
def test_a_quote_is_refused_exactly_when_deeper_than_the_limit(depth, spaced):
    text = ("> " if spaced else ">") * depth + "words\n"
    assert bool(limit_problems(text, "p.md")) == (depth > MAX_QUOTE_DEPTH)


@given(st.lists(st.integers(0, 2 * MAX_OPEN_BRACKETS), min_size=1, max_size=5))
def test_open_brackets_are_counted_per_paragraph(counts):
    text = "\n\n".join("[" * n + " text" for n in counts) + "\n"
    problems = limit_problems(text, "p.md")
    assert bool(problems) == any(n > MAX_OPEN_BRACKETS for n in counts)
    if problems:
        first = next(i for i, n in enumerate(counts) if n > MAX_OPEN_BRACKETS)
        assert problems[0].line == 2 * first + 1


@given(st.text(alphabet="[]a", max_size=200))
def test_open_brackets_is_the_deepest_nesting(text):
    most = open_brackets(text)
    assert most <= text.count("[")
    closed = "".join(c for c in text if c != "]")  # with no ']' every '[' stays open
    assert open_brackets(closed) == text.count("[")
    assert open_brackets("[a](b) " * len(text)) <= 1  # links open one at a time


@given(st.integers(1, 3 * MAX_YAML_DEPTH))
def test_yaml_nesting_is_refused_exactly_when_deeper_than_the_limit(depth):
    """`a: [[…1]]` with `depth` lists: the mapping and the value 1 are a level each."""
    text = "a: " + "[" * depth + "1" + "]" * depth + "\n"
    try:
        yamlines.load(text)
        refused = False
    except yamlines.YamlError as error:
        assert error.line == 1 and "nested more than" in str(error)
        refused = True
    assert refused == (depth + 2 > MAX_YAML_DEPTH)


@given(st.sampled_from(["a: &x 1", "a: *x", "a: [&x 1]", "a: {b: *x}"]), st.integers(1, 5))
def test_every_anchor_and_alias_is_refused_with_its_line(line_text, line):
    lines = [f"k{n}: v" for n in range(line - 1)] + [line_text]
    sign = "&" if "&" in line_text else "*"
    try:
        yamlines.load("\n".join(lines) + "\n")
    except yamlines.YamlError as error:
        assert error.line == line and f"'{sign}x' is a YAML anchor or alias" in str(error)
    else:
        raise AssertionError("not refused")


@given(st.integers(1_000, 99_000_000))
def test_sizes_read_as_a_writer_reads_them(size):
    shown = size_text(size)
    number, unit = shown.split(" ")
    assert unit == ("MB" if size >= 1_000_000 else "KB")
    scale = 1_000_000 if unit == "MB" else 1_000
    assert abs(float(number) * scale - size) <= scale / 2
