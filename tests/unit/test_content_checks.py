"""The writer-facing content rules, on files made in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_checks import rules_from_settings
from content_checks.metadata import parse
from content_checks.rules import Rules, check_file, check_tree
from pluginkit import SettingsError

RULES = Rules(
    categories=("CEO blog", "Sector findings", "News"),
    required=("title", "date", "category", "author", "summary"),
)

GOOD = """\
Title: A good post
Date: 2026-11-24 09:00
Category: News
Tags: one, two
Author: A Writer
Summary: What it is about.

Some text.
"""


def write(tmp_path: Path, text: str, name="posts/post.md") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path, text, kind="article"):
    path = write(tmp_path, text)
    return [
        str(p)
        for p in check_file(
            path, kind=kind, rules=RULES, content_root=tmp_path, shown="posts/post.md"
        )
    ]


def test_a_good_post_has_no_problems(tmp_path):
    assert problems(tmp_path, GOOD) == []


def test_metadata_keeps_line_numbers_and_continuations():
    doc = parse("Title: One\nSummary: first\n    second\nDate: 2026-01-01\n\nBody {filename}x.md\n")
    assert doc.get("summary").value == "first second"
    assert doc.get("date").line == 4
    assert doc.body_start == 6


def test_missing_title_names_file_line_and_fix(tmp_path):
    (message,) = problems(tmp_path, GOOD.replace("Title: A good post\n", ""))
    assert message.startswith("posts/post.md:1: has no title.")
    assert "Title: Your headline" in message


def test_empty_title_points_at_its_line(tmp_path):
    (message,) = problems(tmp_path, GOOD.replace("Title: A good post", "Title:"))
    assert message.startswith("posts/post.md:1: has no title")


@pytest.mark.parametrize(
    "date, example",
    [
        ("next tuesday", "like 'Date: 2026-11-24 09:00'"),
        # The writer's own date, read day first as written in the UK, said year first.
        ("24/11/2026", "'Date: 2026-11-24' (year-month-day)"),
        ("28/11/2026 10:15", "'Date: 2026-11-28 10:15' (year-month-day, then the time"),
        ("28 November 2026 3pm", "'Date: 2026-11-28 15:00'"),
    ],
)
def test_unparsable_or_ambiguous_date(tmp_path, date, example):
    (message,) = problems(tmp_path, GOOD.replace("2026-11-24 09:00", date))
    assert message.startswith(f"posts/post.md:2: 'Date: {date}' is not a date. Write it year first")
    assert example in message


@pytest.mark.parametrize(
    "date", ["2026-13-45", "2026-02-30 10:00", "2025-02-29", "2026-11-24 24:30", "9999-12-32"]
)
def test_a_year_first_date_that_is_no_real_day_says_so(tmp_path, date):
    (message,) = problems(tmp_path, GOOD.replace("2026-11-24 09:00", date))
    assert message.startswith(
        f"posts/post.md:2: 'Date: {date}' is written the right way but is not a real day and "
        "time. Check the month (01 to 12), the day (February has 28 days"
    )


def test_unknown_status_lists_the_allowed_ones(tmp_path):
    (message,) = problems(tmp_path, GOOD.replace("Summary:", "Status: publised\nSummary:"))
    assert message.startswith("posts/post.md:6: 'Status: publised' is not a status.")
    assert "published, draft, hidden" in message and "Did you mean 'published'?" in message


def test_category_outside_the_list(tmp_path):
    (message,) = problems(tmp_path, GOOD.replace("Category: News", "Category: ceo blog"))
    assert message.startswith(
        "posts/post.md:3: 'Category: ceo blog' is not one of this site's categories"
    )
    assert "Did you mean 'CEO blog'?" in message


def test_a_summary_longer_than_the_limit_names_its_length_and_the_limit(tmp_path):
    limited = Rules(categories=RULES.categories, required=RULES.required, summary_max=40)
    path = write(tmp_path, GOOD.replace("What it is about.", "x" * 41))
    (message,) = [
        str(p)
        for p in check_file(
            path, kind="article", rules=limited, content_root=tmp_path, shown="posts/post.md"
        )
    ]
    assert message.startswith(
        "posts/post.md:6: the Summary is 41 characters long; it may be at most 40"
    )
    path.write_text(GOOD.replace("What it is about.", "x" * 40), encoding="utf-8")
    assert not check_file(
        path, kind="article", rules=limited, content_root=tmp_path, shown="posts/post.md"
    )


def test_pages_need_only_a_title_and_any_category(tmp_path):
    assert problems(tmp_path, "Title: About\n\nText.\n", kind="page") == []


def test_broken_filename_link_gives_the_body_line(tmp_path):
    text = GOOD + "\nSee [the other post]({filename}missing.md#part).\n"
    (message,) = problems(tmp_path, text)
    assert message.startswith("posts/post.md:10: links to '{filename}missing.md#part'")
    assert "posts/missing.md" in message


def test_working_links_relative_and_from_the_content_root(tmp_path):
    write(tmp_path, "x", "pages/about.md")
    write(tmp_path, "x", "posts/other.md")
    text = (
        GOOD
        + "\n[a]({filename}other.md) [b]({filename}/pages/about.md)"
        + " [c]({filename}../pages/about.md)\n"
    )
    assert problems(tmp_path, text) == []


def test_unknown_field_suggests_the_right_one(tmp_path):
    found = problems(tmp_path, GOOD.replace("Summary:", "Summery:"))
    assert found[0].startswith("posts/post.md:6: 'Summery:' is not a metadata field")
    assert "Did you mean 'summary'" in found[0]
    assert found[1].startswith("posts/post.md:1: has no summary.")


def test_field_given_twice(tmp_path):
    (message,) = problems(tmp_path, GOOD.replace("Summary:", "Title: Again\nSummary:"))
    assert message.startswith("posts/post.md:6: 'Title:' is given twice.")


def test_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "posts" / "post.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(GOOD.encode() + b"\nCaf\xe9 culture\n")
    (problem,) = check_file(
        path, kind="article", rules=RULES, content_root=tmp_path, shown="posts/post.md"
    )
    assert (
        problem.line == 10 and "not valid UTF-8" in problem.message and "save it" in problem.message
    )


def test_a_file_that_cannot_be_opened(tmp_path):
    # A dangling symlink stands in for an unreadable file: root reads anything.
    path = tmp_path / "posts" / "post.md"
    path.parent.mkdir(parents=True)
    path.symlink_to(tmp_path / "nowhere.md")
    (problem,) = check_file(
        path, kind="article", rules=RULES, content_root=tmp_path, shown="posts/post.md"
    )
    assert str(problem).startswith("posts/post.md: cannot be read (No such file or directory)")


def test_check_tree_finds_problems_in_every_folder(tmp_path):
    write(tmp_path, GOOD.replace("Title: A good post\n", ""), "posts/a.md")
    write(tmp_path, "No metadata at all\n", "pages/b.md")
    found = check_tree(
        tmp_path,
        article_paths=["posts"],
        page_paths=["pages"],
        rules=RULES,
        shown_relative_to=tmp_path,
    )
    assert [p.path for p in found] == ["posts/a.md", "pages/b.md"]


def test_settings_errors_name_the_setting_and_value():
    with pytest.raises(
        SettingsError,
        match=r"content_checks: setting CONTENT_CHECKS_CATEGORIES = 'News': expected a list",
    ):
        rules_from_settings({"CONTENT_CHECKS_CATEGORIES": "News"})
    with pytest.raises(
        SettingsError, match=r"CONTENT_CHECKS_REQUIRED .*'colour' is not a metadata field"
    ):
        rules_from_settings({"CONTENT_CHECKS_REQUIRED": ["title", "colour"]})


# -- the silent mistakes (issue 15) ------------------------------------------------


def test_a_field_below_an_empty_line_is_named_with_the_fix(tmp_path):
    text = GOOD.replace("\nSome text.", "\nStatus: draft\n\nSome text.")
    (message,) = problems(tmp_path, text)
    assert message.startswith(
        "posts/post.md:8: 'Status: draft' is below an empty line (line 7), so it is not read "
        "as a field: it would be shown as the first line of the text, and the post would be "
        "published. Delete the empty line"
    )


def test_ordinary_text_at_the_top_is_not_a_field(tmp_path):
    assert problems(tmp_path, GOOD.replace("Some text.", "Note: this is text.")) == []


def test_new_post_placeholders_are_refused_once_published(tmp_path):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from buildtools.new_post import new_post

    created = new_post(
        "Winter fair",
        tmp_path / "posts",
        category="News",
        categories=RULES.categories,
        author="A Writer",
        now=datetime(2026, 11, 28, 10, 15, tzinfo=ZoneInfo("Europe/London")),
    )
    draft = created.read_text(encoding="utf-8")
    assert problems(tmp_path, draft) == []  # a draft may keep them
    found = problems(tmp_path, draft.replace("Status: draft", "Status: published", 1))
    assert any("'Summary: A new post: Winter fair.' is the placeholder" in m for m in found)
    assert sum("is the placeholder text new-post wrote" in m for m in found) == 2


def test_a_second_main_heading(tmp_path):
    found = problems(tmp_path, GOOD + "\n# Our plans\n\nBig\n===\n\n## Fine\n")
    assert found[0].startswith("posts/post.md:10: '# Our plans' is a main heading")
    assert "write '## Our plans'" in found[0]
    assert found[1].startswith("posts/post.md:13: the line of '=' under 'Big'")


def test_a_tab_indented_list_would_be_code(tmp_path):
    text = GOOD + "\nWe need:\n\n\t- stalls\n\t- teas\n\n- fine\n    - nested is fine\n"
    (message,) = problems(tmp_path, text)
    assert message.startswith("posts/post.md:12: this list starts with a tab")


def test_a_picture_with_no_description(tmp_path):
    write(tmp_path, "x", "images/fair.jpg")
    (message,) = problems(tmp_path, GOOD + "\n![]({static}/images/fair.jpg)\n")
    assert message.startswith(
        "posts/post.md:10: the picture '{static}/images/fair.jpg' has no description."
    )
    assert "![Volunteers at the winter fair]({static}/images/fair.jpg)" in message
    assert "only decoration, leave it out" in message


def test_relative_pictures_and_links_say_what_to_write(tmp_path):
    write(tmp_path, "x", "images/fair.jpg")
    write(tmp_path, "Title: About\n\nx", "pages/about.md")
    text = GOOD + (
        "\n![Our stall](images/fair.jpg)\n![Our stall](images/gone.jpg)\n"
        "[about us](about-us/)\n[about](../pages/about.md)\n[web](https://example.org/x)\n"
    )
    found = problems(tmp_path, text)
    assert found[0].startswith("posts/post.md:10: the picture 'images/fair.jpg' is written")
    assert found[0].endswith("Write ![Our stall]({static}/images/fair.jpg).")
    assert found[1].startswith("posts/post.md:11: shows the picture 'images/gone.jpg', but")
    assert "[about us]({filename}/pages/about.md)" in found[2]
    assert "[about]({filename}/pages/about.md)" in found[3]
    assert len(found) == 4


def test_links_inside_code_and_chart_blocks_are_left_alone(tmp_path):
    text = GOOD + "\n```\n# not a heading\n![](x.png)\n```\n"
    assert problems(tmp_path, text) == []


@pytest.mark.parametrize("status", ["\u201cdraft\u201d", '"draft"', "\u2018draft\u2019"])
def test_quotation_marks_around_a_value(tmp_path, status):
    (message,) = problems(tmp_path, GOOD.replace("Summary:", f"Status: {status}\nSummary:"))
    assert message == (
        f"posts/post.md:6: 'Status: {status}' has quotation marks around the value (a word "
        "processor may have added them). Write it without them: 'Status: draft'."
    )


def test_quotation_marks_in_a_title_are_the_writers_own(tmp_path):
    assert problems(tmp_path, GOOD.replace("A good post", "\u201cWe are stretched\u201d")) == []


def test_a_quoted_draft_is_still_a_draft(tmp_path):
    from content_checks.rules import report_file

    path = write(tmp_path, GOOD.replace("Summary:", "Status: \u201cdraft\u201d\nSummary:"))
    report = report_file(path, kind="article", rules=RULES, content_root=tmp_path)
    assert report.draft and len(report.problems) == 1


def test_links_by_address_are_checked_against_the_sites_addresses():
    from content_checks.addresses import SiteAddresses, address_problems

    site = SiteAddresses()
    site.add("about/", "about/index.html", source="pages/about.md")
    site.add("images/fair.jpg")
    doc = parse(
        GOOD + "\n[us](/about/) [us](/about-us/) ![A stall](/images/gone.jpg)\n"
        "![A stall](/images/fair.jpg) [feed](/feeds/all.atom.xml) [x](/about/index.html#top)\n"
    )
    found = list(address_problems(doc, site))
    assert [line for line, _ in found] == [10, 10]
    assert found[0][1] == (
        "links to '/about-us/', but this site has no page at that address. To link to a post "
        "or page, use its file name, so the link keeps working if its address changes: "
        "[us]({filename}/pages/about.md)."
    )
    assert found[1][1].endswith("write ![A stall]({static}/images/gone.jpg).")


def test_lists_need_no_empty_line_above_them():
    import markdown

    html = markdown.markdown(
        "We need help with:\n- setting up stalls\n- serving teas\n\n```\nWe:\n- stay\n```\n",
        extensions=["content_checks.markdown_lists", "fenced_code"],
    )
    assert "<p>We need help with:</p>\n<ul>\n<li>setting up stalls</li>" in html
    assert "<pre><code>We:\n- stay\n</code></pre>" in html


# -- Slug and Lang (issue 18): values that reach addresses and attributes -----------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(max_size=60))
def test_a_refused_slug_suggests_one_that_is_accepted_and_safe(tmp_path_factory, value):
    """Whatever a writer puts after 'Slug:', it is either accepted (and then
    holds nothing that could end an attribute or a path segment) or refused
    with a suggestion that is itself accepted."""
    value = value.replace("\n", " ").replace("\r", " ").strip()
    tmp_path = tmp_path_factory.mktemp("slug")
    said = problems(tmp_path, GOOD.replace("Summary:", f"Slug: {value}\nSummary:"))
    found = [message for message in said if "can only have" in message]
    if not value:
        return
    if not [message for message in said if message.startswith("posts/post.md:6:")]:
        assert all(c.isascii() and (c.isalnum() or c == "-") for c in value), value
        assert value == value.lower() and not value.startswith("-")
        return
    if not found:
        return  # refused for another reason (quotation marks around it)
    (message,) = found
    suggested = message.rsplit("Write 'Slug: ", 1)[1].rstrip("'.")
    again = problems(tmp_path, GOOD.replace("Summary:", f"Slug: {suggested}\nSummary:"))
    assert not [m for m in again if "'Slug:" in m], (value, suggested, again)


@pytest.mark.parametrize("lang", ["en", "en-GB", "cy", "bn-BD", "zh-Hant-TW", "so"])
def test_language_tags_are_accepted(tmp_path, lang):
    assert problems(tmp_path, GOOD.replace("Summary:", f"Lang: {lang}\nSummary:")) == []


@pytest.mark.parametrize("lang", ['en"><x', "en gb", "english", "e", "en_GB", "-en"])
def test_anything_else_in_lang_is_refused(tmp_path, lang):
    (message,) = problems(tmp_path, GOOD.replace("Summary:", f"Lang: {lang}\nSummary:"))
    assert f"'Lang: {lang}' is not a language code." in message


def test_a_table_cell_is_not_taken_for_an_old_style_link(tmp_path):
    table = "\n| kind |static|dynamic|\n| --- | --- | --- |\n| a | b | c |\n"
    assert problems(tmp_path, GOOD + table) == []
    (message,) = problems(tmp_path, GOOD + "\n[x](|static|/../secret.txt)\n")
    assert "links to '|static|/../secret.txt', but that file is outside the content" in message
