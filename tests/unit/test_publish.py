"""buildtools.publish: the swap, the lock, the gates and the order of steps.

The build is replaced by a fake that writes a small site, so every branch of
publish() runs in milliseconds; tests/site_build/test_publish.py runs the real one.
"""

from __future__ import annotations

import ctypes
import hashlib
from pathlib import Path

import pytest

from buildtools import publish as pub
from buildtools.build import BuildResult


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_site(folder: Path, marker: str) -> None:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(f"<p>{marker}</p>")
    (folder / "404.html").write_text("<p>Not found</p>")
    (folder / "feeds").mkdir()
    (folder / "feeds" / "all.atom.xml").write_text("<feed/>")


class FakeBuild:
    """Stands in for buildtools.build.build: writes a site saying `marker`."""

    def __init__(self, marker="one", ok=True):
        self.marker, self.ok, self.calls = marker, ok, 0

    def __call__(self, settings_file, output, extra=(), echo=print, time_limit=None):
        self.calls += 1
        self.time_limit = time_limit
        if self.ok:
            write_site(Path(output), self.marker)
        return BuildResult(self.ok, Path(output), "")


@pytest.fixture
def fake(monkeypatch, tmp_path):
    build = FakeBuild()
    monkeypatch.setattr(pub, "build", build)
    monkeypatch.setattr(
        pub,
        "_settings",
        lambda settings_file, extra: {
            "SITEURL": "https://www.thcvs.org.uk",
            "SITE_DEV_URL": "http://127.0.0.1:8000",
        },
    )
    return build


def run(tmp_path, **kwargs):
    messages = []
    kwargs.setdefault("check", lambda folder: True)
    result = pub.publish(tmp_path / "public", echo=messages.append, **kwargs)
    return result, "\n".join(messages)


def test_first_publish_then_previous_then_rollback_and_back(fake, tmp_path):
    live, previous = tmp_path / "public", tmp_path / "public.previous"
    result, log = run(tmp_path)
    assert result.ok and "first publish" in log
    assert "one" in (live / "index.html").read_text() and not previous.exists()
    assert oct(live.stat().st_mode & 0o777) != oct(0o700)  # a web server can read it
    assert (live / "_headers").read_text().count("Content-Type: application/atom+xml") == 1

    fake.marker = "two"
    result, log = run(tmp_path)
    assert result.ok and "public.previous" in log
    assert "two" in (live / "index.html").read_text()
    assert "one" in (previous / "index.html").read_text()

    result = pub.rollback(live, echo=lambda m: None, check_links=lambda folder: True)
    assert result.ok
    assert "one" in (live / "index.html").read_text()
    assert "two" in (previous / "index.html").read_text()
    assert pub.rollback(live, echo=lambda m: None, check_links=lambda f: True).ok  # undoes it
    assert "two" in (live / "index.html").read_text()
    # Nothing left behind but the two folders and the lock.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".public.lock",
        "public",
        "public.previous",
    ]


@pytest.mark.parametrize("failure", ["build", "check", "production", "deploy"])
def test_any_failure_leaves_live_and_previous_byte_identical(fake, tmp_path, monkeypatch, failure):
    run(tmp_path)
    fake.marker = "two"
    run(tmp_path)
    before = (snapshot(tmp_path / "public"), snapshot(tmp_path / "public.previous"))
    fake.marker = "three"
    kwargs = {}
    if failure == "build":
        fake.ok = False
    elif failure == "check":
        kwargs["check"] = lambda folder: False
    elif failure == "production":
        fake.marker = "http://127.0.0.1:8000/oops"
    else:

        def broken_deploy(*args, **kw):
            raise pub.PublishError("rsync to host:/x failed (exit 12)")

        monkeypatch.setattr(pub, "deploy", broken_deploy)
    result, log = run(tmp_path, **kwargs)
    assert not result.ok
    assert "Publish stopped" in log and "Nothing was changed" in log
    assert (snapshot(tmp_path / "public"), snapshot(tmp_path / "public.previous")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".public.lock",
        "public",
        "public.previous",
    ]


def test_an_identical_build_changes_nothing_and_skips_the_checks(fake, tmp_path):
    run(tmp_path)
    fake.marker = "two"
    run(tmp_path)
    before = snapshot(tmp_path / "public.previous")
    checked = []
    result, log = run(tmp_path, check=lambda folder: checked.append(folder) or True)
    assert result.ok and "Nothing to publish" in log and not checked
    assert snapshot(tmp_path / "public.previous") == before


