"""survey_cta: the survey call to action, configured once in the settings, shown
after CEO blog posts, wherever a post or page has a `{survey}` line, as a banner
on the home page and on the /survey/ page, and gone when the survey closes.

State, worked out at build time (SURVEY_CTA_NOW, or the real time):
  off / upcoming   no SURVEY_CTA_URL, or before SURVEY_CTA_OPENS: nothing anywhere,
                   and the survey page (`Template: survey`) is not written
  open             the call to action with its "Take the survey" button
  closed           "the survey has closed", thanks, and the findings once
                   SURVEY_CTA_FINDINGS is published; no page links to SURVEY_CTA_URL
A page built while open carries data-survey-closes; theme/static/js/
survey-status.js (loaded, deferred, only on those pages) swaps in the closed
message once that time has passed.

Hooks:
  initialized               check the settings and every `Survey:` field and
                            `{survey}` line in the content
  page_generator_finalized  fix the build time; drop the survey page while there
                            is no survey
  all_generators_finalized  SURVEY_CTA (view.SurveyView) in the template context;
                            `{survey}` lines replaced by the rendered call to
                            action; on each post and page: survey_cta_after,
                            survey_cta_script, survey_cta_feed
  feedgen_feeds.feed_entry_append  the plain-paragraph call to action in feeds

Templates (theme/templates): partials/survey-cta.html (the box),
survey-closed.html, survey-feed.html (the feed paragraph), survey-after.html,
survey-home.html, survey-head.html (the script tag), survey-terms.html, and
survey.html (the survey page).

Settings: config.SETTINGS (README.md, "Settings"), all SURVEY_CTA_...; the
old SURVEY_URL, SURVEY_NAME, ... names are refused with a pointer to the new.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import survey_data
from blinker import signal
from pelican import signals
from pluginkit import CONTENT_LISTS, SettingsError, bad_setting, site_url

from .config import SETTINGS, build_time, load_survey  # noqa: F401 (SETTINGS)
from .content import check_text, replace_marker, shows_after
from .view import deadline_text, make_view

logger = logging.getLogger(__name__)

SURVEY_TEMPLATE = "survey"
PARTIAL = "partials/survey-cta.html"
FEED_PARTIAL = "partials/survey-feed.html"


class SurveyContentError(Exception):
    """Stops the build: lists every `Survey:` field and `{survey}` line that is wrong."""


# -- checks at start-up ------------------------------------------------------------


def survey_editions(settings) -> tuple[str, ...]:
    """Survey edition names survey_charts accepts in `Survey:`: the editions
    survey_data loads (not a second walk of the folder, which could disagree)."""
    return survey_data.editions(settings)


def check_file(settings, *, path, text) -> list[tuple[int, str]]:
    """content_checks' `file_checks` signal: (line, message) for every mistake
    with `Survey:` or `{survey}` in this post or page."""
    return check_text(text, survey_editions(settings))


def on_initialized(pelican):
    settings = pelican.settings
    survey = load_survey(settings)
    state = survey.state(build_time(settings))
    if state == "open":
        logger.info(
            "survey_cta: %s is open until %s.",
            survey.name,
            deadline_text(survey.closes.astimezone(survey.timezone)),
        )
    elif state != "off":
        logger.info(
            "survey_cta: %s is %s.",
            survey.name,
            "not open yet" if state == "upcoming" else "closed",
        )


def _state(generator):
    """The survey and its state, fixed once per build (a build's context is new
    each run, so `pelican --autoreload` sees the time move on)."""
    survey = load_survey(generator.settings)
    context = generator.context
    if "survey_cta_now" not in context:
        context["survey_cta_now"] = build_time(generator.settings)
    return survey, survey.state(context["survey_cta_now"])


# -- the survey page ---------------------------------------------------------------


def _is_survey_page(item) -> bool:
    return getattr(item, "template", None) == SURVEY_TEMPLATE


def on_pages(generator):
    """With no survey (or before it opens) the survey page is not written at all."""
    _survey, state = _state(generator)
    if state in ("open", "closed"):
        return
    for name in (
        "pages",
        "hidden_pages",
        "draft_pages",
        "translations",
        "hidden_translations",
        "draft_translations",
    ):
        items = getattr(generator, name, None)
        if isinstance(items, list):
            items[:] = [item for item in items if not _is_survey_page(item)]


# -- everything else, once every post and page has been read ------------------------


def _items(generators):
    seen = set()
    for generator in generators:
        for name in CONTENT_LISTS:
            for item in getattr(generator, name, None) or []:
                if id(item) not in seen and hasattr(item, "_content"):
                    seen.add(id(item))
                    yield item


def _findings_article(generators, key: str, content_path: str, *, required: bool):
    """The published article a SURVEY_CTA_*FINDINGS setting names, or None.

    Not yet published (a draft, or dated in the future in production): None for
    SURVEY_CTA_FINDINGS (the link appears at the first build after it is out), an
    error for SURVEY_CTA_PREVIOUS_FINDINGS (the call to action promises that link).
    """
    if not content_path:
        return None
    found = None
    for generator in generators:
        for name in ("articles", "hidden_articles", "drafts"):
            for item in getattr(generator, name, None) or []:
                if item.relative_source_path.replace("\\", "/") == content_path:
                    found = found or (item, name)
    if found and found[1] != "drafts":
        return found[0]
    problem = (
        "is a draft (or dated in the future) in this build"
        if found
        else "was not read as an article"
    )
    if required:
        raise SettingsError(
            "survey_cta",
            [
                bad_setting(
                    key,
                    content_path,
                    f"a published findings article, but {content_path} {problem}",
                )
            ],
        )
    logger.info("survey_cta: %s = %r %s, so it is not linked yet.", key, content_path, problem)
    return None


def _forget_rendered(item) -> None:
    """Pelican memoizes content and summary per object: drop what it may have kept."""
    for name in ("get_content", "get_summary"):
        cache = getattr(getattr(type(item), name, None), "cache", None)
        if isinstance(cache, dict):
            for key in [k for k in cache if isinstance(k, tuple) and k and k[0] is item]:
                del cache[key]


def _privacy_page(generators):
    pages = (page for g in generators for page in getattr(g, "pages", None) or [])
    return next((page for page in pages if getattr(page, "slug", None) == "privacy"), None)


def _view(generators, settings, survey, state, items):
    """What the templates see (SURVEY_CTA), with the pages and articles it links."""
    survey_pages = [
        item for item in items if _is_survey_page(item) and getattr(item, "status", "") != "draft"
    ]
    if state in ("open", "closed") and not survey_pages:
        raise SettingsError(
            "survey_cta",
            [
                "no page has 'Template: survey', but the call to action links to the survey "
                "page for the prize draw terms and other formats. Add content/pages/survey.md "
                "(see README.md, 'The survey call to action')."
            ],
        )
    findings = _findings_article(generators, "SURVEY_CTA_FINDINGS", survey.findings, required=False)
    previous = _findings_article(
        generators,
        "SURVEY_CTA_PREVIOUS_FINDINGS",
        survey.previous_findings,
        required=state in ("open", "closed"),
    )
    privacy = _privacy_page(generators)
    return make_view(
        survey,
        state,
        siteurl=settings.get("SITEURL") or "",
        origin=site_url(settings),
        static_dir=settings.get("THEME_STATIC_DIR", "theme"),
        page_path=survey_pages[0].url if survey_pages else "",
        findings=(findings.url, findings.title) if findings else None,
        previous_findings=previous.url if previous else "",
        privacy_path=privacy.url if privacy else "",
    )


def _place(item, view, survey, inline_html: str, feed_html: str) -> str | None:
    """Put the call to action where this post or page asks; a problem, or None."""
    html, count = replace_marker(item._content or "", inline_html)
    if count:
        item._content = html
        _forget_rendered(item)
    category = getattr(item, "category", None)
    after = (
        view.shown
        and not count
        and not _is_survey_page(item)
        and shows_after(
            item.metadata.get("survey"), str(category) if category else None, survey.categories
        )
    )
    item.survey_cta_after = after
    item.survey_cta_feed = feed_html if after else ""
    item.survey_cta_script = view.is_open and bool(count or after or _is_survey_page(item))
    if count > 1:
        return (
            f"{item.relative_source_path}: the survey call to action is placed {count} times; "
            "put one '{survey}' line in the post or page."
        )
    return None


def on_all_generators(generators):
    with_env = [g for g in generators if hasattr(g, "env") and hasattr(g, "context")]
    if not with_env:
        return
    generator = with_env[0]
    context, env = generator.context, generator.env
    survey, state = _state(generator)
    items = list(_items(generators))
    view = _view(generators, generator.settings, survey, state, items)
    context["SURVEY_CTA"] = view

    def render(name, place, shown=view):
        values = dict(context)
        values.update(SURVEY_CTA=shown, survey_cta_place=place)
        return env.get_template(name).render(values).strip()

    inline_html = render(PARTIAL, "inline") if view.shown else ""
    feed_html = render(FEED_PARTIAL, "feed") if view.shown else ""
    # Last year's findings, asking for this year's answers, do not link to themselves.
    on_previous = replace(view, previous_findings_url="", previous_findings_absolute="")
    inline_on_previous = render(PARTIAL, "inline", on_previous) if view.shown else ""

    def inline_for(item) -> str:
        previous = view.previous_findings_url
        return inline_on_previous if previous and previous.endswith("/" + item.url) else inline_html

    problems = [_place(item, view, survey, inline_for(item), feed_html) for item in items]
    problems = [problem for problem in problems if problem]
    if problems:
        raise SurveyContentError("\n".join(problems))


# -- feeds ---------------------------------------------------------------------------


def feed_paragraph(article, settings=None, **_kwargs) -> str:
    """feedgen_feeds.feed_entry_append receiver: the call to action after this post."""
    return getattr(article, "survey_cta_feed", "") or ""


def register():
    signals.initialized.connect(on_initialized)
    signal("content_checks.file_checks").connect(check_file)
    signals.page_generator_finalized.connect(on_pages)
    signals.all_generators_finalized.connect(on_all_generators)
    # Named blinker signals are shared: this works without importing feedgen_feeds.
    signal("feedgen_feeds.feed_entry_append").connect(feed_paragraph)
