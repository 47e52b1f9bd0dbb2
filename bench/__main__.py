"""`python -m bench [--quick] [--runs N] [--sizes 100,1000] [--charts 50] ...`:
the same as `invoke bench` (see bench/harness.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.harness import Options, run


def parse(argv=None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="N = 100 only, one run, no profile: a minute or two"
    )
    parser.add_argument(
        "--sizes", default=None, help="posts per corpus, comma-separated (default 100,1000)"
    )
    parser.add_argument(
        "--charts", type=int, default=50, help="chart blocks in each corpus (default 50)"
    )
    parser.add_argument(
        "--runs", type=int, default=None, help="timed runs of each build (default 3)"
    )
    parser.add_argument(
        "--weigh",
        default="auto",
        choices=["auto", "browser", "static", "none"],
        help="how pages are weighed (default: in Chromium when it is there)",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the sampling profiles")
    parser.add_argument(
        "--work", type=Path, default=None, help="build here (kept) instead of a temporary folder"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (path printed)"
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=None,
        help="where RESULTS.md goes (default bench/RESULTS.md)",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="measure nothing: write RESULTS.md and results.svg again from results.json "
        "(after editing bench/NOTES.md, say)",
    )
    args = parser.parse_args(argv)
    opts = Options()
    if args.quick:
        opts.sizes, opts.runs, opts.profile = (100,), 1, False
    if args.sizes:
        opts.sizes = tuple(int(x) for x in args.sizes.split(",") if x.strip())
    if args.runs:
        opts.runs = args.runs
    opts.charts = args.charts
    opts.weigh = args.weigh
    opts.profile = opts.profile and not args.no_profile
    opts.work, opts.keep = args.work, args.keep
    if args.results:
        opts.results = args.results
        opts.data = args.results.with_name("results.json")
        opts.svg = args.results.with_name("results.svg")
    opts.report_only = args.report_only
    return opts


def main(argv=None) -> int:
    opts = parse(argv)
    opts.echo = lambda message: print(message, flush=True)
    if getattr(opts, "report_only", False):
        import json

        from bench.report import write_all

        write_all(json.loads(Path(opts.data).read_text(encoding="utf-8")), opts)
        opts.echo(f"bench: {opts.results} written again from {opts.data}")
        return 0
    run(opts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
