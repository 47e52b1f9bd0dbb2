"""Serve the built site with live reload, rebuilding when a source changes."""

from __future__ import annotations

from .build import ROOT, build

WATCHED = ["content", "theme", "plugins", "pelicanconf.py"]


def serve(settings_file="pelicanconf.py", output="output", host="127.0.0.1", port=8000):
    from livereload import Server

    first = build(settings_file, output)
    if not first.ok and not (ROOT / output).exists():
        raise SystemExit("The first build failed and there is no site to serve yet: fix the content and try again.")

    def rebuild():
        print("Change seen: rebuilding…", flush=True)
        result = build(settings_file, output)
        if result.ok:
            print(f"Rebuilt. Browse http://{host}:{port}/", flush=True)

    server = Server()
    for path in WATCHED:
        server.watch(str(ROOT / path), rebuild, delay=0.5)
    print(f"Serving the site at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve(root=str(ROOT / output), host=host, port=port, open_url_delay=None, restart_delay=0)
