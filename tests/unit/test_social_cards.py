"""social_cards: choosing and checking the link-preview image (cards.py), the
settings, and the default card committed in the theme."""

from __future__ import annotations

import struct
import zlib

import pytest
from pluginkit import SettingsError
from social_cards import SocialCardsError, default_from_settings
from social_cards.cards import (
    Card,
    CardError,
    Drawing,
    chart_card,
    check_card,
    output_file,
    png_size,
)
from survey_charts.record import ChartRecord

from tests.conftest import ROOT

DEFAULT_CARD = ROOT / "theme" / "static" / "images" / "social-card.png"


def record(html_id, png_path, width, height, alt="Alt") -> ChartRecord:
    return ChartRecord(html_id, "s", "q", "T", alt, png_path, width, height, True, False)


# survey_charts' records for a page: a withheld chart (no PNG), then two drawn.
CHARTS = (
    record("chart-w", None, 0, 0),
    record("chart-x", "charts/s/x-bar-1.png", 288, 163, "Bar chart of A & B."),
    record("chart-y", "charts/s/y.png", 10, 10, "Second"),
)


def png(width, height) -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1) * height))
        + chunk(b"IEND", b"")
    )


def test_png_size_reads_the_header():
    assert png_size(png(7, 3)) == (7, 3)
    with pytest.raises(CardError):
        png_size(b"GIF89a" + b"\x00" * 30)


def test_the_first_drawn_chart_makes_a_1200_by_630_card():
    card, drawing = chart_card(
        CHARTS, "https://www.example.org", page_url="2026/03/x/", site_name="The CVS"
    )
    assert (card.width, card.height, card.kind) == (1200, 630, "chart")
    assert card.url.startswith("https://www.example.org/social-cards/x-")
    assert card.alt == "T. Bar chart of A & B. The CVS"
    assert drawing == Drawing(
        card.url[len("https://www.example.org/") :], "charts/s/x-bar-1.png", "T", "The CVS", ""
    )
    labelled, drawn = chart_card(
        CHARTS, "http://127.0.0.1:8000", page_url="2026/03/x/", site_name="The CVS", label="L."
    )
    assert labelled.alt.startswith("L. T.") and drawn.label == "L."
    assert labelled.url != card.url  # another picture, another address


@pytest.mark.parametrize("charts", [(), None, CHARTS[:1]])
def test_no_drawn_chart_no_chart_card(charts):
    assert chart_card(charts, "https://www.example.org", page_url="a/", site_name="S") is None


def test_check_card_finds_missing_and_mis_sized_files(tmp_path):
    origin = "https://www.example.org"
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "ok.png").write_bytes(png(576, 326))
    good = Card(f"{origin}/charts/ok.png", 576, 326, "Alt", "chart")
    assert output_file(good, origin, tmp_path) == tmp_path / "charts" / "ok.png"
    assert check_card(good, origin, tmp_path) is None
    assert "was not written" in check_card(
        Card(f"{origin}/charts/no.png", 1, 1, "Alt", "chart"), origin, tmp_path
    )
    assert "is 576x326 pixels, but the page says 600x326" in check_card(
        Card(f"{origin}/charts/ok.png", 600, 326, "Alt", "chart"), origin, tmp_path
    )
    assert "not on this site" in check_card(
        Card("https://cdn.example.com/x.png", 1, 1, "A", "chart"), origin, tmp_path
    )
    assert "no alt text" in check_card(
        Card(f"{origin}/charts/ok.png", 576, 326, "", "chart"), origin, tmp_path
    )


def test_a_site_under_a_path_finds_its_files(tmp_path):
    (tmp_path / "a.png").write_bytes(png(2, 2))
    card = Card("https://example.org/site/a.png", 2, 2, "Alt", "default")
    assert check_card(card, "https://example.org/site", tmp_path) is None


def settings(**extra):
    return {
        "THEME": str(ROOT / "theme"),
        "THEME_STATIC_DIR": "theme",
        "SITEURL": "",
        "SITE_DEV_URL": "http://127.0.0.1:8000",
        **extra,
    }


def test_default_card_from_settings():
    card = default_from_settings(settings(SOCIAL_CARDS_DEFAULT_ALT="The CVS"))
    assert card == Card(
        "http://127.0.0.1:8000/theme/images/social-card.png", 1200, 630, "The CVS", "default"
    )
    production = default_from_settings(settings(SITEURL="https://www.thcvs.org.uk"))
    assert production.url == "https://www.thcvs.org.uk/theme/images/social-card.png"


@pytest.mark.parametrize(
    "key,value,message",
    [
        (
            "SOCIAL_CARDS_DEFAULT_IMAGE",
            "/images/social-card.png",
            "expected the path of a PNG inside the theme",
        ),
        ("SOCIAL_CARDS_DEFAULT_IMAGE", "../x.png", "expected the path of a PNG inside the theme"),
        (
            "SOCIAL_CARDS_DEFAULT_IMAGE",
            "images/favicon.svg",
            "expected the path of a PNG inside the theme",
        ),
        ("SOCIAL_CARDS_DEFAULT_IMAGE", "images/missing.png", "expected a file at"),
        ("SOCIAL_CARDS_DEFAULT_ALT", "", "expected a short text"),
        ("SOCIAL_CARDS_DEFAULT_ALT", None, "expected a short text"),
    ],
)
def test_bad_settings_stop_the_build(key, value, message):
    with pytest.raises(SettingsError, match=f"social_cards: setting {key} = .*{message}"):
        default_from_settings(settings(**{key: value}))


def test_the_committed_default_card_is_1200_by_630_and_small():
    data = DEFAULT_CARD.read_bytes()
    assert png_size(data) == (1200, 630)
    assert len(data) < 40_000


def test_the_default_card_script_draws_the_same_size(tmp_path):
    from social_cards.default_card import main

    assert main([str(tmp_path / "card.png")]) == 0
    assert png_size((tmp_path / "card.png").read_bytes()) == (1200, 630)


def test_the_build_stops_when_a_card_is_missing_or_mis_sized(tmp_path):
    from types import SimpleNamespace

    import social_cards

    origin = "http://127.0.0.1:8000"
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "a.png").write_bytes(png(576, 326))
    good = SimpleNamespace(
        source_path="good.md", social_card=Card(f"{origin}/charts/a.png", 576, 326, "A", "chart")
    )
    bad = SimpleNamespace(
        source_path="bad.md", social_card=Card(f"{origin}/charts/a.png", 288, 163, "A", "chart")
    )
    pelican = SimpleNamespace(
        settings={"SITEURL": "", "SITE_DEV_URL": origin}, output_path=str(tmp_path)
    )
    social_cards._STATE.clear()
    social_cards._STATE["articles"] = [good]
    social_cards.check_written(pelican)
    social_cards._STATE["pages"] = [bad]
    with pytest.raises(
        SocialCardsError, match=r"bad.md: og:image .* is 576x326 pixels, but the page says 288x163"
    ):
        social_cards.check_written(pelican)
    social_cards._STATE.clear()
