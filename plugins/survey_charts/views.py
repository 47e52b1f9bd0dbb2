"""What a chart's figure, its table and the survey's method box say, and the
CSV files. Pure: the words and numbers here; the markup is in the theme's
partials (theme/templates/partials/chart-*.html, survey-method.html).

Every number here comes from the one ControlledTable that also draws the
chart: tables, CSV files, the base line and the notes cannot disagree with
the chart, and cannot show a count that disclosure control hid.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass

from survey_data import ControlledTable, PublishedSurvey, Row, Status, display

from .charts import percent_label, round_half_up
from .record import ILLUSTRATIVE

ALL = "All organisations"
PROTECTED = "Not shown, so that small numbers in other groups cannot be worked out"


def kb(size: int) -> str:
    return f"{max(1, math.ceil(size / 1024))} KB"


def date_range(info) -> str:
    opens, closes = info.opens, info.closes
    if opens.year == closes.year:
        return f"{opens.day} {opens:%B} to {closes.day} {closes:%B %Y}"
    return f"{opens.day} {opens:%B %Y} to {closes.day} {closes:%B %Y}"


def too_few(table: ControlledTable) -> str:
    return f"Fewer than {table.thresholds.min_base} responses: not shown"


def withheld_words(table: ControlledTable, row: Row) -> str:
    """Why a row is not shown, true of it: only a row withheld for its size
    says "fewer than"; a row hidden to protect others has more responses
    than that (a reader knows it), and any other reason says neither."""
    if row.withheld in ("small-base", "question"):
        return too_few(table)
    if row.withheld == "protect":
        return PROTECTED
    return "Not shown, to protect the organisations that answered"


def group_base(table: ControlledTable, row: Row) -> str:
    """One group's part of the base line."""
    if row.base.shown:
        return f"{row.label} n={row.base.value:,}"
    if row.withheld == "small-base":
        return f"{row.label} fewer than {table.thresholds.min_base}"
    return f"{row.label} not shown, to protect small numbers"


# -- notes -------------------------------------------------------------------


def row_notes(table: ControlledTable, row: Row, label: str) -> list[str]:
    notes = []
    if row.withheld in ("small-base", "question"):
        notes.append(f"{label}: fewer than {table.thresholds.min_base} responses, not shown.")
    elif row.withheld:
        words = withheld_words(table, row)
        notes.append(f"{label}: {words[0].lower()}{words[1:]}.")
    elif row.caution:
        notes.append(f"{label}: small base (n={row.base.value}), treat with caution.")
    return notes


def symbol_notes(table: ControlledTable, rows) -> list[str]:
    statuses = {cell.status for row in rows if not row.withheld for cell in row.cells}
    t = table.thresholds
    notes = []
    if Status.LOW in statuses:
        notes.append(
            f"{t.low_label}: fewer than {t.min_count} organisations (1 to {t.min_count - 1})."
        )
    if Status.SUPPRESSED in statuses:
        notes.append("[c]: hidden, so that a small number cannot be worked out from the others.")
    return notes


def rows_for(table: ControlledTable, group: str | None) -> list[tuple[str, Row]]:
    if group is None:
        return [(ALL, table.overall)]
    return [(ALL, table.overall), *((row.label, row) for row in table.groups)]


# -- CSV ---------------------------------------------------------------------

CSV_COLUMNS = [
    "survey",
    "question",
    "question_wording",
    "group",
    "answer",
    "count",
    "percent",
    "base",
    "notes",
]


