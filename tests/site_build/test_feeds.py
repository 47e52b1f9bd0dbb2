"""The feeds of real builds, read as feed readers and validators would."""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
import shutil
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from tests.conftest import ROOT, run_invoke

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = etree.RelaxNG(etree.parse(str(ROOT / "tests" / "fixtures" / "schemas" / "atom.rng")))
SEED_URL_PATH = "/2026/11/co-production-rhetoric-and-practice/"


def feed_files(site: Path):
    return sorted((site / "feeds").rglob("*.xml")) + sorted((site / "feeds").rglob("*.json"))


def test_the_expected_feeds_exist(dev_site):
    names = {p.relative_to(dev_site / "feeds").as_posix() for p in feed_files(dev_site)}
    assert {
        "all.atom.xml",
        "all.rss.xml",
        "all.json",
        "category/ceo-blog.atom.xml",
        "category/ceo-blog.rss.xml",
    } <= names


def test_pelican_feeds_are_off():
    from pelican.settings import read_settings

    for conf in ("pelicanconf.py", "publishconf.py"):
        settings = read_settings(str(ROOT / conf))
        for key in (
            "FEED_ALL_ATOM",
            "CATEGORY_FEED_ATOM",
            "TRANSLATION_FEED_ATOM",
            "AUTHOR_FEED_ATOM",
            "AUTHOR_FEED_RSS",
        ):
            assert settings[key] is None, (conf, key)


@pytest.mark.parametrize("site_fixture", ["dev_site", "prod_site"])
def test_xml_feeds_parse_cleanly(site_fixture, request):
    site = request.getfixturevalue(site_fixture)
    for path in feed_files(site):
        if path.suffix != ".xml":
            continue
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        etree.parse(str(path))  # well-formed for a strict XML parser too


@pytest.mark.parametrize("site_fixture", ["dev_site", "prod_site"])
def test_atom_feeds_match_rfc_4287(site_fixture, request):
    site = request.getfixturevalue(site_fixture)
    for path in (site / "feeds").rglob("*.atom.xml"):
        tree = etree.parse(str(path))
        assert SCHEMA.validate(tree), (path, SCHEMA.error_log)
        root = tree.getroot()
        assert root.find(f"{ATOM}link[@rel='self']") is not None
        assert root.find(f"{ATOM}link[@rel='alternate']") is not None
        for name in ("title", "subtitle", "icon", "id", "updated", "author"):
            assert root.find(f"{ATOM}{name}") is not None, (path, name)
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang").lower() == "en-gb"


def test_atom_entry_carries_full_content_summary_author_and_terms(dev_site):
    root = etree.parse(str(dev_site / "feeds" / "all.atom.xml")).getroot()
    (entry,) = [
        e
        for e in root.findall(f"{ATOM}entry")
        if e.find(f"{ATOM}link").get("href").endswith(SEED_URL_PATH)
    ]
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    html = content.text
    assert (
        "apple pie and motherhood" in html
        and "(and you could win a tablet for your organisation)" in html
    )
    assert "Damian Brady's latest Blog" in entry.find(f"{ATOM}summary").text
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Damian Brady (Interim CEO)"
    terms = [c.get("term") for c in entry.findall(f"{ATOM}category")]
    assert "CEO blog" in terms and "co-production" in terms
    assert entry.find(f"{ATOM}published").text.startswith("2026-11-24T09:00:00")
    assert entry.find(f"{ATOM}link").get("href") == "http://127.0.0.1:8000" + SEED_URL_PATH


def test_rss_has_required_elements_and_rfc_822_dates(prod_site):
    for path in (prod_site / "feeds").rglob("*.rss.xml"):
        channel = etree.parse(str(path)).getroot().find("channel")
        for name in ("title", "link", "description", "language", "lastBuildDate"):
            assert channel.findtext(name), (path, name)
        assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate"))
        assert channel.findtext(
            "link"
        ) == "https://www.thcvs.org.uk/" or "/category/" in channel.findtext("link")
        for item in channel.findall("item"):
            assert item.findtext("title") and item.findtext("link") and item.findtext("description")
            assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
            guid = item.find("guid")
            assert guid.get("isPermaLink") == ("true" if guid.text.startswith("http") else "false")
            assert item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
            assert item.findtext("{http://purl.org/dc/elements/1.1/}creator")
            if item.findtext("link").endswith(SEED_URL_PATH):
                assert (
                    item.findtext("{http://purl.org/dc/elements/1.1/}creator")
                    == "Damian Brady (Interim CEO)"
                )


