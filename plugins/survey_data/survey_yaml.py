"""survey.yaml, declared: every key, what it holds, and what a writer is told
when it is wrong. docs/writing-charts.md describes the same keys (a test
checks every key here is in its tables).

`check_survey_yaml` runs the declaration and, when all is well, returns the
description the rest of the loading uses: whitespace tidied, dates as dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from pluginkit import Problem
from pluginkit.limits import MAX_ANSWERS, MAX_GROUPS, MAX_QUESTIONS

from .model import Breakdown
from .shape import Field, Items, Shape, check

RESPONDENTS_ROW = "(respondents)"  # the results.csv answer that gives a base
KINDS = ("single", "multi")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def whole(value) -> bool:
    """A whole number of organisations: 0 or more (and not true/false)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def flag(value) -> bool:
    return isinstance(value, bool)


def date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def release(value) -> bool:
    """When the next edition's findings come out: a day, or words such as 'March 2027'."""
    return date(value) or text(value)


EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email(value) -> bool:
    return isinstance(value, str) and bool(EMAIL_PATTERN.match(value.strip()))


def identifier(value) -> bool:
    return text(value) and bool(ID_PATTERN.match(value))


def some(item, at_least: int = 2):
    """A list of at least two values that each pass `item`."""
    return lambda value: (
        isinstance(value, list) and len(value) >= at_least and all(item(v) for v in value)
    )


def answer(value) -> bool:
    return text(value) or whole(value)


def _tidy(values: list) -> list[str]:
    return [str(v).strip() for v in values]


# Rules across fields: each yields (path below the mapping, message).


def _closes_after_opens(item, good, label) -> Iterator:
    if {"opens", "closes"} <= good.keys() and good["closes"] < good["opens"]:
        yield ("closes",), "the survey closes before it opens: check the two fieldwork dates."


def _groups_differ(item, good, label) -> Iterator:
    groups = _tidy(good.get("groups", []))
    if len(groups) > MAX_GROUPS:
        yield (
            ("groups",),
            f"{label} has {len(groups)} groups; a breakdown may have at most {MAX_GROUPS} "
            "(more cannot be shown or kept anonymous). Join the smallest groups.",
        )
        return
    for group in sorted({g for g in groups if groups.count(g) > 1}):
        yield ("groups",), f"{label} lists the group '{group}' twice."


def _answers_differ(item, good, label) -> Iterator:
    answers = _tidy(good.get("answers", []))
    if len(answers) > MAX_ANSWERS:
        yield (
            ("answers",),
            f"{label} has {len(answers)} answers; a question may have at most {MAX_ANSWERS} "
            "(more cannot be shown or kept anonymous). Join the rarest answers into 'Other'.",
        )
        return
    dupes = sorted({a for a in answers if answers.count(a) > 1})
    if dupes:
        yield ("answers",), f"{label} lists the answer '{dupes[0]}' twice."
    if RESPONDENTS_ROW in answers:
        yield (
            ("answers",),
            f"{label}: '{RESPONDENTS_ROW}' is reserved for the number of respondents; "
            "rename that answer.",
        )


def _multi_needs_respondents(item, good, label) -> Iterator:
    if good.get("kind") == "multi" and "respondents" not in item:
        yield (
            (),
            f"{label} is multi-choice, so it needs 'respondents': how many organisations "
            "answered it (the counts do not add up to it).",
        )


def _not_too_many_questions(item, good, label) -> Iterator:
    questions = item.get("questions")
    if isinstance(questions, list) and len(questions) > MAX_QUESTIONS:
        yield (
            ("questions",),
            f"the survey has {len(questions)} questions; a survey may have at most "
            f"{MAX_QUESTIONS}. Leave out the questions no findings post uses.",
        )


