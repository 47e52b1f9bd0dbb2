"""Settings declared once per plugin (pluginkit), and documented: every declared
setting is in README.md's "Settings" table, as Datasette checks its own."""

from __future__ import annotations

import importlib
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from pluginkit import PluginSettings, Setting, SettingsError, bad_setting, kinds

from tests.conftest import ROOT


def _plugins() -> list[str]:
    from pelican.settings import read_settings

    # publishconf.py: every plugin pelicanconf.py has, and the production-only ones.
    return list(read_settings(str(ROOT / "publishconf.py"))["PLUGINS"])


def _declarations() -> list[PluginSettings]:
    found = []
    for name in _plugins():
        found.append(importlib.import_module(name).SETTINGS)
    return found


def _readme_table_names() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def test_every_plugin_in_the_site_declares_its_settings():
    declared = {settings.plugin for settings in _declarations()}
    assert declared == set(_plugins())


def test_every_declared_setting_is_in_the_readme_table():
    documented = _readme_table_names()
    missing = [
        setting.name
        for settings in _declarations()
        for setting in settings.settings
        if setting.name not in documented
    ]
    assert missing == [], "add these to README.md's Settings table"


def test_every_prefixed_name_in_the_readme_table_is_declared():
    declarations = _declarations()
    declared = {name for settings in declarations for name in settings.names}
    prefixes = tuple(settings.prefix for settings in declarations)
    stray = sorted(
        name for name in _readme_table_names() if name.startswith(prefixes) and name not in declared
    )
    assert stray == [], "README.md documents settings no plugin has"


def test_each_setting_has_a_one_line_doc():
    for settings in _declarations():
        for setting in settings.settings:
            assert setting.doc.strip() and "\n" not in setting.doc, setting.name


@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_the_sites_own_settings_pass_every_declaration(conf, monkeypatch):
    from pelican.settings import read_settings

    monkeypatch.chdir(ROOT)  # paths in the settings are relative to the project
    values = read_settings(str(ROOT / conf))
    problems = [(s.plugin, p) for s in _declarations() for p in s.problems(values)]
    assert problems == []


# -- pluginkit's settings and kinds --------------------------------------------------

DEMO = PluginSettings(
    "demo",
    "DEMO_",
    Setting("DEMO_LOW", 1, kinds.whole_number(0, 10), "The low one."),
    Setting("DEMO_HIGH", 5, kinds.whole_number(0, 10), "The high one."),
    renamed={"OLD_HIGH": "DEMO_HIGH"},
    checks=[
        lambda values, _settings: (
            []
            if values["DEMO_LOW"] <= values["DEMO_HIGH"]
            else [bad_setting("DEMO_HIGH", values["DEMO_HIGH"], "at least DEMO_LOW")]
        )
    ],
)


def test_defaults_fill_in_and_every_problem_is_collected():
    assert DEMO.read({}) == {"DEMO_LOW": 1, "DEMO_HIGH": 5}
    with pytest.raises(SettingsError) as caught:
        DEMO.read({"DEMO_LOW": "x", "DEMO_HIHG": 3, "OLD_HIGH": 4})
    message = str(caught.value)
    assert message.startswith("demo: 3 problems in the settings:\n")
    assert "setting OLD_HIGH is now called DEMO_HIGH: rename it in the settings file." in message
    assert "setting DEMO_HIHG is not a setting of this plugin. Did you mean DEMO_HIGH?" in message
    assert "setting DEMO_LOW = 'x': expected a whole number from 0 to 10." in message


def test_rules_between_settings_run_once_each_value_has_its_kind():
    with pytest.raises(SettingsError, match=r"^demo: setting DEMO_HIGH = 0: expected at least"):
        DEMO.read({"DEMO_LOW": 3, "DEMO_HIGH": 0})
    # A value of the wrong kind is reported alone: the rule would only repeat it.
    assert len(DEMO.problems({"DEMO_LOW": "3", "DEMO_HIGH": 0})) == 1


@pytest.mark.parametrize(
    "value,ok",
    [
        ("https://forms.example.org/s", True),
        ("http://forms.example.org/s", False),
        ("https://", False),
        ("https://forms.example.org/a b", False),
        ("", False),
        (7, False),
    ],
)
def test_https_url(value, ok):
    assert kinds.https_url().accepts(value) is ok
    assert kinds.https_url(empty=True).accepts(value) is (ok or value == "")


def test_date_time_is_read_in_the_given_zone_unless_it_has_an_offset():
    london = ZoneInfo("Europe/London")
    assert kinds.date_time_value("2026-07-01T09:00", london) == datetime(
        2026, 7, 1, 8, 0, tzinfo=UTC
    )
    assert kinds.date_time_value("2026-07-01T09:00+00:00", london) == datetime(
        2026, 7, 1, 9, 0, tzinfo=UTC
    )
    for bad in ("2026-07-01", "01/07/2026 09:00", "2026-13-01T09:00", None, 3):
        assert kinds.date_time_value(bad, london) is None
        assert not kinds.date_time().accepts(bad)
    assert kinds.date_time(empty=True).accepts("") and kinds.date_time(empty=True).accepts(None)


def test_a_kind_can_be_said_in_a_settings_own_words():
    kind = kinds.text_list().saying("a list of category names")
    assert kind.expected == "a list of category names"
    assert kind.accepts(["News"]) and not kind.accepts("News")
