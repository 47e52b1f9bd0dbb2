"""Checks on a post or page file, before Pelican reads it.

Pelican skips a file it cannot use and logs a terse line; with fatal warnings
the build stops, but a writer is left guessing. These rules find the same
mistakes first and say, for each, the file, the line and what to do.
"""

from __future__ import annotations

import difflib
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dateutil.parser
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import get_date, slugify
from pluginkit import Problem, suggest
from pluginkit.limits import (
    MAX_LIST_DEPTH,
    MAX_OPEN_BRACKETS,
    MAX_POST_BYTES,
    MAX_QUOTE_DEPTH,
    size_text,
)

from .body import kind_of, links, path_of, prose_lines
from .boundary import readable_name, refusal
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

# Year first, so 03/04/2026 can never be read as the wrong month. Public: the
# editor's config (plugins/cms_admin) checks dates with the same pattern.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?([+-]\d{2}:?\d{2}|Z)?$")
# Pelican also reads the old |filename| form of each, in a link's address
# (after '(' or a quote: not a table's '| static |' cells).
_LINK = re.compile(
    r"(?P<open>\{|(?<=[(\"'<])\|)(?P<kind>filename|static|attach)[}|]"
    r"(?P<target>[^\s)\"'>\]]+)"
)
_MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")

EXAMPLE_DATE = "2026-11-24 09:00"
# A list item, once its indentation is set aside: '- ', '* ', '+ ' or '1. '.
_LIST_ITEM = re.compile(r"(?:[*+-]|\d+[.)])(?:[ \t]|$)")


@dataclass(frozen=True)
class Rules:
    categories: tuple[str, ...]
    required: tuple[str, ...]
    extra_fields: frozenset[str] = frozenset()
    # The templates a post or page may name with 'Template:' besides the usual ones.
    templates: tuple[str, ...] = ()
    # The survey data folder inside content/, never published.
    data_folder: str = "data"
    # The longest a Summary may be, in characters (0: no limit).
    summary_max: int = 0

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
    if not ISO_DATE.match(value):
        return False
    try:
        get_date(value).utcoffset()  # an offset of a day or more fails only here
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
            if ISO_DATE.match(field.value):
                yield (
                    field.line,
                    f"'{name}: {field.value}' is written the right way but is not a real day "
                    "and time. Check the month (01 to 12), the day (February has 28 days, or "
                    "29 in a leap year; April, June, September and November 30) and the time "
                    "(00:00 to 23:59; a time zone such as +01:00 is less than 24 hours).",
                )
                continue
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


# Quotation marks a word processor puts in, and plain ones: (opening, closing).
_QUOTE_PAIRS = (
    ("\u201c", "\u201d"),
    ("\u2018", "\u2019"),
    ("\u201e", "\u201c"),
    ('"', '"'),
    ("'", "'"),
)
_CURLY = "\u201c\u201d\u2018\u2019\u201e"
# Fields whose value is a code the build reads: no quotation mark belongs in them.
_CODE_FIELDS = ("status", "date", "modified", "category", "slug", "lang", "survey", "feed-id")
# Free text, where quotation marks may be meant ('Title: “We are stretched”').
_TEXT_FIELDS = ("title", "summary")


def unquoted(value: str) -> str:
    """The value without the quotation marks around it, if it has them."""
    value = value.strip()
    for opening, closing in _QUOTE_PAIRS:
        if len(value) >= 2 and value.startswith(opening) and value.endswith(closing):
            return value[1:-1].strip()
    return value.strip(_CURLY).strip()


def is_draft(doc: Document) -> bool:
    """Will Pelican treat it as a draft (never published)? A status in
    quotation marks counts as what the writer meant."""
    status = doc.get("status")
    return bool(status) and unquoted(status.value).lower() == "draft"


def _quoted_values(doc: Document, file: _File) -> Found:
    for key, field in doc.fields.items():
        if key in _TEXT_FIELDS or not field.value:
            continue
        bare = unquoted(field.value)
        wrapped = bare != field.value.strip()
        stray = key in _CODE_FIELDS and any(mark in field.value for mark in _CURLY)
        if wrapped or stray:
            yield (
                field.line,
                f"'{key.title()}: {field.value}' has quotation marks around the value "
                "(a word processor may have added them). Write it without them: "
                f"'{key.title()}: {bare}'.",
            )