def _group_in_one_breakdown(item, good, label) -> Iterator:
    owner: dict[str, str] = {}
    for index, breakdown in enumerate(good.get("breakdowns") or []):
        if not breakdown or not {"id", "groups"} <= breakdown.keys():
            continue
        for group in _tidy(breakdown["groups"]):
            if owner.setdefault(group, breakdown["id"]) != breakdown["id"]:
                yield (
                    ("breakdowns", index, "groups"),
                    f"group '{group}' is in two breakdowns ('{owner[group]}' and "
                    f"'{breakdown['id']}'): the group column of results.csv must say which "
                    "breakdown a row is in, so give it a different name.",
                )


FIELDWORK = Shape(
    (
        Field(
            "opens",
            "the day the survey opened",
            date,
            "'fieldwork.{key}: {value}' is not a date. Write it as 2025-09-15 (year-month-day).",
        ),
        Field(
            "closes",
            "the day it closed",
            date,
            "'fieldwork.{key}: {value}' is not a date. Write it as 2025-09-15 (year-month-day).",
        ),
    ),
    not_mapping="'fieldwork' should have two lines below it: 'opens: 2025-09-15' and "
    "'closes: 2025-11-07' (indented).",
    missing="'fieldwork' has no '{key}'. Add '{key}: 2025-09-15' (year-month-day).",
    unknown="'fieldwork.{key}' is not known: use 'opens' and 'closes'.{hint}",
    rules=(_closes_after_opens,),
)

BREAKDOWN = Shape(
    (
        Field(
            "id",
            "a short name of lower-case letters, digits and hyphens, like 'income-band'",
            identifier,
            "{label} needs an 'id' of lower-case letters, digits and hyphens, "
            "like 'income-band' (found {value!r}).",
        ),
        Field(
            "name",
            "what it splits the results by, in words, like 'annual income'",
            text,
            "{label} needs a 'name' in words, like 'annual income'.",
        ),
        Field(
            "groups",
            "a list of at least two group names, in the order to show them",
            some(text),
            "{label} needs 'groups': a list of at least two group names, "
            "in the order to show them.",
        ),
    ),
    not_mapping="{label} should have 'id', 'name' and 'groups'.",
    missing="{label} needs '{key}': {what}.",
    unknown="'{key}' is not a breakdown key.{hint} The keys are: {keys}.",
    noun="breakdown",
    rules=(_groups_differ,),
)

QUESTION = Shape(
    (
        Field(
            "id",
            "a short name of lower-case letters, digits and hyphens, like 'income-change'",
            identifier,
            "{label} needs an 'id' of lower-case letters, digits and hyphens, "
            "like 'income-change' (found {value!r}).",
        ),
        Field(
            "text",
            "the exact wording of the question",
            text,
            "{label} needs 'text': the exact wording of the question.",
        ),
        Field(
            "kind",
            "'single' (one answer each) or 'multi' (tick all that apply)",
            text,
            "{label}: 'kind: {value}' is not a kind of question. Use 'single' (one answer "
            "each) or 'multi' (tick all that apply).{hint}",
            choices=KINDS,
        ),
        Field(
            "base",
            "who was asked, in words, e.g. 'All organisations'",
            text,
            "{label} needs 'base': who was asked, in words, e.g. 'All organisations'.",
        ),
        Field(
            "respondents",
            "how many organisations answered it",
            whole,
            "{label}: 'respondents: {value}' should be a whole number (how many were asked "
            "and answered).",
            required=False,
        ),
        Field(
            "answers",
            "a list of at least two answer options, in order",
            some(answer),
            "{label} needs 'answers': a list of at least two answer options, in order.",
        ),
    ),
    not_mapping="{label} should have id, text, kind, base and answers.",
    missing="{label} needs '{key}': {what}.",
    unknown="{label}: '{key}' is not a question key.{hint} The keys are: {keys}.",
    noun="question",
    rules=(_answers_differ, _multi_needs_respondents),
)

