"""The editor's config.yml is made from the build's own declarations: the
required fields, the categories, the statuses and the date pattern the
content checks use, and the survey editions and questions in content/data/."""

from __future__ import annotations

import re

import yaml
from cms_admin import config_yaml, declarations, site_config
from cms_admin.config import HEADER_KEYS
from content_checks import rules_from_settings
from content_checks.rules import ISO_DATE, KNOWN_FIELDS, STATUSES
from hypothesis import given
from hypothesis import strategies as st
from pelican.settings import read_settings

from tests.conftest import ROOT


def settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


def fields_of(collection: dict) -> dict:
    found = {}
    for field in collection["fields"]:
        if field["widget"] == "object":
            found |= {f["name"]: f for f in field["fields"]}
        else:
            found[field["name"]] = field
    return found


def test_every_collection_matches_the_checks():
    conf = settings()
    data = yaml.safe_load(config_yaml(site_config(conf)))
    assert data["publish_mode"] == "editorial_workflow"
    assert data["media_folder"] == "content/images"
    assert data["public_folder"] == "{static}/images"
    collections = {c["name"]: c for c in data["collections"]}
    assert {n: c["folder"] for n, c in collections.items()} == {
        "posts": "content/posts",
        "findings": "content/findings",
        "pages": "content/pages",
    }
    for name in ("posts", "findings"):
        fields = fields_of(collections[name])
        required = {n for n, f in fields.items() if f.get("required")}
        assert required == set(conf["CONTENT_CHECKS_REQUIRED"]), name
        assert fields["category"]["options"] == conf["CONTENT_CHECKS_CATEGORIES"]
        assert fields["status"]["options"] == list(STATUSES)
        assert fields["date"]["pattern"][0] == ISO_DATE.pattern
        # The same summary limit as the build (CONTENT_CHECKS_SUMMARY_MAX).
        most = rules_from_settings(conf).summary_max
        assert most == 300  # the declared default
        summary = re.compile(fields["summary"]["pattern"][0])
        assert summary.match("x" * most) and not summary.match("x" * (most + 1))
        # Every field the guide documents (docs/writing-posts.md), Slug and
        # Feed-Id under Advanced, and nothing the checks would refuse.
        assert {n.replace("_", "-") for n in fields} - {"body"} == set(HEADER_KEYS)
        assert set(HEADER_KEYS) <= KNOWN_FIELDS | set(conf["CONTENT_CHECKS_EXTRA_FIELDS"])
    findings = fields_of(collections["findings"])
    assert findings["survey"]["options"] == ["state-of-the-sector-2025"]
    pages = fields_of(collections["pages"])
    assert [n for n, f in pages.items() if f.get("required")] == ["title"]
    # Production has no local mode; serve adds it.
    assert "local_backend" not in data


def test_the_local_backend_only_when_serve_asks():
    conf = settings()
    conf["CMS_ADMIN_LOCAL_BACKEND"] = "http://127.0.0.1:8081/api/v1"
    data = site_config(conf)
    assert data["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"


def test_a_new_category_reaches_the_editor():
    conf = settings()
    conf["CONTENT_CHECKS_CATEGORIES"] = ["CEO blog", "Sector findings", "News", "Events"]
    posts = fields_of(site_config(conf)["collections"][0])
    assert posts["category"]["options"][-1] == "Events"
    assert re.fullmatch(posts["category"]["pattern"][0], "Events")


def test_the_chart_lists_come_from_the_survey_data():
    editions = declarations(settings()).editions
    assert [e.id for e in editions] == ["state-of-the-sector-2025"]
    ids = [q.id for q in editions[0].questions]
    assert "income-change" in ids and "top-concerns" in ids
    assert ("income-band", "annual income") in editions[0].breakdowns


@given(st.text(alphabet="CEO blog NewsSectorfindings()+.|", min_size=1, max_size=20))
def test_the_category_pattern_accepts_exactly_the_categories(value):
    conf = settings_once()
    pattern = fields_of(site_config(conf)["collections"][0])["category"]["pattern"][0]
    assert bool(re.fullmatch(pattern, value)) == (value in conf["CONTENT_CHECKS_CATEGORIES"])


_SETTINGS = {}


def settings_once():
    if not _SETTINGS:
        _SETTINGS["s"] = settings()
    return _SETTINGS["s"]


@given(
    st.lists(
        st.sampled_from(
            [
                "Some text.",
                "![A stall at the fair]({static}/images/stall.png)",
                "![]({static}/images/stall.png)",
                "![ ]({static}/images/stall.png)",
                "See [the fair](https://example.org).",
                "",
            ]
        ),
        max_size=6,
    )
)
def test_the_editor_refuses_a_picture_without_description_as_the_build_does(lines):
    from cms_admin.config import NO_EMPTY_ALT
    from content_checks.body import links
    from content_checks.metadata import parse

    body = "\n\n".join(lines)
    doc = parse("Title: T\n\n" + body)
    build_refuses = any(link.image and not link.text.strip() for link in links(doc))
    editor_accepts = re.search(NO_EMPTY_ALT, body) is not None
    assert editor_accepts == (not build_refuses), body


def test_the_git_host_login():
    conf = settings()
    assert site_config(conf)["backend"] == {
        "name": "gitlab",
        "repo": "thcvs/website",
        "branch": "main",
        "squash_merges": True,
        "cms_label_prefix": "cms/",
        "auth_type": "pkce",
    }
    conf["CMS_ADMIN_APP_ID"] = "abc123"
    assert site_config(conf)["backend"]["app_id"] == "abc123"
    conf |= {"CMS_ADMIN_BACKEND": "github", "CMS_ADMIN_AUTH_URL": "https://login.thcvs.org.uk"}
    github = site_config(conf)["backend"]
    assert github["base_url"] == "https://login.thcvs.org.uk" and "auth_type" not in github
