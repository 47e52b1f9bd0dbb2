"""results.csv, declared: its columns, the checks on each row, and the checks
on each question's rows together.

Each list of checks runs in order and stops at the first that finds a
problem: a row with an unknown question is not also called a bad count, and
a question missing a row is not also said not to add up. Every row and every
question is checked, so the writer sees every mistake at once.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from pluginkit import Problem, suggest
from pluginkit.limits import MAX_CSV_PROBLEMS

from .disclosure import RawTable
from .model import Breakdown
from .survey_yaml import RESPONDENTS_ROW

COLUMNS = ("question", "answer", "count", "group")
REQUIRED_COLUMNS = ("question", "answer", "count")  # group is only for a breakdown


# A count longer than this is no survey's (and Python will not read 4,300 digits).
MAX_COUNT_DIGITS = 9


@dataclass(frozen=True)
class Row:
    line: int
    question: str
    answer: str
    count_text: str
    group: str  # "" for the overall results

    @property
    def count(self) -> int | None:
        text = self.count_text.strip()
        whole = re.fullmatch(r"[+-]?\d+", text) and len(text.lstrip("+-")) <= MAX_COUNT_DIGITS
        return int(text) if whole else None


@dataclass
class _File:
    """What the row checks need: the survey's questions and breakdowns, and the rows so far."""

    description: dict
    cells: dict = field(default_factory=dict)  # (question id, group, answer) -> (count, line)
    refused: set = field(default_factory=set)  # questions with a refused row: not checked further

    @cached_property
    def questions(self) -> dict[str, dict]:
        return {q["id"]: q for q in self.description["questions"]}

    def refuse(self, question: str) -> None:
        """Set the question aside, so it is not also called incomplete; a misspelt
        question id was meant for the nearest one, so set that aside too."""
        self.refused.add(question)
        if question not in self.questions:
            self.refused.update(difflib.get_close_matches(question, self.questions, 1, 0.6))

    @cached_property
    def breakdown_of_group(self) -> dict[str, Breakdown]:
        return {g: b for b in self.description["breakdowns"] for g in b.groups}


# Checks on one row: each returns what is wrong, or None.


def _question_known(row: Row, file: _File) -> str | None:
    if row.question not in file.questions:
        hint = suggest(row.question, file.questions)
        return (
            f"question '{row.question}' is not in survey.yaml.{hint} "
            "Check the spelling, or add the question to survey.yaml."
        )
    return None


def _answer_known(row: Row, file: _File) -> str | None:
    answers = file.questions[row.question]["answers"]
    if row.answer != RESPONDENTS_ROW and row.answer not in answers:
        return (
            f"'{row.answer}' is not an answer to question '{row.question}'."
            f"{suggest(row.answer, answers)} The answers in survey.yaml are: {', '.join(answers)}."
        )
    return None


def _group_known(row: Row, file: _File) -> str | None:
    if row.group and row.group not in file.breakdown_of_group:
        known = list(file.breakdown_of_group)
        todo = (
            "Add it to a breakdown's groups."
            if known
            else "Add a 'breakdowns:' list to survey.yaml first."
        )
        return (
            f"group '{row.group}' is not in any breakdown in survey.yaml."
            f"{suggest(row.group, known)} {todo}"
        )
    return None


def _count_whole(row: Row, file: _File) -> str | None:
    text = row.count_text.strip()
    if row.count is None and re.fullmatch(r"[+-]?\d+", text):
        shown = text if len(text) <= 15 else f"{text[:12]}… ({len(text)} digits)"
        return (
            f"count '{shown}' is far more than any survey could have (at most "
            f"{MAX_COUNT_DIGITS} digits). Check the number of organisations in this row."
        )
    if row.count is None:
        return (
            f"count '{row.count_text.strip()}' is not a whole number. Write the number of "
            "organisations, like 12 (no %, decimals or words)."
        )
    return None


def _count_not_negative(row: Row, file: _File) -> str | None:
    if row.count < 0:
        return f"count {row.count} is negative. Counts are numbers of organisations: 0 or more."
    return None


def _row_is_first(row: Row, file: _File) -> str | None:
    first = file.cells.get((row.question, row.group, row.answer))
    if first:
        where = f" for {row.group}" if row.group else ""
        return (
            f"is a second row for '{row.question}', '{row.answer}'{where} "
            f"(the first is line {first[1]}). Delete one of them."
        )
    return None


ROW_CHECKS = (
    _question_known,
    _answer_known,
    _group_known,
    _count_whole,
    _count_not_negative,
    _row_is_first,
)


