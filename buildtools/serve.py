"""Serve the built site with live reload, rebuilding when a source changes."""

from __future__ import annotations

from .build import ROOT, build

WATCHED = ["content", "theme", "plugins", "pelicanconf.py"]


def _say(message: str) -> None:
    print(message, flush=True)


def rebuilder(
    settings_file="pelicanconf.py",
    output="output",
    url="http://127.0.0.1:8000/",
    echo=_say,
    fast=True,
):
    """The function `invoke serve` runs on every change (bench/ times it).

    A change to the text of existing posts and pages is a fast preview
    (buildtools/preview.py: a warm build in this process, only the changed
    pages written); anything else is a full build. `rebuild.preview` is the
    warm build: `rebuild.preview.start()` warms it in the background."""
    from .preview import Preview

    preview = Preview(settings_file, output, echo=echo, watched=WATCHED) if fast else None

    def rebuild():
        echo("Change seen: rebuilding…")
        result = preview.rebuild() if preview is not None else None
        if result is None:
            result = build(settings_file, output, echo=echo)
            if preview is not None:
                preview.after_full_build(result.ok)
        if result.ok:
            echo(f"Rebuilt. Browse {url}")
        return result

    rebuild.preview = preview
    return rebuild


def serve(settings_file="pelicanconf.py", output="output", host="127.0.0.1", port=8000):
    from livereload import Server

    first = build(settings_file, output)
    if not first.ok and not (ROOT / output).exists():
        raise SystemExit(
            "The first build failed and there is no site to serve yet: fix the content and try again."
        )

    rebuild = rebuilder(settings_file, output, f"http://{host}:{port}/")
    rebuild.preview.start()  # fast previews from a few seconds after start-up
    server = Server()
    for path in WATCHED:
        server.watch(str(ROOT / path), rebuild, delay=0.5)
    print(f"Serving the site at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve(
        root=str(ROOT / output), host=host, port=port, open_url_delay=None, restart_delay=0
    )
