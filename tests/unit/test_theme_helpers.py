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
