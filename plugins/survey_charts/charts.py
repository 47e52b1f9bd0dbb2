"""Turn a disclosure-controlled table into an Altair chart. Pure: no I/O.

Charts are laid out here, in Python, in pixels, for one narrow width (the
SURVEY_CHARTS_WIDTH setting, 288 px: a 320 px screen less the page's
gutters), with every piece of text at the body text size. The page shows the
SVG at that width or wider (never narrower, see findings.css), so chart text
is never smaller than body text. Labels sit on their own line above each bar,
so long answers wrap instead of squeezing the bars; values are written at
the end of each bar (direct labels, no axes, no legends except the key of a
stacked bar, which sits above it in the order of the segments).

Kinds:
  bar      one horizontal bar per answer (single or multi-choice)
  stacked  one 100% bar (and one per group with a breakdown), for ordered
           single-choice scales of at most four answers
  grouped  for a breakdown: under each answer, one bar per group
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from survey_data.disclosure import ControlledTable, Row, display

from . import font_metrics

if TYPE_CHECKING:
    import altair as alt

# UK Government Analysis Function categorical palette, in its order: each
# colour has 3:1 contrast with white and with its neighbour.
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25")
# Text on each colour with at least 4.5:1 contrast.
TEXT_ON = {"#12436D": "#ffffff", "#28A197": "#0b0c0c", "#801650": "#ffffff", "#F46A25": "#0b0c0c"}
TEXT = "#0b0c0c"
MUTED = "#505a5f"
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
KINDS = ("bar", "stacked", "grouped")
# A second layout for wider columns: drawn for a 560 px column (a 592 px
# screen less the gutters) with the same text size, and shown instead of the
# narrow one from that width up (findings.css), up to the 672 px column, so
# a chart fills the column with text between body size and 1.2 times it.
WIDE_WIDTH = 560
MAX_COLOURS = len(PALETTE)


@dataclass(frozen=True)
class Layout:
    width: int = 288
    font_size: int = 17

    @property
    def line(self) -> int:
        return round(self.font_size * 1.35)

    @property
    def bar(self) -> int:
        return round(self.font_size * 1.4)

    @property
    def gap(self) -> int:
        return round(self.font_size * 0.6)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of rendered width, in pixels: for each character,
    the wider of Arial's (estimated) and DejaVu Sans's (font_metrics.py), so
    a label fits in whichever of the two the reader's browser draws it in."""
    table = font_metrics.BOLD if bold else font_metrics.REGULAR
    units = 0.0
    for ch in text:
        units += max(_arial_units(ch) * (1.08 if bold else 1.0), table.get(ch, WIDEST) / 1000)
    return units * size


def _arial_units(ch: str) -> float:
    if ch in _NARROW:
        return 0.3
    if ch in _WIDE:
        return 0.86
    if ch.isupper() or ch.isdigit() or ch in "£<>?":
        return 0.64
    return 0.54