def _status(doc: Document, file: _File) -> Found:
    status = doc.get("status")
    if status and unquoted(status.value).lower() not in STATUSES:
        yield (
            status.line,
            f"'Status: {status.value}' is not a status. Use one of: "
            f"{', '.join(STATUSES)}.{suggest(unquoted(status.value).lower(), STATUSES)}",
        )


# A slug becomes part of the page's web address and is written into links:
# lowercase letters, numbers and single hyphens only.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A language tag (BCP 47, the common forms): language, then script, region or
# variant parts, such as en, en-GB, cy, bn-BD, zh-Hant.
LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
# The templates any post or page may name.
BASIC_TEMPLATES = ("article", "page")


def _slug_for(value: str) -> str:
    """The writer's value as a slug: 'Winter Fair 2026!' -> 'winter-fair-2026'."""
    words = re.findall(r"[a-z0-9]+", value.lower())
    return "-".join(words)[:80].strip("-")


def _slug(doc: Document, file: _File) -> Found:
    slug = doc.get("slug")
    if not slug or SLUG.match(unquoted(slug.value)):
        return
    title = doc.get("title")
    mended = _slug_for(slug.value) or (_slug_for(title.value) if title else "") or "your-post"
    yield (
        slug.line,
        f"'Slug: {_short(slug.value)}' can only have lowercase letters, numbers and hyphens: "
        f"it becomes part of the page's web address. Write 'Slug: {mended}'.",
    )


def _title_makes_an_address(doc: Document, file: _File) -> Found:
    """Without a Slug:, the address is made from the title: a title of only
    punctuation ('!!!') would make none, and the page would be written over
    its folder's own address."""
    title = doc.get("title")
    if doc.get("slug") or not title or not title.value:
        return
    if not slugify(title.value, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]):
        yield (
            title.line,
            f"the title '{_short(title.value)}' has no letters or numbers to make the page's "
            "web address from. Add a line such as 'Slug: winter-fair' below it, in small "
            "letters and hyphens, saying what the page is about.",
        )


def _lang(doc: Document, file: _File) -> Found:
    lang = doc.get("lang")
    if lang and not LANG.match(unquoted(lang.value)):
        yield (
            lang.line,
            f"'Lang: {_short(lang.value)}' is not a language code. Write the code of the "
            "language the post is in, such as 'Lang: en-GB' (English), 'Lang: cy' (Welsh), "
            "'Lang: bn' (Bengali) or 'Lang: so' (Somali); leave the line out for English.",
        )


def _addresses(doc: Document, file: _File) -> Found:
    """Url: and Save_as: would put a page anywhere, even outside the site;
    the site decides every address itself."""
    for key in ("url", "save_as"):
        field = doc.get(key)
        if field:
            yield (
                field.line,
                f"'{field.key.capitalize()}: {_short(field.value)}' sets where the page is "
                "written, which this site decides itself. Delete the line; to change the "
                "last part of the page's address, write a line such as 'Slug: winter-fair'.",
            )


def _template(doc: Document, file: _File) -> Found:
    field = doc.get("template")
    allowed = (*BASIC_TEMPLATES, *file.rules.templates)
    if field and unquoted(field.value) not in allowed:
        yield (
            field.line,
            f"'Template: {_short(field.value)}' is not one of this site's templates "
            f"({', '.join(allowed)}).{suggest(unquoted(field.value), allowed)} Delete the "
            "line to use the usual one.",
        )


def _category(doc: Document, file: _File) -> Found:
    category, allowed = doc.get("category"), file.rules.categories
    if file.kind != "article" or not allowed or not category or not category.value:
        return
    if unquoted(category.value) not in allowed:
        yield (
            category.line,
            f"'Category: {category.value}' is not one of this site's categories "
            f"({', '.join(allowed)}).{suggest(category.value, allowed)} "
            "Ask a developer to add a new category to CONTENT_CHECKS_CATEGORIES.",
        )


def _summary_length(doc: Document, file: _File) -> Found:
    summary, most = doc.get("summary"), file.rules.summary_max
    if not most or not summary or len(summary.value) <= most:
        return
    yield (
        summary.line,
        f"the Summary is {len(summary.value)} characters long; it may be at most {most}, "
        "about two sentences (search results and link previews cut longer ones short). "
        "Keep the main point and move the rest into the post.",
    )