SURVEY = Shape(
    (
        Field(
            "title",
            "the survey's name, e.g. 'State of the Sector 2025'",
            text,
            "'{key}' should be text, not {value!r}.",
        ),
        Field(
            "population",
            "who the survey was for, in words",
            text,
            "'{key}' should be text, not {value!r}.",
        ),
        Field("fieldwork", "'opens' and 'closes' dates, e.g. opens: 2025-09-15", FIELDWORK),
        Field(
            "method",
            "how it was run, in a sentence or two",
            text,
            "'{key}' should be text, not {value!r}.",
        ),
        Field(
            "responses",
            "how many organisations answered (a whole number)",
            whole,
            "'responses: {value}' should be a whole number of organisations, "
            "like 'responses: 124'.",
        ),
        Field(
            "illustrative",
            "true while these are not real results, else false",
            flag,
            "'illustrative: {value}' should be true or false.",
        ),
        Field(
            "source",
            "the source line under each chart",
            text,
            "'{key}' should be text, not {value!r}.",
            required=False,
        ),
        Field(
            "next_release",
            "when the next findings come out: a day (2027-03-09) or words ('March 2027')",
            release,
            "'next_release: {value}' should be the day the next findings come out, written "
            "year-month-day like 2027-03-09, or in words like 'March 2027'.",
            required=False,
        ),
        Field(
            "contact",
            "the email address for questions about these statistics",
            email,
            "'contact: {value}' should be an email address for questions about these "
            "statistics, like research@thcvs.org.uk.",
            required=False,
        ),
        Field(
            "breakdowns",
            "the ways the results are split",
            Items(
                BREAKDOWN,
                unique="id",
                duplicate="breakdown id '{value}' is used twice (also {first}): "
                "give each breakdown its own id.",
            ),
            "'breakdowns' should be a list: each item has 'id', 'name' and 'groups'.",
            required=False,
        ),
        Field(
            "questions",
            "the list of questions",
            Items(
                QUESTION,
                at_least=1,
                unique="id",
                duplicate="question id '{value}' is used twice (also {first}): ids must be unique.",
            ),
            "'questions' should be a list of questions, each starting with '- id: ...'.",
        ),
    ),
    not_mapping="should be a set of 'key: value' lines ({keys}). See docs/writing-charts.md.",
    missing="has no '{key}'. Add '{key}:' with {what}.",
    unknown="'{key}' is not a survey key.{hint} The keys are: {keys}.",
    rules=(_group_in_one_breakdown, _not_too_many_questions),
)


def check_survey_yaml(data, lines: dict, shown: str) -> tuple[dict | None, list[Problem]]:
    """The survey description, checked; (None, problems) when it cannot be used."""
    problems: list[Problem] = []

    def report(path, message):
        # The line of the key, or of the nearest key above it; line 1 for the file.
        while path and path not in lines:
            path = path[:-1]
        problems.append(Problem(shown, lines.get(path, 1), message))

    check(data, SURVEY, report)
    if problems:
        return None, problems
    return _description(data, lines), []


def _words(value: str) -> str:
    return " ".join(value.split())


def _next_release(value) -> dt.date | str | None:
    return _words(value) if isinstance(value, str) else value


def _description(data: dict, lines: dict) -> dict:
    """A checked survey.yaml, tidied, as the results check and load_edition use it."""
    return {
        "title": data["title"].strip(),
        "population": _words(data["population"]),
        "opens": data["fieldwork"]["opens"],
        "closes": data["fieldwork"]["closes"],
        "method": _words(data["method"]),
        "responses": data["responses"],
        "illustrative": data["illustrative"],
        "source": _words(data["source"]) if "source" in data else None,
        "next_release": _next_release(data.get("next_release")),
        "contact": data["contact"].strip() if "contact" in data else None,
        "breakdowns": tuple(
            Breakdown(b["id"], b["name"].strip(), tuple(_tidy(b["groups"])))
            for b in data.get("breakdowns", [])
        ),
        "questions": [
            {
                "index": index,
                "id": q["id"],
                "text": _words(q["text"]),
                "kind": q["kind"],
                "base": _words(q["base"]),
                "answers": tuple(_tidy(q["answers"])),
                "respondents": q.get("respondents"),
            }
            for index, q in enumerate(data["questions"])
        ],
        "lines": lines,
    }
