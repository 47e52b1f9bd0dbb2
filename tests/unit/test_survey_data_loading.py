"""survey_data: loading an edition, and one test for each mistake it catches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from survey_data.loading import load_all, load_edition

from tests.conftest import ROOT

SURVEY = """\
title: Test survey
population: Organisations in a test borough
fieldwork:
  opens: 2025-09-15
  closes: 2025-11-07
method: An online form.
responses: 40
illustrative: true
breakdowns:
  - id: size
    name: size
    groups: [Small, Large]
questions:
  - id: income
    text: How has your income changed?
    kind: single
    base: All organisations
    respondents: 40
    answers: [Up, Same, Down]
  - id: worries
    text: What worries you?
    kind: multi
    base: All organisations
    respondents: 38
    answers: [Money, People, No]
"""

RESULTS = """\
question,answer,count,group
income,Up,10,
income,Same,12,
income,Down,18,
income,Up,5,Small
income,Same,5,Small
income,Down,10,Small
income,Up,5,Large
income,Same,7,Large
income,Down,8,Large
worries,Money,30,
worries,People,12,
worries,No,3,
"""


def edition(tmp_path: Path, survey: str = SURVEY, results: str = RESULTS, name="test-2025") -> Path:
    folder = tmp_path / "data" / name
    folder.mkdir(parents=True)
    if survey is not None:
        (folder / "survey.yaml").write_text(survey, encoding="utf-8")
    if results is not None:
        (folder / "results.csv").write_text(results, encoding="utf-8")
    return folder


def problems(tmp_path, survey=SURVEY, results=RESULTS) -> list[str]:
    folder = edition(tmp_path, survey, results)
    loaded, found = load_edition(folder, shown_relative_to=tmp_path)
    assert loaded is None, "expected the edition to be refused"
    return [str(p) for p in found]


def only(tmp_path, expected: str, **kwargs) -> str:
    found = problems(tmp_path, **kwargs)
    assert len(found) == 1 and expected in found[0], found
    return found[0]


def test_a_good_edition_loads(tmp_path):
    survey, found = load_edition(edition(tmp_path), tmp_path)
    assert found == []
    info = survey.info
    assert info.id == "test-2025" and info.illustrative is True
    assert info.opens == dt.date(2025, 9, 15) and info.responses == 40
    income = survey.raw["income"]
    assert income.base == 40 and income.counts == (10, 12, 18)
    assert income.groups == ("Small", "Large") and income.group_bases == (20, 20)
    assert survey.raw["worries"].base == 38
    # 'No' is an answer, not YAML 1.1's boolean false.
    assert info.question("worries").answers == ("Money", "People", "No")


def test_the_shipped_edition_loads():
    surveys, found = load_all(ROOT / "content" / "data", ROOT)
    assert found == []
    survey = surveys["state-of-the-sector-2025"]
    assert len(survey.info.questions) >= 8
    assert survey.info.illustrative is True
    with_breakdown = [q for q in survey.info.questions if q.breakdown]
    assert len(with_breakdown) >= 2
    assert {q.kind for q in survey.info.questions} == {"single", "multi"}


def test_missing_survey_file(tmp_path):
    only(tmp_path, "data/test-2025/survey.yaml: is missing.", survey=None)


def test_missing_results_file(tmp_path):
    only(tmp_path, "data/test-2025/results.csv: is missing.", results=None)


def test_yaml_that_does_not_parse_names_the_line(tmp_path):
    message = only(
        tmp_path,
        "a quote mark or bracket is opened on or above this line and never closed",
        survey=SURVEY.replace("method: An online form.", "method: [An online form."),
    )
    assert message.startswith("data/test-2025/survey.yaml:")


def test_missing_key(tmp_path):
    only(
        tmp_path,
        "survey.yaml:1: has no 'responses'. Add 'responses:'",
        survey=SURVEY.replace("responses: 40\n", ""),
    )


def test_unknown_key_is_named_with_a_suggestion(tmp_path):
    only(
        tmp_path,
        "survey.yaml:9: 'ilustrative' is not a survey key. Did you mean 'illustrative'?",
        survey=SURVEY.replace("illustrative: true", "illustrative: true\nilustrative: true"),
    )


def test_fieldwork_date_that_is_not_a_date(tmp_path):
    only(
        tmp_path,
        "survey.yaml:5: 'fieldwork.closes: 7th November' is not a date",
        survey=SURVEY.replace("closes: 2025-11-07", "closes: 7th November"),
    )


def test_unknown_question_kind(tmp_path):
    only(
        tmp_path,
        "question 'income': 'kind: singel' is not a kind of question. Use 'single'",
        survey=SURVEY.replace("kind: single", "kind: singel"),
    )


def test_multi_choice_question_needs_respondents(tmp_path):
    only(
        tmp_path,
        "question 'worries' is multi-choice, so it needs 'respondents'",
        survey=SURVEY.replace("    respondents: 38\n", ""),
    )


def test_duplicate_answer_option(tmp_path):
    only(
        tmp_path,
        "question 'income' lists the answer 'Up' twice",
        survey=SURVEY.replace("[Up, Same, Down]", "[Up, Same, Up]"),
    )


def test_fieldwork_date_with_a_time_is_refused_not_a_crash(tmp_path):
    only(
        tmp_path,
        "survey.yaml:5: 'fieldwork.closes: 2025-11-07 10:00:00' is not a date",
        survey=SURVEY.replace("closes: 2025-11-07", "closes: 2025-11-07 10:00:00"),
    )


def test_fieldwork_that_closes_before_it_opens(tmp_path):
    only(
        tmp_path,
        "survey.yaml:5: the survey closes before it opens",
        survey=SURVEY.replace("closes: 2025-11-07", "closes: 2025-09-01"),
    )


def test_missing_kind_says_what_to_write(tmp_path):
    only(
        tmp_path,
        "survey.yaml:14: question 'income' needs 'kind': 'single' (one answer each) or 'multi'",
        survey=SURVEY.replace("    kind: single\n", ""),
    )


def test_unknown_question_key_is_named_with_a_suggestion(tmp_path):
    only(
        tmp_path,
        "survey.yaml:17: question 'income': 'knd' is not a question key. Did you mean 'kind'?",
        survey=SURVEY.replace("    kind: single", "    kind: single\n    knd: single"),
    )


def test_every_problem_in_one_question_is_reported(tmp_path):
    found = problems(
        tmp_path,
        survey=SURVEY.replace("kind: single", "kind: singel").replace("[Up, Same, Down]", "[Up]"),
    )
    assert len(found) == 2, found
    assert "survey.yaml:16: question 'income': 'kind: singel'" in found[0]
    assert "survey.yaml:19: question 'income' needs 'answers'" in found[1]


def test_question_id_used_twice_says_where_the_first_is(tmp_path):
    only(
        tmp_path,
        "survey.yaml:20: question id 'income' is used twice (also questions[0])",
        survey=SURVEY.replace("  - id: worries", "  - id: income"),
    )


def test_group_listed_twice_in_one_breakdown(tmp_path):
    only(
        tmp_path,
        "survey.yaml:12: breakdown 'size' lists the group 'Small' twice.",
        survey=SURVEY.replace("groups: [Small, Large]", "groups: [Small, Large, Small]"),
    )


def test_group_in_two_breakdowns(tmp_path):
    other = "    groups: [Small, Large]\n  - id: other\n    name: other\n    groups: [Small, Big]"
    only(
        tmp_path,
        "survey.yaml:15: group 'Small' is in two breakdowns ('size' and 'other')",
        survey=SURVEY.replace("    groups: [Small, Large]", other),
    )


def test_every_key_is_in_the_writers_guide():
    from survey_data.survey_yaml import BREAKDOWN, FIELDWORK, QUESTION, SURVEY

    guide = (ROOT / "docs" / "writing-charts.md").read_text(encoding="utf-8")
    for shape in (SURVEY, QUESTION):  # each has a table of its keys
        for key in shape.keys:
            assert f"| `{key}` |" in guide, key
    for shape in (FIELDWORK, BREAKDOWN):  # described in their key's row
        for key in shape.keys:
            assert f"`{key}`" in guide, key


def test_unknown_question_in_results(tmp_path):
    only(
        tmp_path,
        "results.csv:2: question 'incme' is not in survey.yaml. Did you mean 'income'?",
        results=RESULTS.replace("income,Up,10,", "incme,Up,10,"),
    )


def test_unknown_answer_in_results(tmp_path):
    only(
        tmp_path,
        "results.csv:3: 'Sam' is not an answer to question 'income'. Did you mean 'Same'?",
        results=RESULTS.replace("income,Same,12,", "income,Sam,12,"),
    )


def test_missing_answer_option_in_results(tmp_path):
    only(
        tmp_path,
        "results.csv: has no row for question 'worries', answer 'People'. "
        "Add a row 'worries,People,0'",
        results=RESULTS.replace("worries,People,12,\n", ""),
    )


def test_count_that_is_not_a_whole_number(tmp_path):
    only(
        tmp_path,
        "results.csv:11: count '30.5' is not a whole number",
        results=RESULTS.replace("worries,Money,30,", "worries,Money,30.5,"),
    )


def test_negative_count(tmp_path):
    only(
        tmp_path,
        "results.csv:13: count -3 is negative",
        results=RESULTS.replace("worries,No,3,", "worries,No,-3,"),
    )


def test_single_choice_counts_must_add_up_to_the_base(tmp_path):
    only(
        tmp_path,
        "the counts for single-choice question 'income' add up to 41, "
        "but survey.yaml (line 18) says respondents: 40",
        results=RESULTS.replace("income,Down,18,\n", "income,Down,19,\n"),
    )


def test_multi_choice_count_above_its_base(tmp_path):
    only(
        tmp_path,
        "results.csv:11: count 39 for 'Money' is more than the 38 organisations "
        "who answered 'worries'",
        results=RESULTS.replace("worries,Money,30,", "worries,Money,39,"),
    )


def test_duplicate_row(tmp_path):
    only(
        tmp_path,
        "results.csv:14: is a second row for 'worries', 'No' (the first is line 13). "
        "Delete one of them.",
        results=RESULTS + "worries,No,3,\n",
    )


def test_unknown_group(tmp_path):
    only(
        tmp_path,
        "results.csv:5: group 'Smal' is not in any breakdown in survey.yaml. Did you mean 'Small'?",
        results=RESULTS.replace("income,Up,5,Small", "income,Up,5,Smal"),
    )


def test_groups_must_add_up_to_the_overall_row(tmp_path):
    found = problems(
        tmp_path,
        results=RESULTS.replace("income,Up,5,Large", "income,Up,6,Large").replace(
            "income,Same,7,Large", "income,Same,6,Large"
        ),
    )
    assert any(
        "the group rows for 'income', 'Up' add up to 11, but this overall row says 10" in p
        for p in found
    ), found


def test_breakdown_missing_a_cell(tmp_path):
    only(
        tmp_path,
        "has no row for question 'income', answer 'Down', group 'Large'",
        results=RESULTS.replace("income,Down,8,Large\n", ""),
    )


def test_respondents_row_that_disagrees_with_the_base(tmp_path):
    only(
        tmp_path,
        "results.csv:14: says 41 respondents for 'income', but the question's base is 40",
        results=RESULTS + "income,(respondents),41,\n",
    )


WORRIES_BY_SIZE = """\
worries,Money,20,Small
worries,People,6,Small
worries,No,1,Small
worries,Money,10,Large
worries,People,6,Large
worries,No,2,Large
"""


def test_multi_choice_breakdown_needs_each_groups_respondents(tmp_path):
    found = problems(tmp_path, results=RESULTS + WORRIES_BY_SIZE)
    assert found == [
        "data/test-2025/results.csv: has no '(respondents)' row for multi-choice question "
        f"'worries', group '{group}'. Add 'worries,(respondents),<number who answered>,{group}': "
        "the counts do not add up to it."
        for group in ("Small", "Large")
    ]


def test_multi_choice_breakdown_loads_with_each_groups_respondents(tmp_path):
    results = RESULTS + WORRIES_BY_SIZE + "worries,(respondents),22,Small\n"
    results += "worries,(respondents),16,Large\n"
    survey, found = load_edition(edition(tmp_path, results=results), tmp_path)
    assert found == []
    assert survey.raw["worries"].group_bases == (22, 16)
    assert survey.info.question("worries").breakdown.id == "size"


def test_groups_respondents_must_add_up_to_the_base(tmp_path):
    results = RESULTS + WORRIES_BY_SIZE + "worries,(respondents),22,Small\n"
    results += "worries,(respondents),17,Large\n"
    only(
        tmp_path,
        "the groups' respondents for 'worries' add up to 39, but the question's base is 38",
        results=results,
    )


def test_a_base_above_the_surveys_responses(tmp_path):
    only(
        tmp_path,
        "results.csv: question 'income' has a base of 40, more than the survey's 39 responses "
        "(data/test-2025/survey.yaml)",
        survey=SURVEY.replace("responses: 40", "responses: 39"),
    )


def test_unknown_column(tmp_path):
    found = problems(
        tmp_path,
        results=RESULTS.replace("question,answer,count,group", "question,answer,cuont,group"),
    )
    assert (
        "data/test-2025/results.csv:1: has a column 'cuont' this site does not use. "
        "Did you mean 'count'?" in found[0]
    )


def test_every_problem_is_reported_at_once(tmp_path):
    results = RESULTS.replace("income,Up,10,", "income,Up,ten,").replace(
        "worries,No,3,", "worries,Nope,3,"
    )
    assert len(problems(tmp_path, results=results)) == 2


def test_a_bad_edition_stops_the_build_with_file_and_line(project):
    from tests.conftest import run_invoke

    results = project / "content" / "data" / "state-of-the-sector-2025" / "results.csv"
    text = results.read_text(encoding="utf-8")
    results.write_text(
        text.replace("paid-staff,None,41,", "paid-staff,None,-41,"), encoding="utf-8"
    )
    line = text.splitlines().index("paid-staff,None,41,") + 1
    result = run_invoke(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        f"content/data/state-of-the-sector-2025/results.csv:{line}: count -41 is negative" in output
    ), output


# -- next_release and contact: the findings' release box (optional keys) -----------


def test_next_release_and_contact_are_optional(tmp_path):
    survey, found = load_edition(edition(tmp_path), tmp_path)
    assert found == [] and survey.info.next_release is None and survey.info.contact is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [("2027-03-09", dt.date(2027, 3, 9)), ("March   2027", "March 2027")],
)
def test_next_release_is_a_day_or_words(tmp_path, written, expected):
    extra = f"next_release: {written}\ncontact: research@thcvs.org.uk\n"
    survey, found = load_edition(
        edition(
            tmp_path, survey=SURVEY.replace("illustrative: true\n", f"illustrative: true\n{extra}")
        ),
        tmp_path,
    )
    assert found == []
    assert survey.info.next_release == expected and survey.info.contact == "research@thcvs.org.uk"


def test_next_release_that_is_neither_names_the_line(tmp_path):
    only(
        tmp_path,
        "survey.yaml:9: 'next_release: 2027' should be the day the next findings come out, "
        "written year-month-day like 2027-03-09, or in words like 'March 2027'.",
        survey=SURVEY.replace("illustrative: true\n", "illustrative: true\nnext_release: 2027\n"),
    )


def test_contact_that_is_not_an_email_address_names_the_line(tmp_path):
    only(
        tmp_path,
        "survey.yaml:9: 'contact: Research team' should be an email address for questions "
        "about these statistics, like research@thcvs.org.uk.",
        survey=SURVEY.replace(
            "illustrative: true\n", "illustrative: true\ncontact: Research team\n"
        ),
    )
