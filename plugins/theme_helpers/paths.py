"""Addresses of files in the output, for the theme. Pure."""

from __future__ import annotations

from urllib.parse import urlsplit


def site_path(path: str, siteurl: str = "") -> str:
    """The root-relative address of `path` (a file in the output, such as
    "charts/x.png"): SITEURL's own path, if any, then the file's. A page
    loads it from whichever host serves it (the Content-Security-Policy's
    'self' matches), so "https://www.thcvs.org.uk" gives "/charts/x.png" and
    "https://example.org/cvs/" gives "/cvs/charts/x.png"."""
    root = urlsplit(siteurl or "").path.rstrip("/")
    return f"{root}/{str(path).lstrip('/')}"
