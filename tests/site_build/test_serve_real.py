"""`invoke serve` itself, started in a copy of the project as a writer starts
it, over HTTP: the address it is given (`--port`, `--host`), a port already
in use, the site's own 404 page, what the terminal says after a failed
rebuild, and a first build that fails. (The problems over the page, in
Chromium: test_serve_browser.py.)"""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .serving import BAD_CHART, BAD_DATA, DATA, POST, POST_URL, Serving, free_port


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture
def serving(project):
    started = []

    def start(*args, port=None):
        server = Serving(project, *args, port=port)
        started.append(server)
        server.wait_for("Serving the site at")
        return server

    yield start
    for server in started:
        server.stop()


def test_a_port_in_use_is_said_plainly_before_anything_is_built(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        invoke = Path(sys.executable).parent / "invoke"
        result = subprocess.run(
            [str(invoke), "serve", "--port", str(port)],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
        )
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"Port {port} is already in use" in said
    assert f"python3 dev.py serve --port {port + 1}" in said
    assert "Serving" not in said and "Traceback" not in said and "OSError" not in said
    assert not (project / "output").exists()  # nothing was built for nothing


def test_addresses_follow_the_port_and_a_missing_page_is_the_sites_404(serving):
    server = serving()
    status, home = fetch(server.url + "/")
    assert status == 200
    assert f'<link rel="canonical" href="{server.url}/">' in home
    assert f'<meta property="og:url" content="{server.url}/">' in home
    assert f'href="{server.url}/feeds/all.atom.xml"' in home
    assert "127.0.0.1:8000" not in home
    status, feed = fetch(server.url + "/feeds/all.atom.xml")
    assert f"{server.url}{POST_URL}" in feed and "127.0.0.1:8000" not in feed

    status, missing = fetch(server.url + "/no-such-page/")
    assert status == 404
    assert "<title>Page not found" in missing and "Sorry, we cannot find that page." in missing

    # A change to the text: the fast preview (or the full build) keeps the port too.
    text = (server.project / POST).read_text(encoding="utf-8")
    mark = server.edit(POST, text + "\nA sentence added while serving.\n")
    server.wait_for("Rebuilt. Browse", after=mark)
    status, page = fetch(server.url + POST_URL)
    assert "A sentence added while serving." in page
    assert f'<link rel="canonical" href="{server.url}{POST_URL}">' in page


def test_with_host_every_device_on_the_network_is_warned_of(serving):
    server = serving("--host", "0.0.0.0")
    serving_line = next(line for line in server.log.splitlines() if "Serving the site at" in line)
    address = serving_line.split("Serving the site at ")[1].split(" ")[0]
    assert address.endswith(f":{server.port}/") and "0.0.0.0" not in address
    assert "see every draft" in server.log and "a network you trust" in server.log
    status, home = fetch(server.url + "/")  # this computer still reaches it
    assert status == 200 and f'<link rel="canonical" href="{address}">' in home


def test_the_last_line_of_a_failed_rebuild_says_it_failed(serving):
    server = serving()
    text = (server.project / DATA).read_text(encoding="utf-8")
    mark = server.edit(DATA, text + BAD_DATA)
    log = server.wait_for("Build failed: ", after=mark)
    log = server.wait_for("still shows the last good site", after=mark)
    last = [line for line in log[mark:].splitlines() if line.strip()][-1]
    assert last == (
        f"Build failed: {server.url}/ still shows the last good site, with the problems "
        "above listed over it. Fix them and save; the page reloads by itself."
    )
    assert "Done: Processed" not in log[mark:]
    status, page = fetch(server.url + POST_URL)
    assert status == 200 and "The site could not be rebuilt" in page
    assert f"<code>{DATA}</code>, line " in page


def test_a_failed_first_build_is_shown_until_the_content_is_fixed(project, serving):
    text = (project / DATA).read_text(encoding="utf-8")
    (project / DATA).write_text(text + BAD_DATA, encoding="utf-8")
    server = serving(port=free_port())
    assert "Build failed: there is no site yet" in server.log
    status, page = fetch(server.url + "/")
    assert status == 503
    assert "The site could not be built" in page and f"<code>{DATA}</code>, line " in page
    mark = server.edit(DATA, text)
    server.wait_for("Rebuilt. Browse", after=mark)
    status, home = fetch(server.url + "/")
    assert status == 200 and "serve-problems" not in home


def test_one_broken_post_is_left_out_and_the_rest_still_previews(serving):
    server = serving()
    text = (server.project / POST).read_text(encoding="utf-8")
    mark = server.edit(POST, text + BAD_CHART)
    server.wait_for("Rebuilt without 1 file that has problems", after=mark)
    status, home = fetch(server.url + "/")
    assert status == 200 and "Some of your changes are not in this preview" in home
    assert f"<code>{POST}</code>, line " in home and "chart block" in home
    mark = server.edit(POST, text)
    server.wait_for("Rebuilt. Browse", after=mark)
    status, page = fetch(server.url + POST_URL)
    assert status == 200 and "serve-problems" not in page
