"""`python -m bench [--quick] [--sizes 1000,5000] [--runs 5] ...`: the same as
`invoke bench` (see bench/harness.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.harness import Options, run


def parse(argv=None) -> tuple[Options, bool]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--quick", action="store_true", help="100 posts, one round: checks the harness works")
    add("--sizes", default=None, help="posts per corpus, comma-separated (default 1000,5000)")
    add("--charts", type=int, default=50, help="chart blocks in each corpus (default 50)")
    add("--runs", type=int, default=None, help="rounds of timed builds (default 5)")
    add(
        "--weigh",
        default="auto",
        choices=["auto", "browser", "static", "none"],
        help="how pages are weighed (default: in Chromium when it is there)",
    )
    add("--work", type=Path, default=None, help="build here (kept) instead of a temporary folder")
    add("--keep", action="store_true", help="keep the temporary folder (path printed)")
    add("--results", type=Path, default=None, help="where RESULTS.md goes (default bench/)")
    add(
        "--report-only",
        action="store_true",
        help="measure nothing: write RESULTS.md again from results.json",
    )
    args = parser.parse_args(argv)
    opts = Options(charts=args.charts, weigh=args.weigh, work=args.work, keep=args.keep)
    if args.quick:
        opts.sizes, opts.runs = (100,), 1
    if args.sizes:
        opts.sizes = tuple(int(x) for x in args.sizes.split(",") if x.strip())
    if args.runs:
        opts.runs = args.runs
    if args.results:
        opts.results = args.results
    return opts, args.report_only


def main(argv=None) -> int:
    opts, report_only = parse(argv)
    opts.echo = lambda message: print(message, flush=True)
    if report_only:
        from bench.report import write_all

        write_all(json.loads(opts.data.read_text(encoding="utf-8")), opts)
        opts.echo(f"bench: {opts.results} written again from {opts.data}")
        return 0
    run(opts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
