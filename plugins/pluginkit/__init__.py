"""pluginkit: what this site's plugins share. Not a plugin (no register()).

- settings:  each plugin declares its settings once (name, kind, default,
             one-line doc) and checks them at start-up with one call;
- problems:  a writer's mistake as file, line and message, "did you mean",
             and the "N problems" summary every check prints;
- site:      the site's absolute address in production and development.

Plugins import it by name, `from pluginkit import Setting, PluginSettings, kinds`:
pelicanconf.py puts plugins/ on the import path (Pelican loads plugins from
PLUGIN_PATHS but does not add it to the path), as tests/conftest.py and
tests/plugins/fixture_site.py do.
"""

from __future__ import annotations

from . import kinds
from .problems import Problem, format_problems, shown_path, suggest
from .settings import PluginSettings, Setting, SettingsError, bad_setting
from .site import CONTENT_LISTS, site_url

__all__ = [
    "CONTENT_LISTS",
    "PluginSettings",
    "Problem",
    "Setting",
    "SettingsError",
    "bad_setting",
    "format_problems",
    "kinds",
    "shown_path",
    "site_url",
    "suggest",
]
