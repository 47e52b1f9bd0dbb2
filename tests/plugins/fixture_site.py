"""The middle tier of tests: one plugin (or a few) in a real Pelican, on a
tiny site written by the test, as pelican-plugins' own tests do.

    result = build_fixture_site(
        tmp_path,
        plugins=["related_posts"],
        files={"posts/a.md": "Title: A\\nDate: 2026-01-01\\n\\nText."},
        settings={"RELATED_POSTS_MAX": 2},
    )
    assert result.ok, result.log
    html = (result.output / "a.html").read_text()

Pelican runs in a child process: plugins connect to Pelican's signals, which
are process-wide, so a plugin loaded by one test would otherwise still run in
the next test's build. The theme is the site's own unless `theme` says
otherwise (Pelican's "simple" theme is the smallest).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from buildtools.build import pelican_command

ROOT = Path(__file__).resolve().parents[2]

# What every fixture site starts from: Pelican's own feeds off (as the site
# has them), no dates from file names, files written where they are read.
BASE_SETTINGS = {
    "SITENAME": "Fixture site",
    "SITEURL": "",
    "SITE_DEV_URL": "http://127.0.0.1:8000",
    "TIMEZONE": "Europe/London",
    "DEFAULT_LANG": "en-GB",
    "FEED_ALL_ATOM": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "FILENAME_METADATA": "",
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
    "PLUGIN_PATHS": [str(ROOT / "plugins")],
}


@dataclass
class FixtureBuild:
    ok: bool
    output: Path
    log: str


def build_fixture_site(
    tmp_path: Path,
    plugins: list[str],
    files: dict[str, str | bytes],
    settings: dict | None = None,
    theme: str | Path = "simple",
) -> FixtureBuild:
    """Write `files` under tmp_path/content, build with `plugins` and
    `settings` (on top of BASE_SETTINGS) into tmp_path/output, warnings fatal."""
    content = tmp_path / "content"
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    content.mkdir(parents=True, exist_ok=True)
    output = tmp_path / "output"
    merged = {**BASE_SETTINGS, "PLUGINS": plugins, **(settings or {})}
    if theme != "simple":
        merged["THEME"] = str(theme)
    settings_file = tmp_path / "fixtureconf.py"
    # JSON is valid Python for these values, apart from true/false/null.
    settings_file.write_text(
        "import json\nimport sys\n"
        # As pelicanconf.py does: plugins import pluginkit by name.
        + f"sys.path.append({str(ROOT / 'plugins')!r})\n"
        + "\n".join(
            f"{key} = json.loads({json.dumps(json.dumps(value))})" for key, value in merged.items()
        )
        + "\n",
        encoding="utf-8",
    )
    # The same command as every build of the site (warnings fatal).
    command = pelican_command(settings_file, output, content=content)
    if theme == "simple":
        command += ["--theme-path", "simple"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    return FixtureBuild(done.returncode == 0, output, done.stdout + done.stderr)