def _links(doc: Document, file: _File) -> Found:
    # From the first line: a Summary: can link too.
    for number in range(1, len(doc.lines) + 1):
        for match in _LINK.finditer(doc.lines[number - 1]):
            target = urllib.parse.unquote(re.split(r"[#?]", match["target"])[0])
            if not target:
                continue
            if target.startswith("/"):
                resolved = file.content_root / target.lstrip("/")
            else:
                resolved = file.file_dir / target
            written = f"{match['open']}{match['kind']}{'}' if match['open'] == '{' else '|'}"
            written += match["target"]
            static = match["kind"] != "filename" or not target.lower().endswith(_MARKDOWN)
            reason = refusal(resolved, file.content_root, file.rules.data_folder, static)
            if reason:
                yield number, f"links to '{written}', but that file {reason}"
            elif not resolved.is_file():
                yield (
                    number,
                    f"links to '{written}', but there is no "
                    f"file {_display(resolved, file.content_root)}. Check the file name "
                    "(links are relative to this file; start with / to count from "
                    "the content folder).",
                )


# -- the text below the fields -------------------------------------------------

_FIELD_LIKE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z-]*):\s*(?P<value>.*)$")


def _fields_in_body(doc: Document, file: _File) -> Found:
    """'Status: draft' under an empty line is text, not a field: the post
    would be published with it as its first paragraph."""
    blank = doc.body_start - 1
    for number, line in prose_lines(doc):
        if not line.strip():
            continue
        match = _FIELD_LIKE.match(line.strip())
        if not match or match["key"].lower() not in file.rules.known_fields:
            return
        published = (
            ", and the post would be published"
            if match["key"].lower() == "status" and unquoted(match["value"]).lower() == "draft"
            else ""
        )
        yield (
            number,
            f"'{line.strip()}' is below an empty line (line {blank}), so it is not read as a "
            f"field: it would be shown as the first line of the text{published}. Delete the "
            "empty line so that it joins the fields at the top. (If it is meant as text, write "
            f"it in bold: '**{match['key']}:** {match['value']}'.)",
        )


# What `invoke new-post` writes for the writer to replace (buildtools/new_post.py;
# tests/unit/test_content_checks.py checks these still match its template).
PLACEHOLDER_SUMMARY = "A new post:"
PLACEHOLDER_TEXT = (
    "Write the post here, in Markdown.",
    'When it is ready, change "Status:',
)


def _placeholders(doc: Document, file: _File) -> Found:
    if is_draft(doc):
        return  # a draft may keep them while it is being written
    summary = doc.get("summary")
    if summary and summary.value.startswith(PLACEHOLDER_SUMMARY):
        yield (
            summary.line,
            f"'Summary: {summary.value}' is the placeholder new-post wrote. Replace it with one "
            "or two sentences saying what the post is about: readers see it in lists, search "
            "results and when the post is shared.",
        )
    for number, line in prose_lines(doc):
        if any(text in line for text in PLACEHOLDER_TEXT):
            yield (
                number,
                f"'{_short(line)}' is the placeholder text new-post wrote. Replace it with "
                "the post's own text, or delete the line, before publishing.",
            )


_ATX_H1 = re.compile(r"^[ ]{0,3}#(?!#)\s*(?P<text>.*?)\s*#*\s*$")
_SETEXT_H1 = re.compile(r"^[ ]{0,3}=+\s*$")


def _main_headings(doc: Document, file: _File) -> Found:
    previous = ""
    for number, line in prose_lines(doc):
        match = _ATX_H1.match(line)
        if match and match["text"]:
            yield (
                number,
                f"'{line.strip()}' is a main heading, but the title is the page's only main "
                f"heading. For a heading in the text write '## {match['text']}' (two #).",
            )
        elif _SETEXT_H1.match(line) and previous.strip():
            yield (
                number,
                f"the line of '=' under '{previous.strip()}' makes it a main heading, but the "
                f"title is the page's only main heading. Delete the '=' line and write "
                f"'## {previous.strip()}' instead.",
            )
        previous = line


_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[*+-]|\d+\.)[ \t]+\S")


def _columns(indent: str) -> int:
    return sum(4 - n % 4 if c == "\t" else 1 for n, c in enumerate(indent))


