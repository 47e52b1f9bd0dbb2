"""Checks on a post or page file, before Pelican reads it.

Pelican skips a file it cannot use and logs a terse line; with fatal warnings
the build stops, but a writer is left guessing. These rules find the same
mistakes first and say, for each, the file, the line and what to do.
"""

from __future__ import annotations

import difflib
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from pelican.utils import get_date

from .metadata import Document, parse

STATUSES = ("published", "draft", "hidden")

# Every metadata field a writer may use. Plugins that read more fields add
# them through the CONTENT_CHECKS_EXTRA_FIELDS setting.
KNOWN_FIELDS = frozenset(
    {
        "title",
        "date",
        "modified",
        "category",
        "tags",
        "author",
        "authors",
        "summary",
        "slug",
        "status",
        "lang",
        "translation",
        "template",
        "save_as",
        "url",
        "feed-id",
    }
)

# Year first, so 03/04/2026 can never be read as the wrong month.
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?([+-]\d{2}:?\d{2}|Z)?$")
_LINK = re.compile(r"\{(?P<kind>filename|static|attach)\}(?P<target>[^\s)\"'>\]]+)")

EXAMPLE_DATE = "2026-11-24 09:00"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Rules:
    categories: tuple[str, ...]
    required: tuple[str, ...]
    extra_fields: frozenset[str] = frozenset()

    @property
    def known_fields(self) -> frozenset[str]:
        return KNOWN_FIELDS | self.extra_fields


def _suggestion(value: str, choices) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if value.lower() in lowered:
            close = [lowered[value.lower()]]
    return f" Did you mean '{close[0]}'?" if close else ""


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problem that stops it being read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [
            Problem(
                shown,
                None,
                f"cannot be read ({reason}). Check the file exists and that "
                "you have permission to open it.",
            )
        ]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                "is not valid UTF-8 text (a stray byte "
                f"0x{data[error.start]:02x}). Open it in your editor and save it "
                "with the encoding 'UTF-8'.",
            )
        ]


def check_document(
    doc: Document,
    shown: str,
    *,
    kind: str,
    rules: Rules,
    file_dir: Path,
    content_root: Path,
) -> list[Problem]:
    """Every problem in one parsed file. `kind` is 'article' or 'page'."""
    problems: list[Problem] = []

    def add(line, message):
        problems.append(Problem(shown, line, message))

    for field in doc.duplicate_fields:
        add(field.line, f"'{field.key.title()}:' is given twice. Keep one of them.")

    for key, field in doc.fields.items():
        if key not in rules.known_fields:
            add(
                field.line,
                f"'{key.title()}:' is not a metadata field this site knows."
                f"{_suggestion(key, rules.known_fields)} See the table of "
                "fields in README.md.",
            )

    required = ("title",) if kind == "page" else rules.required
    for key in required:
        field = doc.get(key)
        if field is None or not field.value:
            example = {
                "title": "Title: Your headline",
                "date": f"Date: {EXAMPLE_DATE}",
                "category": f"Category: {rules.categories[0]}"
                if rules.categories
                else "Category: News",
                "author": "Author: Your Name",
                "summary": "Summary: One sentence saying what the post is about.",
            }.get(key, f"{key.title()}: …")
            line = field.line if field else 1
            add(
                line,
                f"has no {key}. Add a line '{example}' to the block at the top "
                "of the file, before the first blank line.",
            )

    for key in ("date", "modified"):
        field = doc.get(key)
        if field and field.value:
            try:
                if not _ISO_DATE.match(field.value):
                    raise ValueError(field.value)
                get_date(field.value)
            except (ValueError, OverflowError):
                add(
                    field.line,
                    f"'{key.title()}: {field.value}' is not a date. Write it as "
                    f"'{key.title()}: {EXAMPLE_DATE}' (year-month-day, 24-hour time).",
                )

    status = doc.get("status")
    if status and status.value.lower() not in STATUSES:
        add(
            status.line,
            f"'Status: {status.value}' is not a status. Use one of: "
            f"{', '.join(STATUSES)}.{_suggestion(status.value.lower(), STATUSES)}",
        )

    category = doc.get("category")
    if kind == "article" and category and category.value and rules.categories:
        if category.value not in rules.categories:
            add(
                category.line,
                f"'Category: {category.value}' is not one of this site's categories "
                f"({', '.join(rules.categories)}).{_suggestion(category.value, rules.categories)} "
                "Ask a developer to add a new category to CONTENT_CHECKS_CATEGORIES.",
            )

    for number in range(doc.body_start, len(doc.lines) + 1):
        for match in _LINK.finditer(doc.lines[number - 1]):
            target = urllib.parse.unquote(re.split(r"[#?]", match["target"])[0])
            if not target:
                continue
            resolved = (
                content_root / target.lstrip("/") if target.startswith("/") else file_dir / target
            )
            if not resolved.is_file():
                add(
                    number,
                    f"links to '{{{match['kind']}}}{match['target']}', but there is no "
                    f"file {_display(resolved, content_root)}. Check the file name "
                    "(links are relative to this file; start with / to count from "
                    "the content folder).",
                )
    return problems


def _display(path: Path, content_root: Path) -> str:
    try:
        relative = path.resolve().relative_to(content_root.resolve().parent)
    except ValueError:
        return str(path)
    return str(relative)


def check_file(
    path: Path, *, kind: str, rules: Rules, content_root: Path, shown: str | None = None
) -> list[Problem]:
    shown = shown or str(path)
    text, problems = read_text(path, shown)
    if text is None:
        return problems
    return check_document(
        parse(text),
        shown,
        kind=kind,
        rules=rules,
        file_dir=path.parent,
        content_root=content_root,
    )


def content_files(folder: Path, extensions=("md", "markdown", "mkd", "mdown")):
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lstrip(".").lower() in extensions and not p.name.startswith(".")
    )


def check_tree(
    content_root: Path,
    *,
    article_paths,
    page_paths,
    rules: Rules,
    shown_relative_to: Path | None = None,
) -> list[Problem]:
    """Every problem in every post and page under the content folder."""
    problems: list[Problem] = []
    base = shown_relative_to or content_root.parent
    for kind, folders in (("article", article_paths), ("page", page_paths)):
        for folder in folders:
            for path in content_files(content_root / folder):
                try:
                    shown = str(path.relative_to(base))
                except ValueError:
                    shown = str(path)
                problems.extend(
                    check_file(
                        path,
                        kind=kind,
                        rules=rules,
                        content_root=content_root,
                        shown=shown,
                    )
                )
    return problems
