"""What a survey edition is, once loaded and checked.

`Survey` holds the true counts and is used only inside this plugin.
`PublishedSurvey` is what every other part of the site gets: the same
survey, with each question's results as a disclosure-controlled table and
no true counts at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .disclosure import ControlledTable, RawTable, Thresholds
from .secondary import control_edition


@dataclass(frozen=True)
class Breakdown:
    id: str
    name: str  # e.g. "annual income", used in sentences: "by annual income"
    groups: tuple[str, ...]


@dataclass(frozen=True)
class QuestionInfo:
    id: str
    text: str  # the exact wording
    kind: str  # single | multi
    base: str  # who was asked, in words
    answers: tuple[str, ...]
    breakdown: Breakdown | None = None


@dataclass(frozen=True)
class SurveyInfo:
    id: str  # the folder name, e.g. state-of-the-sector-2025
    title: str
    population: str
    opens: dt.date
    closes: dt.date
    method: str
    responses: int
    illustrative: bool
    source: str
    questions: tuple[QuestionInfo, ...]
    breakdowns: tuple[Breakdown, ...]
    folder: Path
    # When the next edition's findings come out (a day, or words such as
    # "March 2027"), and whom to ask about these statistics; None if unsaid.
    next_release: dt.date | str | None = None
    contact: str | None = None

    def question(self, question_id: str) -> QuestionInfo | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def breakdown(self, breakdown_id: str) -> Breakdown | None:
        for breakdown in self.breakdowns:
            if breakdown.id == breakdown_id:
                return breakdown
        return None


@dataclass(frozen=True)
class Survey:
    info: SurveyInfo
    raw: dict[str, RawTable]  # question id -> true counts


@dataclass(frozen=True)
class PublishedSurvey:
    info: SurveyInfo
    tables: dict[str, ControlledTable]
    thresholds: Thresholds

    @property
    def id(self) -> str:
        return self.info.id

    def table(self, question_id: str) -> ControlledTable:
        return self.tables[question_id]


def publish(survey: Survey, thresholds: Thresholds) -> PublishedSurvey:
    """The survey as the site may show it: every table controlled, once."""
    tables = control_edition(survey.raw, thresholds)
    return PublishedSurvey(survey.info, tables, thresholds)
