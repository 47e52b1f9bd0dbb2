"""survey_charts: charts, tables and headline numbers from survey data, written
by comms staff in Markdown with no Python (see docs/writing-charts.md).

  ```chart                  a figure: title, question wording, the chart as
  survey: ...               inline SVG (rendered at build time from an Altair
  question: ...             chart by vl-convert, cached), its description,
  title: ...                the base and source, notes, the data table and
  description: ...          "Download the data (CSV, N KB)"
  ```
  ```survey-method          the method box: fieldwork, method, responses,
  survey: ...               self-selection, disclosure rules, all tables as CSV
  ```
  {{ question: Answer }}    a headline number from the same data

Everything is built from survey_data's disclosure-controlled tables. Chart
mistakes are found before Pelican reads anything and stop the build with
`file:line: chart block: ...` (a crash inside a Markdown extension would
otherwise be logged and skipped).

Hooks:
  initialized           check settings and every block and number in the content;
                        add the Markdown extension
  get_generators        ChartAssetsGenerator writes CSV, PNG and (for interactive
                        charts) spec and script files for published content
  content_object_init   sets on posts with charts: survey_styles (findings.css),
                        survey_scripts (interactive charts only) and survey_card
                        (the first chart's PNG and alt text, for og:image)

A chart's <figure> carries data-chart-png, data-chart-description and
data-chart-width/height: feedgen_feeds turns it into that PNG, with the
description as alt text, in feeds.

Settings: SETTINGS below (README.md, "Settings").
"""

from __future__ import annotations

import html as htmllib
import re
import sys
from pathlib import Path

import survey_data
from build_scope import scope_of
from pelican import signals
from pluginkit import PluginSettings, Setting, kinds, site_url

from .charts import Layout
from .extension import BuildContext, SurveyChartsExtension, check_text
from .render import Renderer, javascript_bundle, renderer_versions

STYLESHEET = "css/findings.css"  # under THEME_STATIC_DIR
LOADER = "js/survey-charts.js"
STATIC = Path(__file__).resolve().parent / "static"
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


class ChartBlockError(Exception):
    """Stops the build: lists every chart block and number that is wrong."""


_FOLDER = kinds.relative_path()
SETTINGS = PluginSettings(
    "survey_charts",
    "SURVEY_CHARTS_",
    Setting(
        "SURVEY_CHARTS_OUTPUT_PATH",
        "charts",
        _FOLDER.saying("a relative folder path like 'charts'"),
        "Where chart files (CSV downloads, PNG images) are written in the output.",
    ),
    Setting(
        "SURVEY_CHARTS_CACHE_PATH",
        "cache/survey-charts",
        kinds.Kind(
            "a relative folder path like 'cache/survey-charts' (or \"\" for none)",
            lambda value: value == "" or _FOLDER.accepts(value),
        ),
        'Rendered charts are cached here; "" turns the cache off.',
    ),
    Setting(
        "SURVEY_CHARTS_WIDTH",
        288,
        kinds.whole_number(240, 1200, "of pixels"),
        "The width charts are laid out at, in pixels.",
    ),
    Setting(
        "SURVEY_CHARTS_FONT_SIZE",
        17,
        kinds.whole_number(12, 40, "of pixels"),
        "Chart text size at that width, in pixels.",
    ),
)


def layout_from_settings(settings) -> Layout:
    values = SETTINGS.read(settings)
    return Layout(width=values["SURVEY_CHARTS_WIDTH"], font_size=values["SURVEY_CHARTS_FONT_SIZE"])


def check_settings(settings) -> None:
    SETTINGS.read(settings)


def content_files(settings) -> list[Path]:
    root = Path(settings["PATH"])
    folders = list(settings.get("ARTICLE_PATHS", [""])) + list(
        settings.get("PAGE_PATHS", ["pages"])
    )
    found = set()
    for folder in folders:
        base = root / folder
        if base.is_dir():
            for path in base.rglob("*"):
                if path.suffix.lstrip(
                    "."
                ).lower() in MARKDOWN_EXTENSIONS and not path.name.startswith("."):
                    found.add(path)
    return sorted(found)


def problems_for(settings) -> list[str]:
    """`file:line: message` for every chart block and number that is wrong."""
    surveys = survey_data.published_surveys(settings)
    out = []
    for path in content_files(settings):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # content_checks reports unreadable files
        if "```" not in text and "~~~" not in text and "{{" not in text:
            continue
        try:
            shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            shown = path.as_posix()
        for line, message in check_text(text, surveys):
            out.append(f"{shown}:{line}: {message}")
    return out


_STATE: dict = {}


def current_context() -> BuildContext | None:
    return _STATE.get("context")


