"""HTML and CSV for a chart, its table and the survey's method box. Pure.

Every number here comes from the one ControlledTable that also draws the
chart: tables, CSV files, the base line and the notes cannot disagree with
the chart, and cannot show a count that disclosure control hid.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from html import escape

from survey_data import ControlledTable, PublishedSurvey, Row, Status, display

from .charts import percent_label, round_half_up

ALL = "All organisations"
ILLUSTRATIVE = "Illustrative data: these are not real survey results."


def e(text) -> str:
    return escape(str(text), quote=True)


def kb(size: int) -> str:
    return f"{max(1, math.ceil(size / 1024))} KB"


def date_range(info) -> str:
    opens, closes = info.opens, info.closes
    if opens.year == closes.year:
        return f"{opens.day} {opens:%B} to {closes.day} {closes:%B %Y}"
    return f"{opens.day} {opens:%B %Y} to {closes.day} {closes:%B %Y}"


# -- notes -------------------------------------------------------------------


def row_notes(table: ControlledTable, row: Row, label: str) -> list[str]:
    notes = []
    if row.withheld == "small-base":
        notes.append(f"{label}: fewer than {table.thresholds.min_base} responses, not shown.")
    elif row.withheld == "protect":
        notes.append(
            f"{label}: not shown, so that small numbers in other groups cannot be worked out."
        )
    elif row.caution:
        notes.append(f"{label}: small base (n={row.base.value}), treat with caution.")
    return notes


def symbol_notes(table: ControlledTable, rows) -> list[str]:
    statuses = {cell.status for row in rows if not row.withheld for cell in row.cells}
    notes = []
    if Status.LOW in statuses:
        notes.append(
            f"{table.thresholds.low_label}: fewer than {table.thresholds.min_count} organisations (1 to {table.thresholds.min_count - 1})."
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
            if row.withheld == "question" or row.withheld == "small-base":
                notes.append(f"Fewer than {table.thresholds.min_base} responses: not shown.")
            elif row.withheld == "protect":
                notes.append(
                    "Not shown, so that small numbers in other groups cannot be worked out."
                )
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


def to_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
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
class FigureParts:
    html_id: str
    title: str
    description: str
    svg: str | None  # already accessible (role, labelledby)
    csv_url: str | None
    csv_size: int
    png_url: str | None
    png_size: tuple[int, int]  # CSS pixels (the PNG itself is twice that)
    spec_url: str | None  # interactive charts only


def table_html(
    survey: PublishedSurvey, question_id: str, group: str | None, html_id: str, title: str
) -> str:
    """Three columns (answer, number, per cent) so it fits a 320 px screen
    without scrolling; with a breakdown, one row group per group."""
    table = survey.table(question_id)
    caption = f"{e(title)}: number and per cent of organisations"
    if table.kind == "multi":
        caption += (
            " (they could choose more than one answer, so the per cents add up to more than 100)"
        )
    head = '<thead><tr><th scope="col">Answer</th><th scope="col">Number</th><th scope="col">Per cent</th></tr></thead>'
    bodies = []
    for label, row in rows_for(table, group):
        rows = []
        if row.withheld:
            reason = (
                f"Fewer than {table.thresholds.min_base} responses: not shown"
                if row.withheld != "protect"
                else "Not shown, so that small numbers in other groups cannot be worked out"
            )
            rows.append(f'<tr><th scope="rowgroup" colspan="3">{e(label)}</th></tr>')
            rows.append(f'<tr><td colspan="3">{e(reason)}</td></tr>')
        else:
            rows.append(
                f'<tr><th scope="rowgroup" colspan="3">{e(label)} (n={row.base.value:,})</th></tr>'
            )
            for index, answer in enumerate(table.answers):
                percent = row.percent(index)
                rows.append(
                    f'<tr><th scope="row">{e(answer)}</th><td>{e(display(row.cells[index], table.thresholds))}</td>'
                    f"<td>{e(percent_label(percent)) if percent is not None else 'not shown'}</td></tr>"
                )
        bodies.append("<tbody>" + "".join(rows) + "</tbody>")
    return f'<table class="chart-table"><caption>{caption}</caption>{head}{"".join(bodies)}</table>'


def base_line(survey: PublishedSurvey, question_id: str, group: str | None) -> str:
    question = survey.info.question(question_id)
    table = survey.table(question_id)
    if table.withheld:
        return f"Base: {question.base} (fewer than {table.thresholds.min_base})."
    parts = [f"n={table.overall.base.value:,}"]
    if group is not None:
        for row in table.groups:
            parts.append(
                f"{row.label} n={row.base.value:,}"
                if row.base.shown
                else f"{row.label} fewer than {table.thresholds.min_base}"
            )
        return f"Base: {question.base} (" + parts[0] + "; " + ", ".join(parts[1:]) + ")."
    return f"Base: {question.base} ({parts[0]})."


def figure_html(
    survey: PublishedSurvey, question_id: str, group: str | None, parts: FigureParts
) -> str:
    info = survey.info
    question = info.question(question_id)
    table = survey.table(question_id)
    hid = parts.html_id
    attrs = ""
    if parts.png_url:
        # Read by feedgen_feeds (a chart in a feed is its PNG) and for og:image.
        attrs = (
            f' data-chart-png="{e(parts.png_url)}" data-chart-description="{e(parts.description)}"'
            f' data-chart-width="{parts.png_size[0]}" data-chart-height="{parts.png_size[1]}"'
        )
    out = [f'<figure class="chart" id="{hid}"{attrs}>']
    out.append(
        f'<figcaption><span class="chart-title" id="{hid}-title">{e(parts.title)}</span> '
        f'<span class="chart-question">Question: “{e(question.text)}”</span></figcaption>'
    )
    if info.illustrative:
        out.append(
            '<p class="chart-illustrative"><strong>Illustrative data:</strong> these are not real survey results.</p>'
        )
    if table.withheld:
        out.append(
            f'<p class="chart-withheld">Fewer than {table.thresholds.min_base} responses: not shown.</p>'
        )
        out.append(f'<p class="chart-description" id="{hid}-desc">{e(parts.description)}</p>')
        out.append(
            f'<p class="chart-base">{e(base_line(survey, question_id, group))} Source: {e(info.source)}.</p>'
        )
        out.append("</figure>")
        return "\n".join(out)
    attrs = f' data-spec="{e(parts.spec_url)}"' if parts.spec_url else ""
    out.append(f'<div class="chart-image"{attrs}>{parts.svg}</div>')
    out.append(f'<p class="chart-description" id="{hid}-desc">{e(parts.description)}</p>')
    out.append(
        f'<p class="chart-base">{e(base_line(survey, question_id, group))} Source: {e(info.source)}.</p>'
    )
    rows = [row for _, row in rows_for(table, group)]
    notes = []
    if table.overall.caution:
        notes.append("Small base: treat with caution.")
    if group is not None:
        for row in table.groups:
            notes += row_notes(table, row, row.label)
    notes += symbol_notes(table, rows)
    if notes:
        out.append(f'<p class="chart-notes">{" ".join(e(n) for n in notes)}</p>')
    out.append(
        '<details class="chart-data"><summary>Show the data as a table</summary>'
        + table_html(survey, question_id, group, hid, parts.title)
        + "</details>"
    )
    if parts.csv_url:
        out.append(
            f'<p class="chart-download"><a href="{e(parts.csv_url)}" download>Download the data (CSV, {kb(parts.csv_size)})</a></p>'
        )
    out.append("</figure>")
    return "\n".join(out)


def method_html(
    survey: PublishedSurvey, heading: str, html_id: str, all_csv_url: str, all_csv_size: int
) -> str:
    info = survey.info
    t = survey.thresholds
    out = [
        f'<aside class="survey-method" aria-labelledby="{html_id}">',
        f'<h2 id="{html_id}">{e(heading)}</h2>',
    ]
    if info.illustrative:
        out.append(
            '<p class="chart-illustrative"><strong>Illustrative data:</strong> the results shown here are not real survey results. They will be replaced when the real results are ready.</p>'
        )
    out.append("<dl>")
    for term, value in (
        ("Survey", info.title),
        ("Who it was for", info.population),
        ("Fieldwork", date_range(info)),
        ("How it was run", info.method),
        ("Responses", f"{info.responses:,} organisations"),
    ):
        out.append(f"<dt>{e(term)}</dt><dd>{e(value)}</dd>")
    out.append("</dl>")
    out.append(
        "<p>Organisations chose whether to take part: they selected themselves, so the results describe the "
        "organisations that answered, not every organisation in the borough, and are not weighted.</p>"
    )
    out.append(
        "<p>Each chart gives the exact wording of its question and who was asked it (the base).</p>"
    )
    out.append(
        f"<p>To protect the organisations that answered, no percentage is shown from fewer than {t.min_base} "
        f"responses, counts from 1 to {t.min_count - 1} are shown as “{e(t.low_label)}”, and some other counts are "
        f"hidden (“[c]”) so that small numbers cannot be worked out. Results from fewer than {t.caution_base} "
        "responses are marked as a small base: treat them with caution.</p>"
    )
    out.append(
        f'<p><a href="{e(all_csv_url)}" download>Download all the tables (CSV, {kb(all_csv_size)})</a></p>'
    )
    out.append("</aside>")
    return "\n".join(out)


def notice_html(titles: list[str]) -> str:
    names = " and ".join(e(t) for t in titles)
    return (
        f'<p class="notice survey-notice"><strong>Illustrative data.</strong> The figures on this page from {names} '
        "are not real survey results: they show how the findings will be presented until the real results are ready.</p>"
    )
