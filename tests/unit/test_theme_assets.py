"""theme_assets: the pure naming rules, and the settings it refuses."""

from __future__ import annotations

import hashlib
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pluginkit import SettingsError
from theme_assets import SETTINGS, ThemeAssetError, ThemeAssets
from theme_assets.naming import HASH_LENGTH, hashed_name, loads_other_files

segment = st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=8)
theme_path = st.builds(
    lambda dirs, stem, ext: "/".join([*dirs, f"{stem}.{ext}"]),
    st.lists(segment, max_size=3),
    segment,
    st.sampled_from(["css", "js", "svg", "png", "woff2"]),
)


def test_hashed_name_example():
    data = b"body { color: #0b0c0c; }\n"
    digest = hashlib.sha256(data).hexdigest()[:12]
    assert hashed_name("css/site.css", data) == f"css/site.{digest}.css"
    assert hashed_name("favicon.ico", b"") == "favicon.e3b0c44298fc.ico"
    assert hashed_name("js/vendor/vega.min.js", b"x").startswith("js/vendor/vega.min.")
    with pytest.raises(ValueError, match="no file extension"):
        hashed_name("LICENSE", b"x")
    with pytest.raises(ValueError, match="no file extension"):
        hashed_name("css/.hidden", b"x")


@settings(max_examples=60, deadline=None)
@given(theme_path, st.binary(max_size=64), st.binary(max_size=64))
def test_hashed_name_keeps_folder_and_type_and_changes_with_content(path, one, two):
    new = hashed_name(path, one)
    assert new.rpartition("/")[0] == path.rpartition("/")[0]
    stem, digest, ext = new.rpartition("/")[2].rsplit(".", 2)
    assert f"{stem}.{ext}" == path.rpartition("/")[2]
    assert digest == hashlib.sha256(one).hexdigest()[:HASH_LENGTH]
    assert (hashed_name(path, two) == new) == (digest == hashlib.sha256(two).hexdigest()[:12])


@pytest.mark.parametrize(
    "path, text, refused",
    [
        ("css/site.css", "body { margin: 0; }", False),
        ("css/site.css", ".a { background: url(data:image/svg+xml;base64,AAAA); }", False),
        ("css/site.css", ".a { background: url('data:image/png;base64,AA'); }", False),
        ("css/site.css", ".a { background: url(../images/a.svg); }", True),
        ("css/site.css", '.a { background: URL( "/images/a.svg" ); }', True),
        ("css/site.css", '@import "parts.css";', True),
        ("js/search.js", 'import(form.dataset.bundle + "pagefind.js")', False),
        ("js/search.js", 'import { a } from "./a.js";', True),
        ("js/search.js", 'const m = await import("../lib/m.js");', True),
        ("js/app.mjs", "import {a} from '/theme/js/a.js';", False),
        ("images/favicon.svg", '<svg><use href="sprite.svg#a"/></svg>', False),
    ],
)
def test_loads_other_files(path, text, refused):
    reason = loads_other_files(path, text.encode("utf-8"))
    assert bool(reason) == refused
    if refused:
        assert "wrong folder" in reason


def test_the_settings_are_checked_and_named():
    assert SETTINGS.read({}) == {"THEME_ASSETS_HASHED": False, "THEME_ASSETS_FOLDER": "assets"}
    with pytest.raises(SettingsError) as info:
        SETTINGS.read(
            {"THEME_ASSETS_HASHED": "yes", "THEME_ASSETS_FOLDER": "/assets", "THEME_ASSETS_DIR": 1}
        )
    message = str(info.value)
    assert message.startswith("theme_assets: 3 problems in the settings:")
    assert "THEME_ASSETS_HASHED = 'yes': expected True or False" in message
    assert "THEME_ASSETS_FOLDER = '/assets': expected a relative path" in message
    assert (
        "THEME_ASSETS_DIR is not a setting of this plugin. Did you mean THEME_ASSETS_FOLDER?"
        in (message)
    )


def test_url_for_a_file_a_plugin_writes_itself(tmp_path):
    """What survey_charts would call for its scripts (written by the plugin,
    not in the theme): the same addresses asset_url() gives theme files."""
    settings = {"THEME": str(tmp_path / "theme"), "SITEURL": "https://example.org/sub"}
    data = b"console.log('chart');\n"
    digest = hashlib.sha256(data).hexdigest()[:12]

    hashed = ThemeAssets({**settings, "THEME_ASSETS_HASHED": True}, tmp_path / "out")
    url = hashed.url_for("js/charts.js", data)
    assert url == f"/sub/assets/theme/js/charts.{digest}.js"
    assert (tmp_path / "out" / url.removeprefix("/sub/")).read_bytes() == data

    plain = ThemeAssets(settings, tmp_path / "dev")
    assert plain.url_for("js/charts.js", data) == "https://example.org/sub/theme/js/charts.js"
    assert not (tmp_path / "dev").exists()
    with pytest.raises(ThemeAssetError, match="js/charts.js: the script imports other files"):
        plain.url_for("js/charts.js", b'import "./vega.js";')
