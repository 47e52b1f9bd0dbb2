"""The survey call to action's pure parts: settings, state, wording, writers' marks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pluginkit import SettingsError
from survey_cta.config import build_time, load_survey
from survey_cta.content import MARKER_HTML, check_text, replace_marker, shows_after, switch
from survey_cta.view import deadline_text, make_view

LONDON = ZoneInfo("Europe/London")
FINDINGS = "findings/2026-03-10-state-of-the-sector-2025.md"


@pytest.fixture
def settings(tmp_path):
    (tmp_path / "findings").mkdir()
    (tmp_path / FINDINGS).write_text("Title: x\n\nx\n")
    return {
        "PATH": str(tmp_path),
        "ARTICLE_PATHS": ["posts", "findings"],
        "TIMEZONE": "Europe/London",
        "CONTENT_CHECKS_CATEGORIES": ["CEO blog", "Sector findings", "News"],
        "SURVEY_CTA_URL": "https://forms.example.org/sos-2026",
        "SURVEY_CTA_NAME": "State of the Sector 2026",
        "SURVEY_CTA_OPENS": "2026-11-02T09:00",
        "SURVEY_CTA_CLOSES": "2027-01-15T17:00",
        "SURVEY_CTA_MINUTES": 10,
        "SURVEY_CTA_PRIZE": "a tablet for your organisation",
        "SURVEY_CTA_PRIZE_DRAW_URL": "https://forms.example.org/sos-2026-draw",
        "SURVEY_CTA_CONTACT_EMAIL": "info@example.org",
        "SURVEY_CTA_PREVIOUS_FINDINGS": FINDINGS,
    }


def problems_with(settings, **changes) -> str:
    settings = {**settings, **changes}
    with pytest.raises(SettingsError) as caught:
        load_survey(settings)
    return str(caught.value)


# -- settings ---------------------------------------------------------------------


def test_good_settings_load_in_the_sites_time_zone(settings):
    survey = load_survey(settings)
    assert survey.closes == datetime(2027, 1, 15, 17, 0, tzinfo=LONDON)
    assert survey.opens.utcoffset() == timedelta(0)
    assert survey.categories == ("CEO blog",)
    assert survey.previous_findings == FINDINGS


def test_summer_dates_are_british_summer_time(settings):
    survey = load_survey(
        {
            **settings,
            "SURVEY_CTA_OPENS": "2026-06-01T09:00",
            "SURVEY_CTA_CLOSES": "2026-07-01T17:00",
        }
    )
    assert survey.closes.isoformat() == "2026-07-01T17:00:00+01:00"


@pytest.mark.parametrize(
    "changes, expected",
    [
        (
            {"SURVEY_CTA_CLOSES": "2026-11-01T09:00"},
            "setting SURVEY_CTA_CLOSES = '2026-11-01T09:00': expected a date and time after "
            "SURVEY_CTA_OPENS ('2026-11-02T09:00')",
        ),
        (
            {"SURVEY_CTA_CLOSES": "2026-11-02T09:00"},
            "expected a date and time after SURVEY_CTA_OPENS",
        ),
        (
            {"SURVEY_CTA_URL": "http://forms.example.org/s"},
            "setting SURVEY_CTA_URL = 'http://forms.example.org/s': expected an https:// web "
            "address",
        ),
        (
            {"SURVEY_CTA_URL": "forms.example.org/s"},
            "SURVEY_CTA_URL = 'forms.example.org/s': expected an https://",
        ),
        (
            {"SURVEY_CTA_URL": "https://forms.example.org/s?utm_source=site"},
            "without tracking parameters (remove 'utm_source')",
        ),
        ({"SURVEY_CTA_URL": 7}, "SURVEY_CTA_URL = 7: expected an https:// web address"),
        (
            {"SURVEY_CTA_OPENS": "2026-11-02"},
            "SURVEY_CTA_OPENS = '2026-11-02': expected an ISO date and time such as "
            "'2027-01-15T17:00'",
        ),
        (
            {"SURVEY_CTA_CLOSES": "15/01/2027 17:00"},
            "SURVEY_CTA_CLOSES = '15/01/2027 17:00': expected an ISO date and time",
        ),
        (
            {"SURVEY_CTA_CLOSES": ""},
            "SURVEY_CTA_CLOSES = '': expected an ISO date and time such as '2027-01-15T17:00' "
            "(needed while SURVEY_CTA_URL is set)",
        ),
        (
            {"SURVEY_CTA_MINUTES": "10"},
            "SURVEY_CTA_MINUTES = '10': expected a whole number of minutes from 1 to 120",
        ),
        ({"SURVEY_CTA_MINUTES": 0}, "SURVEY_CTA_MINUTES = 0: expected a whole number"),
        ({"SURVEY_CTA_NAME": "  "}, "SURVEY_CTA_NAME = '  ': expected the survey's name"),
        (
            {"SURVEY_CTA_CONTACT_EMAIL": "info"},
            "SURVEY_CTA_CONTACT_EMAIL = 'info': expected an email address",
        ),
        (
            {"SURVEY_CTA_CONTACT_EMAIL": ""},
            "SURVEY_CTA_CONTACT_EMAIL = '': expected an email address people can write to",
        ),
        (
            {"SURVEY_CTA_PRIZE_DRAW_URL": ""},
            "SURVEY_CTA_PRIZE_DRAW_URL = '': expected an https:// web address (the prize draw's "
            "own form",
        ),
        (
            {"SURVEY_CTA_PRIZE_DRAW_URL": "https://forms.example.org/sos-2026"},
            "a separate form from SURVEY_CTA_URL, so answers cannot be linked",
        ),
        (
            {"SURVEY_CTA_PREVIOUS_FINDINGS": "findings/nope.md"},
            "SURVEY_CTA_PREVIOUS_FINDINGS = 'findings/nope.md': expected the path of an existing "
            "findings article, but there is no file",
        ),
        (
            {"SURVEY_CTA_FINDINGS": "/findings/x.md"},
            "SURVEY_CTA_FINDINGS = '/findings/x.md': expected the findings article's path inside "
            "the content folder",
        ),
        (
            {"SURVEY_CTA_FINDINGS": "pages/about.md"},
            "(a Markdown file in one of ARTICLE_PATHS: posts, findings)",
        ),
        ({"SURVEY_CTA_FINDINGS": FINDINGS}, "not the same one as SURVEY_CTA_PREVIOUS_FINDINGS"),
        (
            {"SURVEY_CTA_CATEGORIES": "CEO blog"},
            "SURVEY_CTA_CATEGORIES = 'CEO blog': expected a list of category names",
        ),
        ({"SURVEY_CTA_CATEGORIES": ["CEO Blog"]}, "'CEO Blog' is not one"),
        (
            {"SURVEY_CTA_NOW": "tomorrow"},
            "SURVEY_CTA_NOW = 'tomorrow': expected an ISO date and time",
        ),
    ],
)
def test_each_bad_setting_is_named_with_its_value_and_what_was_expected(
    settings, changes, expected
):
    message = problems_with(settings, **changes)
    assert "survey_cta: setting " in message
    assert expected in message


TRACKING = "without tracking parameters (remove {!r})"
OWN_ADDRESS = "the survey's own address, not a link through another site"
PERSONAL = "without anyone's personal details in it, the same for everyone (remove {})"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://forms.example.org/s#utm_source=newsletter", TRACKING.format("utm_source")),
        ("https://forms.example.org/s#/start?utm_medium=email", TRACKING.format("utm_medium")),
        ("https://forms.example.org/s?_hsenc=p2ANqtz-8x", TRACKING.format("_hsenc")),
        ("https://forms.example.org/s?_hsmi=2&x=1", TRACKING.format("_hsmi")),
        ("https://forms.example.org/s?mkt_tok=eyJpIjo", TRACKING.format("mkt_tok")),
        ("https://forms.example.org/s?mc_cid=ab12&mc_eid=cd34", TRACKING.format("mc_cid")),
        ("https://forms.example.org/s?mc_eid=cd34", TRACKING.format("mc_eid")),
        ("https://forms.example.org/s?fbclid=IwAR0", TRACKING.format("fbclid")),
        ("https://forms.example.org/s?gclid=Cj0K", TRACKING.format("gclid")),
        ("https://forms.example.org/s?MSCLKID=1", TRACKING.format("MSCLKID")),
        ("https://forms.example.org/s?dclid=1", TRACKING.format("dclid")),
        ("https://forms.example.org/s?email=jo%40example.org", PERSONAL.format("'email'")),
        ("https://forms.example.org/s?e-mail=", PERSONAL.format("'e-mail'")),
        ("https://forms.example.org/s?first_name=Jo", PERSONAL.format("'first_name'")),
        ("https://forms.example.org/s?who=jo@example.org", PERSONAL.format("'who'")),
        ("https://forms.example.org/s/jo@example.org", PERSONAL.format("the email address")),
        (
            "https://jo:secret@forms.example.org/s",
            "a link without a user name or password in it (remove the part before '@')",
        ),
        ("https://jo@forms.example.org/s", "without a user name or password"),
        (
            "https://www.google.com/url?q=https://forms.example.org/s&sa=D",
            OWN_ADDRESS + " (its 'q' part sends people on to another address). Open the link, "
            "then paste the address your browser shows on the survey's own page",
        ),
        ("https://www.google.co.uk/url?q=forms.example.org%2Fs", "www.google.co.uk/url sends"),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fforms.example.org%2Fs", OWN_ADDRESS),
        ("https://t.co/AbC123", OWN_ADDRESS + " (t.co is a link shortener or redirector)"),
        ("https://lnkd.in/eXyZ", "lnkd.in is a link shortener"),
        ("https://bit.ly/sos-2026", "bit.ly is a link shortener"),
        ("https://tinyurl.com/sos26", "tinyurl.com is a link shortener"),
        ("https://BIT.LY./x", "bit.ly is a link shortener"),
        (
            "https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fforms.example.org",
            OWN_ADDRESS,
        ),
        ("https://forms.example.org/s?next=//evil.example/x", "its 'next' part sends people on"),
    ],
)
def test_the_survey_link_is_the_forms_own_address_for_everyone(settings, url, expected):
    for key in ("SURVEY_CTA_URL", "SURVEY_CTA_PRIZE_DRAW_URL"):
        message = problems_with(settings, **{key: url})
        assert f"setting {key} = {url!r}: expected " in message
        assert expected in message


@pytest.mark.parametrize(
    "url",
    [
        "https://forms.example.org/sos-2026",
        "https://forms.example.org/sos-2026?lang=cy&page=2",
        "https://forms.example.org/sos-2026#section-2",
        "https://forms.office.com/Pages/ResponsePage.aspx?id=AbC-123_x",
        "https://docs.google.com/forms/d/e/1FAIpQL/viewform?usp=sf_link",
        "https://www.surveymonkey.com/r/SOS2026",
        "https://forms.example.org/s?reference=2026",
    ],
)
def test_plain_form_addresses_are_accepted(settings, url):
    assert load_survey({**settings, "SURVEY_CTA_URL": url}).url == url


def test_every_problem_is_reported_at_once(settings):
    message = problems_with(
        settings,
        SURVEY_CTA_URL="http://x.org",
        SURVEY_CTA_MINUTES=-1,
        SURVEY_CTA_CONTACT_EMAIL="nope",
    )
    assert message.startswith("survey_cta: 3 problems in the settings:\n")
    assert (
        "SURVEY_CTA_URL" in message
        and "SURVEY_CTA_MINUTES" in message
        and "SURVEY_CTA_CONTACT_EMAIL" in message
    )


def test_the_old_names_are_refused_with_the_new_one(settings):
    message = problems_with(
        {k: v for k, v in settings.items() if k != "SURVEY_CTA_URL"},
        SURVEY_URL="https://forms.example.org/sos-2026",
        SURVEY_PRIZE="a tablet",
    )
    assert "setting SURVEY_URL is now called SURVEY_CTA_URL: rename it" in message
    assert "setting SURVEY_PRIZE is now called SURVEY_CTA_PRIZE: rename it" in message


def test_a_misspelt_name_is_refused_with_the_nearest(settings):
    message = problems_with(settings, SURVEY_CTA_CLOSSES="2027-01-15T17:00")
    assert "setting SURVEY_CTA_CLOSSES is not a setting of this plugin." in message
    assert "Did you mean SURVEY_CTA_CLOSES?" in message


def test_editions_are_the_ones_survey_data_loads(tmp_path):
    from survey_cta import survey_editions

    for name in ("sos-2025", "_drafts", ".hidden"):
        (tmp_path / "data" / name).mkdir(parents=True)
    (tmp_path / "data" / "notes.txt").write_text("x")
    assert survey_editions({"PATH": str(tmp_path)}) == ("sos-2025",)


def test_no_survey_url_needs_nothing_else(tmp_path):
    survey = load_survey({"PATH": str(tmp_path), "TIMEZONE": "Europe/London", "SURVEY_CTA_URL": ""})
    assert survey.state(datetime.now(UTC)) == "off"


def test_no_prize_needs_no_prize_draw_form(settings):
    survey = load_survey({**settings, "SURVEY_CTA_PRIZE": "", "SURVEY_CTA_PRIZE_DRAW_URL": ""})
    assert survey.prize == "" and survey.prize_draw_url == ""


def test_an_offset_in_a_date_is_kept(settings):
    survey = load_survey({**settings, "SURVEY_CTA_CLOSES": "2027-01-15T17:00:00+01:00"})
    assert survey.closes == datetime(2027, 1, 15, 16, 0, tzinfo=UTC)


# -- state ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "now, state",
    [
        ("2026-11-02T08:59", "upcoming"),
        ("2026-11-02T09:00", "open"),
        ("2027-01-15T16:59", "open"),
        ("2027-01-15T17:00", "closed"),
        ("2030-01-01T00:00", "closed"),
    ],
)
def test_state_follows_the_opening_and_closing_times(settings, now, state):
    survey = load_survey(settings)
    assert survey.state(datetime.fromisoformat(now).replace(tzinfo=LONDON)) == state


def test_build_time_is_the_real_time_unless_set(settings):
    assert abs(build_time(settings) - datetime.now(UTC)) < timedelta(seconds=5)
    assert build_time({**settings, "SURVEY_CTA_NOW": "2027-01-16T09:00"}) == datetime(
        2027, 1, 16, 9, tzinfo=LONDON
    )


# -- wording ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when, text",
    [
        ("2027-01-15T17:00", "5pm on Friday 15 January 2027"),
        ("2027-01-15T09:30", "9:30am on Friday 15 January 2027"),
        ("2027-01-15T12:00", "midday on Friday 15 January 2027"),
        ("2027-01-16T00:00", "midnight at the end of Friday 15 January 2027"),
        ("2027-01-15T00:30", "12:30am on Friday 15 January 2027"),
    ],
)
def test_deadlines_read_the_govuk_way(when, text):
    assert deadline_text(datetime.fromisoformat(when).replace(tzinfo=LONDON)) == text


def test_view_gives_templates_links_and_the_machine_readable_closing_time(settings):
    survey = load_survey(settings)
    view = make_view(
        survey,
        "open",
        siteurl="",
        origin="http://127.0.0.1:8000",
        static_dir="theme",
        page_path="survey/",
        previous_findings="2026/03/sos-2025/",
        privacy_path="privacy/",
    )
    assert view.closes_iso == "2027-01-15T17:00:00+00:00"
    assert view.closes_text == "5pm on Friday 15 January 2027"
    assert view.closed_on_text == "15 January 2027"
    assert view.terms_url == "/survey/#prize-draw-terms"
    assert view.page_absolute == "http://127.0.0.1:8000/survey/"
    assert view.previous_findings_url == "/2026/03/sos-2025/"
    assert view.findings_url == "" and view.findings_absolute == ""
    assert view.script_url == "/theme/js/survey-status.js"
    assert view.is_open and view.shown and not view.is_closed


def test_closing_at_midnight_closed_on_the_day_before(settings):
    survey = load_survey({**settings, "SURVEY_CTA_CLOSES": "2027-01-16T00:00"})
    view = make_view(
        survey,
        "closed",
        siteurl="https://www.example.org",
        origin="https://www.example.org",
        static_dir="theme",
        findings=("2027/03/sos-2026/", "Findings"),
    )
    assert view.closed_on_text == "15 January 2027"
    assert view.findings_url == "https://www.example.org/2027/03/sos-2026/"


# -- what writers write ------------------------------------------------------------------

POST = "Title: A post\nCategory: News\n{header}\n\n{body}\n"


def problems(header="Tags: a", body="Text.\n", editions=("state-of-the-sector-2025",)):
    return check_text(POST.format(header=header, body=body), editions)


@pytest.mark.parametrize(
    "value, result",
    [
        ("yes", True),
        ("Yes", True),
        ("no", False),
        (" NO ", False),
        (None, None),
        ("state-of-the-sector-2025", None),
    ],
)
def test_switch(value, result):
    assert switch(value) is result


@pytest.mark.parametrize(
    "value, category, shown",
    [
        (None, "CEO blog", True),
        ("no", "CEO blog", False),
        (None, "News", False),
        ("yes", "News", True),
        ("yes", None, True),
        (None, None, False),
        ("state-of-the-sector-2025", "CEO blog", True),
    ],
)
def test_which_posts_get_the_call_to_action_after_them(value, category, shown):
    assert shows_after(value, category, ("CEO blog",)) is shown


def test_yes_no_and_survey_editions_are_accepted():
    assert problems("Survey: no") == []
    assert problems("Survey: Yes") == []
    assert problems("Survey: state-of-the-sector-2025") == []


def test_any_other_survey_value_is_refused_with_its_line():
    [(line, message)] = problems("Survey: maybe")
    assert line == 3
    assert message.startswith(
        "'Survey: maybe' is not 'yes' or 'no', or (in a findings post) the survey "
        "edition its numbers come from: state-of-the-sector-2025."
    )


def test_a_marker_on_its_own_line_is_fine():
    assert problems(body="Before.\n\n{survey}\n\nAfter.\n") == []
    assert problems(body="{survey}\n") == []


def test_a_marker_inside_a_paragraph_is_refused():
    [(line, message)] = problems(body="Please take part: {survey} thank you.\n")
    assert line == 5 and "must be on a line of its own" in message


def test_a_marker_without_blank_lines_is_refused():
    [(line, message)] = problems(body="Before.\n{survey}\n\nAfter.\n")
    assert line == 6 and "needs a blank line before and after it" in message


def test_one_marker_per_post():
    [(line, message)] = problems(body="{survey}\n\nText.\n\n{survey}\n")
    assert line == 9 and "a second '{survey}' line (the first is on line 5)" in message


def test_survey_no_and_a_marker_contradict_each_other():
    [(line, message)] = problems("Survey: no", body="{survey}\n")
    assert line == 5 and "'Survey: no' but places the call to action" in message


def test_markers_in_code_are_left_alone():
    body = "```\n{survey}\nthe {survey} line\n```\n\nWrite `{survey}` on a line.\n\n    {survey}\n"
    assert problems(body=body) == []


def test_replace_marker_counts_and_replaces():
    html, count = replace_marker(f"<p>A</p>\n{MARKER_HTML}\n<p>B {{survey}}</p>", "<div>CTA</div>")
    assert count == 1
    assert html == "<p>A</p>\n<div>CTA</div>\n<p>B {survey}</p>"
    assert replace_marker("<p>A</p>", "x") == ("<p>A</p>", 0)
