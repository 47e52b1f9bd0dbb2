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
  generator_init        the theme's Jinja environment, for the extension's partials
  get_generators        ChartAssetsGenerator writes CSV, PNG and (for interactive
                        charts) spec and script files for published content
  content_object_init   survey_charts on every post and page; on those with charts:
                        survey_styles (findings.css), survey_release (the release
                        box: views.ReleaseView) and survey_scripts (interactive
                        charts only); findings also carry survey_contents (the
                        sections, bulletin.py)

Public API (record.py): every post and page has `survey_charts`, a tuple of
ChartRecord (figure id, edition, question, title, alt text, PNG path and
size, illustrative and interactive flags), one per chart in document order;
social_cards uses it for link previews. Every post and page also has
`survey_notice`: the illustrative-data label (record.ILLUSTRATIVE) when its
charts or numbers come from an illustrative edition, else "": the theme's
meta descriptions, the feeds' summaries and the social cards start with it.
In feeds, each chart's SVG box carries data-feed-replace with its PNG and a
link (partials/chart-feed.html), which feedgen_feeds puts in its place.
Markup: theme/templates/partials/chart-figure.html, chart-table.html,
chart-feed.html, survey-method.html, survey-notice.html.

Settings: SETTINGS below (README.md, "Settings").
"""

from __future__ import annotations

from pathlib import Path

import survey_data
from blinker import signal
from build_scope import scope_of
from pelican import signals
from pluginkit import PluginSettings, Setting, kinds

from . import views
from .charts import WIDE_WIDTH, Layout
from .extension import BuildContext, SurveyChartsExtension, check_text
from .render import Renderer, javascript_bundle, renderer_versions

STYLESHEET = "css/findings.css"  # under THEME_STATIC_DIR
LOADER = "js/survey-charts.js"
STATIC = Path(__file__).resolve().parent / "static"


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


def wide_layout(layout: Layout) -> Layout | None:
    """The layout for wide columns (charts.WIDE_WIDTH), when the narrow one is narrower."""
    if layout.width >= WIDE_WIDTH:
        return None
    return Layout(width=WIDE_WIDTH, font_size=layout.font_size)


def check_settings(settings) -> None:
    SETTINGS.read(settings)


def check_file(settings, *, path, text) -> list[tuple[int, str]]:
    """content_checks' `file_checks` signal: (line, message) for every chart
    block and number that is wrong in this post or page. content_checks
    decides what a problem does (stop the build, or leave a draft out)."""
    if "```" not in text and "~~~" not in text and "{{" not in text:
        return []
    return check_text(text, survey_data.published_surveys(settings))


_STATE: dict = {}


def current_context() -> BuildContext | None:
    return _STATE.get("context")


def on_initialized(pelican):
    settings = pelican.settings
    check_settings(settings)
    values = SETTINGS.read(settings)
    cache = values["SURVEY_CHARTS_CACHE_PATH"].strip("/")
    context = BuildContext(
        surveys=survey_data.published_surveys(settings),
        renderer=Renderer(Path(cache) if cache else None),
        layout=layout_from_settings(settings),
        wide_layout=wide_layout(layout_from_settings(settings)),
        siteurl=settings.get("SITEURL", "").rstrip("/"),
        output_prefix=values["SURVEY_CHARTS_OUTPUT_PATH"].strip("/"),
    )
    _STATE["context"] = context
    markdown = settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    extensions[:] = [x for x in extensions if not isinstance(x, SurveyChartsExtension)]
    extensions.append(SurveyChartsExtension(context))


# -- what a page with charts needs ---------------------------------------------------


def on_generator_init(generator):
    """The extension renders its markup with the theme's templates."""
    context = current_context()
    if context is not None and getattr(generator, "env", None) is not None:
        context.env = generator.env


def on_content(instance):
    """`survey_charts` on every post and page (the public API: record.py), and
    the chart styles and (interactive charts only) scripts its <head> loads."""
    charts = tuple(getattr(instance, "survey_charts", None) or ())
    instance.survey_charts = charts
    instance.survey_notice = str(getattr(instance, "survey_notice", None) or "")
    if not charts and not getattr(instance, "survey_chart_files", None):
        return
    settings = instance.settings
    siteurl = settings.get("SITEURL", "").rstrip("/")
    static = settings.get("THEME_STATIC_DIR", "theme")
    instance.survey_styles = [f"{siteurl}/{static}/{STYLESHEET}"]
    instance.survey_release = release_of(charts)
    if any(chart.interactive for chart in charts):
        instance.survey_scripts = [
            f"{siteurl}/{static}/{vendor_path()}",
            f"{siteurl}/{static}/{LOADER}",
        ]


def release_of(charts) -> views.ReleaseView | None:
    """The release box of a post with charts: its first chart's survey edition."""
    context = current_context()
    if context is None or not charts or charts[0].edition not in context.surveys:
        return None
    return views.release_view(context.surveys[charts[0].edition])


def vendor_path() -> str:
    versions = renderer_versions()
    return (
        f"js/vendor/vega-{versions['vega']}-vega-lite-{versions['vega-lite'].lstrip('v')}"
        f"-vega-embed-{versions['vega-embed']}.js"
    )


# -- files ------------------------------------------------------------------------


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
        wanted: set[str] = set()
        interactive = False
        for item in self._written_content():
            wanted.update(getattr(item, "survey_chart_files", None) or ())
            interactive = interactive or any(c.interactive for c in item.survey_charts)
        for relative in sorted(wanted):
            data = context.assets.get(relative)
            if data is None:
                continue  # read from Pelican's content cache: written by the build that drew it
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
    # Named blinker signals are shared: this works without importing content_checks.
    signal("content_checks.file_checks").connect(check_file)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(on_generator_init)
    signals.content_object_init.connect(on_content)
