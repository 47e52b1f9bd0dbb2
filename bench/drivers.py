"""Edit-to-preview, timed inside a copy of the project (a child process, with
the copy first on sys.path, so it uses the copy's buildtools and plugins):

    python -m bench.drivers PROJECT posts/x.md --runs 5

`runs` times: save a change to the post, let the preview rebuild, and check
the change is in the post's page in output/. Prints one JSON object on its
last line: per edit, wall seconds (perf_counter) and CPU seconds of this
process and every child it waited for, from the save until the rebuild
returned.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path


def cpu_now() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def preview_rebuilder(settings: str = "pelicanconf.py"):
    """What `invoke serve` runs after a file is saved, ready to time: a
    callable that returns once output/ is up to date. This is the one place
    to change when `invoke serve`'s preview changes."""
    from buildtools import serve

    rebuild = serve.rebuilder(settings, "output", echo=lambda message: None)
    preview = getattr(rebuild, "preview", None)
    if preview is not None:  # `invoke serve` warms it up just after its first build
        preview.start()
        preview.wait_ready(900)
    return rebuild


def edit_loop(project: Path, post: str, runs: int) -> dict:
    page = project / "content" / post
    original = page.read_text(encoding="utf-8")
    rebuild = preview_rebuilder()
    edits = []
    try:
        for n in range(runs):
            marker = f"Benchmark edit number {n} at {time.time():.0f}"
            wall0, cpu0 = time.perf_counter(), cpu_now()
            # The save is part of the loop: the writer's editor writes the file.
            page.write_text(original.rstrip("\n") + f"\n\n{marker}.\n", encoding="utf-8")
            result = rebuild()
            wall, cpu = time.perf_counter() - wall0, cpu_now() - cpu0
            ok = bool(getattr(result, "ok", True))
            edits.append({"ok": ok, "wall": wall, "cpu": cpu, "shown": _shown(project, marker)})
    finally:
        page.write_text(original, encoding="utf-8")
        rebuild()
    return {"runs": edits}


def _shown(project: Path, marker: str) -> bool:
    needle = marker.encode("utf-8")
    return any(needle in p.read_bytes() for p in (project / "output").rglob("index.html"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("post", help="the post to change, relative to content/")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    os.chdir(project)
    sys.path[:0] = [str(project), str(project / "plugins")]
    try:
        out = edit_loop(project, args.post, args.runs)
    except Exception as error:  # reported, not raised: the harness carries on
        import traceback

        out = {"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()[-3000:]}
    sys.stdout.write("\n" + json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
