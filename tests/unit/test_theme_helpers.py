import pytest
from pluginkit import SettingsError
from theme_helpers import SETTINGS
from theme_helpers.reading import reading_minutes, word_count


def test_word_count_ignores_markup_and_charts():
    html = "<p>One <b>two</b> three</p><svg><text>not counted</text></svg><script>x y z</script>"
    assert word_count(html) == 3


@pytest.mark.parametrize("words,minutes", [(0, 1), (1, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_minutes_round_up_and_never_zero(words, minutes):
    assert reading_minutes("<p>" + "word " * words + "</p>") == minutes


def test_words_per_minute_setting_is_checked():
    assert SETTINGS.read({})["THEME_HELPERS_WORDS_PER_MINUTE"] == 200
    with pytest.raises(
        SettingsError,
        match="theme_helpers: setting THEME_HELPERS_WORDS_PER_MINUTE = 'fast': expected a whole",
    ):
        SETTINGS.read({"THEME_HELPERS_WORDS_PER_MINUTE": "fast"})


def test_scheduled_means_dated_after_the_build_in_a_build_that_shows_such_posts():
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from theme_helpers.scheduled import is_scheduled

    now = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    later = SimpleNamespace(date=datetime(2026, 12, 6, 12, 1, tzinfo=UTC))
    earlier = SimpleNamespace(date=datetime(2026, 12, 6, 11, 59, tzinfo=UTC))
    assert is_scheduled(later, now=now, with_future_dates=True)
    assert not is_scheduled(earlier, now=now, with_future_dates=True)
    # Production holds future posts back: nothing it shows is scheduled.
    assert not is_scheduled(later, now=now, with_future_dates=False)
    # Pages without a date, and no item at all (a list page), are not.
    assert not is_scheduled(SimpleNamespace(), now=now, with_future_dates=True)
    assert not is_scheduled(None, now=now, with_future_dates=True)


@pytest.mark.parametrize(
    "path, siteurl, expected",
    [
        ("charts/a/x.png", "", "/charts/a/x.png"),
        ("charts/a/x.png", "https://www.thcvs.org.uk", "/charts/a/x.png"),
        ("/charts/x.png", "https://www.thcvs.org.uk/", "/charts/x.png"),
        ("charts/x.png", "https://example.org/cvs/", "/cvs/charts/x.png"),
        ("charts/x.png", "http://127.0.0.1:8000", "/charts/x.png"),
    ],
)
def test_site_path_is_root_relative_whatever_the_siteurl(path, siteurl, expected):
    from theme_helpers.paths import site_path

    assert site_path(path, siteurl) == expected
