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
        ("2026-13-45", "like 'Date: 2026-11-24 09:00'"),
        ("2026-02-30 10:00", "like 'Date: 2026-11-24 09:00'"),
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
