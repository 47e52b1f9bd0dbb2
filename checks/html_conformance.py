"""HTML conformance: the Nu Html Checker (npm vnu-jar, run by the machine's
Java 17) over every .html file, every .css file and every .svg file, in one
JVM run: `java -jar vnu.jar --format json --also-check-css --also-check-svg
--exit-zero-always --stdout FILES…`. Errors (and vnu's "non-document-error",
e.g. an unreadable file) are faults; warnings are listed but do not fail."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from checks import tools
from checks.report import CheckResult, Fault
from checks.site import file_to_path, is_editor

# Warnings that checking files (rather than the live site) gets wrong: vnu
# judges a CSP <meta> against file: URLs, so every resource "violates" it.
# Real CSP violations show in the browser as console errors (privacy check).
IGNORED_WARNINGS = ("Resource violates Content Security Policy",)


def find_files(root: Path) -> dict[str, list[Path]]:
    root = Path(root)
    files: dict[str, list[Path]] = {"html": [], "css": [], "svg": []}
    for path in sorted(root.rglob("*")):
        suffix = path.suffix.lower().lstrip(".")
        if path.is_file() and suffix in files and not is_editor(path.relative_to(root).as_posix()):
            files[suffix].append(path)
    return files


def run_vnu(files: list[Path], timeout: float = 600) -> dict:
    if not files:
        return {"messages": []}
    cmd = [
        tools.java(),
        "-Xss4m",
        "-jar",
        str(tools.vnu_jar()),
        "--format",
        "json",
        "--also-check-css",
        "--also-check-svg",
        "--exit-zero-always",
        "--stdout",
        *[str(f) for f in files],
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"vnu.jar gave no JSON (exit {proc.returncode}): {proc.stderr.strip()[:2000]}"
        ) from exc


def site_name(root: Path, url: str | None) -> str:
    """vnu's "file:/abs/out/about/index.html" -> "/about/"; CSS/SVG -> "/theme/x.css"."""
    if not url:
        return "(unknown file)"
    path = Path(unquote(urlsplit(url).path))
    try:
        rel = path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)
    return file_to_path(rel) if rel.endswith(".html") else "/" + rel


def parse_messages(data: dict, root: Path) -> tuple[list[Fault], list[str]]:
    faults: list[Fault] = []
    warnings: list[str] = []
    for msg in data.get("messages", []):
        kind = msg.get("type")
        page = site_name(root, msg.get("url"))
        line = msg.get("lastLine") or msg.get("firstLine")
        where = f"line {line}: " if line else ""
        text = " ".join(str(msg.get("message", "")).split())
        if kind == "error":
            faults.append(Fault("html", page, "vnu-error", where + text))
        elif kind == "non-document-error":
            faults.append(Fault("html", page, "vnu-io-error", where + text))
        elif kind == "info" and msg.get("subType") == "warning":
            if text.startswith(IGNORED_WARNINGS):
                continue
            warnings.append(f"warn {page} [vnu-warning] {where}{text}")
    return faults, warnings


def check_html(root: Path) -> CheckResult:
    files = find_files(root)
    data = run_vnu(files["html"] + files["css"] + files["svg"])
    faults, warnings = parse_messages(data, root)
    summary = (
        f"{len(files['html'])} HTML, {len(files['css'])} CSS, {len(files['svg'])} SVG files"
        f" checked by Nu Html Checker {data.get('version', '?')},"
        f" {len(faults)} errors ({len(warnings)} warnings)"
    )
    return CheckResult("html", summary, faults, warnings)
