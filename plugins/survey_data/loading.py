"""Load one survey edition (survey.yaml + results.csv) and check everything.

Every mistake is collected (not just the first), each naming the file, the
line (the key in survey.yaml, the row in results.csv) and what to do. What
each file must hold is declared in survey_yaml.py and results_csv.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from pluginkit import Problem, format_problems, suggest
from pluginkit.limits import MAX_RESULTS_BYTES, MAX_SURVEY_BYTES, size_text

from . import yamlines
from .model import QuestionInfo, Survey, SurveyInfo
from .results_csv import check_results
from .survey_yaml import ID_PATTERN, check_survey_yaml

# Problem and suggest are pluginkit's; other plugins may import them from here.
__all__ = ["Problem", "SurveyDataError", "load_all", "load_edition", "suggest"]

SURVEY_FILE = "survey.yaml"
RESULTS_FILE = "results.csv"


class SurveyDataError(Exception):
    """Stops the build; the message lists every problem in the survey data."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(format_problems(self.problems, "in the survey data"))


def _read_texts(folder: Path, show) -> tuple[dict[str, str], list[Problem]]:
    """The text of each of the edition's two files, by name; or why they cannot be read."""
    problems = []
    for name, what in (
        (SURVEY_FILE, "the survey's description and questions"),
        (RESULTS_FILE, "the counts"),
    ):
        if not (folder / name).is_file():
            problems.append(
                Problem(
                    show(folder / name),
                    None,
                    f"is missing. Each survey folder needs {SURVEY_FILE} and {RESULTS_FILE}; "
                    f"this one holds {what}. See docs/writing-charts.md.",
                )
            )
    if problems:
        return {}, problems
    if not ID_PATTERN.match(folder.name):
        message = (
            f"the folder name '{folder.name}' is used in chart blocks and web addresses: use "
            "lower-case letters, digits and hyphens, like state-of-the-sector-2025."
        )
        return {}, [Problem(show(folder), None, message)]
    for name, limit in ((SURVEY_FILE, MAX_SURVEY_BYTES), (RESULTS_FILE, MAX_RESULTS_BYTES)):
        size = (folder / name).stat().st_size
        if size > limit:
            message = (
                f"is {size_text(size)}, more than the {size_text(limit)} a survey's {name} may "
                "be. Check it is the right file: the site's own is a few KB."
            )
            problems.append(Problem(show(folder / name), None, message))
    if problems:
        return {}, problems
    texts = {}
    for name in (SURVEY_FILE, RESULTS_FILE):
        try:
            texts[name] = (folder / name).read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            message = (
                f"is not valid UTF-8 text (byte {error.start}). Save it with the encoding 'UTF-8'."
            )
            return {}, [Problem(show(folder / name), None, message)]
    return texts, []


def default_source(title: str) -> str:
    """The source line of an edition without `source:`: its title, with
    "survey" after it unless the title already says it ("State of the Sector
    Survey 2026" must not become "... Survey 2026 survey")."""
    title = " ".join(title.split())
    if re.search(r"\bsurvey\b", title, re.IGNORECASE):
        return f"Tower Hamlets CVS, {title}"
    return f"Tower Hamlets CVS, {title} survey"


def load_edition(
    folder: Path, shown_relative_to: Path | None = None
) -> tuple[Survey | None, list[Problem]]:
    """Read and check one edition folder; (survey, []) or (None, problems)."""

    def show(path: Path) -> str:
        if shown_relative_to is not None:
            try:
                return path.resolve().relative_to(shown_relative_to.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    survey_path, results_path = folder / SURVEY_FILE, folder / RESULTS_FILE
    texts, problems = _read_texts(folder, show)
    if problems:
        return None, problems
    try:
        data, lines = yamlines.load(texts[SURVEY_FILE])
    except yamlines.YamlError as error:
        return None, [
            Problem(
                show(survey_path),
                error.line,
                str(error),
            )
        ]
    description, problems = check_survey_yaml(data, lines, show(survey_path))
    if description is None:
        return None, problems
    checked, problems = check_results(
        texts[RESULTS_FILE], show(results_path), description, show(survey_path)
    )
    if checked is None:
        return None, problems
    info = SurveyInfo(
        id=folder.name,
        title=description["title"],
        population=description["population"],
        opens=description["opens"],
        closes=description["closes"],
        method=description["method"],
        responses=description["responses"],
        illustrative=description["illustrative"],
        source=description["source"] or default_source(description["title"]),
        questions=tuple(
            QuestionInfo(
                q["id"], q["text"], q["kind"], q["base"], q["answers"], checked[q["id"]][1]
            )
            for q in description["questions"]
        ),
        breakdowns=description["breakdowns"],
        next_release=description["next_release"],
        contact=description["contact"],
        folder=folder,
    )
    tables = {qid: table for qid, (table, _breakdown) in checked.items()}
    return Survey(info, tables), []


def edition_folders(data_folder: Path) -> list[Path]:
    """One sub-folder per edition; those starting with '.' or '_' are set aside."""
    if not data_folder.is_dir():
        return []
    return sorted(
        p for p in data_folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )


def load_all(
    data_folder: Path, shown_relative_to: Path | None = None
) -> tuple[dict[str, Survey], list[Problem]]:
    """Every edition under the data folder (one sub-folder each)."""
    surveys: dict[str, Survey] = {}
    problems: list[Problem] = []
    for folder in edition_folders(data_folder):
        survey, found = load_edition(folder, shown_relative_to)
        problems += found
        if survey is not None:
            surveys[survey.info.id] = survey
    return surveys, problems
