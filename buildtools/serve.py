"""`invoke serve`: build, serve output/ at http://127.0.0.1:8000/, and rebuild
when a source changes, reloading the browser after each good rebuild.

- Changes are seen through the operating system's file events (watchfiles,
  which Pelican installs), not by polling: the rebuild starts within about
  50 ms of the save.
- A small tornado server (tornado comes with livereload, which this module no
  longer uses: its browser side polls every 0.8 s, and it has no public way to
  say "reload now") serves the folder and adds one script to each HTML page
  it sends (never to the files): the script listens on /.serve/events and
  reloads the page when a rebuild has succeeded. A failed rebuild leaves the
  last good site on screen, and says what is wrong in the terminal.
"""

from __future__ import annotations

import asyncio
import mimetypes
from pathlib import Path

from .build import ROOT, build

WATCHED = ["content", "theme", "plugins", "pelicanconf.py"]
EVENTS = "/.serve/events"
SCRIPT = "/.serve/reload.js"
RELOAD_JS = Path(__file__).with_name("reload.js")
TAG = f'<script src="{SCRIPT}"></script>'.encode()


def _say(message: str) -> None:
    print(message, flush=True)


def rebuilder(
    settings_file="pelicanconf.py",
    output="output",
    url="http://127.0.0.1:8000/",
    echo=_say,
    fast=True,
):
    """The function `invoke serve` runs on every change (bench/ times it):
    `rebuild()` works out what changed since its last call, makes output/
    show it and returns a BuildResult (`ok`, `output`, `log`).

    A change to the text of existing posts and pages is a fast preview
    (buildtools/preview.py: a warm Pelican in this process, only the changed
    pages written); anything else is a full build. `rebuild.preview` is that
    warm Pelican (None with `fast=False`): `rebuild.preview.start()` warms it
    in the background, `rebuild.preview.wait_ready(timeout)` waits for it."""
    from .preview import Preview

    preview = Preview(settings_file, output, echo=echo, watched=WATCHED) if fast else None

    def rebuild():
        echo("Change seen: rebuilding…")
        result = preview.rebuild() if preview is not None else None
        if result is None:
            # One broken file must not stop the rest of the site from previewing.
            result = build(settings_file, output, echo=echo, broken_files="skip")
            if preview is not None:
                preview.after_full_build(result.ok)
        if result.ok:
            echo(f"Rebuilt. Browse {url}")
        return result

    rebuild.preview = preview
    return rebuild


# -- the server ------------------------------------------------------------------------


def page_file(root: Path, path: str) -> Path | str | None:
    """The file to send for a URL path: a file, a folder's index.html, a
    redirect target (a folder asked for without its slash), or None."""
    root = root.resolve()
    file = (root / path.lstrip("/")).resolve()
    if file != root and root not in file.parents:
        return None
    if file.is_dir():
        if not path.endswith("/"):
            return path + "/"
        file = file / "index.html"
    return file if file.is_file() else None


def with_reload_script(html: bytes) -> bytes:
    """The page, with the reload script just before </body> (or at the end)."""
    at = html.rfind(b"</body>")
    return html + TAG if at < 0 else html[:at] + TAG + html[at:]


class Reloads:
    """Tells every open page to reload, once per good rebuild."""

    def __init__(self):
        self.next = asyncio.Event()

    def reload(self) -> None:
        done, self.next = self.next, asyncio.Event()
        done.set()


def make_app(root: Path, reloads: Reloads):
    import tornado.iostream
    import tornado.web

    class Site(tornado.web.RequestHandler):
        def get(self, path):
            found = page_file(root, path)
            if isinstance(found, str):
                return self.redirect(found)
            if found is None:
                self.set_status(404)
                found = root / "404.html"
                if not found.is_file():
                    return self.finish("Not found")
            body = found.read_bytes()
            kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            if kind == "text/html":
                body = with_reload_script(body)
            self.set_header("Content-Type", kind)
            self.set_header("Cache-Control", "no-store")  # always the latest build
            self.finish(body)

    class Script(tornado.web.RequestHandler):
        def get(self):
            self.set_header("Content-Type", "text/javascript")
            self.set_header("Cache-Control", "no-store")
            self.finish(RELOAD_JS.read_bytes())

    class Events(tornado.web.RequestHandler):
        async def get(self):
            self.set_header("Content-Type", "text/event-stream")
            self.set_header("Cache-Control", "no-store")
            waiting = reloads.next
            try:
                self.write(": waiting for a rebuild\n\n")
                await self.flush()
                await waiting.wait()
                self.write("data: reload\n\n")
                await self.flush()
            except tornado.iostream.StreamClosedError:
                return  # the page was closed or reloaded
            self.finish()

    return tornado.web.Application([(EVENTS, Events), (SCRIPT, Script), (r"(/.*)", Site)])


async def watch_and_rebuild(rebuild, reloads: Reloads, paths) -> None:
    """On each batch of file events, rebuild (in a worker thread, so pages are
    still served meanwhile), then reload the open pages if it succeeded."""
    import watchfiles

    loop = asyncio.get_running_loop()
    async for _changes in watchfiles.awatch(*paths):
        result = await loop.run_in_executor(None, rebuild)
        if result.ok:
            reloads.reload()


def serve(settings_file="pelicanconf.py", output="output", host="127.0.0.1", port=8000):
    first = build(settings_file, output, broken_files="skip")
    if not first.ok and not (ROOT / output).exists():
        raise SystemExit(
            "The first build failed and there is no site to serve yet: "
            "fix the content and try again."
        )
    rebuild = rebuilder(settings_file, output, f"http://{host}:{port}/")
    rebuild.preview.start()  # fast previews from a few seconds after start-up

    async def main():
        reloads = Reloads()
        make_app(ROOT / output, reloads).listen(port, address=host)
        print(f"Serving the site at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
        await watch_and_rebuild(rebuild, reloads, [ROOT / p for p in WATCHED])

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
