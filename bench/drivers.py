"""Measurements that run inside a copy of the project (a subprocess, with the
copy first on sys.path, so they use the copy's buildtools and plugins):

    python -m bench.drivers build    PROJECT
    python -m bench.drivers editloop PROJECT --post posts/x.md --runs 3
    python -m bench.drivers charts   PROJECT --runs 3

Each prints one JSON object on its last line of stdout. Times are wall
seconds (perf_counter) and CPU seconds of this process and every child it
waited for (Pelican, Pagefind).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path


def cpu_now() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Clock:
    def __enter__(self):
        self.wall0, self.cpu0 = time.perf_counter(), cpu_now()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall0
        self.cpu = cpu_now() - self.cpu0


def _enter(project: Path) -> None:
    os.chdir(project)
    sys.path.insert(0, str(project))
    sys.path.insert(1, str(project / "plugins"))


def do_build(project: Path, args) -> dict:
    """`invoke build`: buildtools.build.build() into output/."""
    from buildtools.build import build

    lines: list[str] = []
    with Clock() as clock:
        result = build(args.settings, "output", echo=lines.append)
    return {"ok": result.ok, "wall": clock.wall, "cpu": clock.cpu, "log": "\n".join(lines)[-4000:]}


def do_editloop(project: Path, args) -> dict:
    """Change one post and rebuild with the function `invoke serve` runs on
    every change, `runs` times; the post is put back (and rebuilt) after."""
    from buildtools import serve

    post = project / "content" / args.post
    original = post.read_text(encoding="utf-8")
    lines: list[str] = []
    rebuild = serve.rebuilder(args.settings, "output", echo=lines.append)
    warm = None
    preview = getattr(rebuild, "preview", None)
    if preview is not None:  # `invoke serve` warms it up just after its first build
        with Clock() as clock:
            preview.start()
            preview.wait_ready(900)
        warm = {"wall": clock.wall, "cpu": clock.cpu, "off": preview.off}
    runs = []
    try:
        for n in range(args.runs):
            marker = f"Benchmark edit number {n} at {time.time():.0f}"
            with Clock() as clock:
                # The save is part of the loop: the writer's editor writes the file.
                post.write_text(original.rstrip("\n") + f"\n\n{marker}.\n", encoding="utf-8")
                result = rebuild()
            seen = _output_has(project / "output", marker)
            runs.append(
                {
                    "ok": bool(getattr(result, "ok", True)),
                    "wall": clock.wall,
                    "cpu": clock.cpu,
                    "shown": seen,
                }
            )
    finally:
        post.write_text(original, encoding="utf-8")
        rebuild()
    return {"runs": runs, "warm": warm, "log": "\n".join(lines)[-3000:]}


def _output_has(output: Path, marker: str) -> bool:
    needle = marker.encode("utf-8")
    for path in output.rglob("index.html"):
        if needle in path.read_bytes():
            return True
    return False


def do_charts(project: Path, args) -> dict:
    """Render the corpus's chart blocks the way survey_charts does: specs from
    Altair, SVG and PNG from vl-convert; cold (empty cache) and warm."""
    import survey_data
    from pelican.settings import read_settings
    from survey_charts import layout_from_settings
    from survey_charts.blocks import chart_options, find_blocks
    from survey_charts.charts import chart
    from survey_charts.render import Renderer

    settings = read_settings(args.settings)
    surveys = survey_data.published_surveys(settings)
    layout = layout_from_settings(settings)
    blocks = []
    for path in sorted((project / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "```chart" not in text:
            continue
        found, _spans = find_blocks(text.splitlines())
        blocks += [chart_options(b, surveys) for b in found if b.name == "chart"]
    tables = [(surveys[o.survey].table(o.question), o) for o in blocks]
    tables = [(t, o) for t, o in tables if not t.withheld]

    def specs():
        return [
            (
                chart(t, o.kind, o.group, layout).to_dict(),
                chart(t, o.kind, o.group, layout, background="white").to_dict(),
            )
            for t, o in tables
        ]

    result = {"charts": len(tables), "spec": [], "cold": [], "warm": [], "warm_specs": []}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-charts-") as cache:
            with Clock() as clock:
                made = specs()
            result["spec"].append(clock.cpu)
            cold = Renderer(Path(cache))
            with Clock() as clock:
                for spec, png_spec in made:
                    cold.svg(spec)
                    cold.png(png_spec)
            result["cold"].append(clock.cpu)
            warm = Renderer(Path(cache))  # the next build: same cache folder
            with Clock() as clock:
                for spec, png_spec in made:
                    warm.svg(spec)
                    warm.png(png_spec)
            result["warm"].append(clock.cpu)
            if hasattr(warm, "spec"):
                # Specs through the cache too (survey_charts keeps them there).
                for (t, o), (spec, png_spec) in zip(tables, made):
                    warm.spec(lambda s=spec: s, t, o.kind, o.group, layout)
                again = Renderer(Path(cache))
                with Clock() as clock:
                    for t, o in tables:
                        again.svg(again.spec(lambda: {}, t, o.kind, o.group, layout))
                result["warm_specs"].append(clock.cpu)
    result["renders_cold"] = cold.renders
    result["hits_warm"] = warm.hits
    for key in ("spec", "cold", "warm", "warm_specs"):
        result[key + "_median"] = statistics.median(result[key]) if result[key] else None
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["build", "editloop", "charts"])
    parser.add_argument("project", type=Path)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--post", default="")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    _enter(project)
    handler = {"build": do_build, "editloop": do_editloop, "charts": do_charts}[args.what]
    try:
        out = handler(project, args)
    except Exception as error:  # reported, not raised: the harness carries on
        import traceback

        out = {"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()[-3000:]}
    sys.stdout.write("\n" + json.dumps(out) + "\n")
    return 0 if "error" not in out else 1


if __name__ == "__main__":
    raise SystemExit(main())
