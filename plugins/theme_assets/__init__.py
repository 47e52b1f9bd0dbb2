"""theme_assets: the `asset_url()` Jinja global, the address of a theme file.

Templates call it for every file of theme/static they load:

    <link rel="stylesheet" href="{{ asset_url('css/site.css') }}">

- In development it is the file's usual address, SITEURL/theme/css/site.css.
- In production (THEME_ASSETS_HASHED = True, in publishconf.py) it is a copy
  whose name carries a hash of its content, /assets/theme/css/site.3ae1aea63ec0.css,
  written into the output the first time a page asks for it. A changed file
  gets a new name, so the web server lets browsers keep THEME_ASSETS_FOLDER
  for a year (deploy/nginx.conf, deploy/_headers). The address is
  root-relative, so a page loads it from whichever origin serves it (and the
  Content-Security-Policy's 'self' matches). Pelican still copies the original
  to /theme/, where feeds and shared links find it.

Either way a file that is not in the theme, or that would break when copied
to another folder (a stylesheet with url(), a script with a relative import),
stops the build with a message saying what to do (naming.py has the rules).

Settings (declared in SETTINGS below, checked when Pelican starts):
  THEME_ASSETS_HASHED   True: hashed copies (production); False: plain addresses
  THEME_ASSETS_FOLDER   where the copies go in the output (default "assets")
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pluginkit import PluginSettings, Setting, kinds, suggest

from .naming import hashed_name, loads_other_files

SETTINGS = PluginSettings(
    "theme_assets",
    "THEME_ASSETS_",
    Setting(
        "THEME_ASSETS_HASHED",
        False,
        kinds.flag(),
        "True (production): pages load content-hashed copies from THEME_ASSETS_FOLDER.",
    ),
    Setting(
        "THEME_ASSETS_FOLDER",
        "assets",
        kinds.relative_path(),
        "Where the hashed copies go in the output; the web server caches it for a year.",
    ),
)


class ThemeAssetError(Exception):
    """A template asked for a file the theme cannot serve as asked."""


class ThemeAssets:
    """asset_url() for one generator's templates (each has its own Jinja
    environment); remembers each answer, so a file is read once per generator."""

    def __init__(self, settings, output_path):
        values = SETTINGS.read(settings)
        self.hashed = values["THEME_ASSETS_HASHED"]
        self.folder = values["THEME_ASSETS_FOLDER"].strip("/")
        self.static_dir = settings.get("THEME_STATIC_DIR", "theme").strip("/")
        # Pelican copies each of these folders' contents to THEME_STATIC_DIR,
        # later ones over earlier ones.
        self.sources = [
            Path(settings["THEME"]) / path
            for path in settings.get("THEME_STATIC_PATHS", ["static"])
        ]
        self.siteurl = (settings.get("SITEURL") or "").rstrip("/")
        self.output = Path(output_path)
        self._urls: dict[str, str] = {}

    def url(self, path: str) -> str:
        """The Jinja global: the address of theme/static/<path>."""
        if path not in self._urls:
            source = self._source(path)
            self._urls[path] = self.url_for(path, source.read_bytes(), _shown(source))
        return self._urls[path]

    def url_for(self, path: str, data: bytes, shown: str = "") -> str:
        """The address pages load `data` from, where Pelican (or a plugin) also
        writes it as THEME_STATIC_DIR/<path>. For plugins that write such files
        themselves, such as survey_charts' scripts for interactive charts."""
        # Checked in development too, so the problem shows before publishing.
        reason = loads_other_files(path, data)
        if reason:
            raise ThemeAssetError(f"theme_assets: {shown or path}: {reason}.")
        if not self.hashed:
            return f"{self.siteurl}/{self.static_dir}/{path}"
        site_path = f"{self.folder}/{self.static_dir}/{hashed_name(path, data)}"
        _write_once(self.output / site_path, data)
        return f"{urlsplit(self.siteurl).path}/{site_path}"

    def _source(self, path: str) -> Path:
        if isinstance(path, str) and not path.startswith("/") and ".." not in path.split("/"):
            for folder in reversed(self.sources):
                if (folder / path).is_file():
                    return folder / path
        known = sorted(
            p.relative_to(folder).as_posix()
            for folder in self.sources
            for p in folder.rglob("*")
            if p.is_file()
        )
        folders = ", ".join(_shown(folder) for folder in self.sources)
        raise ThemeAssetError(
            f"theme_assets: asset_url({path!r}) in a template: there is no such file in "
            f"{folders}.{suggest(path, known)} Give the file's path inside that folder, "
            "such as 'css/site.css'."
        )


def _shown(path: Path) -> str:
    """A path as the person building sees it: relative to where they are."""
    return os.path.relpath(path)


def _write_once(target: Path, data: bytes) -> None:
    if target.exists():
        return  # the name is the content's hash: the file there is this one
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so a build killed mid-write never leaves a
    # truncated file under a name that says it is complete.
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, target)


def check_settings(pelican):
    SETTINGS.read(pelican.settings)


def add_global(generator):
    generator.env.globals["asset_url"] = ThemeAssets(generator.settings, generator.output_path).url


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_global)