def _indented_lists(doc: Document, file: _File) -> Found:
    """A list item indented by a tab (or four spaces) after an empty line, and
    not inside a list, is a block of code to Markdown: a grey box."""
    previous, in_list, reported = "", False, False
    for number, line in prose_lines(doc):
        item = _ITEM.match(line)
        if not line.strip():
            previous = line
            continue
        indented = _columns(line[: len(line) - len(line.lstrip(" \t"))]) >= 4
        if item and indented and not previous.strip() and not in_list:
            if not reported:
                yield (
                    number,
                    f"this list starts with a tab (or four spaces) before '{item['marker']}', "
                    "so it would be shown as a grey box of code, not as a list. Delete the "
                    f"space before '{item['marker']}' on each line of the list.",
                )
            reported = True
        elif not indented:
            in_list, reported = bool(item) or (in_list and bool(previous.strip())), False
        previous = line


def _missing_descriptions(doc: Document, file: _File) -> Found:
    for link in links(doc):
        if link.image and not link.text.strip():
            example = (
                f"![Volunteers at the winter fair]({link.target})"
                if not link.written.startswith("<")
                else f'<img src="{link.target}" alt="Volunteers at the winter fair">'
            )
            yield (
                link.line,
                f"the picture '{link.target}' has no description. Say what it shows, for "
                f"example {example}: people who cannot see pictures hear this instead. If the "
                "picture is only decoration, leave it out: every picture on this site needs "
                "a description.",
            )


def _relative_links(doc: Document, file: _File) -> Found:
    """'images/x.jpg' or 'about.md' is read from the page's own address
    (/2026/11/slug/images/x.jpg) and leads nowhere."""
    for link in links(doc):
        if kind_of(link.target) != "relative":
            continue
        found = _content_file(path_of(link.target), file)
        if link.image:
            text = link.text or "A description of the picture"
            if found:
                yield (
                    link.line,
                    f"the picture '{link.target}' is written without {{static}}, so it would "
                    f"not be found on the page. Write ![{text}]({{static}}/{found}).",
                )
            else:
                name = urllib.parse.unquote(path_of(link.target)).rsplit("/", 1)[-1]
                yield (
                    link.line,
                    f"shows the picture '{link.target}', but there is no such file. Put the "
                    f"picture in content/images/ and write ![{text}]({{static}}/images/{name}).",
                )
            continue
        text = link.text or "link text"
        if found and found.endswith((".md", ".markdown", ".mkd", ".mdown")):
            fix = f"[{text}]({{filename}}/{found})"
        elif found:
            fix = f"[{text}]({{static}}/{found})"
        else:
            fix = f"[{text}]({{filename}}/{_likely_page(link.target, file)})"
        yield (
            link.line,
            f"links to '{link.target}', which is not the address of anything on this site "
            "(the link would be read from this page's own address and lead nowhere). To link to "
            f"a post, page or file of this site, use its file name: {fix}.",
        )


def _content_file(target: str, file: _File) -> str | None:
    """The file a relative link names, as a path under the content folder, if there is one."""
    target = urllib.parse.unquote(target)
    if not target:
        return None
    root = file.content_root.resolve()
    for base in (file.file_dir, file.content_root):
        path = (base / target).resolve()
        if path.is_file() and root in path.parents:
            return path.relative_to(root).as_posix()
    return None


def _likely_page(target: str, file: _File) -> str:
    """The post or page whose file name is closest to a link's address, for the example."""
    words = path_of(target).strip("/").rsplit("/", 1)[-1] or "about"
    names = {
        path.relative_to(file.content_root).as_posix(): path.stem
        for path in content_files(file.content_root)
    }
    close = difflib.get_close_matches(words, list(names.values()), n=1, cutoff=0.5)
    if close:
        return next(path for path, stem in names.items() if stem == close[0])
    return "pages/FILE-NAME.md"


def _short(line: str, limit: int = 60) -> str:
    line = line.strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


