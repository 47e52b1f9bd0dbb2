"""The real content, built into a temporary folder and read with an HTML parser."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

from .html import internal_target, page_at, pages, soup, url_of

SEED_POST_URL = "/2026/11/co-production-rhetoric-and-practice/"
SEED_AUTHOR = "Damian Brady (Interim CEO)"


def seed_paragraphs() -> list[str]:
    shared = ROOT.parent / "shared" / "seed" / "ceo-blog-co-production.txt"
    source = shared if shared.exists() else ROOT / "tests" / "fixtures" / "seed" / shared.name
    return [
        " ".join(line.split())
        for line in source.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_the_committed_seed_copy_matches_the_shared_one():
    shared = ROOT.parent / "shared" / "seed" / "ceo-blog-co-production.txt"
    copy = ROOT / "tests" / "fixtures" / "seed" / "ceo-blog-co-production.txt"
    if shared.exists():
        assert copy.read_bytes() == shared.read_bytes()


def test_seed_post_is_complete_word_for_word(dev_site):
    page = soup(page_at(dev_site, SEED_POST_URL))
    article = page.find("main")
    body = text_of(article)
    paragraphs = seed_paragraphs()
    standfirst, *rest = paragraphs
    for paragraph in paragraphs:
        assert paragraph in body, paragraph[:60]
    # Each paragraph of the seed is one <p> of the post, in order.
    rendered = [text_of(p) for p in article.find_all("p")]
    positions = [rendered.index(p) for p in rest]
    assert positions == sorted(positions)
    assert standfirst in text_of(page.select_one(".standfirst"))


def test_seed_post_page_has_its_metadata(dev_site):
    page = soup(page_at(dev_site, SEED_POST_URL))
    assert (
        text_of(page.find("h1")) == "Co-production: closing the gap between rhetoric and practice"
    )
    time = page.find("main").find("time")
    assert time["datetime"].startswith("2026-11-24T09:00:00")
    main_text = text_of(page.find("main"))
    assert SEED_AUTHOR in main_text
    assert re.search(r"\b\d+ min read\b", main_text)
    links = {a["href"] for a in page.find("main").find_all("a", href=True)}
    assert "/category/ceo-blog/" in links
    assert "/tag/co-production/" in links
    assert "/author/damian-brady-interim-ceo/" in links


@pytest.mark.parametrize(
    "listing",
    [
        "/",
        "/category/ceo-blog/",
        "/tag/co-production/",
        "/author/damian-brady-interim-ceo/",
        "/archives/",
    ],
)
def test_seed_post_is_listed(dev_site, listing):
    page = soup(page_at(dev_site, listing))
    assert page.find("main").find("a", href=SEED_POST_URL) is not None


def test_home_shows_the_summary(dev_site):
    home = text_of(soup(page_at(dev_site, "/")).find("main"))
    assert seed_paragraphs()[0] in home


@pytest.mark.parametrize(
    "url",
    [
        "/about/",
        "/subscribe/",
        "/accessibility/",
        "/privacy/",
        "/categories/",
        "/tags/",
        "/authors/",
        "/404.html",
    ],
)
def test_pages_exist_with_one_heading(dev_site, url):
    page = soup(page_at(dev_site, url))
    assert len(page.find_all("h1")) == 1


@pytest.mark.parametrize("name", ["CEO blog", "Sector findings", "News"])
def test_categories_are_configured(name):
    from pelican.settings import read_settings

    assert name in read_settings(str(ROOT / "pelicanconf.py"))["CONTENT_CHECKS_CATEGORIES"]


def test_every_internal_link_and_fragment_resolves(dev_site):
    broken = []
    for path in pages(dev_site):
        page_url = url_of(dev_site, path)
        page = soup(path)
        for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for element in page.find_all(tag, **{attribute: True}):
                href = element[attribute]
                target = internal_target(href, page_url, "http://127.0.0.1:8000")
                if target is None:
                    continue
                file = page_at(dev_site, target)
                if not file.exists():
                    broken.append(f"{page_url}: {href}")
                    continue
                fragment = href.partition("#")[2]
                if fragment and file.suffix == ".html" and soup(file).find(id=fragment) is None:
                    broken.append(f"{page_url}: {href} (no id {fragment!r})")
    assert broken == []


def test_every_page_has_its_metadata_tags(dev_site):
    for path in pages(dev_site):
        page = soup(path)
        url = url_of(dev_site, path)
        head = page.head
        assert page.html.get("lang") == "en-GB", url
        assert head.find("meta", attrs={"name": "viewport"}), url
        assert head.find("meta", attrs={"name": "description"})["content"].strip(), url
        if url == "/404.html":  # an error page has no address of its own to share
            continue
        canonical = head.find("link", rel="canonical")["href"]
        assert canonical.startswith("http://127.0.0.1:8000/"), url
        for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert head.find("meta", property=prop)["content"].strip(), (url, prop)
        # X reads og:title, og:description and og:image: of its own tags
        # only the card type is needed, and nothing is said twice.
        twitter = [
            meta["name"] for meta in head.find_all("meta", attrs={"name": re.compile("^twitter:")})
        ]
        assert twitter == ["twitter:card"], url
        assert head.find("meta", property="article:tag") is None, url


SITE_FEEDS = {
    ("application/atom+xml", "http://127.0.0.1:8000/feeds/all.atom.xml"),
    ("application/rss+xml", "http://127.0.0.1:8000/feeds/all.rss.xml"),
    ("application/feed+json", "http://127.0.0.1:8000/feeds/all.json"),
}


def feed_links(page) -> list[tuple[str, str]]:
    return [
        (link.get("type"), link["href"]) for link in page.head.find_all("link", rel="alternate")
    ]


def test_head_offers_the_site_feeds_and_a_category_feed_only_on_its_page(dev_site):
    for path in pages(dev_site):
        url = url_of(dev_site, path)
        links = feed_links(soup(path))
        assert len(links) == len(set(links)), url
        if url.startswith("/category/"):
            slug = url.split("/")[2]
            assert set(links) == SITE_FEEDS | {
                ("application/atom+xml", f"http://127.0.0.1:8000/feeds/category/{slug}.atom.xml"),
                ("application/rss+xml", f"http://127.0.0.1:8000/feeds/category/{slug}.rss.xml"),
            }, url
        else:
            # Posts too: the category's feed is one link away, on its page.
            assert set(links) == SITE_FEEDS, url


def test_the_tagline_is_said_once_a_page(dev_site):
    from pelican.settings import read_settings

    tagline = read_settings(str(ROOT / "pelicanconf.py"))["SITE_TAGLINE"]
    for path in pages(dev_site):
        body = soup(path).body
        assert text_of(body).count(tagline) <= 1, url_of(dev_site, path)


def test_seed_post_description_and_canonical(dev_site):
    head = soup(page_at(dev_site, SEED_POST_URL)).head
    assert head.find("meta", attrs={"name": "description"})["content"] == seed_paragraphs()[0]
    assert head.find("link", rel="canonical")["href"] == "http://127.0.0.1:8000" + SEED_POST_URL
    assert head.find("meta", property="og:type")["content"] == "article"


# A page loads a script only when it has what the script works on (a CSS
# selector): survey-status.js, the open survey call to action; search.js, the
# search page's form.
SCRIPT_NEEDS = {
    "survey-status.js": "[data-survey-closes]",
    "search.js": "#search-form[data-bundle]",
}


def test_no_inline_script_style_or_third_party_requests(dev_site):
    for path in pages(dev_site):
        html = path.read_text(encoding="utf-8")
        page = soup(path)
        url = url_of(dev_site, path)
        for script in page.find_all("script"):
            name = script.get("src", "").rsplit("/", 1)[-1]
            assert script.get("src") and not script.string, f"{url}: inline script"
            # Module scripts are deferred by the browser.
            assert script.has_attr("defer") or script.get("type") == "module", (
                f"{url}: {name} must not block the page (defer)"
            )
            needs = SCRIPT_NEEDS.get(name)
            assert needs and page.select_one(needs), (
                f"{url}: this page needs no JavaScript ({name})"
            )
        assert not page.find_all(style=True) and not page.find_all("style"), url
        for element in page.find_all(["link", "img", "script", "iframe", "source"]):
            ref = element.get("href") or element.get("src") or ""
            if (
                element.name == "link"
                and element.get("rel")
                and set(element["rel"]) & {"canonical", "alternate"}
            ):
                continue
            assert not re.match(r"^(https?:)?//", ref) or ref.startswith(
                "http://127.0.0.1:8000/"
            ), (url, ref)
        assert "fonts.googleapis" not in html and "cdn" not in html.lower(), url


def test_sitemap_and_robots(dev_site):
    sitemap = (dev_site / "sitemap.xml").read_text()
    assert "<loc>http://127.0.0.1:8000" + SEED_POST_URL + "</loc>" in sitemap
    assert "<loc>http://127.0.0.1:8000/about/</loc>" in sitemap
    assert "404" not in sitemap
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (dev_site / "robots.txt").read_text()


@pytest.mark.parametrize(
    "listing", ["/tag/co-production/", "/category/ceo-blog/", "/author/damian-brady-interim-ceo/"]
)
def test_tag_category_and_author_pages_list_titles_and_days(dev_site, listing):
    main = soup(page_at(dev_site, listing)).find("main")
    assert main.find(class_="post-summary") is None and main.find(class_="summary") is None
    assert seed_paragraphs()[0] not in text_of(main)
    items = main.select("ul.archive-list > li")
    assert items
    for item in items:
        time, link = item.find("time"), item.find("a")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", time["datetime"]), listing
        assert (
            time.get_text(strip=True)
            and link.get_text(strip=True)
            and link["href"].startswith("/20")
        )
    seed = main.find("a", href=SEED_POST_URL).parent
    assert (
        text_of(seed)
        == "24 November 2026 Co-production: closing the gap between rhetoric and practice"
    )
    assert seed.time["datetime"] == "2026-11-24"


def test_home_shows_the_latest_posts_with_summaries_on_one_page(dev_site):
    from pelican.settings import read_settings

    shown = read_settings(str(ROOT / "pelicanconf.py"))["DEFAULT_PAGINATION"]
    main = soup(page_at(dev_site, "/")).find("main")
    archive = soup(page_at(dev_site, "/archives/")).find("main").select("ul.archive-list > li > a")
    summaries = main.select(".post-summary")
    assert len(summaries) == min(shown, len(archive))
    assert [s.h2.a["href"] for s in summaries] == [a["href"] for a in archive[: len(summaries)]]
    assert all(s.select_one(".summary") for s in summaries)
    assert not (dev_site / "page").exists()


def test_pagination_when_a_list_is_long(tmp_path, project):
    from pelican.settings import read_settings

    from tests.conftest import run_invoke

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    per_page = settings["PAGINATED_TEMPLATES"]["tag"]
    extra = per_page + 1
    for n in range(extra):
        (project / "content" / "posts" / f"extra-{n:03}.md").write_text(
            f"Title: Extra post {n}\nDate: 2026-06-{n // 24 + 1:02} {n % 24:02}:00\n"
            "Category: News\nTags: extra\n"
            f"Author: A Writer\nSummary: Extra post number {n}.\n\nText.\n",
            encoding="utf-8",
        )
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    out = project / "output"
    first = soup(page_at(out, "/tag/extra/"))
    assert len(first.find("main").select("ul.archive-list > li")) == per_page
    assert first.find("a", href="/tag/extra/page/2/", rel="next") is not None
    second = soup(page_at(out, "/tag/extra/page/2/")).find("main")
    assert [a["href"] for a in second.select("ul.archive-list > li > a")] == [
        "/2026/06/extra-post-0/"
    ]
    assert "page 2 of 2" in soup(page_at(out, "/tag/extra/page/2/")).title.get_text()
    # The home page stays one page, with the way to every older post.
    home = soup(page_at(out, "/"))
    assert len(home.select("main .post-summary")) == settings["DEFAULT_PAGINATION"]
    assert home.find("a", href="/page/2/") is None and not (out / "page").exists()
    more = home.find("main").find("a", href="/archives/")
    assert more is not None and re.fullmatch(r"all [\d,]+ posts by date", text_of(more))


class TestProduction:
    def test_absolute_urls_use_the_real_site(self, prod_site):
        from pelican.settings import read_settings

        siteurl = read_settings(str(ROOT / "publishconf.py"))["SITEURL"]
        head = soup(page_at(prod_site, SEED_POST_URL)).head
        assert head.find("link", rel="canonical")["href"] == siteurl + SEED_POST_URL
        for path in pages(prod_site):
            html = path.read_text(encoding="utf-8")
            assert "127.0.0.1" not in html and "localhost" not in html, path

    def test_no_drafts_written(self, prod_site):
        assert not (prod_site / "drafts").exists()


def test_production_holds_back_drafts_and_future_posts(project):
    from tests.conftest import run_invoke

    posts = project / "content" / "posts"
    (posts / "draft.md").write_text(
        "Title: Still a draft\nDate: 2026-01-05 10:00\nCategory: News\nAuthor: A\n"
        "Summary: S.\nStatus: draft\n\nText.\n"
    )
    (posts / "future.md").write_text(
        "Title: From the future\nDate: 2999-01-05 10:00\nCategory: News\nAuthor: A\n"
        "Summary: S.\n\nText.\n"
    )
    result = run_invoke(project, "publish-build")
    assert result.returncode == 0, result.stdout + result.stderr
    everything = "".join(
        p.read_text(errors="ignore") for p in (project / "output").rglob("*") if p.is_file()
    )
    assert "Still a draft" not in everything and "From the future" not in everything
    assert not (project / "output" / "drafts").exists()
    # Development shows the draft as a preview, away from the listings.
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "output" / "drafts" / "still-a-draft" / "index.html").exists()
    assert "Still a draft" not in (project / "output" / "index.html").read_text()