@dataclass
class _Question:
    """One question's rows, with what its checks ask: its counts, base and groups."""

    question: dict  # from survey.yaml, as survey_yaml's description has it
    cells: dict  # (group, answer) -> (count, line)
    file: _File
    survey_file: str  # survey.yaml as writers see it, for messages
    survey_line: int | None  # the question's 'respondents' line, or its first line

    @property
    def id(self) -> str:
        return self.question["id"]

    @property
    def answers(self) -> tuple[str, ...]:
        return self.question["answers"]

    @property
    def multi(self) -> bool:
        return self.question["kind"] == "multi"

    def count(self, answer: str, group: str = "") -> int:
        return self.cells[(group, answer)][0]

    def line(self, answer: str, group: str = "") -> int:
        return self.cells[(group, answer)][1]

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(self.count(a) for a in self.answers)

    @property
    def base(self) -> int:
        """How many answered: given in survey.yaml for multi-choice, the sum for single."""
        return self.question["respondents"] if self.multi else sum(self.counts)

    @property
    def groups_used(self) -> list[str]:
        return sorted({g for (g, _a) in self.cells if g})

    @property
    def breakdown(self) -> Breakdown | None:
        used = self.groups_used
        return self.file.breakdown_of_group[used[0]] if used else None

    def group_counts(self, group: str) -> tuple[int, ...]:
        return tuple(self.count(a, group) for a in self.answers)

    def group_base(self, group: str) -> int:
        if self.multi:
            return self.count(RESPONDENTS_ROW, group)
        return sum(self.group_counts(group))

    def table(self) -> RawTable:
        groups = self.breakdown.groups if self.breakdown else ()
        return RawTable(
            self.question["kind"],
            self.answers,
            self.base,
            self.counts,
            groups,
            tuple(self.group_base(g) for g in groups),
            tuple(self.group_counts(g) for g in groups),
        )


# Checks on one question's rows: each yields (line or None, message).


def _every_answer(q: _Question) -> Iterator:
    missing = [a for a in q.answers if ("", a) not in q.cells]
    if len(missing) == len(q.answers):
        yield (
            None,
            f"has no rows for question '{q.id}'. Add one row per answer: {q.id},<answer>,<count>.",
        )
        return
    for a in missing:
        yield (
            None,
            f"has no row for question '{q.id}', answer '{a}'. "
            f"Add a row '{q.id},{a},0' if nobody chose it.",
        )


def _single_adds_up(q: _Question) -> Iterator:
    stated = q.question["respondents"]
    if not q.multi and stated is not None and q.base != stated:
        yield (
            None,
            f"the counts for single-choice question '{q.id}' add up to {q.base}, but "
            f"survey.yaml (line {q.survey_line}) says respondents: {stated}. Each organisation "
            "gives one answer, so they must match: check the counts, or correct 'respondents'.",
        )


def _multi_within_base(q: _Question) -> Iterator:
    if not q.multi:
        return
    for a in q.answers:
        if q.count(a) > q.base:
            yield (
                q.line(a),
                f"count {q.count(a)} for '{a}' is more than the {q.base} organisations who "
                f"answered '{q.id}' (respondents in survey.yaml, line {q.survey_line}). "
                "A multi-choice count cannot exceed its base.",
            )


def _respondents_row_agrees(q: _Question) -> Iterator:
    given = q.cells.get(("", RESPONDENTS_ROW))
    if given and given[0] != q.base:
        yield (
            given[1],
            f"says {given[0]} respondents for '{q.id}', but the question's base is {q.base}: "
            "correct one of them.",
        )


def _base_within_responses(q: _Question) -> Iterator:
    responses = q.file.description["responses"]
    if q.base > responses:
        yield (
            None,
            f"question '{q.id}' has a base of {q.base}, more than the survey's {responses} "
            f"responses ({q.survey_file}): check the counts or 'responses'.",
        )


def _one_breakdown(q: _Question) -> Iterator:
    used = {q.file.breakdown_of_group[g].id for g in q.groups_used}
    if len(used) > 1:
        yield (
            None,
            f"question '{q.id}' has rows for two breakdowns ({', '.join(sorted(used))}); "
            "a question can be broken down one way only. Keep one breakdown's rows.",
        )


def _every_group_cell(q: _Question) -> Iterator:
    if not q.breakdown:
        return
    gaps = [(g, a) for g in q.breakdown.groups for a in q.answers if (g, a) not in q.cells]
    for g, a in gaps[:5]:  # the first few say enough
        yield (
            None,
            f"has no row for question '{q.id}', answer '{a}', group '{g}'. A breakdown needs "
            f"every answer for every group: add '{q.id},{a},0,{g}' if none chose it.",
        )


def _groups_add_up(q: _Question) -> Iterator:
    if not q.breakdown:
        return
    for a in q.answers:
        total = sum(q.count(a, g) for g in q.breakdown.groups)
        if total != q.count(a):
            yield (
                q.line(a),
                f"the group rows for '{q.id}', '{a}' add up to {total}, but this overall row "
                f"says {q.count(a)}. Every respondent must be in one group of "
                f"'{q.breakdown.id}' (add a group such as 'Not known').",
            )


