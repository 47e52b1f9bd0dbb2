"""The fixture-site helper itself: a build that works, and one that fails."""

from tests.plugins.fixture_site import build_fixture_site

POST = "Title: Hello\nDate: 2026-01-02 10:00\nCategory: News\n\nSome text.\n"


def test_a_tiny_site_builds_with_no_plugins(tmp_path):
    result = build_fixture_site(tmp_path, [], {"posts/hello.md": POST})
    assert result.ok, result.log
    assert "Some text." in (result.output / "hello.html").read_text()


def test_a_missing_plugin_fails_the_build(tmp_path):
    result = build_fixture_site(tmp_path, ["no_such_plugin_here"], {"posts/hello.md": POST})
    assert not result.ok
