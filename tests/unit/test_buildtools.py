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
        "RuntimeError: Warning or error encountered\n"
        "Traceback (most recent call last):\n"
        '  File "/venv/pelican/__init__.py", line 679, in main\n'
        "    pelican.run()\n"
        f'  File "{ROOT}/theme/templates/page.html", line 18, in template\n'
        "RuntimeError: Warning or error encountered\n"
    )
    shown = readable(log, keep_tracebacks=False)
    assert "Traceback" not in shown and "pelican.run()" not in shown and str(ROOT) not in shown
    assert 'File "theme/templates/page.html", line 18' in shown
    assert shown.count("Pelican stopped at the warning above") == 1
    assert "Traceback" in readable(log, keep_tracebacks=True)


def test_a_checks_problems_are_shown_once_without_the_error_class():
    """Pelican runs the content checks itself: their list, raised at start-up,
    is logged and then repeated at the end of the traceback."""
    from buildtools.build import readable

    problems = (
        "1 problem in the content; the site was not built:\n"
        "  content/posts/a.md:3: 'Category: Events' is not one of this site's categories."
    )
    log = (
        f"ContentError: {problems}\n"
        "Traceback (most recent call last):\n"
        '  File "/venv/pelican/__init__.py", line 66, in __init__\n'
        "    signals.initialized.send(self)\n"
        f"content_checks.ContentError: {problems}\n"
    )
    shown = readable(log, keep_tracebacks=False)
    assert shown.startswith(problems + "\n")
    assert shown.count("content/posts/a.md:3:") == 1 and "ContentError" not in shown


def test_extra_settings_are_read_as_json_or_else_as_text():
    """One reading of `--extra NAME=VALUE` for build and publish."""
    from buildtools.build import parse_extra

    assert parse_extra(["A=1", "B=2027-01-15T17:00", 'C=""', "D=[1, 2]", "E=x=y"]) == {
        "A": 1,
        "B": "2027-01-15T17:00",
        "C": "",
        "D": [1, 2],
        "E": "x=y",
    }


# -- fast previews: the writer that renders only the build scope's pages --------------


class Template:
    def __init__(self):
        self.rendered = 0

    def render(self, context):
        self.rendered += 1
        return "<p>page</p>"


def test_the_preview_writer_renders_only_the_pages_in_scope(tmp_path):
    from types import SimpleNamespace

    from build_scope import BuildScope, set_scope

    from buildtools.preview import ScopedWriter

    chosen, other = tmp_path / "chosen.md", tmp_path / "other.md"
    settings = {
        "OUTPUT_PATH": str(tmp_path / "out"),
        "RELATIVE_URLS": False,
        "SITEURL": "",
        "OUTPUT_SOURCES": False,
    }
    set_scope(settings, BuildScope.only([chosen]))
    writer = ScopedWriter(str(tmp_path / "out"), settings=settings)
    template = Template()
    context = {"localsiteurl": ""}
    writer.write_file(
        "other/index.html", template, context, article=SimpleNamespace(source_path=str(other))
    )
    writer.write_file("tag/x/index.html", template, context, articles=[])
    assert template.rendered == 0
    writer.write_file(
        "chosen/index.html", template, context, page=SimpleNamespace(source_path=str(chosen))
    )
    assert template.rendered == 1
    assert sorted(
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.html")
    ) == ["chosen/index.html"]


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_again(tmp_path):
    import jinja2

    from buildtools.preview import TemplatesOnce

    (tmp_path / "t.html").write_text("one {{ x }}", encoding="utf-8")
    cache = TemplatesOnce()

    def render():
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache)
        return env.get_template("t.html").render(x=1)

    assert render() == "one 1" and len(cache.compiled) == 1
    assert render() == "one 1"
    (tmp_path / "t.html").write_text("two {{ x }}", encoding="utf-8")
    assert render() == "two 1"


# -- invoke serve: the small server and its reload ---------------------------------------


def test_the_server_finds_pages_and_never_leaves_the_folder(tmp_path):
    from buildtools.serve import page_file

    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text("about", encoding="utf-8")
    (tmp_path / "feed.xml").write_text("<feed/>", encoding="utf-8")
    assert page_file(tmp_path, "/about/") == (tmp_path / "about" / "index.html").resolve()
    assert page_file(tmp_path, "/about") == "/about/"  # a redirect, as web servers do
    assert page_file(tmp_path, "/feed.xml") == (tmp_path / "feed.xml").resolve()
    assert page_file(tmp_path, "/missing/") is None
    assert page_file(tmp_path / "about", "/../feed.xml") is None


