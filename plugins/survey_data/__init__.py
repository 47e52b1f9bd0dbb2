"""survey_data: load each survey edition in content/data/<edition>/, check it,
and apply disclosure control, before anything is built.

Each edition is a folder with survey.yaml (the questions) and results.csv (the
counts); docs/writing-charts.md describes both. A mistake stops the build with
a message naming the file, the line and the fix. Everything else on the site
(survey_charts' charts, tables, CSV files and headline numbers) gets only the
disclosure-controlled tables from `published_surveys(settings)`; the true
counts never leave this plugin.

Settings (checked when Pelican starts):
  SURVEY_DATA_PATH          folder of survey editions, inside the content folder ("data")
  SURVEY_DATA_MIN_BASE      no percentage or bar from a base under this (10)
  SURVEY_DATA_MIN_COUNT     counts from 1 to this minus one are shown as "<5" (5)
  SURVEY_DATA_CAUTION_BASE  bases under this are flagged "Small base" (30)

Pure modules: loading (files -> Survey), survey_yaml and results_csv (what
each file must hold, declared, with the writer's messages), shape (the small
checker survey_yaml's declaration runs on), disclosure (RawTable ->
ControlledTable), flow (the exact check behind secondary suppression),
model (the dataclasses), yamlines (YAML with line numbers).
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from .disclosure import ControlledTable, Count, Row, Status, Thresholds, display  # noqa: F401
from .loading import Problem, SurveyDataError, load_all  # noqa: F401
from .model import PublishedSurvey, SurveyInfo, publish  # noqa: F401

DEFAULTS = {
    "SURVEY_DATA_PATH": "data",
    "SURVEY_DATA_MIN_BASE": 10,
    "SURVEY_DATA_MIN_COUNT": 5,
    "SURVEY_DATA_CAUTION_BASE": 30,
}


class SurveyDataSettingsError(Exception):
    pass


def _setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def _whole(settings, key, low, high) -> int:
    value = _setting(settings, key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SurveyDataSettingsError(
            f"survey_data: setting {key} = {value!r}: expected a whole number from {low} to {high}."
        )
    return value


def thresholds_from_settings(settings) -> Thresholds:
    min_count = _whole(settings, "SURVEY_DATA_MIN_COUNT", 1, 1000)
    min_base = _whole(settings, "SURVEY_DATA_MIN_BASE", 1, 1000)
    caution = _whole(settings, "SURVEY_DATA_CAUTION_BASE", 1, 100000)
    if not min_count <= min_base:
        raise SurveyDataSettingsError(
            f"survey_data: setting SURVEY_DATA_MIN_BASE = {min_base!r}: expected at least "
            f"SURVEY_DATA_MIN_COUNT ({min_count}), or a base could show a count it hides."
        )
    if not min_base <= caution:
        raise SurveyDataSettingsError(
            f"survey_data: setting SURVEY_DATA_CAUTION_BASE = {caution!r}: expected at least "
            f"SURVEY_DATA_MIN_BASE ({min_base})."
        )
    return Thresholds(min_base=min_base, min_count=min_count, caution_base=caution)


def data_folder(settings) -> Path:
    value = _setting(settings, "SURVEY_DATA_PATH")
    if (
        not isinstance(value, str)
        or not value.strip()
        or Path(value).is_absolute()
        or ".." in Path(value).parts
    ):
        raise SurveyDataSettingsError(
            f"survey_data: setting SURVEY_DATA_PATH = {value!r}: expected a folder name inside "
            "the content folder, like 'data'."
        )
    return Path(settings["PATH"]) / value


def check_settings(settings) -> None:
    thresholds_from_settings(settings)
    data_folder(settings)


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
