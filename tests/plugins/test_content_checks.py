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


# -- a broken file never blocks the others (issue 15) ------------------------------

DRAFT = GOOD.replace("Title: Fine", "Title: Draft").replace("Summary:", "Status: draft\nSummary:")


def test_a_broken_draft_is_left_out_and_reported_and_the_rest_builds(tmp_path):
    broken = DRAFT.replace("Category: News", "Category: Nwes")
    result = build_fixture_site(
        tmp_path,
        ["content_checks"],
        {"posts/fine.md": GOOD, "posts/draft.md": broken},
        settings={**SETTINGS, "CONTENT_CHECKS_REPORT": str(tmp_path / "problems.json")},
    )
    assert result.ok, result.log
    assert (result.output / "fine.html").is_file()
    assert not (result.output / "drafts").exists()
    said = " ".join(result.log.split())
    assert "1 problem in content/posts/draft.md, left out of this build (drafts are never" in said
    import json

    (record,) = json.loads((tmp_path / "problems.json").read_text())
    assert record["file"].endswith("posts/draft.md") and record["line"] == 3
    assert record["draft"] and record["outcome"] == "left out of this build"
    assert record["message"].startswith("'Category: Nwes' is not one of this site's categories")


def test_a_draft_with_curly_quotes_around_its_status_is_left_out_not_published(tmp_path):
    quoted = DRAFT.replace("Status: draft", "Status: \u201cdraft\u201d")
    result = build_fixture_site(
        tmp_path,
        ["content_checks"],
        {"posts/fine.md": GOOD, "posts/draft.md": quoted},
        settings=SETTINGS,
    )
    assert result.ok, result.log
    assert not (result.output / "draft.html").exists()
    assert "Write it without them: 'Status: draft'." in " ".join(result.log.split())


def test_skip_leaves_out_a_broken_post_and_builds_the_rest(tmp_path):
    broken = GOOD.replace("Title: Fine", "Title: Broken").replace("Category: News", "Category: X")
    result = build_fixture_site(
        tmp_path,
        ["content_checks"],
        {"posts/fine.md": GOOD, "posts/broken.md": broken},
        settings={**SETTINGS, "CONTENT_CHECKS_BROKEN_FILES": "skip"},
    )
    assert result.ok, result.log
    assert (result.output / "fine.html").is_file()
    assert not (result.output / "broken.html").exists()
    assert "fix them to see them in the preview" in " ".join(result.log.split())


def test_stop_refuses_a_broken_post_that_would_be_published(tmp_path):
    broken = GOOD.replace("Title: Fine", "Title: Broken").replace("\nText.", "\n# Big\n")
    result = build_fixture_site(
        tmp_path,
        ["content_checks"],
        {"posts/fine.md": GOOD, "posts/broken.md": broken},
        settings=SETTINGS,
    )
    assert not result.ok
    assert "posts/broken.md:7: '# Big' is a main heading" in result.log
    assert not (result.output / "broken.html").exists()


def test_a_link_to_an_address_the_site_does_not_have(tmp_path):
    about = "Title: About us\nSlug: about\n\nWho we are.\n"
    linking = GOOD.replace("Title: Fine", "Title: Linking").replace(
        "\nText.", "\nSee [who we are](/about-us/) and [us](/pages/about.html).\n"
    )
    files = {"posts/fine.md": GOOD, "posts/linking.md": linking, "pages/about.md": about}
    settings = {**SETTINGS, "ARTICLE_PATHS": ["posts"]}
    stopped = build_fixture_site(tmp_path / "a", ["content_checks"], files, settings=settings)
    assert not stopped.ok
    said = " ".join(stopped.log.split())
    assert "posts/linking.md:7: links to '/about-us/', but this site has no page" in said
    assert "[who we are]({filename}/pages/about.md)" in said
    assert "/pages/about.html'" not in said  # the page's real address is fine

    # In a draft it is reported, and the draft (and everything else) is built.
    draft = linking.replace("Summary:", "Status: draft\nSummary:")
    files = {**files, "posts/linking.md": draft}
    built = build_fixture_site(tmp_path / "b", ["content_checks"], files, settings=settings)
    assert built.ok, built.log
    assert "links to '/about-us/'" in " ".join(built.log.split())
    assert (built.output / "drafts" / "linking.html").is_file()


def test_a_list_under_a_line_of_text_is_a_list(tmp_path):
    text = GOOD.replace("\nText.", "\nWe need help with:\n- setting up stalls\n- serving teas\n")
    result = build_fixture_site(
        tmp_path,
        ["content_checks"],
        {"posts/fine.md": text},
        settings={
            **SETTINGS,
            "MARKDOWN": {
                "extension_configs": {"content_checks.markdown_lists": {}},
                "output_format": "html5",
            },
        },
    )
    assert result.ok, result.log
    html = (result.output / "fine.html").read_text()
    assert "<ul>\n<li>setting up stalls</li>\n<li>serving teas</li>\n</ul>" in html


# -- the content boundary's last check (issue 18) ----------------------------------


def test_every_file_pelican_would_copy_is_checked_however_it_was_linked(tmp_path):
    """A post Pelican reads but the checks before it do not (here an .html
    post, which only html_policy refuses) still cannot publish the survey
    data: static_generator_finalized refuses it, naming the post."""
    html_post = (
        '<html><head><title>Raw</title><meta name="date" content="2026-01-02 10:00">'
        '<meta name="category" content="News"></head>\n<body>\n'
        '<a href="{static}/data/raw.csv">the raw answers</a>\n</body></html>\n'
    )
    result = build_fixture_site(
        tmp_path,
        ["content_checks"],
        {"posts/raw.html": html_post, "data/raw.csv": "question,answer,count\n"},
        settings={**SETTINGS, "IGNORE_FILES": [".*", "data"]},
    )
    assert not result.ok
    assert (
        "posts/raw.html:3: links to 'data/raw.csv', but that file is in the survey data folder "
        "(content/data/), which is never published" in result.log
    ), result.log
    assert not list(result.output.rglob("raw.csv"))