def test_pages_are_sent_with_the_reload_script_and_files_are_left_alone():
    from buildtools.serve import script_tag, with_reload_script

    tag = script_tag("7.2")
    assert tag == b'<script src="/.serve/reload.js?build=7.2"></script>'
    page = with_reload_script(b"<p>x</p></body></html>", "7.2")
    assert page == b"<p>x</p>" + tag + b"</body></html>"
    assert with_reload_script(b"<p>x</p>", "7.2") == b"<p>x</p>" + tag


def test_problems_go_first_in_the_page_and_are_escaped():
    from buildtools.build import BuildProblem as Problem
    from buildtools.serve import problems_html, with_reload_script

    shown = problems_html([Problem("content/posts/a.md", 3, "Use <b>published</b>.")])
    page = with_reload_script(b'<html><body class="k"><p>x</p></body></html>', "1.0", shown)
    assert page.startswith(b'<html><body class="k">\n<link rel="stylesheet"')
    assert page.index(b"content/posts/a.md</code>, line 3") < page.index(b"<p>x</p>")
    assert b"Use &lt;b&gt;published&lt;/b&gt;." in page
    assert b"<script" not in shown  # the problems need no script


def _serving(tmp_path, scenario):
    """Run `scenario(base_url, status)` against make_app(tmp_path) over HTTP,
    in a thread of its own: a browser test in the same process may have left
    an event loop running in this one."""
    import asyncio
    import socket
    import threading

    from buildtools.serve import BuildStatus, make_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def run_scenario():
        status = BuildStatus()
        server = make_app(tmp_path, status).listen(port, address="127.0.0.1")
        try:
            await scenario(f"http://127.0.0.1:{port}", status)
        finally:
            server.stop()

    failed = []

    def run():
        try:
            asyncio.run(run_scenario())
        except BaseException as error:
            failed.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert not thread.is_alive()
    if failed:
        raise failed[0]


