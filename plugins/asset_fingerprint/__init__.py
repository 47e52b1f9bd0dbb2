"""asset_fingerprint: content-hashed copies of static assets, production only.

Enabled in publishconf.py only. When Pelican has written everything
(`finalized`), copies every stylesheet, script, image, icon, font and chart
file the pages load to ASSET_FINGERPRINT_FOLDER with a content hash in its
name, and points the pages at the copies, so a web server can let browsers
cache them for a year (deploy/nginx.conf, deploy/_headers). The originals
stay where they were; feeds and links people share keep their names.
The logic is in urls.py (pure) and folder.py (the folder walk).

Settings (checked when Pelican starts):
  ASSET_FINGERPRINT_FOLDER      where hashed copies go (default "assets"); the
                                web server's long-cache rule names it too
  ASSET_FINGERPRINT_EXTENSIONS  file types that get hashed copies (default:
                                css js mjs svg png jpg jpeg gif webp avif ico
                                woff woff2 ttf otf; never html, xml, json or csv)
"""

from __future__ import annotations

import logging
import re

from pelican import signals

from .folder import DEFAULT_EXTENSIONS, DEFAULT_FOLDER, FingerprintError, fingerprint_folder  # noqa: F401

logger = logging.getLogger(__name__)

# Documents are rewritten, never hashed; data files keep stable, citable names.
NEVER = {"html", "htm", "xml", "json", "csv", "txt"}
_FOLDER = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
_EXTENSION = re.compile(r"^[a-z0-9]+$")


class AssetFingerprintSettingsError(Exception):
    pass


def check_settings(settings) -> dict:
    folder = settings.get("ASSET_FINGERPRINT_FOLDER", DEFAULT_FOLDER)
    if not isinstance(folder, str) or not _FOLDER.match(folder) or ".." in folder.split("/"):
        raise AssetFingerprintSettingsError(
            f"asset_fingerprint: setting ASSET_FINGERPRINT_FOLDER = {folder!r}: expected a "
            "folder inside the output such as 'assets' (letters, digits, '-', '_', '.', '/'; "
            "no leading '/' or '.')."
        )
    extensions = settings.get("ASSET_FINGERPRINT_EXTENSIONS", DEFAULT_EXTENSIONS)
    if isinstance(extensions, str) or not isinstance(extensions, (list, tuple)) or not extensions:
        raise AssetFingerprintSettingsError(
            f"asset_fingerprint: setting ASSET_FINGERPRINT_EXTENSIONS = {extensions!r}: expected "
            "a non-empty list of file extensions without dots, such as ['css', 'png']."
        )
    for ext in extensions:
        if not isinstance(ext, str) or not _EXTENSION.match(ext):
            raise AssetFingerprintSettingsError(
                f"asset_fingerprint: setting ASSET_FINGERPRINT_EXTENSIONS has {ext!r}: expected "
                "a lower-case file extension without a dot, such as 'css'."
            )
        if ext in NEVER:
            raise AssetFingerprintSettingsError(
                f"asset_fingerprint: setting ASSET_FINGERPRINT_EXTENSIONS has {ext!r}: expected "
                f"only static asset types; {', '.join(sorted(NEVER))} files keep their names "
                "(pages and feeds are rewritten, data files are cited by their address)."
            )
    return {"folder": folder, "extensions": tuple(extensions)}


def check_at_start(pelican):
    check_settings(pelican.settings)


def fingerprint_output(pelican):
    values = check_settings(pelican.settings)
    # A FingerprintError raised here stops the build (exit 1) with its message.
    report = fingerprint_folder(
        pelican.output_path,
        pelican.settings.get("SITEURL", ""),
        folder=values["folder"],
        extensions=values["extensions"],
    )
    logger.info(report.summary(values["folder"]))


def register():
    signals.initialized.connect(check_at_start)
    signals.finalized.connect(fingerprint_output)