# The checks, in the order their problems are listed.
DOCUMENT_CHECKS = (
    _duplicates,
    _unknown_fields,
    _missing_fields,
    _quoted_values,
    _dates,
    _status,
    _slug,
    _title_makes_an_address,
    _lang,
    _addresses,
    _template,
    _category,
    _summary_length,
    _fields_in_body,
    _placeholders,
    _links,
    _relative_links,
    _missing_descriptions,
    _main_headings,
    _indented_lists,
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


@dataclass(frozen=True)
class FileReport:
    """One post or page: where it is, whether it is a draft, and its problems."""

    path: Path
    shown: str
    draft: bool
    problems: tuple[Problem, ...]
    # False when the file is over a limit (or unreadable): nothing else reads it.
    readable: bool = True


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each run of lines between empty lines."""
    start, block = 1, []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, "\n".join(block)
            block = []
    if block:
        yield start, "\n".join(block)


def limit_problems(text: str, shown: str) -> list[Problem]:
    """Nesting that would make Markdown take minutes or fail (pluginkit/limits.py):
    checked on the raw text, before anything parses it."""
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        rest = line[indent:]
        depth = len(line[:indent].expandtabs(4)) // 4 + 1
        if depth > MAX_LIST_DEPTH and _LIST_ITEM.match(rest):
            return [
                Problem(
                    shown,
                    number,
                    f"this list is nested more than {MAX_LIST_DEPTH} levels deep (lists "
                    "inside lists), which the site cannot show. Indent it less: most "
                    "lists need one or two levels.",
                )
            ]
        quotes = len(re.match(r"[>\s]*", rest).group(0).replace(" ", "").replace("\t", ""))
        if quotes > MAX_QUOTE_DEPTH:
            return [
                Problem(
                    shown,
                    number,
                    f"this line starts with {quotes} '>' marks (quotes inside quotes); the "
                    f"site shows at most {MAX_QUOTE_DEPTH}. Remove the extra '>' marks.",
                )
            ]
    for number, paragraph in _paragraphs(text):
        if open_brackets(paragraph) > MAX_OPEN_BRACKETS:
            return [
                Problem(
                    shown,
                    number,
                    f"this paragraph has more than {MAX_OPEN_BRACKETS} '[' open at once (never "
                    "closed with ']', or inside each other), more than the site can read. "
                    "Remove the extra '[', or close each one.",
                )
            ]
    return []


def open_brackets(text: str) -> int:
    """The most '[' open at once: each ']' closes the last one open."""
    most = depth = 0
    for char in text:
        if char == "[":
            depth += 1
            most = max(most, depth)
        elif char == "]" and depth:
            depth -= 1
    return most


def report_file(
    path: Path, *, kind: str, rules: Rules, content_root: Path, shown: str | None = None
) -> FileReport:
    shown = shown or str(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_text says why it cannot be read
    if size > MAX_POST_BYTES:
        message = (
            f"is {size_text(size)}, more than the {size_text(MAX_POST_BYTES)} a post or "
            "page may be. Check it is the right file; split a very long page into several."
        )
        return FileReport(path, shown, False, (Problem(shown, None, message),), readable=False)
    text, problems = read_text(path, shown)
    if text is None:
        return FileReport(path, shown, False, tuple(problems), readable=False)
    doc = parse(text)  # the metadata and body lines: linear, safe on any nesting
    problems = limit_problems(text, shown)
    if problems:
        return FileReport(path, shown, is_draft(doc), tuple(problems), readable=False)
    found = check_document(
        doc, shown, kind=kind, rules=rules, file_dir=path.parent, content_root=content_root
    )
    return FileReport(path, shown, is_draft(doc), tuple(found))


def check_file(
    path: Path, *, kind: str, rules: Rules, content_root: Path, shown: str | None = None
) -> list[Problem]:
    return list(
        report_file(path, kind=kind, rules=rules, content_root=content_root, shown=shown).problems
    )


def content_files(folder: Path, extensions=("md", "markdown", "mkd", "mdown")):
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lstrip(".").lower() in extensions and not p.name.startswith(".")
    )


def report_tree(
    content_root: Path,
    *,
    article_paths,
    page_paths,
    rules: Rules,
    shown_relative_to: Path | None = None,
) -> list[FileReport]:
    """A report on every post and page under the content folder."""
    reports: list[FileReport] = []
    base = shown_relative_to or content_root.parent
    for kind, folders in (("article", article_paths), ("page", page_paths)):
        for folder in folders:
            for path in content_files(content_root / folder):
                try:
                    shown = readable_name(path.relative_to(base))
                except ValueError:
                    shown = readable_name(path)
                reports.append(
                    report_file(
                        path, kind=kind, rules=rules, content_root=content_root, shown=shown
                    )
                )
    return reports


def check_tree(content_root: Path, **options) -> list[Problem]:
    """Every problem in every post and page under the content folder."""
    return [
        problem for report in report_tree(content_root, **options) for problem in report.problems
    ]