def csv_rows(survey: PublishedSurvey, question_id: str, group: str | None) -> list[list[str]]:
    question = survey.info.question(question_id)
    table = survey.table(question_id)
    out = []
    for label, row in rows_for(table, group):
        for index, answer in enumerate(table.answers):
            notes = []
            if survey.info.illustrative:
                notes.append(ILLUSTRATIVE)
            if row.withheld:
                notes.append(f"{withheld_words(table, row)}.")
            else:
                status = row.cells[index].status
                if status is Status.LOW:
                    notes.append(f"Fewer than {table.thresholds.min_count} organisations.")
                elif status is Status.SUPPRESSED:
                    notes.append(
                        "Hidden, so that a small number cannot be worked out from the others."
                    )
                if row.caution:
                    notes.append("Small base: treat with caution.")
            percent = row.percent(index)
            out.append(
                [
                    survey.id,
                    question.id,
                    question.text,
                    label,
                    answer,
                    "[x]" if row.withheld else display(row.cells[index], table.thresholds),
                    str(round_half_up(percent)) if percent is not None else "",
                    str(row.base.value) if row.base.shown else "[x]",
                    " ".join(notes),
                ]
            )
    return out


# OWASP's rule for CSV injection: a spreadsheet reads a cell starting with one
# of these as a formula (=HYPERLINK(...), +cmd|..., @SUM(...)), so such a text
# cell gets a leading single quote, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def neutralise(cell: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula. Numbers (counts,
    percentages, bases: `12`, `-3`, `4.5`) are written as numbers; any other
    cell starting with = + - @ tab or carriage return gets a leading `'`."""
    if PLAIN_NUMBER.fullmatch(cell) or not cell.startswith(FORMULA_STARTS):
        return cell
    return "'" + cell


def to_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def chart_csv(survey: PublishedSurvey, question_id: str, group: str | None) -> str:
    return to_csv(csv_rows(survey, question_id, group))


def all_tables_csv(survey: PublishedSurvey) -> str:
    rows = []
    for question in survey.info.questions:
        group = question.breakdown.id if question.breakdown else None
        rows += csv_rows(survey, question.id, group)
    return to_csv(rows)


# -- the figure ----------------------------------------------------------------


@dataclass(frozen=True)
class TableGroup:
    """One row group of a chart's table: a heading, then a reason it is not
    shown or one (answer, number, per cent) row per answer."""

    heading: str
    withheld: str | None
    rows: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class ChartFiles:
    """The files a drawn chart links to (URLs as pages write them)."""

    svg: str  # already accessible (role, labelledby)
    svg_wide: str | None  # the same chart laid out for wide columns (or None)
    csv_url: str
    csv_size: int
    png_path: str  # relative to the output folder
    png_url: str
    width: int  # the PNG's size in CSS pixels (its pixels / PNG_SCALE)
    height: int
    spec_url: str | None  # interactive charts only


@dataclass(frozen=True)
class FigureView:
    """Everything partials/chart-figure.html shows."""

    html_id: str
    title: str
    question: str
    description: str
    illustrative: bool
    withheld: str | None  # why there is no chart, or None
    base_line: str
    source: str
    notes: tuple[str, ...]
    percent_sums: str | None  # "rounding", "multi" or None: see percent_sums()
    caption: str
    groups: tuple[TableGroup, ...]
    files: ChartFiles | None  # None when withheld

    @property
    def csv_size(self) -> str:
        return kb(self.files.csv_size) if self.files else ""


def table_groups(table: ControlledTable, group: str | None) -> tuple[TableGroup, ...]:
    """Three columns (answer, number, per cent) so the table fits a 320 px
    screen without scrolling; with a breakdown, one row group per group."""
    out = []
    for label, row in rows_for(table, group):
        if row.withheld:
            out.append(TableGroup(label, withheld_words(table, row), ()))
            continue
        rows = []
        for index, answer in enumerate(table.answers):
            percent = row.percent(index)
            shown = percent_label(percent) if percent is not None else "not shown"
            rows.append((answer, display(row.cells[index], table.thresholds), shown))
        out.append(TableGroup(f"{label} (n={row.base.value:,})", None, tuple(rows)))
    return tuple(out)


def base_line(survey: PublishedSurvey, question_id: str, group: str | None) -> str:
    question = survey.info.question(question_id)
    table = survey.table(question_id)
    low = table.thresholds.min_base
    if table.withheld:
        if table.overall.withheld == "question":  # its base is under min_base
            return f"Base: {question.base} (fewer than {low})."
        return f"Base: {question.base} (not shown, to protect small numbers)."
    overall = f"n={table.overall.base.value:,}"
    if group is None:
        return f"Base: {question.base} ({overall})."
    groups = ", ".join(group_base(table, row) for row in table.groups)
    return f"Base: {question.base} ({overall}; {groups})."


def chart_notes(table: ControlledTable, group: str | None) -> tuple[str, ...]:
    notes = ["Small base: treat with caution."] if table.overall.caution else []
    if group is not None:
        for row in table.groups:
            notes += row_notes(table, row, row.label)
    notes += symbol_notes(table, [row for _, row in rows_for(table, group)])
    return tuple(notes)


def percent_sums(table: ControlledTable, group: str | None) -> str | None:
    """Why the per cents shown may not add up to 100, if they may not:
    "multi" for a multi-choice question (organisations could choose several
    answers), "rounding" when every per cent of a single-choice row is shown
    and, rounded as shown, they add up to other than 100; else None."""
    if table.withheld:
        return None
    if table.kind == "multi":
        return "multi"
    for _label, row in rows_for(table, group):
        percents = [row.percent(index) for index in range(len(table.answers))]
        if row.withheld or None in percents:
            continue  # a hidden cell: the shown per cents cannot add up to 100 anyway
        if sum(round_half_up(percent) for percent in percents) != 100:
            return "rounding"
    return None


def figure_view(
    survey: PublishedSurvey,
    question_id: str,
    group: str | None,
    *,
    html_id: str,
    title: str,
    description: str,
    files: ChartFiles | None,
) -> FigureView:
    table = survey.table(question_id)
    caption = f"{title}: number and per cent of organisations"
    if table.kind == "multi":
        caption += (
            " (they could choose more than one answer, so the per cents add up to more than 100)"
        )
    return FigureView(
        html_id=html_id,
        title=title,
        question=survey.info.question(question_id).text,
        description=description,
        illustrative=survey.info.illustrative,
        withheld=f"{withheld_words(table, table.overall)}." if table.withheld else None,
        base_line=base_line(survey, question_id, group),
        source=survey.info.source.strip().rstrip("."),  # the partial ends the sentence
        notes=() if table.withheld else chart_notes(table, group),
        percent_sums=percent_sums(table, group),
        caption=caption,
        groups=() if table.withheld else table_groups(table, group),
        files=None if table.withheld else files,
    )


# -- the method box and the notice -------------------------------------------------


@dataclass(frozen=True)
class MethodView:
    """Everything partials/survey-method.html shows."""

    html_id: str
    heading: str
    illustrative: bool
    facts: tuple[tuple[str, str], ...]  # (term, value)
    min_base: int
    min_count: int
    low_label: str
    caution_base: int
    csv_url: str
    csv_size: str


def method_view(
    survey: PublishedSurvey, heading: str, html_id: str, csv_url: str, csv_size: int
) -> MethodView:
    info, t = survey.info, survey.thresholds
    return MethodView(
        html_id=html_id,
        heading=heading,
        illustrative=info.illustrative,
        facts=(
            ("Survey", info.title),
            ("Who it was for", info.population),
            ("Fieldwork", date_range(info)),
            ("How it was run", info.method),
            ("Responses", f"{info.responses:,} organisations"),
        ),
        min_base=t.min_base,
        min_count=t.min_count,
        low_label=t.low_label,
        caution_base=t.caution_base,
        csv_url=csv_url,
        csv_size=kb(csv_size),
    )


# -- the release box -----------------------------------------------------------


@dataclass(frozen=True)
class ReleaseView:
    """What partials/survey-release.html shows beside the post's own date."""

    next_release: str | None  # "March 2027", or a day as "9 March 2027"
    contact: str | None  # an email address


def release_view(survey: PublishedSurvey) -> ReleaseView:
    info = survey.info
    upcoming = info.next_release
    if upcoming is not None and not isinstance(upcoming, str):
        upcoming = f"{upcoming.day} {upcoming:%B %Y}"
    return ReleaseView(next_release=upcoming, contact=info.contact)
