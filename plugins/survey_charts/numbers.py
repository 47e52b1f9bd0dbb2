"""Headline numbers: {{ question: Answer | format }} in the prose, resolved
from the same controlled tables the charts use, so text and charts agree.

  {{ income-change: Decreased }}                         42%
  {{ income-change: Decreased | count }}                 55
  {{ income-change: Decreased | in-ten }}                four in ten
  {{ income-change: Decreased | In-ten }}                Four in ten
  {{ income-change | base }}                             132
  {{ demand-change | of-base }}                          of the 124 organisations that
                                                         deliver services
  {{ outlook: Get a little worse + Get much worse }}     46%  (answers added up)
  {{ income-change: Decreased | group: Under £100k }}    50%
  {{ state-of-the-sector-2025/income-change: Decreased }}  another survey

A number that disclosure control hides cannot be quoted: the build stops
and says so, rather than print a number that is not published.
"""

from __future__ import annotations

from survey_data import PublishedSurvey, Status

from .blocks import BlockError, Reference, parse_ref, suggest
from .charts import round_half_up

WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def in_ten(percent: float) -> str:
    tenths = round_half_up(percent / 10)
    if percent == 0:
        return "none"
    if tenths == 0:
        return "fewer than one in ten"
    if tenths == 10:
        return "all" if percent >= 100 else "nearly all"
    return f"{WORDS[tenths]} in ten"


def _survey(ref: Reference, surveys: dict[str, PublishedSurvey], default: str | None):
    survey_id = ref.survey or default
    if survey_id is None:
        raise BlockError(
            f"{{{{ {ref.question} }}}} does not say which survey: add a line "
            "'Survey: <folder name>' to the block at the top of the post, or write "
            "{{ survey-name/question: Answer }}."
        )
    if survey_id in ("yes", "no") and survey_id not in surveys:
        # 'Survey: yes' turns the call to action on; it names no survey's data.
        raise BlockError(
            f"{{{{ {ref.question} }}}} needs to know which survey its number comes from, "
            f"but 'Survey: {survey_id}' names none. In a findings post, write the survey's "
            f"folder name instead: 'Survey: {(sorted(surveys) or ['<folder name>'])[-1]}'."
        )
    if survey_id not in surveys:
        raise BlockError(
            f"unknown survey '{survey_id}'.{suggest(survey_id, surveys)} "
            f"The surveys are: {', '.join(sorted(surveys)) or 'none'}."
        )
    return surveys[survey_id]


def _question(ref: Reference, survey: PublishedSurvey):
    """The question, once the answers named are its own and can be added up."""
    question = survey.info.question(ref.question)
    if question is None:
        hint = suggest(ref.question, [q.id for q in survey.info.questions])
        raise BlockError(f"unknown question '{ref.question}' in survey '{survey.id}'.{hint}")
    for answer in ref.answers:
        if answer not in question.answers:
            raise BlockError(
                f"'{answer}' is not an answer to '{question.id}'."
                f"{suggest(answer, question.answers)} "
                f"The answers are: {', '.join(question.answers)}."
            )
    if len(set(ref.answers)) != len(ref.answers):
        raise BlockError(
            f"an answer is given twice in {{{{ {question.id}: {' + '.join(ref.answers)} }}}}."
        )
    if len(ref.answers) > 1 and question.kind == "multi" and ref.fmt not in ("base", "of-base"):
        raise BlockError(
            f"'{question.id}' is multi-choice: organisations could tick several answers, so "
            "adding answers up would count some twice. Quote one answer at a time."
        )
    return question


def _published_row(ref: Reference, question, table):
    """The row quoted (all organisations, or one group), if it is published."""
    row = table.overall
    if ref.group is not None:
        groups = question.breakdown.groups if question.breakdown else ()
        if ref.group not in groups:
            raise BlockError(
                f"'{question.id}' has no group '{ref.group}'.{suggest(ref.group, groups)} "
                + (f"Its groups are: {', '.join(groups)}." if groups else "It has no breakdown.")
            )
        row = table.groups[groups.index(ref.group)]
    if row.withheld or not row.base.shown:
        raise BlockError(
            f"the results for {_where(ref, question)} are not published (fewer than "
            f"{table.thresholds.min_base} responses, or hidden to protect small numbers), "
            "so no number from them can be quoted."
        )
    return row


def _where(ref: Reference, question) -> str:
    return f"'{question.id}'" + (f" for {ref.group}" if ref.group else "")


# How each format says a count out of a base.
_FORMATS = {
    "count": lambda count, base: f"{count:,}",
    "percent": lambda count, base: f"{round_half_up(_percent(count, base))}%",
    "in-ten": lambda count, base: in_ten(_percent(count, base)),
    "In-ten": lambda count, base: _capital(in_ten(_percent(count, base))),
}


def of_base(words: str, base: int, group: str | None = None) -> str:
    """Who a percentage is of, in words, for a sentence that quotes numbers
    of different bases: "of the 124 organisations that deliver services",
    from the question's `base:` ("Organisations that deliver services")."""
    words = " ".join(words.split())
    if words.lower().startswith("all "):
        words = words[4:]
    if words[:1].isupper() and not words[1:2].isupper():  # keep "NHS trusts"
        words = words[0].lower() + words[1:]
    return f"of the {base:,} {words}" + (f" ({group})" if group else "")


def _percent(count: int, base: int) -> float:
    return 100.0 * count / base if base else 0.0


def _capital(words: str) -> str:
    return words[0].upper() + words[1:]


def resolve(ref: Reference, surveys: dict[str, PublishedSurvey], default_survey: str | None) -> str:
    survey = _survey(ref, surveys, default_survey)
    question = _question(ref, survey)
    table = survey.table(question.id)
    row = _published_row(ref, question, table)
    if ref.fmt == "base":
        return f"{row.base.value:,}"
    if ref.fmt == "of-base":
        return of_base(question.base, row.base.value, ref.group)
    indexes = [question.answers.index(a) for a in ref.answers]
    hidden = [question.answers[i] for i in indexes if row.cells[i].status is not Status.SHOWN]
    if hidden:
        raise BlockError(
            f"the count for '{hidden[0]}' ({_where(ref, question)}) is hidden by disclosure "
            "control (too small to publish, or it would reveal a small number), so it cannot "
            f"be quoted. Describe it in words, e.g. 'fewer than {table.thresholds.min_count}', "
            "or quote another answer."
        )
    count = sum(row.cells[i].value for i in indexes)
    return _FORMATS[ref.fmt](count, row.base.value)


def resolve_text(body: str, surveys, default_survey) -> str:
    return resolve(parse_ref(body), surveys, default_survey)


def replace_refs(text: str, surveys, default_survey) -> str:
    """Every {{ ... }} in a line of text (titles, descriptions) resolved."""
    from .blocks import REF

    return REF.sub(lambda m: resolve_text(m.group("body"), surveys, default_survey), text)
