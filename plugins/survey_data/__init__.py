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
ControlledTable: the primary rules), audit (the edition-wide check, an integer
program), secondary (what else to hide, edition-wide),
model (the dataclasses), yamlines (YAML with line numbers).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pluginkit import PluginSettings, Setting, bad_setting, kinds, shown_path

from .audit import group_disclosures
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
    rounding = values["SURVEY_DATA_ROUND_COUNTS_TO"]
    if rounding > 2 * count:
        return [
            bad_setting(
                "SURVEY_DATA_ROUND_COUNTS_TO",
                rounding,
                f"at most twice SURVEY_DATA_MIN_COUNT ({2 * count}), or a count could round to 0",
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
    Setting(
        "SURVEY_DATA_ROUND_COUNTS_TO",
        5,
        kinds.whole_number(1, 20),
        "Disclosure control: published counts and group bases to the nearest this"
        " (1: exact; 5: as NHS Digital). Percentages are worked out from the rounded counts.",
    ),
    Setting(
        "SURVEY_DATA_GROUP_DISCLOSURE",
        "suppress",
        kinds.one_of(["suppress", "warn"]),
        'Disclosure control: a count that is all or none of a group under the "Small base"'
        ' size is hidden ("suppress") or shown with a warning in the build ("warn").',
    ),
    checks=[_thresholds_in_order],
)


def thresholds_from_settings(settings) -> Thresholds:
    values = SETTINGS.read(settings)
    return Thresholds(
        min_base=values["SURVEY_DATA_MIN_BASE"],
        min_count=values["SURVEY_DATA_MIN_COUNT"],
        caution_base=values["SURVEY_DATA_CAUTION_BASE"],
        round_to=values["SURVEY_DATA_ROUND_COUNTS_TO"],
        group_disclosure=values["SURVEY_DATA_GROUP_DISCLOSURE"],
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


log = logging.getLogger(__name__)


def group_warnings(surveys: dict[str, PublishedSurvey]) -> list[str]:
    """With SURVEY_DATA_GROUP_DISCLOSURE = "warn": each count shown that is all
    or none of a small group, as a warning naming the results file."""
    out = []
    for survey in surveys.values():
        if survey.thresholds.group_disclosure != "warn":
            continue
        where = shown_path(survey.info.folder / "results.csv")
        for qid, label, answer, which in group_disclosures(survey.tables, survey.thresholds):
            who = f"the group '{label}'" if label else "everyone who answered"
            out.append(
                f"{where}: question '{qid}': {which} of {who} answered '{answer}', so readers "
                "know how each of them answered. It is published because "
                'SURVEY_DATA_GROUP_DISCLOSURE is "warn"; set it to "suppress" to hide it.'
            )
    return out


def on_initialized(pelican):
    check_settings(pelican.settings)
    _CACHE.clear()  # a new build reads the files again
    for warning in group_warnings(published_surveys(pelican.settings)):
        log.warning(warning)


def register():
    signals.initialized.connect(on_initialized)