def test_the_check_sees_the_new_build_before_it_goes_live(fake, tmp_path):
    seen = []

    def check(folder):
        seen.append(((folder / "index.html").read_text(), (tmp_path / "public").exists()))
        return True

    run(tmp_path, check=check)
    assert seen == [("<p>one</p>", False)]


def test_a_second_publish_is_refused_while_one_runs(fake, tmp_path):
    places = pub.places_for(tmp_path / "public")
    with pub.locked(places):
        result, log = run(tmp_path)
    assert not result.ok and "another publish or rollback is running" in log
    assert not (tmp_path / "public").exists()


def test_stale_staging_folders_are_cleared(fake, tmp_path):
    (tmp_path / ".public.new-abc" / "site").mkdir(parents=True)
    run(tmp_path)
    assert not (tmp_path / ".public.new-abc").exists()


def test_the_build_gets_the_time_limit_in_seconds(fake, tmp_path):
    run(tmp_path, time_limit=2.5)
    assert fake.time_limit == 150
    result, log = run(tmp_path, time_limit=0)
    assert not result.ok and "--time-limit takes a number of minutes above 0" in log


def test_rollback_refuses_a_previous_site_that_is_not_complete(fake, tmp_path):
    live, previous = tmp_path / "public", tmp_path / "public.previous"
    run(tmp_path)
    fake.marker = "two"
    run(tmp_path)
    before = snapshot(live), snapshot(previous)
    messages = []
    result = pub.rollback(live, echo=messages.append, check_links=lambda folder: False)
    assert not result.ok and "some of its internal links lead nowhere" in messages[-1]
    (previous / "404.html").unlink()
    checked = []
    result = pub.rollback(live, echo=messages.append, check_links=checked.append)
    assert not result.ok and "it has no 404.html" in messages[-1] and not checked
    assert snapshot(live) == before[0]


def test_a_publish_killed_between_its_swaps_is_finished_by_the_next_run(fake, tmp_path):
    live, previous = tmp_path / "public", tmp_path / "public.previous"
    run(tmp_path)
    fake.marker = "two"
    run(tmp_path)
    # As publish leaves it killed just after exchange(site, public):
    staging = tmp_path / ".public.new-killed"
    write_site(staging / "site", "three")
    ids = {"published": pub.folder_identity(staging / "site"), "replaced": None}
    pub.exchange(staging / "site", live)
    ids["replaced"] = pub.folder_identity(staging / "site")
    (staging / "swap.json").write_text(pub.json.dumps(ids))
    messages = []
    assert pub.rollback(live, echo=messages.append, check_links=lambda f: True).ok
    assert "stopped just after its swap" in messages[0]
    assert "two" in (live / "index.html").read_text()
    assert "three" in (previous / "index.html").read_text()
    assert not staging.exists()


def test_rollback_needs_a_previous_site(fake, tmp_path):
    messages = []
    assert not pub.rollback(tmp_path / "public", echo=messages.append).ok
    run(tmp_path)
    assert not pub.rollback(tmp_path / "public", echo=messages.append).ok
    assert "no public.previous/" in messages[-1] or "public.previous/ to roll back" in messages[-1]


def test_bad_options_are_refused_before_anything_runs(fake, tmp_path):
    for kwargs, words in [
        ({"target": "ftp"}, "expected one of local, rsync, gh-pages"),
        ({"target": "rsync"}, "--target rsync needs --dest"),
        ({"checks": "links,spelling"}, "expected a comma-separated list"),
    ]:
        result, log = run(tmp_path, **kwargs)
        assert not result.ok and words in log
    assert fake.calls == 0
    with pytest.raises(pub.PublishError, match="project's own output/"):
        pub.places_for("output")


# -- pieces --------------------------------------------------------------------


