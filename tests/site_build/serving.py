"""`invoke serve` running in a copy of the project, as a writer starts it, for
the tests that talk to the real server (test_serve_real.py,
test_serve_browser.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

POST = "content/posts/2026-11-24-co-production.md"
POST_URL = "/2026/11/co-production-rhetoric-and-practice/"
# A chart block whose one line is not 'key: value': the chart checks name its
# line. In a preview the post is then left out (the rest still builds).
BAD_CHART = "\n```chart\nfoo: bar: baz\n```\n"
# A misspelt key in the survey data: no post can be left out for it, so the
# preview's rebuild fails, naming survey.yaml and the line.
DATA = "content/data/state-of-the-sector-2025/survey.yaml"
BAD_DATA = "responsess: 132\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Serving:
    """`invoke serve --port PORT …` in `project`, its output in a file. Stop it
    with stop() (its own process group: the server and the builds it runs)."""

    def __init__(self, project: Path, *args: str, port: int | None = None):
        self.project = project
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = project.parent / f"serve-{self.port}.log"
        invoke = Path(sys.executable).parent / "invoke"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(invoke), "serve", "--port", str(self.port), *args],
                cwd=project,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                start_new_session=True,
            )

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, text: str, after: int = 0, limit: float = 300) -> str:
        """The log once `text` is in it (past the first `after` characters)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            log = self.log
            if text in log[after:]:
                return log
            if self.process.poll() is not None:
                raise AssertionError(f"invoke serve stopped:\n{self.log}")
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not in the log after {limit} s:\n{self.log}")

    def edit(self, path: str, text: str) -> int:
        """Save `text` as `path` (relative to the project), as an editor
        would; returns where the log was, for wait_for(after=…)."""
        mark = len(self.log)
        (self.project / path).write_text(text, encoding="utf-8")
        return mark

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(30)