def _group_respondents(q: _Question) -> Iterator:
    for g in q.breakdown.groups if q.breakdown else ():
        given = q.cells.get((g, RESPONDENTS_ROW))
        total = sum(q.group_counts(g))
        if not q.multi and given and given[0] != total:
            yield (
                given[1],
                f"says {given[0]} respondents for '{q.id}' in group '{g}', but its counts add "
                f"up to {total}.",
            )
        elif q.multi and not given:
            yield (
                None,
                f"has no '{RESPONDENTS_ROW}' row for multi-choice question '{q.id}', group "
                f"'{g}'. Add '{q.id},{RESPONDENTS_ROW},<number who answered>,{g}': the counts "
                "do not add up to it.",
            )
        elif q.multi:
            for a in q.answers:
                if q.count(a, g) > given[0]:
                    yield (
                        q.line(a, g),
                        f"count {q.count(a, g)} for '{a}' in group '{g}' is more than that "
                        f"group's {given[0]} respondents.",
                    )


def _group_bases_add_up(q: _Question) -> Iterator:
    if not q.breakdown:
        return
    total = sum(q.group_base(g) for g in q.breakdown.groups)
    if total != q.base:
        yield (
            None,
            f"the groups' respondents for '{q.id}' add up to {total}, but the question's base "
            f"is {q.base}. Every respondent must be in one group of '{q.breakdown.id}'.",
        )


QUESTION_CHECKS = (
    _every_answer,
    _single_adds_up,
    _multi_within_base,
    _respondents_row_agrees,
    _base_within_responses,
    _one_breakdown,
    _every_group_cell,
    _groups_add_up,
    _group_respondents,
    _group_bases_add_up,
)


def _header_problems(columns: list[str]) -> Iterator[str]:
    for name in columns:
        if name not in COLUMNS:
            yield (
                f"has a column '{name}' this site does not use.{suggest(name, COLUMNS)} "
                "The columns are question, answer, count and (for a breakdown) group."
            )
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            yield (
                f"has no '{name}' column. The first line must be: question,answer,count "
                "(and ,group for a breakdown)."
            )
    if len(set(columns)) != len(columns):
        yield "names a column twice in its first line."


def _rows(reader, columns: list[str], report) -> Iterator[Row | None]:
    """Each row with a value for every column; reports the others (and yields
    None for them, so the reader can stop after too many)."""
    at = {name: columns.index(name) for name in columns}
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(columns):
            report(
                line,
                f"has {len(values)} values but the first line names {len(columns)} columns. "
                "Check for a missing or extra comma (put quotes round an answer that "
                "contains a comma).",
            )
            yield None
            continue
        yield Row(
            line,
            values[at["question"]].strip(),
            values[at["answer"]].strip(),
            values[at["count"]],
            values[at["group"]].strip() if "group" in at else "",
        )


def check_results(
    text: str, shown: str, description: dict, survey_file: str
) -> tuple[dict[str, tuple[RawTable, Breakdown | None]] | None, list[Problem]]:
    """Each question's true counts and breakdown; (None, problems) when any is wrong."""
    problems: list[Problem] = []

    def report(line, message):
        problems.append(Problem(shown, line, message))

    file = _read(text, description, report)
    if file is None:
        return None, problems
    tables = {}
    for question in description["questions"]:
        if question["id"] in file.refused:
            continue
        q = _question(question, file, survey_file)
        found = _first_problems(q)
        for line, message in found:
            report(line, message)
        if not found:
            tables[q.id] = (q.table(), q.breakdown)
    return (None, problems) if problems else (tables, [])


def _read(text: str, description: dict, report) -> _File | None:
    """The rows that pass ROW_CHECKS; None when the file cannot be read at all."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header is None:
            report(
                None,
                "is empty. Its first line must be the column names: question,answer,count "
                "(and group for a breakdown).",
            )
            return None
        columns = [name.strip().lower() for name in header]
        wrong = list(_header_problems(columns))
        for message in wrong:
            report(1, message)
        if wrong:
            return None
        file = _File(description)
        bad_rows = []  # lines of rows with problems: reading stops at MAX_CSV_PROBLEMS

        def counted(line, message):
            bad_rows.append(line)
            report(line, message)

        for row in _rows(reader, columns, counted):
            if row is not None:
                message = next(filter(None, (check(row, file) for check in ROW_CHECKS)), None)
                if message is None:
                    file.cells[(row.question, row.group, row.answer)] = (row.count, row.line)
                else:
                    counted(row.line, message)
                    file.refuse(row.question)
            if len(bad_rows) >= MAX_CSV_PROBLEMS:
                report(
                    reader.line_num,
                    f"reading stopped here, after {MAX_CSV_PROBLEMS} rows with problems. "
                    "Fix those (or check this is the right file) and build again.",
                )
                return None
        return file
    except csv.Error as error:
        report(reader.line_num, f"cannot be read as CSV ({error}).")
        return None


def _question(question: dict, file: _File, survey_file: str) -> _Question:
    lines, index = file.description["lines"], question["index"]
    survey_line = lines.get(("questions", index, "respondents")) or lines.get(("questions", index))
    cells = {(g, a): found for (qid, g, a), found in file.cells.items() if qid == question["id"]}
    return _Question(question, cells, file, survey_file, survey_line)


def _first_problems(q: _Question) -> list:
    """The problems the first failing check finds (the later ones assume it passed)."""
    for check in QUESTION_CHECKS:
        found = list(check(q))
        if found:
            return found
    return []
