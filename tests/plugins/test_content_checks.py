"""content_checks in a real Pelican: a post a writer got wrong stops the
build, and the log says the file, the line and what to do."""

from __future__ import annotations

from tests.plugins.fixture_site import build_fixture_site

GOOD = (
    "Title: Fine\nDate: 2026-01-02 10:00\nCategory: News\nAuthor: A Writer\n"
    "Summary: All there.\n\nText.\n"
)
SETTINGS = {"CONTENT_CHECKS_CATEGORIES": ["News", "CEO blog"]}


def test_a_good_post_builds(tmp_path):
    result = build_fixture_site(
        tmp_path, ["content_checks"], {"posts/fine.md": GOOD}, settings=SETTINGS
    )
    assert result.ok, result.log
    assert (result.output / "fine.html").is_file()


def test_a_wrong_post_stops_the_build_with_file_line_and_fix(tmp_path):
    bad = GOOD.replace("Category: News", "Category: Nwes").replace(
        "Date: 2026-01-02 10:00", "Date: 02/01/2026"
    )
    result = build_fixture_site(
        tmp_path,
        ["content_checks"],
        {"posts/fine.md": GOOD, "posts/bad.md": bad},
        settings=SETTINGS,
    )
    assert not result.ok
    assert "2 problems in the content" in result.log
    assert "posts/bad.md:2: 'Date: 02/01/2026' is not a date." in result.log
    assert "posts/bad.md:3: 'Category: Nwes' is not one of this site's categories" in result.log
    assert "Did you mean 'News'?" in result.log