def test_exchange_swaps_two_folders(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    (a / "x").write_text("a")
    b.mkdir()
    (b / "x").write_text("b")
    pub.exchange(a, b)
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"


def test_exchange_falls_back_to_renames_without_renameat2(tmp_path, monkeypatch):
    def no_libc(*args, **kwargs):
        raise OSError("no libc here")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    (a / "x").write_text("a")
    b.mkdir()
    (b / "x").write_text("b")
    pub.exchange(a, b)
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_tree_digest_sees_names_and_bytes(tmp_path):
    write_site(tmp_path / "a", "one")
    write_site(tmp_path / "b", "one")
    assert pub.tree_digest(tmp_path / "a") == pub.tree_digest(tmp_path / "b")
    (tmp_path / "b" / "feeds" / "all.atom.xml").rename(tmp_path / "b" / "feeds" / "x.atom.xml")
    assert pub.tree_digest(tmp_path / "a") != pub.tree_digest(tmp_path / "b")


def test_headers_file_adds_a_type_for_each_feed(tmp_path):
    site = tmp_path / "site"
    write_site(site, "x")
    (site / "feeds" / "category").mkdir()
    (site / "feeds" / "category" / "news.rss.xml").write_text("<rss/>")
    (site / "feeds" / "all.json").write_text("{}")
    (site / "charts").mkdir()
    (site / "charts" / "spec.json").write_text("{}")
    text = pub.headers_file("/*\n  X-Content-Type-Options: nosniff\n", site)
    assert text.startswith("/*\n  X-Content-Type-Options: nosniff\n")
    assert "/feeds/all.atom.xml\n  Content-Type: application/atom+xml; charset=utf-8\n" in text
    assert (
        "/feeds/category/news.rss.xml\n  Content-Type: application/rss+xml; charset=utf-8\n" in text
    )
    assert "/feeds/all.json\n  Content-Type: application/feed+json; charset=utf-8\n" in text
    assert "spec.json" not in text


def test_production_problems(tmp_path):
    site = tmp_path / "site"
    write_site(site, "fine")
    assert pub.production_problems(site, "https://www.thcvs.org.uk", "http://127.0.0.1:8000") == []
    (site / "drafts").mkdir()
    (site / "404.html").unlink()
    (site / "about.html").write_text('<a href="http://127.0.0.1:8000/x/">x</a>')
    problems = pub.production_problems(site, "", "http://127.0.0.1:8000")
    assert any("drafts/" in p for p in problems)
    assert any("no 404.html" in p for p in problems)
    assert any("SITEURL is ''" in p for p in problems)
    assert any("about.html links to the development address" in p for p in problems)


def test_rsync_command_sends_contents_readably_and_swaps_late(tmp_path):
    command = pub.rsync_command(tmp_path / "site", "deploy@host:/srv/www/thcvs/public")
    assert command[0] == "rsync"
    assert command[-2:] == [f"{tmp_path / 'site'}/", "deploy@host:/srv/www/thcvs/public/"]
    assert "--delay-updates" in command and "--delete-after" in command
    assert "--chmod=Du=rwx,Dgo=rx,Fu=rw,Fgo=r" in command


def test_cname_only_for_a_custom_domain():
    assert pub.cname_for("https://www.thcvs.org.uk") == "www.thcvs.org.uk"
    assert pub.cname_for("https://thcvs.github.io/site") is None


# -- the scheduled rebuild examples ---------------------------------------------


def test_cron_example_publishes_hourly():
    from tests.conftest import ROOT

    lines = [
        line
        for line in (ROOT / "deploy" / "cron.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) == 1
    minute, hour, dom, month, dow, command = lines[0].split(None, 5)
    assert minute.isdigit() and (hour, dom, month, dow) == ("*", "*", "*", "*")
    assert "dev.py publish --live " in command and "flock -n" in command


def test_ci_schedule_example_publishes_hourly_to_gh_pages():
    import yaml

    from tests.conftest import ROOT

    workflow = yaml.safe_load((ROOT / "deploy" / "publish-schedule.github-actions.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
    assert triggers["schedule"][0]["cron"].split()[1:] == ["*", "*", "*", "*"]
    steps = workflow["jobs"]["publish"]["steps"]
    assert any("dev.py publish --target gh-pages" in step.get("run", "") for step in steps)


def test_ctrl_c_between_the_swaps_still_keeps_the_replaced_site(fake, tmp_path, monkeypatch):
    live, previous = tmp_path / "public", tmp_path / "public.previous"
    run(tmp_path)
    fake.marker = "two"
    run(tmp_path)
    fake.marker = "three"
    keep = pub._keep_as_previous
    calls = []

    def interrupted_once(replaced, places):
        calls.append(replaced)
        if len(calls) == 1:
            raise KeyboardInterrupt
        keep(replaced, places)

    monkeypatch.setattr(pub, "_keep_as_previous", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path)
    assert "three" in (live / "index.html").read_text()
    assert "two" in (previous / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".public.lock",
        "public",
        "public.previous",
    ]
