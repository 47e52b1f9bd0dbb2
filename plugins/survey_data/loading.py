"""Load one survey edition (survey.yaml + results.csv) and check everything.

Every mistake is collected (not just the first), each naming the file, the
line (the key in survey.yaml, the row in results.csv) and what to do.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from . import yamlines
from .disclosure import RawTable
from .model import Breakdown, QuestionInfo, Survey, SurveyInfo

SURVEY_FILE = "survey.yaml"
RESULTS_FILE = "results.csv"
RESPONDENTS_ROW = "(respondents)"
KINDS = ("single", "multi")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

TOP_KEYS = {
    "title": "the survey's name, e.g. 'State of the Sector 2025'",
    "population": "who the survey was for, in words",
    "fieldwork": "'opens' and 'closes' dates, e.g. opens: 2025-09-15",
    "method": "how it was run, in a sentence or two",
    "responses": "how many organisations answered (a whole number)",
    "illustrative": "true while these are not real results, else false",
    "questions": "the list of questions",
}
OPTIONAL_TOP_KEYS = {"source", "breakdowns"}
QUESTION_KEYS = {"id", "text", "kind", "base", "answers"}
OPTIONAL_QUESTION_KEYS = {"respondents"}
BREAKDOWN_KEYS = {"id", "name", "groups"}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class SurveyDataError(Exception):
    """Stops the build; the message lists every problem in the survey data."""

    def __init__(self, problems):
        self.problems = list(problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = [f"{len(self.problems)} {noun} in the survey data; the site was not built:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


def suggest(value: str, choices) -> str:
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    if not close:
        lowered = {str(c).lower(): c for c in choices}
        if str(value).lower().strip() in lowered:
            close = [lowered[str(value).lower().strip()]]
    return f" Did you mean '{close[0]}'?" if close else ""


def _plain(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Collector:
    def __init__(self, shown: str, lines: dict | None = None):
        self.shown = shown
        self.lines = lines or {}
        self.problems: list[Problem] = []

    def line(self, path) -> int | None:
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)

    def add(self, path_or_line, message: str) -> None:
        line = (
            path_or_line
            if isinstance(path_or_line, int) or path_or_line is None
            else self.line(path_or_line)
        )
        self.problems.append(Problem(self.shown, line, message))


def _key_name(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _check_survey_yaml(data, lines, shown) -> tuple[dict | None, list[Problem]]:
    """The survey description, checked; None when it cannot be used."""
    c = _Collector(shown, lines)
    if not isinstance(data, dict):
        c.add(
            1,
            "should be a set of 'key: value' lines (title, population, fieldwork, "
            "method, responses, illustrative, questions). See docs/writing-charts.md.",
        )
        return None, c.problems
    for key in data:
        if key not in TOP_KEYS and key not in OPTIONAL_TOP_KEYS:
            c.add(
                (key,),
                f"'{key}' is not a survey key.{suggest(key, [*TOP_KEYS, *OPTIONAL_TOP_KEYS])} "
                f"The keys are: {', '.join([*TOP_KEYS, *sorted(OPTIONAL_TOP_KEYS)])}.",
            )
    for key, what in TOP_KEYS.items():
        if key not in data:
            c.add(1, f"has no '{key}'. Add '{key}:' with {what}.")
    for key in ("title", "population", "method"):
        if key in data and not _plain(data[key]):
            c.add((key,), f"'{key}' should be text, not {data[key]!r}.")
    if "source" in data and not _plain(data["source"]):
        c.add(("source",), f"'source' should be text, not {data['source']!r}.")
    if "responses" in data and not (_whole(data["responses"]) and data["responses"] >= 0):
        c.add(
            ("responses",),
            f"'responses: {data['responses']}' should be a whole number of organisations, like 'responses: 124'.",
        )
    if "illustrative" in data and not isinstance(data["illustrative"], bool):
        c.add(("illustrative",), f"'illustrative: {data['illustrative']}' should be true or false.")
    fieldwork = data.get("fieldwork")
    if "fieldwork" in data:
        if not isinstance(fieldwork, dict):
            c.add(
                ("fieldwork",),
                "'fieldwork' should have two lines below it: 'opens: 2025-09-15' and 'closes: 2025-11-07' (indented).",
            )
        else:
            for key in fieldwork:
                if key not in ("opens", "closes"):
                    c.add(
                        ("fieldwork", key),
                        f"'fieldwork.{key}' is not known: use 'opens' and 'closes'.{suggest(key, ['opens', 'closes'])}",
                    )
            for key in ("opens", "closes"):
                if key not in fieldwork:
                    c.add(
                        ("fieldwork",),
                        f"'fieldwork' has no '{key}'. Add '{key}: 2025-09-15' (year-month-day).",
                    )
                elif not isinstance(fieldwork[key], dt.date) or isinstance(
                    fieldwork[key], dt.datetime
                ):
                    c.add(
                        ("fieldwork", key),
                        f"'fieldwork.{key}: {fieldwork[key]}' is not a date. Write it as 2025-09-15 (year-month-day).",
                    )
            if isinstance(fieldwork.get("opens"), dt.date) and isinstance(
                fieldwork.get("closes"), dt.date
            ):
                if fieldwork["closes"] < fieldwork["opens"]:
                    c.add(
                        ("fieldwork", "closes"),
                        "the survey closes before it opens: check the two fieldwork dates.",
                    )

    breakdowns = []
    group_names: dict[str, str] = {}
    raw_breakdowns = data.get("breakdowns", [])
    if not isinstance(raw_breakdowns, list):
        c.add(
            ("breakdowns",),
            "'breakdowns' should be a list: each item has 'id', 'name' and 'groups'.",
        )
        raw_breakdowns = []
    for i, item in enumerate(raw_breakdowns):
        here = ("breakdowns", i)
        if not isinstance(item, dict):
            c.add(here, f"breakdowns[{i}] should have 'id', 'name' and 'groups'.")
            continue
        for key in item:
            if key not in BREAKDOWN_KEYS:
                c.add(
                    here + (key,),
                    f"'{key}' is not a breakdown key.{suggest(key, BREAKDOWN_KEYS)} Use id, name and groups.",
                )
        bid, name, groups = item.get("id"), item.get("name"), item.get("groups")
        if not (_plain(bid) and ID_PATTERN.match(bid)):
            c.add(
                here,
                f"breakdowns[{i}] needs an 'id' of lower-case letters, digits and hyphens, like 'income-band' (found {bid!r}).",
            )
            continue
        if any(b.id == bid for b in breakdowns):
            c.add(
                here + ("id",),
                f"breakdown id '{bid}' is used twice: give each breakdown its own id.",
            )
            continue
        if not _plain(name):
            c.add(here, f"breakdown '{bid}' needs a 'name' in words, like 'annual income'.")
            name = bid
        if not (isinstance(groups, list) and len(groups) >= 2 and all(_plain(g) for g in groups)):
            c.add(
                here + ("groups",),
                f"breakdown '{bid}' needs 'groups': a list of at least two group names, in the order to show them.",
            )
            continue
        groups = [g.strip() for g in groups]
        for g in groups:
            if g in group_names:
                c.add(
                    here + ("groups",),
                    f"group '{g}' is in two breakdowns ('{group_names[g]}' and '{bid}'): the group column of results.csv must say which breakdown a row is in, so give it a different name.",
                )
            group_names[g] = bid
        if len(set(groups)) != len(groups):
            c.add(here + ("groups",), f"breakdown '{bid}' lists a group twice.")
        breakdowns.append(Breakdown(bid, name.strip(), tuple(groups)))

    questions = []
    raw_questions = data.get("questions")
    if "questions" in data and not (isinstance(raw_questions, list) and raw_questions):
        c.add(
            ("questions",),
            "'questions' should be a list of questions, each starting with '- id: ...'.",
        )
        raw_questions = []
    seen_ids: dict[str, int] = {}
    for i, item in enumerate(raw_questions or []):
        here = ("questions", i)
        if not isinstance(item, dict):
            c.add(here, f"questions[{i}] should have id, text, kind, base and answers.")
            continue
        qid = item.get("id")
        label = f"question '{qid}'" if _plain(qid) else f"questions[{i}]"
        for key in item:
            if key not in QUESTION_KEYS | OPTIONAL_QUESTION_KEYS:
                c.add(
                    here + (key,),
                    f"{label}: '{key}' is not a question key.{suggest(key, QUESTION_KEYS | OPTIONAL_QUESTION_KEYS)} "
                    "The keys are: id, text, kind, base, respondents, answers.",
                )
        if not (_plain(qid) and ID_PATTERN.match(qid)):
            c.add(
                here,
                f"{label} needs an 'id' of lower-case letters, digits and hyphens, like 'income-change' (found {qid!r}).",
            )
            continue
        if qid in seen_ids:
            c.add(
                here + ("id",),
                f"question id '{qid}' is used twice (also questions[{seen_ids[qid]}]): ids must be unique.",
            )
            continue
        seen_ids[qid] = i
        ok = True
        for key, what in (
            ("text", "the exact wording of the question"),
            ("base", "who was asked, in words, e.g. 'All organisations'"),
        ):
            if not _plain(item.get(key)):
                c.add(here if key not in item else here + (key,), f"{label} needs '{key}': {what}.")
                ok = False
        kind = item.get("kind")
        if kind not in KINDS:
            c.add(
                here + ("kind",) if "kind" in item else here,
                f"{label}: 'kind: {kind}' is not a kind of question. Use 'single' (one answer each) or 'multi' (tick all that apply).{suggest(kind or '', KINDS)}",
            )
            ok = False
        answers = item.get("answers")
        if not (
            isinstance(answers, list)
            and len(answers) >= 2
            and all(_plain(a) or _whole(a) for a in answers)
        ):
            c.add(
                here + ("answers",) if "answers" in item else here,
                f"{label} needs 'answers': a list of at least two answer options, in order.",
            )
            ok = False
        else:
            answers = [str(a).strip() for a in answers]
            dupes = sorted({a for a in answers if answers.count(a) > 1})
            if dupes:
                c.add(here + ("answers",), f"{label} lists the answer '{dupes[0]}' twice.")
                ok = False
            if RESPONDENTS_ROW in answers:
                c.add(
                    here + ("answers",),
                    f"{label}: '{RESPONDENTS_ROW}' is reserved for the number of respondents; rename that answer.",
                )
                ok = False
        respondents = item.get("respondents")
        if "respondents" in item and not (_whole(respondents) and respondents >= 0):
            c.add(
                here + ("respondents",),
                f"{label}: 'respondents: {respondents}' should be a whole number (how many were asked and answered).",
            )
            ok = False
        if kind == "multi" and "respondents" not in item:
            c.add(
                here,
                f"{label} is multi-choice, so it needs 'respondents': how many organisations answered it (the counts do not add up to it).",
            )
            ok = False
        if ok:
            questions.append(
                {
                    "index": i,
                    "id": qid,
                    "text": " ".join(item["text"].split()),
                    "kind": kind,
                    "base": " ".join(item["base"].split()),
                    "answers": tuple(answers),
                    "respondents": respondents,
                }
            )
    if c.problems:
        return None, c.problems
    return (
        {
            "title": data["title"].strip(),
            "population": " ".join(data["population"].split()),
            "opens": fieldwork["opens"],
            "closes": fieldwork["closes"],
            "method": " ".join(data["method"].split()),
            "responses": data["responses"],
            "illustrative": data["illustrative"],
            "source": " ".join(data["source"].split()) if "source" in data else None,
            "breakdowns": tuple(breakdowns),
            "questions": questions,
            "lines": lines,
        },
        [],
    )


def _parse_count(text: str):
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    return None


def _check_results(text: str, shown: str, description: dict) -> tuple[dict | None, list[Problem]]:
    c = _Collector(shown)
    questions = {q["id"]: q for q in description["questions"]}
    breakdown_of_group = {g: b for b in description["breakdowns"] for g in b.groups}
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        c.add(
            None,
            "is empty. Its first line must be the column names: question,answer,count (and group for a breakdown).",
        )
        return None, c.problems
    except csv.Error as error:
        c.add(1, f"cannot be read as CSV ({error}).")
        return None, c.problems
    columns = [h.strip().lower() for h in header]
    for name in columns:
        if name not in ("question", "answer", "count", "group"):
            c.add(
                1,
                f"has a column '{name}' this site does not use.{suggest(name, ['question', 'answer', 'count', 'group'])} "
                "The columns are question, answer, count and (for a breakdown) group.",
            )
    for name in ("question", "answer", "count"):
        if name not in columns:
            c.add(
                1,
                f"has no '{name}' column. The first line must be: question,answer,count (and ,group for a breakdown).",
            )
    if len(set(columns)) != len(columns):
        c.add(1, "names a column twice in its first line.")
    if c.problems:
        return None, c.problems
    at = {name: columns.index(name) for name in columns}

    cells: dict[tuple, tuple[int, int]] = {}  # (qid, group, answer) -> (count, line)
    bad_questions = set()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            c.add(reader.line_num, f"cannot be read as CSV ({error}).")
            return None, c.problems
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            c.add(
                line,
                f"has {len(row)} values but the first line names {len(columns)} columns. "
                "Check for a missing or extra comma (put quotes round an answer that contains a comma).",
            )
            continue
        qid = row[at["question"]].strip()
        answer = row[at["answer"]].strip()
        group = row[at["group"]].strip() if "group" in at else ""
        raw_count = row[at["count"]]
        if qid not in questions:
            hint = suggest(qid, questions)
            c.add(
                line,
                f"question '{qid}' is not in survey.yaml.{hint} "
                "Check the spelling, or add the question to survey.yaml.",
            )
            bad_questions.add(qid)
            if hint:  # the row was meant for that question: do not also call it incomplete
                bad_questions.add(hint.split("'")[1])
            continue
        question = questions[qid]
        if answer != RESPONDENTS_ROW and answer not in question["answers"]:
            c.add(
                line,
                f"'{answer}' is not an answer to question '{qid}'.{suggest(answer, question['answers'])} "
                f"The answers in survey.yaml are: {', '.join(question['answers'])}.",
            )
            bad_questions.add(qid)
            continue
        if group and group not in breakdown_of_group:
            known = [g for b in description["breakdowns"] for g in b.groups]
            c.add(
                line,
                f"group '{group}' is not in any breakdown in survey.yaml.{suggest(group, known)} "
                + (
                    "Add it to a breakdown's groups."
                    if known
                    else "Add a 'breakdowns:' list to survey.yaml first."
                ),
            )
            bad_questions.add(qid)
            continue
        count = _parse_count(raw_count)
        if count is None:
            c.add(
                line,
                f"count '{raw_count.strip()}' is not a whole number. Write the number of organisations, like 12 (no %, decimals or words).",
            )
            bad_questions.add(qid)
            continue
        if count < 0:
            c.add(
                line, f"count {count} is negative. Counts are numbers of organisations: 0 or more."
            )
            bad_questions.add(qid)
            continue
        key = (qid, group, answer)
        if key in cells:
            where = f" for {group}" if group else ""
            c.add(
                line,
                f"is a second row for '{qid}', '{answer}'{where} (the first is line {cells[key][1]}). Delete one of them.",
            )
            bad_questions.add(qid)
            continue
        cells[key] = (count, line)

    tables: dict[str, RawTable] = {}
    yaml_shown = shown.rsplit("/", 1)[0] + "/" + SURVEY_FILE if "/" in shown else SURVEY_FILE
    lines = description["lines"]
    for question in description["questions"]:
        qid = question["id"]
        if qid in bad_questions:
            continue
        answers = question["answers"]
        qline = lines.get(("questions", question["index"], "respondents")) or lines.get(
            ("questions", question["index"])
        )
        counts = []
        missing = [a for a in answers if (qid, "", a) not in cells]
        if len(missing) == len(answers):
            c.add(
                None,
                f"has no rows for question '{qid}'. Add one row per answer: {qid},<answer>,<count>.",
            )
            continue
        for a in missing:
            c.add(
                None,
                f"has no row for question '{qid}', answer '{a}'. Add a row '{qid},{a},0' if nobody chose it.",
            )
        if missing:
            continue
        counts = tuple(cells[(qid, "", a)][0] for a in answers)
        stated = question["respondents"]
        respondents_row = cells.get((qid, "", RESPONDENTS_ROW))
        if question["kind"] == "single":
            total = sum(counts)
            if stated is not None and total != stated:
                c.add(
                    None,
                    f"the counts for single-choice question '{qid}' add up to {total}, but survey.yaml "
                    f"(line {qline}) says respondents: {stated}. Each organisation gives one answer, so they must match: "
                    "check the counts, or correct 'respondents'.",
                )
                continue
            base = total
        else:
            base = stated
            over = [(a, n) for a, n in zip(answers, counts) if n > base]
            for a, n in over:
                c.add(
                    cells[(qid, "", a)][1],
                    f"count {n} for '{a}' is more than the {base} organisations who answered "
                    f"'{qid}' (respondents in survey.yaml, line {qline}). A multi-choice count cannot exceed its base.",
                )
            if over:
                continue
        if respondents_row and respondents_row[0] != base:
            c.add(
                respondents_row[1],
                f"says {respondents_row[0]} respondents for '{qid}', but the question's base is {base}: correct one of them.",
            )
            continue
        if base > description["responses"]:
            c.add(
                None,
                f"question '{qid}' has a base of {base}, more than the survey's {description['responses']} responses "
                f"({yaml_shown}): check the counts or 'responses'.",
            )
            continue

        # A breakdown: every group, every answer; groups add up to the overall.
        groups_here = sorted({g for (q, g, _a) in cells if q == qid and g}, key=str)
        breakdown = None
        group_bases: tuple[int, ...] = ()
        group_counts: tuple[tuple[int, ...], ...] = ()
        if groups_here:
            used = {breakdown_of_group[g].id for g in groups_here}
            if len(used) > 1:
                c.add(
                    None,
                    f"question '{qid}' has rows for two breakdowns ({', '.join(sorted(used))}); "
                    "a question can be broken down one way only. Keep one breakdown's rows.",
                )
                continue
            breakdown = breakdown_of_group[groups_here[0]]
            gap = [(g, a) for g in breakdown.groups for a in answers if (qid, g, a) not in cells]
            for g, a in gap[:5]:
                c.add(
                    None,
                    f"has no row for question '{qid}', answer '{a}', group '{g}'. "
                    f"A breakdown needs every answer for every group: add '{qid},{a},0,{g}' if none chose it.",
                )
            if gap:
                continue
            rows = tuple(tuple(cells[(qid, g, a)][0] for a in answers) for g in breakdown.groups)
            problem = False
            for a_index, a in enumerate(answers):
                total = sum(row[a_index] for row in rows)
                if total != counts[a_index]:
                    c.add(
                        cells[(qid, "", a)][1],
                        f"the group rows for '{qid}', '{a}' add up to {total}, but this overall row says "
                        f"{counts[a_index]}. Every respondent must be in one group of '{breakdown.id}' (add a group such as 'Not known').",
                    )
                    problem = True
            if problem:
                continue
            bases = []
            for g, row in zip(breakdown.groups, rows):
                given = cells.get((qid, g, RESPONDENTS_ROW))
                if question["kind"] == "single":
                    if given and given[0] != sum(row):
                        c.add(
                            given[1],
                            f"says {given[0]} respondents for '{qid}' in group '{g}', but its counts add up to {sum(row)}.",
                        )
                        problem = True
                    bases.append(sum(row))
                else:
                    if not given:
                        c.add(
                            None,
                            f"has no '{RESPONDENTS_ROW}' row for multi-choice question '{qid}', group '{g}'. "
                            f"Add '{qid},{RESPONDENTS_ROW},<number who answered>,{g}': the counts do not add up to it.",
                        )
                        problem = True
                        continue
                    for a, n in zip(answers, row):
                        if n > given[0]:
                            c.add(
                                cells[(qid, g, a)][1],
                                f"count {n} for '{a}' in group '{g}' is more than that group's {given[0]} respondents.",
                            )
                            problem = True
                    bases.append(given[0])
            if problem:
                continue
            if sum(bases) != base:
                c.add(
                    None,
                    f"the groups' respondents for '{qid}' add up to {sum(bases)}, but the question's base is {base}. "
                    f"Every respondent must be in one group of '{breakdown.id}'.",
                )
                continue
            group_bases, group_counts = tuple(bases), rows
        tables[qid] = RawTable(
            question["kind"],
            answers,
            base,
            counts,
            breakdown.groups if breakdown else (),
            group_bases,
            group_counts,
        )
        question["breakdown"] = breakdown
    if c.problems:
        return None, c.problems
    return tables, []


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
    problems = []
    for path, what in (
        (survey_path, "the survey's description and questions"),
        (results_path, "the counts"),
    ):
        if not path.is_file():
            problems.append(
                Problem(
                    show(path),
                    None,
                    f"is missing. Each survey folder needs {SURVEY_FILE} and {RESULTS_FILE}; this one holds {what}. See docs/writing-charts.md.",
                )
            )
    if problems:
        return None, problems
    if not ID_PATTERN.match(folder.name):
        return None, [
            Problem(
                show(folder),
                None,
                f"the folder name '{folder.name}' is used in chart blocks and web addresses: use lower-case letters, digits and hyphens, like state-of-the-sector-2025.",
            )
        ]

    texts = {}
    for path in (survey_path, results_path):
        try:
            texts[path] = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return None, [
                Problem(
                    show(path),
                    None,
                    f"is not valid UTF-8 text (byte {error.start}). Save it with the encoding 'UTF-8'.",
                )
            ]
    try:
        data, lines = yamlines.load(texts[survey_path])
    except yamlines.YamlError as error:
        return None, [
            Problem(
                show(survey_path),
                error.line,
                f"{error} Check the indentation and that text with a colon is in quotes.",
            )
        ]
    description, problems = _check_survey_yaml(data, lines, show(survey_path))
    if description is None:
        return None, problems
    tables, problems = _check_results(texts[results_path], show(results_path), description)
    if tables is None:
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
        source=description["source"] or f"Tower Hamlets CVS, {description['title']} survey",
        questions=tuple(
            QuestionInfo(q["id"], q["text"], q["kind"], q["base"], q["answers"], q.get("breakdown"))
            for q in description["questions"]
        ),
        breakdowns=description["breakdowns"],
        folder=folder,
    )
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