_NARROW = set("iljtfI.,:;!|'()[] ")
_WIDE = set("mwMW%@")
WIDEST = font_metrics.WIDEST


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width(trial, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


def percent_label(value: float) -> str:
    return f"{round_half_up(value)}%"


def round_half_up(value: float) -> int:
    return int(math.floor(value + 0.5))


def cell_label(table: ControlledTable, row: Row, index: int) -> str:
    percent = row.percent(index)
    if percent is not None:
        return percent_label(percent)
    return display(row.cells[index], table.thresholds)


class _Marks:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.items: list[dict] = []
        self.y = 0.0

    def text(self, x, y, text, *, style="plain", color=TEXT):
        self.items.append(
            {"layer": style, "x": round(x, 1), "y": round(y, 1), "text": text, "color": color}
        )

    def rect(self, x, x2, y, y2, fill, tooltip=""):
        self.items.append(
            {
                "layer": "rect",
                "x": round(x, 1),
                "x2": round(x2, 1),
                "y": round(y, 1),
                "y2": round(y2, 1),
                "fill": fill,
                "tooltip": tooltip,
            }
        )

    def label_lines(self, text, x=0.0, width=None, style="plain", color=TEXT):
        size = self.layout.font_size
        width = width if width is not None else self.layout.width - x
        for line in wrap(text, width, size, bold=style == "bold"):
            self.text(x, self.y + size, line, style=style, color=color)
            self.y += self.layout.line


def _baseline(y_top: float, height: float, size: float) -> float:
    # Alphabetic baseline that centres cap-height text in a band.
    return y_top + height / 2 + size * 0.36


def _tooltip(answer: str, group: str | None, table: ControlledTable, row: Row, index: int) -> str:
    who = f"{group}: " if group else ""
    percent = row.percent(index)
    count = display(row.cells[index], table.thresholds)
    if percent is None:
        return f"{who}{answer}: {count}"
    return f"{who}{answer}: {percent_label(percent)} ({count} of {row.base.value})"


def _bars(marks: _Marks, table: ControlledTable, rows: list[Row], label_width: float):
    """Bars for 'bar' (one row) and 'grouped' (one bar per group per answer)."""
    L = marks.layout
    value_room = text_width("100%", L.font_size, bold=True) + 6
    shown = [row.percent(i) for row in rows for i in range(len(table.answers))]
    top = max([p for p in shown if p is not None] or [0]) or 1
    span = L.width - label_width - value_room
    grouped = len(rows) > 1
    for a, answer in enumerate(table.answers):
        marks.label_lines(answer, style="bold" if grouped else "plain")
        for g, row in enumerate(rows):
            group = row.label if grouped else None
            if group is not None:
                _group_label(marks, group, label_width)
            percent = row.percent(a)
            end = label_width
            if percent is not None and percent > 0:
                end = label_width + max(span * percent / top, 1.5)
                tooltip = _tooltip(answer, group, table, row, a)
                colour = PALETTE[g % MAX_COLOURS]
                marks.rect(label_width, end, marks.y, marks.y + L.bar, colour, tooltip)
            label = cell_label(table, row, a)
            marks.text(end + 5, _baseline(marks.y, L.bar, L.font_size), label, style="bold")
            marks.y += L.bar + (2 if g < len(rows) - 1 else 0)
        marks.y += L.gap


def _group_label(marks: _Marks, group: str, label_width: float):
    """A group's name: beside its bar, at the bar's middle, when it fits; else above it."""
    if not label_width:
        marks.label_lines(group)
        return
    size = marks.layout.font_size
    line = wrap(group, label_width - 8, size)[0]
    marks.text(0, _baseline(marks.y, marks.layout.bar, size), line, color=TEXT)


def _stacked(marks: _Marks, table: ControlledTable, rows: list[Row], labelled: bool):
    L = marks.layout
    size = L.font_size
    # The key, above the bars, in the order of the segments.
    swatch = round(size * 0.8)
    for a, answer in enumerate(table.answers):
        colour = PALETTE[a]
        lines = wrap(answer, L.width - swatch - 8, size)
        marks.rect(
            0,
            swatch,
            marks.y + (L.line - swatch) / 2 + 1,
            marks.y + (L.line + swatch) / 2 + 1,
            colour,
        )
        for line in lines:
            marks.text(swatch + 8, marks.y + size, line)
            marks.y += L.line
    marks.y += L.gap
    height = round(L.bar * 1.3)
    for row in rows:
        if labelled:
            marks.label_lines(row.label or "All organisations", style="bold")
        if any(not cell.shown for cell in row.cells) or row.withheld:
            marks.label_lines(_not_shown_text(table, row), color=MUTED)
            marks.y += L.gap
            continue
        start = 0.0
        for a, answer in enumerate(table.answers):
            percent = row.percent(a) or 0.0
            x = L.width * start / 100
            x2 = L.width * (start + percent) / 100
            start += percent
            if percent <= 0:
                continue
            colour = PALETTE[a]
            marks.rect(
                x,
                x2,
                marks.y,
                marks.y + height,
                colour,
                _tooltip(answer, row.label if labelled else None, table, row, a),
            )
            label = percent_label(percent)
            if text_width(label, size, bold=True) + 6 <= x2 - x:
                marks.text(
                    (x + x2) / 2,
                    _baseline(marks.y, height, size),
                    label,
                    style="centre",
                    color=TEXT_ON[colour],
                )
        marks.y += height + L.gap


def _not_shown_text(table: ControlledTable, row: Row) -> str:
    if row.withheld == "small-base":
        return f"Fewer than {table.thresholds.min_base} responses: not shown"
    if row.withheld:
        return "Not shown, to protect small numbers"
    return "Not shown: some numbers are too small (see the table)"


LABEL_BAND = "#fff4c2"  # a pale yellow band: dark text on it has over 15:1 contrast


def _label_band(marks: _Marks, label: str) -> None:
    """A label across the top of the chart, in bold on a pale band: the PNG
    of a chart from illustrative data says so wherever it travels (feeds,
    link previews), not only on the page."""
    L = marks.layout
    pad = L.gap
    lines = wrap(label, L.width - 2 * pad, L.font_size, bold=True)
    height = len(lines) * L.line + 2 * pad
    marks.rect(0, L.width, 0, height, LABEL_BAND)
    marks.y = pad
    for line in lines:
        marks.text(pad, marks.y + L.font_size, line, style="bold")
        marks.y += L.line
    marks.y = height + L.gap * 2


def marks_for(
    table: ControlledTable, kind: str, group: str | None, layout: Layout, label: str = ""
) -> tuple[list[dict], float]:
    """The chart's marks, in pixels, and its height; `label` (the PNG's
    illustrative-data label) across the top when given."""
    marks = _Marks(layout)
    if label:
        _label_band(marks, label)
    if kind == "bar":
        _bars(marks, table, [table.overall], 0.0)
    elif kind == "grouped":
        rows = [row for row in table.groups if not row.withheld]
        widest = max((text_width(r.label, layout.font_size) for r in rows), default=0) + 10
        label_width = widest if widest <= layout.width * 0.45 else 0.0
        _bars(marks, table, rows, label_width)
    elif kind == "stacked":
        rows = [table.overall, *table.groups] if group else [table.overall]
        _stacked(marks, table, rows, labelled=bool(group))
    else:
        raise ValueError(f"unknown chart kind {kind!r}")
    return marks.items, math.ceil(marks.y - layout.gap + 2)


def chart(
    table: ControlledTable,
    kind: str,
    group: str | None,
    layout: Layout,
    *,
    interactive: bool = False,
    background: str = "transparent",
    label: str = "",
) -> alt.LayerChart:
    """The Altair chart: one data set of marks, drawn by a few layers.
    `label` is drawn across the top (the PNG's illustrative-data label)."""
    import altair as alt  # here, not at the top: importing Altair takes half a second,

    # and a build whose specs are all in the render cache never needs it
    items, height = marks_for(table, kind, group, layout, label)
    data = alt.Data(values=items)
    base = alt.Chart(data)
    px = {"scale": None, "axis": None}

    def x(field):
        return alt.X(f"{field}:Q", **px)

    def y(field):
        return alt.Y(f"{field}:Q", **px)

    identity = alt.Color("fill:N", scale=None, legend=None)
    rect_encoding = dict(x=x("x"), x2=alt.X2("x2"), y=y("y"), y2=alt.Y2("y2"), color=identity)
    if interactive:
        rect_encoding["tooltip"] = alt.Tooltip("tooltip:N")
    rects = (
        base.transform_filter("datum.layer == 'rect'")
        .mark_rect(
            stroke="#ffffff" if kind == "stacked" else None,
            strokeWidth=1 if kind == "stacked" else 0,
        )
        .encode(**rect_encoding)
    )
    text_colour = alt.Color("color:N", scale=None, legend=None)
    layers = [rects]
    for style, props in (
        ("plain", {"align": "left"}),
        ("bold", {"align": "left", "fontWeight": "bold"}),
        ("centre", {"align": "center", "fontWeight": "bold"}),
    ):
        if any(item["layer"] == style for item in items):
            layers.append(
                base.transform_filter(f"datum.layer == '{style}'")
                .mark_text(baseline="alphabetic", fontSize=layout.font_size, **props)
                .encode(x=x("x"), y=y("y"), text="text:N", color=text_colour)
            )
    return (
        alt.layer(*layers)
        .properties(width=layout.width, height=height, autosize=alt.AutoSizeParams(type="none"))
        .configure(font=FONT, padding=0, background=background, aria=False)
        .configure_view(strokeWidth=0, stroke=None)
    )
