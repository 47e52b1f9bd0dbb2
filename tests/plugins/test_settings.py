"""Settings in a real Pelican build: a misspelt or renamed key stops it at start-up."""

from tests.plugins.fixture_site import build_fixture_site

POST = "Title: Hello\nDate: 2026-01-02 10:00\nCategory: News\n\nSome text.\n"


def test_a_misspelt_key_stops_the_build_naming_the_nearest(tmp_path):
    result = build_fixture_site(
        tmp_path,
        ["survey_data", "survey_charts"],
        {"posts/hello.md": POST},
        settings={"SURVEY_CHARTS_WIDHT": 300},
    )
    assert not result.ok
    assert (
        "survey_charts: setting SURVEY_CHARTS_WIDHT is not a setting of this plugin. "
        "Did you mean SURVEY_CHARTS_WIDTH?"
    ) in result.log
    assert not (result.output / "hello.html").exists()


def test_the_same_build_with_the_right_key_works(tmp_path):
    result = build_fixture_site(
        tmp_path,
        ["survey_data", "survey_charts"],
        {"posts/hello.md": POST},
        settings={"SURVEY_CHARTS_WIDTH": 300},
    )
    assert result.ok, result.log
    assert (result.output / "hello.html").exists()


def test_an_old_survey_setting_name_is_refused_with_the_new_one(tmp_path):
    result = build_fixture_site(
        tmp_path,
        ["survey_cta"],
        {"posts/hello.md": POST},
        settings={"SURVEY_URL": ""},
    )
    assert not result.ok
    assert (
        "survey_cta: setting SURVEY_URL is now called SURVEY_CTA_URL: "
        "rename it in the settings file."
    ) in result.log
