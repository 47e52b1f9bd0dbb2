#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11+.

    python3 dev.py serve     build the site and serve it with live reload
    python3 dev.py test      run the whole test suite
    python3 dev.py TASK ...  any other task from tasks.py (see: python3 dev.py --list)

Creates (or refreshes) a virtual environment at .venv/ from the pinned
versions in requirements.lock, installs the JavaScript test tools pinned in
package-lock.json when a task needs them, then runs the task with invoke.
Each step is skipped when its lock file has not changed since the last run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements.lock"
NODE_LOCK = ROOT / "package-lock.json"
# Tasks that drive the browser and HTML checker need the npm tools.
NEEDS_NODE = {"test", "check", "publish", "review"}
# Tasks that build the site use the editor's npm packages (Decap CMS, copied to
# /admin/, and decap-server for serve's local editor) when Node.js is here,
# and build without the editor when it is not.
USES_NODE = {"serve", "build", "publish-build"}
# Programs those tasks run, and the Debian packages that bring them. The tests
# never skip for a missing tool: they fail, so it is installed first.
SYSTEM_TOOLS = {
    "chromium": "chromium",
    "java": "default-jre-headless",
    "npm": "npm",
    "nginx": "nginx",
    "rsync": "rsync",
    "git": "git",
}
# What the writers' editor that `serve` runs needs (decap-server saves with Git).
EDITOR_TOOLS = {"npm": "npm", "git": "git"}


def fingerprint(*paths: Path) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for path in paths:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def ensure_python_packages() -> None:
    stamp = VENV / ".requirements.sha256"
    wanted = fingerprint(LOCK)
    if stamp.exists() and stamp.read_text() == wanted and (BIN / "invoke").exists():
        return
    if not (BIN / "python").exists():
        print("Creating the virtual environment in .venv/ …", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing the pinned Python packages (first run only) …", flush=True)
    subprocess.run(
        [
            str(BIN / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(LOCK),
        ],
        check=True,
    )
    stamp.write_text(wanted)


def ensure_system_tools(tools: dict[str, str] = SYSTEM_TOOLS, needed_for: str = "") -> bool:
    """Install the Debian packages of `tools` that are missing (as root, on
    Debian or Ubuntu). The checks cannot run without them: stop. The editor
    (`needed_for` says so) is optional: say what to install, and go on."""
    missing = sorted(
        {package for program, package in tools.items() if shutil.which(program) is None}
    )
    if not missing:
        return True
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing {', '.join(missing)} (first run only) …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run([*command, "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
        return True
    install = f"On Debian or Ubuntu, run: sudo {' '.join(command)}"
    if needed_for:
        print(f"{needed_for} needs {', '.join(missing)}, which this machine lacks. {install}")
        return False
    sys.exit(
        f"The checks need {', '.join(missing)}, which this machine lacks. {install}  "
        "(elsewhere, install them with your system's package manager), then run this again."
    )


def ensure_node_packages(required: bool = True) -> None:
    if not NODE_LOCK.exists():
        return
    stamp = ROOT / "node_modules" / ".lock.sha256"
    wanted = fingerprint(NODE_LOCK)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    npm = shutil.which("npm")
    if npm is None and not required:
        print(
            "Node.js and npm are not installed: the site builds without the editor at /admin/ "
            "(docs/writing-in-the-editor.md says how to get it).",
            flush=True,
        )
        return
    if npm is None:
        sys.exit(
            "The checks need Node.js and npm (for the HTML checker and axe). "
            "Install them (Debian: apt-get install nodejs npm), then run this again."
        )
    print("Installing the pinned JavaScript packages (first run only) …", flush=True)
    # --ignore-scripts: vnu-jar's install step downloads a Java runtime; the
    # machine's own Java runs the checker instead.
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    stamp.write_text(wanted)


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py runs on any Python 3, to say so)
        sys.exit(f"This project needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not argv:
        print(__doc__)
        return 2
    ensure_python_packages()
    if argv[0] in NEEDS_NODE:
        ensure_system_tools()
        ensure_node_packages()
    elif argv[0] == "serve":
        if ensure_system_tools(EDITOR_TOOLS, needed_for="The editor at /admin/"):
            ensure_node_packages(required=False)
    elif argv[0] in USES_NODE:
        ensure_node_packages(required=False)
    os.chdir(ROOT)
    return subprocess.call([str(BIN / "invoke"), *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
