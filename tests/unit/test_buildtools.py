from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from buildtools.build import swap_into_place
from buildtools.new_post import NewPostError, new_post

CATEGORIES = ["CEO blog", "Sector findings", "News"]


def test_swap_replaces_the_live_folder_and_leaves_nothing_behind(tmp_path):
    live, new = tmp_path / "output", tmp_path / "staging"
    live.mkdir()
    (live / "old.html").write_text("old")
    new.mkdir()
    (new / "new.html").write_text("new")
    swap_into_place(new, live)
    assert [p.name for p in live.iterdir()] == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_swap_into_a_first_build(tmp_path):
    new = tmp_path / "staging"
    new.mkdir()
    swap_into_place(new, tmp_path / "output")
    assert (tmp_path / "output").is_dir()


def test_new_post_is_dated_and_a_draft(tmp_path):
    now = datetime(2026, 11, 28, 10, 5, tzinfo=ZoneInfo("Europe/London"))
    path = new_post(
        "Volunteers’ Week: what’s on",
        tmp_path,
        category="News",
        categories=CATEGORIES,
        author="A Writer",
        now=now,
    )
    assert path.name == "2026-11-28-volunteers-week-whats-on.md"
    text = path.read_text()
    for line in (
        "Title: Volunteers’ Week: what’s on",
        "Date: 2026-11-28 10:05",
        "Category: News",
        "Author: A Writer",
        "Slug: volunteers-week-whats-on",
        "Status: draft",
        "Summary: ",
        "Tags: ",
        "Modified: ",
    ):
        assert line in text


def test_new_post_refuses_bad_input(tmp_path):
    with pytest.raises(NewPostError, match="not one of this site's categories"):
        new_post("Hello", tmp_path, category="Blog", categories=CATEGORIES, author="A")
    with pytest.raises(NewPostError, match="Give the post a title"):
        new_post("   ", tmp_path, category="News", categories=CATEGORIES, author="A")
    new_post("Hello", tmp_path, category="News", categories=CATEGORIES, author="A")
    with pytest.raises(NewPostError, match="already exists"):
        new_post("Hello", tmp_path, category="News", categories=CATEGORIES, author="A")


def test_every_extra_setting_reaches_pelican_as_json(tmp_path):
    import argparse

    from pelican import ParseOverrides

    from buildtools.build import pelican_command

    command = pelican_command(
        tmp_path / "s.py", tmp_path / "out", ["A=1", 'B="2027-01-15T17:00"', 'C=""']
    )
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "-e", "--extra-settings", dest="overrides", nargs="*", action=ParseOverrides, default={}
    )
    parsed, _ = parser.parse_known_args(command[command.index("--extra-settings") :])
    assert parsed.overrides == {"A": 1, "B": "2027-01-15T17:00", "C": ""}


def test_pelican_failures_are_shown_without_python_tracebacks():
    from buildtools.build import ROOT, readable

    log = (
        f'There are 2 items with slug "x":\n{ROOT}/content/posts/a.md\n{ROOT}/content/posts/b.md\n'
        "RuntimeError: Warning or error encountered\n"
        "Traceback (most recent call last):\n"
        '  File "/venv/pelican/__init__.py", line 679, in main\n'
        "    pelican.run()\n"
        f'  File "{ROOT}/theme/templates/page.html", line 18, in template\n'
        "RuntimeError: Warning or error encountered\n"
    )
    shown = readable(log, keep_tracebacks=False)
    assert "content/posts/a.md\ncontent/posts/b.md" in shown
    assert "Traceback" not in shown and "pelican.run()" not in shown and str(ROOT) not in shown
    assert 'File "theme/templates/page.html", line 18' in shown
    assert shown.count("Pelican stopped at the warning above") == 1
    assert "Traceback" in readable(log, keep_tracebacks=True)