def test_new_post_refuses_a_title_that_looks_like_an_option(tmp_path):
    for title in ("--findings", "-x"):
        with pytest.raises(NewPostError, match="looks like an option, not a title") as error:
            new_post(title, tmp_path, category="News", categories=CATEGORIES, author="A")
        assert f'"{title}"' in str(error.value)
        assert "python3 dev.py new-post --help" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_a_findings_post_names_its_survey_and_the_guide(tmp_path):
    now = datetime(2027, 3, 9, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    path = new_post(
        "State of the Sector 2026: what you told us",
        tmp_path,
        category="Sector findings",
        categories=CATEGORIES,
        author="Tower Hamlets CVS",
        survey="state-of-the-sector-2026",
        now=now,
    )
    header, body = path.read_text().split("\n\n", 1)
    assert "Category: Sector findings" in header.splitlines()
    assert "Survey: state-of-the-sector-2026" in header.splitlines()
    assert header.splitlines()[-1] == "Status: draft"
    assert "content/data/state-of-the-sector-2026/: docs/writing-charts.md" in body


def test_an_ordinary_post_starts_with_the_same_text_as_before(tmp_path):
    """Checks for unreplaced template text read PLACEHOLDER_LINES: an ordinary
    post's body is its first and last line, as it always was."""
    from buildtools.new_post import PLACEHOLDER_LINES

    path = new_post("Hello", tmp_path, category="News", categories=CATEGORIES, author="A")
    body = path.read_text().split("\n\n", 1)[1]
    assert body == f"{PLACEHOLDER_LINES[0]}\n\n{PLACEHOLDER_LINES[2]}\n"
    assert "Survey:" not in path.read_text()


def test_open_pages_reload_after_each_rebuild_and_show_a_failed_ones_problems(tmp_path):
    """The server over HTTP: a page carries the script, the script loads, the
    events stream says "reload" when a rebuild finishes; after a failed one
    every page carries its problems, after the next good one none does."""
    import asyncio

    import tornado.httpclient

    from buildtools.build import BuildProblem as Problem
    from buildtools.build import BuildResult
    from buildtools.serve import EVENTS, SCRIPT, STYLE, script_tag

    (tmp_path / "index.html").write_text("<body><p>Home</p></body>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<body><p>Not here</p></body>", encoding="utf-8")

    async def scenario(base, status):
        client = tornado.httpclient.AsyncHTTPClient()

        async def reload_after(result):
            received = []
            since = status.build_id
            events = asyncio.ensure_future(
                client.fetch(
                    f"{base}{EVENTS}?build={since}",
                    streaming_callback=received.append,
                    request_timeout=60,
                )
            )
            while not received and not events.done():  # the stream is open
                await asyncio.sleep(0.01)
            status.finished(result)
            await events
            assert b"data: reload" in b"".join(received)

        home = await client.fetch(base + "/")
        assert script_tag(status.build_id) in home.body and b"Home" in home.body
        assert b"serve-problems" not in home.body
        assert b"EventSource" in (await client.fetch(base + SCRIPT)).body
        missing = await client.fetch(base + "/nothing/", raise_error=False)
        assert missing.code == 404 and b"Not here" in missing.body

        problem = Problem("content/posts/a.md", 3, "'Status: drafty' is not a status.")
        await reload_after(BuildResult(False, tmp_path, "log", [problem]))
        for path in ("/", "/nothing/"):
            page = (await client.fetch(base + path, raise_error=False)).body.decode()
            assert "The site could not be rebuilt" in page
            assert "<code>content/posts/a.md</code>, line 3" in page
            assert "&#39;Status: drafty&#39; is not a status." in page
        assert b"serve-problems" in (await client.fetch(base + STYLE)).body

        # A good build that left a broken file out (content_checks in a preview).
        left_out = Problem("content/posts/b.md", 4, "has no date.", "left out of this build")
        await reload_after(BuildResult(True, tmp_path, "log", [left_out]))
        page = (await client.fetch(base + "/")).body.decode()
        assert "Some of your changes are not in this preview" in page
        assert "<code>content/posts/b.md</code>, line 4 (left out of this build)" in page
        assert "could not be rebuilt" not in page

        await reload_after(BuildResult(True, tmp_path, "log"))
        assert b"serve-problems" not in (await client.fetch(base + "/")).body

        # A page from an earlier build reloads as soon as it listens.
        stale = await client.fetch(f"{base}{EVENTS}?build=old", request_timeout=10)
        assert b"data: reload" in stale.body

    _serving(tmp_path, scenario)


def test_with_no_site_yet_every_page_is_the_list_of_problems(tmp_path):
    import tornado.httpclient

    from buildtools.build import BuildProblem as Problem
    from buildtools.build import BuildResult

    site = tmp_path / "output"  # never built

    async def scenario(base, status):
        status.finished(
            BuildResult(False, site, "log", [Problem("content/posts/a.md", 2, "has no date.")])
        )
        client = tornado.httpclient.AsyncHTTPClient()
        page = await client.fetch(base + "/2026/11/a/", raise_error=False)
        assert page.code == 503
        text = page.body.decode()
        assert text.startswith("<!DOCTYPE html>") and "<title>The site could not be built" in text
        assert text.count("<dialog") == 1 and "line 2" in text and "has no date." in text
        assert "/.serve/reload.js" in text

    _serving(site, scenario)


def test_a_failed_builds_output_is_read_into_problems():
    """What `invoke serve` shows in the browser when the Pelican process fails."""
    from buildtools.build import BuildProblem as Problem
    from buildtools.problems import problems_in

    log = (
        "2 problems in the content; the site was not built:\n"
        "  content/posts/a.md:3: 'Category: Events' is not one of this site's categories.\n"
        "  content/pages/b.md:12: links to '{filename}x.md', but there is no file.\n"
        "Empty alt attribute for image x.svg in content/posts/c.md\n"
        "Pelican stopped at the warning above: this site treats every warning as an error.\n"
        "(Developers: set BUILD_TRACEBACKS=1 to see where in the code this happened.)\n"
    )
    assert problems_in(log) == [
        Problem(
            "content/posts/a.md", 3, "'Category: Events' is not one of this site's categories."
        ),
        Problem("content/pages/b.md", 12, "links to '{filename}x.md', but there is no file."),
        Problem(
            "content/posts/c.md", None, "Empty alt attribute for image x.svg in content/posts/c.md"
        ),
    ]


def test_a_port_in_use_or_a_bad_host_is_said_plainly():
    import errno
    import socket

    from buildtools.serve import cannot_listen, public_address

    in_use = cannot_listen("127.0.0.1", 8000, OSError(errno.EADDRINUSE, "Address already in use"))
    assert "Port 8000 is already in use" in in_use
    assert "python3 dev.py serve --port 8001" in in_use and "Errno" not in in_use
    bad_host = cannot_listen("10.9.9.9", 8000, OSError(errno.EADDRNOTAVAIL, "Cannot assign"))
    assert "'--host 10.9.9.9' is not an address of this computer" in bad_host
    unknown = cannot_listen("nowhere.invalid", 8000, socket.gaierror(-2, "Name not known"))
    assert "is not an address of this computer" in unknown
    assert public_address("127.0.0.1") == "127.0.0.1"
    assert public_address("0.0.0.0") != "0.0.0.0"