def test_json_feed_has_the_required_fields(prod_site):
    feed = json.loads((prod_site / "feeds" / "all.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["home_page_url"] == "https://www.thcvs.org.uk/"
    assert feed["feed_url"] == "https://www.thcvs.org.uk/feeds/all.json"
    for item in feed["items"]:
        assert item["id"] and item["url"].startswith("https://www.thcvs.org.uk/")
        assert item["content_html"] and item["date_published"]


def _entry_htmls(site: Path):
    root = etree.parse(str(site / "feeds" / "all.atom.xml")).getroot()
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("content", "summary"):
            yield entry.findtext(f"{ATOM}{name}") or ""


def test_production_feeds_use_only_the_real_site_for_own_links(prod_site):
    for path in feed_files(prod_site):
        text = path.read_text(encoding="utf-8")
        assert "127.0.0.1" not in text and "localhost" not in text, path
    for html in _entry_htmls(prod_site):
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
        for url in tree.xpath("//@href | //@src"):
            assert re.match(r"^(https?:|mailto:)", url), url
        assert not tree.xpath("//svg | //script | //iframe | //details | //*[@style]")


def test_autodiscovery_links_on_every_page(dev_site):
    from .html import pages, soup

    for path in pages(dev_site):
        head = soup(path).head
        found = {
            (link.get("type"), link["href"]) for link in head.find_all("link", rel="alternate")
        }
        assert ("application/atom+xml", "http://127.0.0.1:8000/feeds/all.atom.xml") in found, path
        assert ("application/rss+xml", "http://127.0.0.1:8000/feeds/all.rss.xml") in found, path
        assert ("application/feed+json", "http://127.0.0.1:8000/feeds/all.json") in found, path
    category = soup(dev_site / "category" / "ceo-blog" / "index.html").head
    hrefs = [link["href"] for link in category.find_all("link", rel="alternate")]
    assert "http://127.0.0.1:8000/feeds/category/ceo-blog.atom.xml" in hrefs


def test_subscribe_page_lists_every_feed(dev_site):
    from .html import soup

    # Each address is in pieces (a line may break after a "/"), read as one.
    text = soup(dev_site / "subscribe" / "index.html").find("main").get_text("")
    for path in feed_files(dev_site):
        assert "/" + path.relative_to(dev_site).as_posix() in text, path
    assert "email" in text.lower()


POST = """\
Title: {title}
Date: 2026-10-01 10:00
Category: News
Tags: news
Author: A Writer
Summary: A summary.

Some text{extra}. [About]({{filename}}/pages/about.md) ![A photo](/theme/images/favicon.svg)
"""


def _ids(site: Path) -> dict[str, str]:
    root = etree.parse(str(site / "feeds" / "all.atom.xml")).getroot()
    return {
        e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")
    }


def test_ids_survive_an_edit_a_retitle_and_a_move(project):
    posts = project / "content" / "posts"
    (posts / "2026-10-01-news.md").write_text(POST.format(title="First title", extra=""))
    assert run_invoke(project, "build").returncode == 0
    before = _ids(project / "output")
    (posts / "2026-10-01-news.md").unlink()
    (posts / "archive").mkdir()
    (posts / "archive" / "2026-10-01-news.md").write_text(
        POST.format(title="A new title", extra=", edited")
    )
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    after = _ids(project / "output")
    assert after["A new title"] == before["First title"]
    assert (
        after["Co-production: closing the gap between rhetoric and practice"]
        == before["Co-production: closing the gap between rhetoric and practice"]
    )


def test_order_drafts_future_control_characters_and_cap(project):
    posts = project / "content" / "posts"
    for n in range(3):
        (posts / f"p{n}.md").write_text(
            POST.format(title=f"Post {n}", extra="").replace("2026-10-01", f"2026-10-0{n + 1}")
        )
    (posts / "draft.md").write_text(
        POST.format(title="A draft", extra="").replace("Summary:", "Status: draft\nSummary:")
    )
    (posts / "hidden.md").write_text(
        POST.format(title="Hidden one", extra="").replace("Summary:", "Status: hidden\nSummary:")
    )
    (posts / "future.md").write_text(
        POST.format(title="Future one", extra="").replace("2026-10-01", "2999-01-01")
    )
    (posts / "control.md").write_text(
        POST.format(title="Control\x0b characters", extra=" with \x01 a bell\x07").replace(
            "2026-10-01 10:00", "2026-10-02 12:00"
        )
    )
    result = run_invoke(project, "build", "--extra", "FEEDGEN_FEEDS_MAX_ITEMS=4")
    assert result.returncode == 0, result.stdout + result.stderr
    feed = project / "output" / "feeds" / "all.atom.xml"
    assert SCHEMA.validate(etree.parse(str(feed)))
    assert not feedparser.parse(feed.read_bytes()).bozo
    titles = list(_ids(project / "output"))
    assert titles == [
        "Co-production: closing the gap between rhetoric and practice",
        "Post 2",
        "Control characters",
        "Post 1",
    ]
    everything = "".join(p.read_text() for p in feed_files(project / "output"))
    for absent in ("A draft", "Hidden one", "Future one"):
        assert absent not in everything
    assert "Post 0" not in feed.read_text()  # the fifth newest: over the cap


def test_two_builds_give_identical_feeds(project):
    digests = []
    for _ in range(2):
        assert run_invoke(project, "build").returncode == 0
        digests.append(
            {
                p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in feed_files(project / "output")
            }
        )
    assert digests[0] == digests[1]


def test_charts_reach_feeds_as_png_images_with_alt_text_and_a_link(prod_site):
    root = etree.parse(str(prod_site / "feeds" / "all.atom.xml")).getroot()
    (entry,) = [
        e
        for e in root.findall(f"{ATOM}entry")
        if "/state-of-the-sector-2025" in e.find(f"{ATOM}link").get("href")
    ]
    page_url = entry.find(f"{ATOM}link").get("href")
    tree = lxml.html.fragment_fromstring(entry.findtext(f"{ATOM}content"), create_parent="div")
    images = tree.xpath("//img")
    assert len(images) >= 8
    for img in images:
        src = img.get("src")
        assert src.startswith("https://www.thcvs.org.uk/") and src.endswith(".png"), src
        assert (prod_site / src.removeprefix("https://www.thcvs.org.uk/")).is_file(), src
        assert len(img.get("alt", "")) > 20, src
        link = img.getparent().getnext().find("a")
        assert link.get("href").startswith(page_url + "#chart-"), link.get("href")
    assert not tree.xpath("//svg | //details | //script | //iframe")
    # The data tables stay, as tables, for readers who cannot see the images.
    assert len(tree.xpath("//table")) >= 8


# -- what publish's checks read in the feeds -------------------------------------------

PIXEL = '<img src="https://tracker.example.net/p.gif?u=1" alt="" width="1" height="1">'


def test_publish_checks_read_the_feeds_and_refuse_a_smuggled_pixel(prod_site, tmp_path, capfd):
    """The production build passes publish's feed check; the same build with a
    tracking pixel written into one feed entry by hand is refused."""
    from buildtools.publish import DEFAULT_CHECKS, run_checks

    assert "feeds" in DEFAULT_CHECKS.split(",")
    site = tmp_path / "site"
    shutil.copytree(prod_site, site)
    assert run_checks(site, ["feeds"], echo=lambda _: None)
    assert "check: passed" in capfd.readouterr().out

    atom = site / "feeds" / "all.atom.xml"
    tree = etree.parse(str(atom))
    content = tree.getroot().find(f"{ATOM}entry/{ATOM}content")
    content.text = content.text + PIXEL
    tree.write(str(atom), xml_declaration=True, encoding="utf-8")
    feed = json.loads((site / "feeds" / "all.json").read_text(encoding="utf-8"))
    feed["items"][0]["content_html"] += '<a href="javascript:alert(1)">x</a>'
    (site / "feeds" / "all.json").write_text(json.dumps(feed), encoding="utf-8")

    assert not run_checks(site, ["feeds"], echo=lambda _: None)
    out = capfd.readouterr().out
    assert "FAIL /feeds/all.atom.xml [feed-outside-picture]" in out
    assert "loads a picture from tracker.example.net" in out
    assert "FAIL /feeds/all.json [feed-code-address]" in out
    assert "check: FAILED: 2 faults (feeds 2)" in out


FINDINGS_URL_PATH = "/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/"
ILLUSTRATIVE = "Illustrative data: these are not real survey results."


def test_findings_summaries_start_with_the_illustrative_label(dev_site):
    """Every feed's summary of a post built from illustrative data starts with
    the label; JSON Feed's `summary` is plain text; other posts carry none."""
    json_feed = json.loads((dev_site / "feeds" / "all.json").read_text(encoding="utf-8"))
    by_url = {item["url"]: item for item in json_feed["items"]}
    findings = by_url["http://127.0.0.1:8000" + FINDINGS_URL_PATH]
    assert findings["summary"].startswith(ILLUSTRATIVE + " Four in ten organisations")
    assert "<" not in findings["summary"] and "&" not in findings["summary"]
    seed = by_url["http://127.0.0.1:8000" + SEED_URL_PATH]
    assert "Illustrative" not in seed["summary"]
    checked = 0
    for path in feed_files(dev_site):
        if path.suffix == ".json":
            continue
        for entry in feedparser.parse(path.read_bytes()).entries:
            summary = lxml.html.fromstring(entry.summary).text_content().strip()
            if entry.link.endswith(FINDINGS_URL_PATH):
                assert summary.startswith(ILLUSTRATIVE), (path, summary)
                checked += 1
            else:
                assert "Illustrative" not in summary, (path, entry.link)
    assert checked >= 4  # all and Sector findings, Atom and RSS
