"""social_cards: the image a link preview shows for each post and page.

Findings posts get a card of their own, 1200x630: their first chart's PNG
(from the `survey_charts` records survey_charts sets on every post and page,
survey_charts/record.py) with the chart's title, the site's name and, when
survey_charts' `survey_notice` says the data is illustrative, that label
(findings_card.py draws it, into social-cards/ in the output); every other
post and page uses the default card built into the theme. The theme
prints it as og:image (absolute, with width, height and alt) and
twitter:card summary_large_image. The logic is in cards.py (pure).

Hooks:
  initialized                  check settings and the default card image
  generator_init               the `social_card_default` Jinja global (for list pages)
  article_generator_finalized  sets `social_card` on every post (published, hidden, draft)
  page_generator_finalized     sets `social_card` on every page
  finalized                    draws the findings cards of the pages written, from the
                               chart PNGs in the output; then every card a written page
                               names exists in the output, at the size the page says;
                               the build stops otherwise

Settings: SETTINGS below (README.md, "Settings").
"""

from __future__ import annotations

import sys
from pathlib import Path

from build_scope import scope_of
from pelican import signals
from pluginkit import PluginSettings, Setting, bad_setting, kinds

try:
    from pluginkit import site_url
except ImportError:  # Pelican does not put PLUGIN_PATHS on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pluginkit import site_url

from .cards import Card, CardError, Drawing, chart_card, check_card, png_size
from .findings_card import render_card


class SocialCardsError(Exception):
    pass


def _theme_static(settings) -> Path:
    return Path(settings["THEME"]) / "static"


def _card_file_is_a_png(values, settings) -> list[str]:
    image = values["SOCIAL_CARDS_DEFAULT_IMAGE"]
    file = _theme_static(settings) / image
    if not file.is_file():
        return [
            bad_setting("SOCIAL_CARDS_DEFAULT_IMAGE", image, f"a file at {file}, but there is none")
        ]
    try:
        png_size(file.read_bytes())
    except CardError:
        return [
            bad_setting("SOCIAL_CARDS_DEFAULT_IMAGE", image, f"a PNG image, but {file} is not one")
        ]
    return []


SETTINGS = PluginSettings(
    "social_cards",
    "SOCIAL_CARDS_",
    Setting(
        "SOCIAL_CARDS_DEFAULT_IMAGE",
        "images/social-card.png",
        kinds.Kind(
            "the path of a PNG inside the theme's static folder, like 'images/social-card.png'",
            lambda value: kinds.relative_path().accepts(value) and value.lower().endswith(".png"),
        ),
        "The link-preview image for posts without a chart and for every other page.",
    ),
    Setting(
        "SOCIAL_CARDS_DEFAULT_ALT",
        "Tower Hamlets CVS",
        kinds.text().saying(
            "a short text describing the default card, for people who cannot see it"
        ),
        "Its text alternative (og:image:alt): say what the card shows.",
    ),
    checks=[_card_file_is_a_png],
)


def default_from_settings(settings) -> Card:
    values = SETTINGS.read(settings)
    image = values["SOCIAL_CARDS_DEFAULT_IMAGE"]
    width, height = png_size((_theme_static(settings) / image).read_bytes())
    site_path = f"{settings.get('THEME_STATIC_DIR', 'theme')}/{image}"
    return Card(
        url=f"{site_url(settings)}/{site_path}",
        width=width,
        height=height,
        alt=values["SOCIAL_CARDS_DEFAULT_ALT"].strip(),
        kind="default",
    )


def check_settings(pelican):
    SETTINGS.read(pelican.settings)


def add_global(generator):
    generator.env.globals["social_card_default"] = default_from_settings(generator.settings)


def card_for(item, settings, default: Card) -> tuple[Card, Drawing | None]:
    found = chart_card(
        getattr(item, "survey_charts", ()),
        site_url(settings),
        page_url=item.url,
        site_name=settings.get("SITENAME", ""),
        label=str(getattr(item, "survey_notice", "") or ""),
    )
    return found or (default, None)


# The posts and pages this build writes, by generator ("articles", "pages"):
# the finalized check reads their cards.
_STATE: dict = {}


def _set_cards(kind, items, settings, written):
    default = default_from_settings(settings)
    drawings = _STATE.setdefault("drawings", {})
    for item in items:
        item.social_card, drawing = card_for(item, settings, default)
        if drawing is not None:
            drawings[id(item)] = drawing
    _STATE[kind] = list(written)


def on_articles(generator):
    settings = generator.settings
    drafts = list(generator.drafts) if settings.get("DRAFT_SAVE_AS") else []
    _set_cards(
        "articles",
        [
            *generator.articles,
            *generator.translations,
            *generator.hidden_articles,
            *generator.hidden_translations,
            *generator.drafts,
            *generator.drafts_translations,
        ],
        settings,
        [*generator.articles, *generator.hidden_articles, *drafts],
    )


def on_pages(generator):
    settings = generator.settings
    drafts = list(generator.draft_pages) if settings.get("DRAFT_PAGE_SAVE_AS") else []
    _set_cards(
        "pages",
        [
            *generator.pages,
            *generator.translations,
            *generator.hidden_pages,
            *generator.hidden_translations,
            *generator.draft_pages,
            *generator.draft_translations,
        ],
        settings,
        [*generator.pages, *generator.hidden_pages, *drafts],
    )


def start_build(pelican):
    check_settings(pelican)
    _STATE.clear()


def draw_cards(pelican):
    """Draw the findings cards of the posts and pages this build wrote, from
    the chart PNGs survey_charts wrote into the output."""
    output = Path(pelican.output_path)
    scope = scope_of(pelican.settings)
    drawings = _STATE.get("drawings", {})
    for item in [*_STATE.get("articles", []), *_STATE.get("pages", [])]:
        drawing = drawings.get(id(item))
        if drawing is None or not scope.includes(getattr(item, "source_path", "")):
            continue
        chart = output / drawing.chart_png
        if not chart.is_file():
            continue  # check_written says so
        target = output / drawing.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(
            render_card(chart.read_bytes(), drawing.title, drawing.site_name, drawing.label)
        )


def check_written(pelican):
    draw_cards(pelican)
    if not scope_of(pelican.settings).whole:
        return  # a fast preview writes a few pages: the next whole build checks every card
    origin = site_url(pelican.settings)
    output = Path(pelican.output_path)
    problems = []
    for item in [*_STATE.get("articles", []), *_STATE.get("pages", [])]:
        card = getattr(item, "social_card", None)
        problem = check_card(card, origin, output) if card else "has no social card"
        if problem:
            problems.append(f"  {item.source_path}: {problem}")
    if problems:
        raise SocialCardsError(
            "social_cards: link previews would show a missing or wrong image:\n"
            + "\n".join(problems)
        )


def register():
    signals.initialized.connect(start_build)
    signals.generator_init.connect(add_global)
    signals.article_generator_finalized.connect(on_articles)
    signals.page_generator_finalized.connect(on_pages)
    signals.finalized.connect(check_written)
