"""Building and reading the Pagefind index: files and a subprocess, no Pelican.

Pagefind (the `pagefind[bin]` package from PyPI, which ships the binary) reads
the built HTML and writes a static search bundle beside it: the index split in
small chunks, a WebAssembly search engine and pagefind.js, which the search
page's own script (theme/static/js/search.js) loads. Only the parts of a page
inside `data-pagefind-body` are indexed; the theme puts that on the <main> of
published posts and pages only, so drafts, hidden posts and list pages never
are.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

# Pagefind's ready-made search interfaces. The site has its own (search.js,
# on pagefind.js), and these would only be uploaded and never loaded.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
FRAGMENT_SIGNATURE = b"pagefind_dcd"


class SearchIndexError(Exception):
    pass


@dataclass
class IndexReport:
    bundle: Path
    pages: int
    seconds: float
    files: int = 0
    bytes: int = 0
    urls: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"site_search: indexed {self.pages} pages in {self.seconds:.2f} s; "
            f"{self.bundle.name}/ holds {self.files} files, {self.bytes / 1000:.0f} KB"
        )


def executable() -> Path:
    """The Pagefind binary that the pagefind[bin] package installed."""
    try:
        import pagefind_bin
    except ImportError:
        raise SearchIndexError(
            "site_search: the Pagefind binary is not installed: expected the package "
            "pagefind_bin (pip install -r requirements.lock, or 'pagefind[bin]')."
        ) from None
    try:
        return Path(pagefind_bin.get_executable())
    except (FileNotFoundError, OSError) as error:
        raise SearchIndexError(
            f"site_search: the Pagefind binary cannot be found: {error}"
        ) from None


def command(binary: Path, site: Path, bundle: str) -> list[str]:
    return [str(binary), "--site", str(site), "--output-subdir", bundle]


def build_index(
    site: Path, bundle: str, binary: Path | None = None, timeout: int = 120
) -> IndexReport:
    """Index the built site in `site`, writing the bundle to site/bundle."""
    target = site / bundle
    if target.exists():  # an old bundle must never answer for a new site
        shutil.rmtree(target)
    start = time.monotonic()
    try:
        completed = subprocess.run(
            command(binary or executable(), site, bundle),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise SearchIndexError(
            f"site_search: Pagefind took more than {timeout} s; no index was built."
        ) from None
    seconds = time.monotonic() - start
    log = (completed.stdout + completed.stderr).strip()
    if completed.returncode != 0 or not (target / "pagefind.js").is_file():
        raise SearchIndexError(
            f"site_search: Pagefind failed (exit {completed.returncode}):\n{log}"
        )
    match = re.search(r"Indexed (\d+) pages?", log)
    for name in UNUSED_FILES:
        (target / name).unlink(missing_ok=True)
    files = [p for p in target.rglob("*") if p.is_file()]
    return IndexReport(
        bundle=target,
        pages=int(match.group(1)) if match else 0,
        seconds=seconds,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
    )


def read_fragments(bundle: Path) -> list[dict]:
    """Every indexed page as Pagefind stored it: url, content, meta (title, date…)."""
    pages = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = path.read_bytes()
        if not data.startswith(FRAGMENT_SIGNATURE):
            data = gzip.decompress(data)
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise SearchIndexError(f"site_search: {path.name} is not a Pagefind fragment")
        pages.append(json.loads(data[len(FRAGMENT_SIGNATURE) :].decode("utf-8")))
    return pages


def compare(indexed: set[str], expected: set[str]) -> list[str]:
    """Problems when the index holds other pages than the published ones."""
    problems = []
    for url in sorted(indexed - expected):
        problems.append(
            f"{url} is in the search index but is not a published post or page "
            "(drafts, hidden posts and lists must never be indexed)"
        )
    for url in sorted(expected - indexed):
        problems.append(
            f"{url} is published but not in the search index (its template must "
            "keep base.html's <main data-pagefind-body>)"
        )
    return problems
