"""Each checker catches exactly its planted fault; the clean site passes all."""

from __future__ import annotations

from collections import Counter

import pytest

from checks.cli import BROWSER_CHECKS, CHECKS, main, run
from checks.site import file_to_path
from tests.checks.checks_fixtures import SITE_URL, fault_names, load_fault, make_site


@pytest.fixture(scope="module")
def clean_results(clean_site, browser_session, vnu, tmp_path_factory):
    shots = tmp_path_factory.mktemp("shots")
    results = run(
        clean_site, list(CHECKS), site_url=SITE_URL, session=browser_session, screenshots_dir=shots
    )
    return {r.name: r for r in results}, shots


@pytest.mark.parametrize("checker", CHECKS)
def test_clean_site_passes(clean_results, checker):
    results, _ = clean_results
    result = results[checker]
    assert result.faults == [], result.render()
    assert result.summary  # one summary line
    assert "\n" not in result.summary


def test_clean_site_screenshots(clean_site, clean_results):
    """The home page, the seed post and the findings by name, then one page
    of every other kind, each at both widths."""
    from checks.site import discover

    _, shots = clean_results
    names = sorted(p.name for p in shots.iterdir())
    kinds = {page.kind for page in discover(clean_site)} - {"index", "article", "findings"}
    assert kinds  # the fixture has pages of other kinds (a page, the 404 page …)
    expected = {"home", "article", "findings", *kinds}
    assert names == sorted(f"{name}-{width}.png" for name in expected for width in (390, 1280))
    for name in names:
        assert (shots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_clean_weight_table_lists_every_page(clean_results):
    results, _ = clean_results
    table = "\n".join(results["weight"].details)
    for page in ("/", "/2026/11/seed-post/", "/2026/12/findings-example/", "/about/", "/404.html"):
        assert f"\n{page} " in "\n" + table
    assert "budget" in results["weight"].details[0]


@pytest.mark.parametrize("name", fault_names())
def test_planted_fault_is_caught(name, tmp_path, request):
    """The checker reports exactly the planted faults. Browser checkers look at
    the edited pages only (the clean run covers the rest, unchanged);
    links and html look at the whole site."""
    fault = load_fault(name)
    checker = fault["checker"]
    session = None
    only_pages = None
    if checker in BROWSER_CHECKS:
        session = request.getfixturevalue("browser_session")
        only_pages = sorted({file_to_path(e["file"]) for e in fault["edits"]}) or None
    if checker == "html":
        request.getfixturevalue("vnu")
    site = make_site(name, tmp_path)
    (result,) = run(
        site,
        [checker],
        site_url=SITE_URL,
        session=session,
        screenshots_dir=tmp_path / "shots",
        only_pages=only_pages,
    )
    found = Counter((f.page, f.rule) for f in result.faults)
    expected = Counter(tuple(pair) for pair in fault["expect"])
    assert found == expected, result.render()


def test_every_checker_has_a_planted_fault():
    covered = {load_fault(name)["checker"] for name in fault_names()}
    assert covered >= set(CHECKS) - {"screenshots"}


def test_cli_names_page_and_rule_and_exits_1(tmp_path, capsys):
    site = make_site("links-broken", tmp_path)
    code = main([str(site), "--only", "links"])
    out = capsys.readouterr().out
    assert code == 1
    assert "links: " in out
    assert "FAIL /about/ [broken-fragment]" in out
    assert "check: FAILED" in out


def test_cli_passes_clean_links_and_finds_site_url(clean_site, capsys):
    code = main([str(clean_site), "--only", "links"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "seen at https://www.example.org" in out
    assert out.strip().splitlines()[-1].startswith("check: passed")


def test_cli_rejects_unknown_checker(clean_site):
    with pytest.raises(SystemExit) as info:
        main([str(clean_site), "--only", "spelling"])
    assert info.value.code == 2


def test_cli_without_built_site_exits_2(tmp_path):
    assert main([str(tmp_path)]) == 2


def test_development_build_served_from_loopback(tmp_path, browser_session):
    """A build with root-relative links (no site address) loads from the
    loopback server itself and passes."""
    site = make_site("clean", tmp_path)
    for file in site.rglob("*.html"):
        file.write_text(
            file.read_text(encoding="utf-8").replace("https://www.example.org", ""),
            encoding="utf-8",
        )
    results = run(
        site,
        ["links", "privacy", "weight"],
        site_url=None,
        session=browser_session,
        only_pages=["/2026/11/seed-post/", "/404.html"],
    )
    assert [r.faults for r in results] == [[], [], []], "\n".join(r.render() for r in results)
    weight = results[2].details
    assert any(line.startswith("/2026/11/seed-post/ ") for line in weight)


def test_cli_pages_option(clean_site, capsys):
    assert main([str(clean_site), "--only", "links", "--pages", "/about/"]) == 0
    assert "on 1 pages" in capsys.readouterr().out
    assert main([str(clean_site), "--only", "links", "--pages", "/nope/"]) == 2
