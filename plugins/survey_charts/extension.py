"""The Markdown extension: ```chart and ```survey-method blocks become
figures and method boxes; {{ ... }} becomes a headline number.

Runs as a preprocessor at priority 26: after the metadata block is read (27,
so the post's 'Survey:' field is known) and before fenced code (25), which
would otherwise turn the block into a code listing. Its HTML is stashed and
surrounded by blank lines, so Markdown leaves it alone and never wraps it in
<p>. Numbers are an inline pattern that runs after code spans, so
`{{ ... }}` inside backticks is left as written.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from survey_data import PublishedSurvey

from . import html as markup
from .blocks import BlockError, chart_options, find_blocks, find_refs, method_options, parse_ref
from .charts import Layout, chart
from .numbers import replace_refs, resolve
from .render import Renderer, accessible_svg


@dataclass
class BuildContext:
    """What the extension and the generator share during one build."""

    surveys: dict[str, PublishedSurvey]
    renderer: Renderer
    layout: Layout
    siteurl: str
    output_prefix: str  # e.g. "charts"
    assets: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes

    def url(self, relative: str) -> str:
        return f"{self.siteurl}/{relative}"

    def add_asset(self, relative: str, data: bytes) -> None:
        existing = self.assets.get(relative)
        if existing is not None and existing != data:
            raise RuntimeError(f"survey_charts: two different files would be written to {relative}")
        self.assets[relative] = data

    def all_tables(self, survey: PublishedSurvey) -> tuple[str, int]:
        relative = f"{self.output_prefix}/{survey.id}/all-tables.csv"
        data = markup.all_tables_csv(survey).encode("utf-8")
        self.add_asset(relative, data)
        return self.url(relative), len(data)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class ChartBlocks(Preprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        ext = self.extension
        meta = getattr(self.md, "Meta", None) or {}
        body = bool(meta)  # Pelican converts a post's Summary too, without metadata
        if body:
            values = meta.get("survey") or [None]
            ext.default_survey = (values[0] or "").strip() or None
            ext.used_ids = set()
        if not any("```" in line or "~~~" in line or "{{" in line for line in lines):
            return lines  # no block and no number: most posts (a tenth of a build's Markdown time)
        blocks, spans = find_blocks(lines)
        used_surveys: list[str] = []
        for block in blocks:
            if block.name == "chart":
                used_surveys.append(chart_options(block, ext.context.surveys).survey)
            else:
                used_surveys.append(method_options(block, ext.context.surveys).survey)
        if ext.default_survey is None and len(set(used_surveys)) == 1:
            ext.default_survey = used_surveys[0]
        for index, text in find_refs(lines, spans):
            ref = parse_ref(text)
            used_surveys.append(ref.survey or ext.default_survey or "")
        out = list(lines)
        rendered = [self.render(block) for block in blocks]  # in order: ids count up
        for block, html in reversed(list(zip(blocks, rendered))):
            placeholder = self.md.htmlStash.store(html)
            out[block.start : block.end + 1] = ["", placeholder, ""]
        if body:
            illustrative = []
            for sid in dict.fromkeys(used_surveys):
                survey = ext.context.surveys.get(sid)
                if survey is not None and survey.info.illustrative:
                    illustrative.append(survey.info.title)
            if illustrative:
                out[0:0] = [self.md.htmlStash.store(markup.notice_html(illustrative)), ""]
        return out

    def unique_id(self, base: str) -> str:
        used = self.extension.used_ids
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        return candidate

    def render(self, block) -> str:
        ext = self.extension
        ctx = ext.context
        if block.name == "survey-method":
            options = method_options(block, ctx.surveys)
            survey = ctx.surveys[options.survey]
            url, size = ctx.all_tables(survey)
            return markup.method_html(
                survey, options.heading, self.unique_id(f"method-{survey.id}"), url, size
            )
        options = chart_options(block, ctx.surveys)
        survey = ctx.surveys[options.survey]
        default = options.survey
        title = replace_refs(options.title, ctx.surveys, default)
        description = replace_refs(options.description, ctx.surveys, default)
        slug = options.question + (f"-by-{options.group}" if options.group else "")
        html_id = self.unique_id(f"chart-{slug}")
        table = survey.table(options.question)
        if table.withheld:
            parts = markup.FigureParts(
                html_id, title, description, None, None, 0, None, (0, 0), None
            )
            return markup.figure_html(survey, options.question, options.group, parts)
        folder = f"{ctx.output_prefix}/{survey.id}"
        csv_data = markup.chart_csv(survey, options.question, options.group).encode("utf-8")
        csv_path = f"{folder}/{slug}.csv"
        ctx.add_asset(csv_path, csv_data)
        # Specs come from the render cache when the table and options are unchanged.
        spec = ctx.renderer.spec(
            lambda: chart(table, options.kind, options.group, ctx.layout).to_dict(),
            table,
            options.kind,
            options.group,
            ctx.layout,
        )
        png_spec = ctx.renderer.spec(
            lambda: chart(
                table, options.kind, options.group, ctx.layout, background="white"
            ).to_dict(),
            table,
            options.kind,
            options.group,
            ctx.layout,
            "background=white",
        )
        digest = hashlib.sha256(
            json.dumps([spec, options.title, options.description], sort_keys=True).encode("utf-8")
        ).hexdigest()[:10]
        png = ctx.renderer.png(png_spec)
        png_path = f"{folder}/{slug}-{options.kind}-{digest}.png"
        ctx.add_asset(png_path, png)
        spec_url = None
        if options.interactive:
            interactive = chart(
                table, options.kind, options.group, ctx.layout, interactive=True
            ).to_dict()
            interactive["description"] = description
            spec_path = f"{folder}/{slug}-{options.kind}-{digest}.vl.json"
            ctx.add_asset(
                spec_path,
                json.dumps(interactive, sort_keys=True, ensure_ascii=False).encode("utf-8"),
            )
            spec_url = ctx.url(spec_path)
        svg = accessible_svg(ctx.renderer.svg(spec), f"{html_id}-title", f"{html_id}-desc")
        size = (spec["width"], spec["height"])
        parts = markup.FigureParts(
            html_id,
            title,
            description,
            svg,
            ctx.url(csv_path),
            len(csv_data),
            ctx.url(png_path),
            size,
            spec_url,
        )
        return markup.figure_html(survey, options.question, options.group, parts)


class HeadlineNumber(InlineProcessor):
    def __init__(self, pattern, extension):
        super().__init__(pattern)
        self.extension = extension

    def handleMatch(self, m, data):
        ext = self.extension
        text = resolve(parse_ref(m.group(1)), ext.context.surveys, ext.default_survey)
        element = etree.Element("span")
        element.set("class", "survey-number")
        element.text = text
        return element, m.start(0), m.end(0)


class SurveyChartsExtension(Extension):
    def __init__(self, context: BuildContext, **kwargs):
        self.context = context
        self.default_survey: str | None = None
        self.used_ids: set[str] = set()
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.preprocessors.register(ChartBlocks(md, self), "survey_chart_blocks", 26)
        md.inlinePatterns.register(HeadlineNumber(r"\{\{(.+?)\}\}", self), "survey_numbers", 185)

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
        if index < header_end and not lines[index].lower().startswith("summary:"):
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


def _key_line(lines, block, key) -> int:
    for index in range(block.start + 1, block.end):
        if lines[index].lstrip().startswith(f"{key}:"):
            return index + 1
    return block.start + 1
