"""Settings declared once per plugin, checked once at start-up.

Each plugin lists its settings in one place:

    SETTINGS = PluginSettings(
        "related_posts",
        "RELATED_POSTS_",
        Setting("RELATED_POSTS_MAX", 3, kinds.whole_number(1, 10, "of posts"),
                "How many related posts to list under a post."),
    )

and reads them, checked, with `SETTINGS.read(pelican.settings)` (in its
`initialized` receiver, so a bad value stops the build before any work):
a dict of every declared name to its value, the default filled in.

Every problem is collected before the build stops (as mkdocs does), each
naming the plugin, the setting, the value and what was expected. A key that
starts with the plugin's prefix but is not declared is refused, with the
nearest real name: `SURVEY_CHARTS_WIDHT` is a typo, not a new setting.
`renamed` maps old names to new ones, refused with a pointer to the new name.
`checks` are the rules between settings (or with Pelican's own, such as
PATH): functions `check(values, settings) -> list of problems`, run once
every value has the right kind; `bad_setting()` words a problem.

The declarations are also the documentation: tests/unit/test_plugin_settings.py
checks that every declared setting is in README.md's settings table.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .kinds import Kind


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    kind: Kind
    doc: str


def bad_setting(name: str, value: object, expected: str) -> str:
    """The sentence for one bad setting, as every plugin says it."""
    return f"setting {name} = {value!r}: expected {expected}."


# values (every declared setting, default filled in) and all the settings -> problems
Check = Callable[[dict[str, object], Mapping], list[str]]


class SettingsError(Exception):
    """Stops the build at start-up; the message names every bad setting."""

    def __init__(self, plugin: str, problems: list[str]):
        self.plugin = plugin
        self.problems = problems
        if len(problems) == 1:
            message = f"{plugin}: {problems[0]}"
        else:
            message = f"{plugin}: {len(problems)} problems in the settings:\n" + "\n".join(
                f"  {problem}" for problem in problems
            )
        super().__init__(message)


class PluginSettings:
    """One plugin's settings: its name (for messages), its prefix, and each setting."""

    def __init__(
        self,
        plugin: str,
        prefix: str,
        *settings: Setting,
        renamed: Mapping[str, str] | None = None,
        checks: Sequence[Check] = (),
    ):
        outside = [s.name for s in settings if not s.name.startswith(prefix)]
        if outside:
            raise ValueError(f"{plugin}: {outside} do not start with the prefix {prefix!r}")
        self.plugin = plugin
        self.prefix = prefix
        self.settings = tuple(settings)
        self.renamed = dict(renamed or {})
        self.checks = tuple(checks)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(setting.name for setting in self.settings)

    def defaults(self) -> dict[str, object]:
        return {setting.name: setting.default for setting in self.settings}

    def problems(self, values: Mapping) -> list[str]:
        """Every problem with these settings, as sentences (empty when all is well)."""
        found = []
        for old, new in self.renamed.items():
            if old in values:
                found.append(f"setting {old} is now called {new}: rename it in the settings file.")
        for key in sorted(k for k in values if isinstance(k, str) and k.startswith(self.prefix)):
            if key in self.names:
                continue
            close = difflib.get_close_matches(key, self.names, n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]}?" if close else ""
            found.append(
                f"setting {key} is not a setting of this plugin.{hint} "
                f"Its settings are: {', '.join(self.names)}."
            )
        kinds_ok = True
        for setting in self.settings:
            value = values.get(setting.name, setting.default)
            if not setting.kind.accepts(value):
                kinds_ok = False
                found.append(bad_setting(setting.name, value, setting.kind.expected))
        if kinds_ok:
            # The rules between settings can trust each value's kind.
            chosen = self._chosen(values)
            for check in self.checks:
                found.extend(check(chosen, values))
        return found

    def _chosen(self, values: Mapping) -> dict[str, object]:
        return {
            setting.name: values.get(setting.name, setting.default) for setting in self.settings
        }

    def read(self, values: Mapping) -> dict[str, object]:
        """The declared settings, defaults filled in; SettingsError on any problem."""
        problems = self.problems(values)
        if problems:
            raise SettingsError(self.plugin, problems)
        return self._chosen(values)
