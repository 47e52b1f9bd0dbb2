"""Checks on a post or page file, before Pelican reads it.

Pelican skips a file it cannot use and logs a terse line; with fatal warnings
the build stops, but a writer is left guessing. These rules find the same
mistakes first and say, for each, the file, the line and what to do.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dateutil.parser
from pelican.utils import get_date
from pluginkit import Problem, suggest

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
class Rules:
    categories: tuple[str, ...]
    required: tuple[str, ...]
    extra_fields: frozenset[str] = frozenset()

    @property
    def known_fields(self) -> frozenset[str]:
        return KNOWN_FIELDS | self.extra_fields


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


@dataclass(frozen=True)
class _File:
    """What the checks of one file need to know besides its text."""

    kind: str  # 'article' or 'page'
    rules: Rules
    file_dir: Path
    content_root: Path


# Each check: (document, file) -> (line, message) for every problem it finds.
Found = Iterator[tuple[int | None, str]]


def _duplicates(doc: Document, file: _File) -> Found:
    for field in doc.duplicate_fields:
        yield field.line, f"'{field.key.title()}:' is given twice. Keep one of them."


def _unknown_fields(doc: Document, file: _File) -> Found:
    known = file.rules.known_fields
    for key, field in doc.fields.items():
        if key not in known:
            yield (
                field.line,
                f"'{key.title()}:' is not a metadata field this site knows."
                f"{suggest(key, known)} See the table of fields in docs/writing-posts.md.",
            )


# How a missing field's line should look, said in the message.
EXAMPLES = {
    "title": "Title: Your headline",
    "date": f"Date: {EXAMPLE_DATE}",
    "author": "Author: Your Name",
    "summary": "Summary: One sentence saying what the post is about.",
}


def _missing_fields(doc: Document, file: _File) -> Found:
    required = ("title",) if file.kind == "page" else file.rules.required
    first_category = file.rules.categories[0] if file.rules.categories else "News"
    examples = {**EXAMPLES, "category": f"Category: {first_category}"}
    for key in required:
        field = doc.get(key)
        if field is None or not field.value:
            example = examples.get(key, f"{key.title()}: …")
            yield (
                field.line if field else 1,
                f"has no {key}. Add a line '{example}' to the block at the top "
                "of the file, before the first blank line.",
            )


def _is_date(value: str) -> bool:
    if not _ISO_DATE.match(value):
        return False
    try:
        get_date(value)
    except (ValueError, OverflowError):
        return False
    return True


def _year_first(value: str) -> str | None:
    """The writer's date written year first ('28/11/2026 10:15' -> '2026-11-28 10:15'),
    read day first as people in the UK write it; None if it cannot be read at all."""
    try:
        when = dateutil.parser.parse(value, dayfirst=True)
    except (ValueError, OverflowError):
        return None
    has_time = ":" in value or re.search(r"\d\s*[ap]\.?m\b", value, re.IGNORECASE)
    return when.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")


def _dates(doc: Document, file: _File) -> Found:
    for key in ("date", "modified"):
        field = doc.get(key)
        if field and field.value and not _is_date(field.value):
            name = key.title()
            mended = _year_first(field.value)
            example = (
                f"write it year first, so it cannot be misread: '{name}: {mended}'"
                if mended
                else f"write it year first, in numbers, like '{name}: {EXAMPLE_DATE}'"
            )
            shape = (
                "year-month-day"
                if mended and ":" not in mended
                else ("year-month-day, then the time on the 24-hour clock")
            )
            yield (
                field.line,
                f"'{name}: {field.value}' is not a date. {example[0].upper()}{example[1:]} "
                f"({shape}).",
            )


def _status(doc: Document, file: _File) -> Found:
    status = doc.get("status")
    if status and status.value.lower() not in STATUSES:
        yield (
            status.line,
            f"'Status: {status.value}' is not a status. Use one of: "
            f"{', '.join(STATUSES)}.{suggest(status.value.lower(), STATUSES)}",
        )


def _category(doc: Document, file: _File) -> Found:
    category, allowed = doc.get("category"), file.rules.categories
    if file.kind != "article" or not allowed or not category or not category.value:
        return
    if category.value not in allowed:
        yield (
            category.line,
            f"'Category: {category.value}' is not one of this site's categories "
            f"({', '.join(allowed)}).{suggest(category.value, allowed)} "
            "Ask a developer to add a new category to CONTENT_CHECKS_CATEGORIES.",
        )


def _links(doc: Document, file: _File) -> Found:
    for number in range(doc.body_start, len(doc.lines) + 1):
        for match in _LINK.finditer(doc.lines[number - 1]):
            target = urllib.parse.unquote(re.split(r"[#?]", match["target"])[0])
            if not target:
                continue
            if target.startswith("/"):
                resolved = file.content_root / target.lstrip("/")
            else:
                resolved = file.file_dir / target
            if not resolved.is_file():
                yield (
                    number,
                    f"links to '{{{match['kind']}}}{match['target']}', but there is no "
                    f"file {_display(resolved, file.content_root)}. Check the file name "
                    "(links are relative to this file; start with / to count from "
                    "the content folder).",
                )


# The checks, in the order their problems are listed.
DOCUMENT_CHECKS = (
    _duplicates,
    _unknown_fields,
    _missing_fields,
    _dates,
    _status,
    _category,
    _links,
)


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
    file = _File(kind, rules, file_dir, content_root)
    return [
        Problem(shown, line, message)
        for check in DOCUMENT_CHECKS
        for line, message in check(doc, file)
    ]


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
