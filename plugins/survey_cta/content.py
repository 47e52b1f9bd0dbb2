"""What writers put in posts and pages for the survey call to action (pure).

- `Survey: no` leaves the call to action off a post that would have it (a post
  in SURVEY_CTA_CATEGORIES); `Survey: yes` adds it after any other post or page.
  survey_charts reads the same field, in findings posts, as the survey edition
  that `{{ … }}` headline numbers come from: such a value is left alone here.
- A line holding only `{survey}` places the call to action there instead
  (once per post or page; Markdown makes it `<p>{survey}</p>`).
"""

from __future__ import annotations

import re

MARKER = "{survey}"
MARKER_HTML = "<p>{survey}</p>"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+).*?\1")
_HEADER_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")


def switch(value) -> bool | None:
    """True for 'yes', False for 'no', None for no value (or a survey edition's name)."""
    if value is None:
        return None
    text = str(value).strip().lower()
    return {"yes": True, "no": False}.get(text)


def shows_after(metadata_value, category: str | None, categories) -> bool:
    """Whether the call to action follows this post or page."""
    chosen = switch(metadata_value)
    if chosen is not None:
        return chosen
    return bool(category) and category in categories


def _header(lines) -> tuple[int, tuple[int, str] | None]:
    """(index of the first body line, (line number, value) of 'Survey:' or None)."""
    survey = None
    index = 1 if lines and lines[0].strip() in ("---", "...") else 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            return index + 1, survey
        match = _HEADER_KEY.match(line)
        if match and match["key"].lower() == "survey":
            survey = (index + 1, match["value"].strip())
        elif not match and not line.startswith("    "):
            return index, survey
        index += 1
    return index, survey


def _field_problem(value: str, editions) -> str | None:
    """What is wrong with a `Survey:` value, or None."""
    if switch(value) is not None or value in editions:
        return None
    also = (
        f", or (in a findings post) the survey edition its numbers come from: "
        f"{', '.join(sorted(editions))}"
        if editions
        else ""
    )
    return (
        f"'Survey: {value}' is not 'yes' or 'no'{also}. Write 'Survey: no' to leave the "
        "survey call to action off this post, or 'Survey: yes' to add it after this post."
    )


def _outside_code(lines, start: int):
    """(index, line) of each body line outside fenced code blocks."""
    fence = None
    for index in range(start, len(lines)):
        line = lines[index]
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
        elif opened:
            fence = opened.group(1)
        else:
            yield index, line


def _marker_problem(lines, index: int, start: int, markers: list[int]) -> str | None:
    """What is wrong with the `{survey}` on this line, or None (it is a marker)."""
    line = lines[index]
    if len(line) - len(line.lstrip(" ")) >= 4:
        return None  # indented four spaces: code, not a marker
    if line.strip() != MARKER:
        if MARKER not in _INLINE_CODE.sub("", line):
            return None
        return (
            f"'{MARKER}' must be on a line of its own, with a blank line before and after "
            "it, where the survey call to action should go."
        )
    before = lines[index - 1].strip() if index > start else ""
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    if before or after:
        return (
            f"'{MARKER}' needs a blank line before and after it, so it stands alone where "
            "the survey call to action should go."
        )
    if markers:
        return (
            f"a second '{MARKER}' line (the first is on line {markers[0]}): the survey "
            "call to action appears once per post or page. Remove one."
        )
    markers.append(index + 1)
    return None


def check_text(text: str, editions=()) -> list[tuple[int, str]]:
    """(line, message) for every mistake with `Survey:` or `{survey}` in a Markdown file.

    `editions`: survey edition names that survey_charts accepts in `Survey:`.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    problems: list[tuple[int, str]] = []
    body_start, survey = _header(lines)
    if survey is not None and (problem := _field_problem(survey[1], editions)):
        problems.append((survey[0], problem))
    markers: list[int] = []
    # Most posts have no marker at all: nothing in the body to check.
    body = _outside_code(lines, body_start) if MARKER in text else ()
    for index, line in body:
        if MARKER in line and (problem := _marker_problem(lines, index, body_start, markers)):
            problems.append((index + 1, problem))
    if survey is not None and switch(survey[1]) is False and markers:
        problems.append(
            (
                markers[0],
                f"this post says 'Survey: no' but places the call to action with '{MARKER}'. "
                "Remove one of them.",
            )
        )
    return problems


def replace_marker(html: str, replacement: str) -> tuple[str, int]:
    """The HTML with every `<p>{survey}</p>` replaced, and how many there were."""
    count = html.count(MARKER_HTML)
    return (html.replace(MARKER_HTML, replacement) if count else html), count
