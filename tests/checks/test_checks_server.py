"""The loopback server behaves like a static host."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from checks.browser import Target
from checks.server import serve


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def get(url):
    try:
        with opener.open(url, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_static_host_behaviour(tmp_path):
    (tmp_path / "about").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "index.html").write_text("home")
    (tmp_path / "about" / "index.html").write_text("about")
    (tmp_path / "404.html").write_text("not found page")
    (tmp_path / "a.svg").write_text("<svg/>")
    with serve(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        assert get(base + "/")[::2] == (200, b"home")
        status, headers, body = get(base + "/about/")
        assert (status, body) == (200, b"about")
        assert headers["Content-Type"].startswith("text/html")
        assert headers["Cache-Control"] == "no-store"
        status, headers, _ = get(base + "/about")
        assert status == 301 and headers["Location"].endswith("/about/")
        assert get(base + "/missing/")[::2] == (404, b"not found page")
        assert get(base + "/empty/")[::2] == (404, b"not found page")
        assert get(base + "/a.svg")[1]["Content-Type"] == "image/svg+xml"
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "/", timeout=2)


def test_target_maps_site_address_to_server():
    target = Target("http://127.0.0.1:5000", "https://www.example.org/blog")
    assert target.page_url("/about/") == "https://www.example.org/blog/about/"
    assert (
        target.server_url_for("https://www.example.org/blog/a.css?v=1")
        == "http://127.0.0.1:5000/a.css?v=1"
    )
    assert target.is_site("https://www.example.org/blog/x") and not target.is_site("https://x.org/")
    assert target.display("https://www.example.org/blog/theme/a.css") == "/theme/a.css"
    assert target.display("http://127.0.0.1:5000/x.png") == "/x.png"
    assert target.display("https://cdn.example.net/a.js") == "https://cdn.example.net/a.js"
    local = Target("http://127.0.0.1:5000")
    assert local.page_url("/") == "http://127.0.0.1:5000/"
    assert local.is_local("http://127.0.0.1:5000/x") and not local.is_local(
        "http://127.0.0.1:5001/"
    )
