"""survey_data: load each survey edition in content/data/<edition>/, check it,
and apply disclosure control, before anything is built.

Each edition is a folder with survey.yaml (the questions) and results.csv (the
counts); docs/writing-charts.md describes both. A mistake stops the build with
a message naming the file, the line and the fix. Everything else on the site
(survey_charts' charts, tables, CSV files and headline numbers) gets only the
disclosure-controlled tables from `published_surveys(settings)`; the true
counts never leave this plugin.

Settings: SETTINGS below (README.md, "Settings").

Pure modules: loading (files -> Survey), survey_yaml and results_csv (what
each file must hold, declared, with the writer's messages), shape (the small
checker survey_yaml's declaration runs on), disclosure (RawTable ->
ControlledTable), flow (the exact check behind secondary suppression),
model (the dataclasses), yamlines (YAML with line numbers).
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pluginkit import PluginSettings, Setting, bad_setting, kinds

from .disclosure import ControlledTable, Count, Row, Status, Thresholds, display  # noqa: F401
from .loading import Problem, SurveyDataError, edition_folders, load_all  # noqa: F401
from .model import PublishedSurvey, SurveyInfo, publish  # noqa: F401


def _thresholds_in_order(values, _settings) -> list[str]:
    count = values["SURVEY_DATA_MIN_COUNT"]
    base = values["SURVEY_DATA_MIN_BASE"]
    caution = values["SURVEY_DATA_CAUTION_BASE"]
    if not count <= base:
        return [
            bad_setting(
                "SURVEY_DATA_MIN_BASE",
                base,
                f"at least SURVEY_DATA_MIN_COUNT ({count}), or a base could show a count it hides",
            )
        ]
    if not base <= caution:
        return [
            bad_setting(
                "SURVEY_DATA_CAUTION_BASE", caution, f"at least SURVEY_DATA_MIN_BASE ({base})"
            )
        ]
    return []


SETTINGS = PluginSettings(
    "survey_data",
    "SURVEY_DATA_",
    Setting(
        "SURVEY_DATA_PATH",
        "data",
        kinds.relative_path().saying("a folder name inside the content folder, like 'data'"),
        "The folder, inside content/, with one folder per survey edition.",
    ),
    Setting(
        "SURVEY_DATA_MIN_BASE",
        10,
        kinds.whole_number(1, 1000),
        "Disclosure control: no percentage or bar from fewer responses than this.",
    ),
    Setting(
        "SURVEY_DATA_MIN_COUNT",
        5,
        kinds.whole_number(1, 1000),
        'Disclosure control: counts from 1 up to this minus one are shown as "<5".',
    ),
    Setting(
        "SURVEY_DATA_CAUTION_BASE",
        30,
        kinds.whole_number(1, 100000),
        'Results from fewer responses than this are marked "Small base".',
    ),
    checks=[_thresholds_in_order],
)


def thresholds_from_settings(settings) -> Thresholds:
    values = SETTINGS.read(settings)
    return Thresholds(
        min_base=values["SURVEY_DATA_MIN_BASE"],
        min_count=values["SURVEY_DATA_MIN_COUNT"],
        caution_base=values["SURVEY_DATA_CAUTION_BASE"],
    )


def data_folder(settings) -> Path:
    return Path(settings["PATH"]) / SETTINGS.read(settings)["SURVEY_DATA_PATH"]


def editions(settings) -> tuple[str, ...]:
    """The names of the survey editions (the data folders that are loaded)."""
    return tuple(folder.name for folder in edition_folders(data_folder(settings)))


def check_settings(settings) -> None:
    SETTINGS.read(settings)


_CACHE: dict = {}


def published_surveys(settings) -> dict[str, PublishedSurvey]:
    """Every edition, checked and disclosure-controlled (once per build).

    Raises SurveyDataError listing every problem in the data."""
    thresholds = thresholds_from_settings(settings)
    folder = data_folder(settings)
    key = (str(folder.resolve()), thresholds)
    if key not in _CACHE:
        surveys, problems = load_all(folder, shown_relative_to=Path.cwd())
        if problems:
            raise SurveyDataError(problems)
        _CACHE.clear()
        _CACHE[key] = {sid: publish(s, thresholds) for sid, s in surveys.items()}
    return _CACHE[key]


def on_initialized(pelican):
    check_settings(pelican.settings)
    _CACHE.clear()  # a new build reads the files again
    published_surveys(pelican.settings)


def register():
    signals.initialized.connect(on_initialized)