def on_initialized(pelican):
    settings = pelican.settings
    check_settings(settings)
    problems = problems_for(settings)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise ChartBlockError(
            "\n".join(
                [f"{len(problems)} {noun} with charts or survey numbers; the site was not built:"]
                + [f"  {p}" for p in problems]
            )
        )
    values = SETTINGS.read(settings)
    cache = values["SURVEY_CHARTS_CACHE_PATH"].strip("/")
    context = BuildContext(
        surveys=survey_data.published_surveys(settings),
        renderer=Renderer(Path(cache) if cache else None),
        layout=layout_from_settings(settings),
        siteurl=settings.get("SITEURL", "").rstrip("/"),
        output_prefix=values["SURVEY_CHARTS_OUTPUT_PATH"].strip("/"),
    )
    _STATE["context"] = context
    markdown = settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    extensions[:] = [x for x in extensions if not isinstance(x, SurveyChartsExtension)]
    extensions.append(SurveyChartsExtension(context))


# -- what a page with charts needs in its <head> --------------------------------

_FIGURE = re.compile(
    r'<figure class="chart" id="[^"]+" data-chart-png="(?P<png>[^"]+)" data-chart-description="(?P<alt>[^"]*)"'
)


def _absolute(settings, url: str) -> str:
    if url.startswith("/"):
        return site_url(settings) + url
    return url


def on_content(instance):
    content = getattr(instance, "_content", None) or ""
    if '<figure class="chart"' not in content and 'class="survey-method"' not in content:
        return
    settings = instance.settings
    siteurl = settings.get("SITEURL", "").rstrip("/")
    static = settings.get("THEME_STATIC_DIR", "theme")
    instance.survey_styles = [f"{siteurl}/{static}/{STYLESHEET}"]
    if "data-spec=" in content:
        instance.survey_scripts = [
            f"{siteurl}/{static}/{vendor_path()}",
            f"{siteurl}/{static}/{LOADER}",
        ]
    first = _FIGURE.search(content)
    if first:
        instance.survey_card = {
            "url": _absolute(settings, htmllib.unescape(first["png"])),
            "alt": htmllib.unescape(first["alt"]),
        }


def vendor_path() -> str:
    versions = renderer_versions()
    return (
        f"js/vendor/vega-{versions['vega']}-vega-lite-{versions['vega-lite'].lstrip('v')}"
        f"-vega-embed-{versions['vega-embed']}.js"
    )


# -- files ------------------------------------------------------------------------

_ASSET_REF = re.compile(r'(?:href|data-spec|data-chart-png)="(?P<url>[^"]+)"')


class ChartAssetsGenerator:
    """Writes the chart files that published content links to."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings
        self.output_path = Path(output_path)

    def generate_context(self):
        pass

    def _written_content(self):
        keys = [
            "articles",
            "translations",
            "hidden_articles",
            "hidden_translations",
            "pages",
            "hidden_pages",
            "translations_pages",
        ]
        if self.settings.get("DRAFT_SAVE_AS"):
            keys += ["drafts", "drafts_translations"]
        if self.settings.get("DRAFT_PAGE_SAVE_AS"):
            keys += ["draft_pages"]
        # A preview (build_scope) writes only some pages: the other pages'
        # chart files are in place from the last build.
        scope = scope_of(self.settings)
        seen = set()
        for key in keys:
            for item in self.context.get(key) or []:
                if not scope.includes(getattr(item, "source_path", "")):
                    continue
                if id(item) not in seen and hasattr(item, "_content"):
                    seen.add(id(item))
                    yield item

    def generate_output(self, writer):
        context = current_context()
        if context is None:
            return
        siteurl = context.siteurl
        wanted: set[str] = set()
        interactive = False
        for item in self._written_content():
            content = item._content or ""
            if context.output_prefix not in content:
                continue
            for match in _ASSET_REF.finditer(content):
                url = htmllib.unescape(match["url"])
                if siteurl and url.startswith(siteurl):
                    url = url[len(siteurl) :]
                if url.startswith("/"):
                    wanted.add(url.lstrip("/"))
            interactive = interactive or "data-spec=" in content
        for relative in sorted(wanted):
            data = context.assets.get(relative)
            if data is None:
                continue
            target = self.output_path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if interactive:
            static = self.output_path / self.settings.get("THEME_STATIC_DIR", "theme")
            bundle = static / vendor_path()
            bundle.parent.mkdir(parents=True, exist_ok=True)
            bundle.write_bytes(_bundle(context.renderer))
            loader = static / LOADER
            loader.parent.mkdir(parents=True, exist_ok=True)
            loader.write_bytes((STATIC / "survey-charts.js").read_bytes())


def _bundle(renderer: Renderer) -> bytes:
    key = "javascript-bundle-" + "-".join(f"{k}{v}" for k, v in sorted(renderer_versions().items()))
    return renderer._cached(key, ".js", lambda: javascript_bundle().encode("utf-8"))


def get_generators(pelican):
    return ChartAssetsGenerator


def register():
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(on_content)
