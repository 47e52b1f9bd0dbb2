"""The Markdown extension: ```chart and ```survey-method blocks become
figures and method boxes; {{ ... }} becomes a headline number.

Runs as a preprocessor at priority 26: after the metadata block is read (27,
so the post's 'Survey:' field is known) and before fenced code (25), which
would otherwise turn the block into a code listing. Its HTML is rendered from
the theme's partials, stashed and surrounded by blank lines, so Markdown
leaves it alone and never wraps it in <p>. Numbers are an inline pattern
that runs after code spans, so `{{ ... }}` inside backticks is left as written.

What it drew goes into the metadata Pelican hands to the content object:
`survey_charts` (record.ChartRecord, one per chart, in document order),
`survey_notice` (record.ILLUSTRATIVE when its data is illustrative, else "")
and `survey_chart_files` (the output paths of the files the page links to).
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from survey_data import PublishedSurvey

from . import views
from .blocks import BlockError, chart_options, find_blocks, find_refs, method_options, parse_ref
from .bulletin import Bulletin, Section
from .charts import Layout, chart
from .numbers import replace_refs, resolve
from .record import ILLUSTRATIVE, ChartRecord
from .render import Renderer, accessible_svg

FIGURE = "partials/chart-figure.html"
METHOD = "partials/survey-method.html"
NOTICE = "partials/survey-notice.html"
MARKERS = ("```", "~~~", "{{")


@dataclass
class BuildContext:
    """What the extension and the generator share during one build."""

    surveys: dict[str, PublishedSurvey]
    renderer: Renderer
    layout: Layout
    siteurl: str
    output_prefix: str  # e.g. "charts"
    wide_layout: Layout | None = None  # for wider columns (charts.WIDE_WIDTH)
    env: object = None  # the theme's Jinja environment (set at generator_init)
    assets: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes

    def url(self, relative: str) -> str:
        return f"{self.siteurl}/{relative}"

    def add_asset(self, relative: str, data: bytes) -> None:
        existing = self.assets.get(relative)
        if existing is not None and existing != data:
            raise RuntimeError(f"survey_charts: two different files would be written to {relative}")
        self.assets[relative] = data

    def render(self, template: str, **values) -> str:
        return self.env.get_template(template).render(**values).strip()

    def __getstate__(self):
        # Pelican's content cache pickles the settings, this context with them
        # (the extension is in MARKDOWN). A Jinja environment cannot be
        # pickled; generator_init sets it again in the next build.
        return {**self.__dict__, "env": None}


@dataclass
class _Page:
    """What one post's body has drawn so far."""

    default_survey: str | None = None
    ids: set[str] = field(default_factory=set)
    charts: list[ChartRecord] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Method boxes, by the placeholder their HTML is stashed under, and by
    # the line their block starts on while they are drawn (bulletin.py).
    methods: dict[str, Section] = field(default_factory=dict)
    method_at: dict[int, Section] = field(default_factory=dict)

    def unique_id(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate


class ChartBlocks(Preprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        meta = getattr(self.md, "Meta", None)
        if not meta:
            # Pelican converts the Summary with this converter too, after the
            # body and with no metadata: only its {{ }} numbers matter there,
            # and they keep the body's survey.
            return lines
        values = meta.get("survey") or [None]
        page = self.extension.page = _Page(default_survey=(values[0] or "").strip() or None)
        if not any(marker in line for line in lines for marker in MARKERS):
            return lines  # no block and no number: most posts
        blocks, spans = find_blocks(lines)
        used = self.surveys_used(page, blocks, [text for _, text in find_refs(lines, spans)])
        out = list(lines)
        rendered = [self.render(block) for block in blocks]  # in order: ids count up
        for block, html in reversed(list(zip(blocks, rendered))):
            placeholder = self.md.htmlStash.store(html)
            if block.start in page.method_at:
                page.methods[placeholder] = page.method_at[block.start]
            out[block.start : block.end + 1] = ["", placeholder, ""]
        notice = self.notice(used)
        if notice:
            out[0:0] = [self.md.htmlStash.store(notice), ""]
        meta["survey_notice"] = [ILLUSTRATIVE if notice else ""]
        meta["survey_charts"] = [tuple(page.charts)]
        meta["survey_chart_files"] = [tuple(dict.fromkeys(page.files))]
        return out

    def surveys_used(self, page: _Page, blocks, refs: list[str]) -> list[str | None]:
        """The surveys the blocks and numbers use. Without a 'Survey:' field,
        numbers come from the blocks' survey when they all use one."""
        used = [self.options(block).survey for block in blocks]
        if page.default_survey is None and len(set(used)) == 1:
            page.default_survey = used[0]
        return used + [parse_ref(text).survey or page.default_survey for text in refs]

    def notice(self, used: list[str | None]) -> str:
        """The illustrative-data notice, for the surveys used that are illustrative."""
        ctx = self.extension.context
        titles = [
            ctx.surveys[sid].info.title
            for sid in dict.fromkeys(used)
            if sid in ctx.surveys and ctx.surveys[sid].info.illustrative
        ]
        return ctx.render(NOTICE, titles=titles) if titles else ""

    def options(self, block):
        surveys = self.extension.context.surveys
        if block.name == "chart":
            return chart_options(block, surveys)
        return method_options(block, surveys)

    def asset(self, relative: str, data: bytes) -> str:
        """Keep a file for the generator to write; its URL."""
        ctx = self.extension.context
        ctx.add_asset(relative, data)
        self.extension.page.files.append(relative)
        return ctx.url(relative)

    def render(self, block) -> str:
        if block.name == "survey-method":
            return self.render_method(block)
        return self.render_chart(block)

    def render_method(self, block) -> str:
        ctx = self.extension.context
        options = method_options(block, ctx.surveys)
        survey = ctx.surveys[options.survey]
        data = views.all_tables_csv(survey).encode("utf-8")
        url = self.asset(f"{ctx.output_prefix}/{survey.id}/all-tables.csv", data)
        html_id = self.extension.page.unique_id(f"method-{survey.id}")
        self.extension.page.method_at[block.start] = Section(html_id, options.heading)
        view = views.method_view(survey, options.heading, html_id, url, len(data))
        return ctx.render(METHOD, method=view)

    def render_chart(self, block) -> str:
        ext = self.extension
        ctx = ext.context
        options = chart_options(block, ctx.surveys)
        survey = ctx.surveys[options.survey]
        title = replace_refs(options.title, ctx.surveys, options.survey)
        description = replace_refs(options.description, ctx.surveys, options.survey)
        slug = options.question + (f"-by-{options.group}" if options.group else "")
        html_id = ext.page.unique_id(f"chart-{slug}")
        files = None
        if not survey.table(options.question).withheld:
            files = self.draw(survey, options, slug, html_id, description)
        view = views.figure_view(
            survey,
            options.question,
            options.group,
            html_id=html_id,
            title=title,
            description=description,
            files=files,
        )
        ext.page.charts.append(
            ChartRecord(
                html_id=html_id,
                edition=survey.id,
                question=options.question,
                title=title,
                alt=description,
                png_path=files.png_path if files else None,
                width=files.width if files else 0,
                height=files.height if files else 0,
                illustrative=survey.info.illustrative,
                interactive=bool(files and files.spec_url),
            )
        )
        return ctx.render(FIGURE, chart=view)

    def draw(self, survey, options, slug, html_id, description) -> views.ChartFiles:
        """The chart's SVG, and its CSV, PNG and (interactive) spec files."""
        ctx = self.extension.context
        folder = f"{ctx.output_prefix}/{survey.id}"
        table = survey.table(options.question)
        kind, group, layout = options.kind, options.group, ctx.layout
        csv_data = views.chart_csv(survey, options.question, group).encode("utf-8")
        csv_url = self.asset(f"{folder}/{slug}.csv", csv_data)
        # Specs come from the render cache when the table and options are unchanged.
        spec = ctx.renderer.spec(
            lambda: chart(table, kind, group, layout).to_dict(), table, kind, group, layout
        )
        # The PNG travels without the page (feeds, link previews): from an
        # illustrative edition, it carries the label drawn into it.
        label = ILLUSTRATIVE if survey.info.illustrative else ""
        png_spec = ctx.renderer.spec(
            lambda: chart(table, kind, group, layout, background="white", label=label).to_dict(),
            *(table, kind, group, layout, "background=white", label),
        )
        digest = hashlib.sha256(
            json.dumps([png_spec, options.title, options.description], sort_keys=True).encode(
                "utf-8"
            )
        ).hexdigest()[:10]
        png_path = f"{folder}/{slug}-{kind}-{digest}.png"
        png_url = self.asset(png_path, ctx.renderer.png(png_spec))
        spec_url = None
        if options.interactive:
            interactive = chart(table, kind, group, layout, interactive=True).to_dict()
            interactive["description"] = description
            spec_url = self.asset(
                f"{folder}/{slug}-{kind}-{digest}.vl.json",
                json.dumps(interactive, sort_keys=True, ensure_ascii=False).encode("utf-8"),
            )
        labels = (f"{html_id}-title", f"{html_id}-desc")
        svg = accessible_svg(ctx.renderer.svg(spec), *labels, css_class="chart-narrow")
        svg_wide = None
        if ctx.wide_layout is not None:
            wide = ctx.wide_layout
            wide_spec = ctx.renderer.spec(
                lambda: chart(table, kind, group, wide).to_dict(), table, kind, group, wide
            )
            svg_wide = accessible_svg(ctx.renderer.svg(wide_spec), *labels, css_class="chart-wide")
        return views.ChartFiles(
            svg=svg,
            svg_wide=svg_wide,
            csv_url=csv_url,
            csv_size=len(csv_data),
            png_path=png_path,
            png_url=png_url,
            width=png_spec["width"],
            height=png_spec["height"],
            spec_url=spec_url,
        )


class HeadlineNumber(InlineProcessor):
    def __init__(self, pattern, extension):
        super().__init__(pattern)
        self.extension = extension

    def handleMatch(self, m, data):
        ext = self.extension
        text = resolve(parse_ref(m.group(1)), ext.context.surveys, ext.page.default_survey)
        element = etree.Element("span")
        element.set("class", "survey-number")
        element.text = text
        return element, m.start(0), m.end(0)


class SurveyChartsExtension(Extension):
    def __init__(self, context: BuildContext, **kwargs):
        self.context = context
        self.page = _Page()
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.preprocessors.register(ChartBlocks(md, self), "survey_chart_blocks", 26)
        md.inlinePatterns.register(HeadlineNumber(r"\{\{(.+?)\}\}", self), "survey_numbers", 185)
        # After the toc extension (5) has given the headings their ids.
        md.treeprocessors.register(Bulletin(md, self), "survey_bulletin", 4)

    def reset(self):
        pass  # the Summary is converted after the body, and shares its survey


def check_text(text: str, surveys: dict[str, PublishedSurvey]) -> list[tuple[int, str]]:
    """Every problem in one Markdown file's text, as (line, message)."""
    lines = text.splitlines()
    problems: list[tuple[int, str]] = []
    header_end, default_survey = _header(lines)
    blocks, spans = find_blocks(lines)
    used = []
    for block in blocks:
        if block.start < header_end:
            continue
        try:
            if block.name == "chart":
                options = chart_options(block, surveys)
                used.append(options.survey)
                for key in ("title", "description"):
                    try:
                        replace_refs(getattr(options, key), surveys, options.survey)
                    except BlockError as error:
                        problems.append(
                            (_key_line(lines, block, key), f"chart block: {key}: {error}")
                        )
            else:
                used.append(method_options(block, surveys).survey)
        except BlockError as error:
            problems.append(
                (block.start + 1 + error.line if error.line else block.start + 1, str(error))
            )
    default = default_survey or (used[0] if len(set(used)) == 1 else None)
    for index, body in find_refs(lines, spans):
        if index < header_end and _field_of(lines, index) != "summary":
            problems.append(
                (
                    index + 1,
                    f"{{{{{body}}}}}: headline numbers work in the text and in 'Summary:', "
                    "not in other fields: write the number in the text instead.",
                )
            )
            continue
        try:
            resolve(parse_ref(body), surveys, default)
        except BlockError as error:
            problems.append((index + 1, f"{{{{{body}}}}}: {error}"))
    return sorted(problems)


def _header(lines) -> tuple[int, str | None]:
    """Where the metadata block ends, and its 'Survey:' value."""
    survey = None
    for index, line in enumerate(lines):
        if not line.strip():
            return index, survey
        if line.lower().startswith("survey:"):
            survey = line.split(":", 1)[1].strip() or None
    return len(lines), survey


def _field_of(lines, index) -> str:
    """The field a line of the block at the top belongs to: its own, or for a
    line indented four spaces (a continued value), the field above it."""
    while index > 0 and lines[index].startswith(("    ", "\t")):
        index -= 1
    return lines[index].split(":", 1)[0].strip().lower()


def _key_line(lines, block, key) -> int:
    for index in range(block.start + 1, block.end):
        if lines[index].lstrip().startswith(f"{key}:"):
            return index + 1
    return block.start + 1
