"""A build's problems as pull-request annotations and GitLab's code-quality
report (buildtools/problems.py): the formats those tools read."""

from buildtools.build import BuildProblem
from buildtools.problems import github_annotations, gitlab_code_quality

STOPPED = BuildProblem(
    "content/posts/a.md", 3, "'Category: Newz' is not one of this site's categories"
)


def test_a_problem_that_stops_the_build_is_an_error_on_its_file_and_line():
    (line,) = github_annotations([STOPPED])
    assert line == (
        "::error file=content/posts/a.md,line=3,title=This stops the site being published"
        "::'Category: Newz' is not one of this site's categories"
    )


def test_a_left_out_draft_is_a_warning():
    draft = BuildProblem("content/posts/b.md", 1, "has no summary", "left out of this build", True)
    (line,) = github_annotations([draft])
    assert line.startswith("::warning file=content/posts/b.md,line=1,")


def test_workflow_command_characters_are_escaped():
    odd = BuildProblem("content/posts/a,b:c.md", None, "50% done\nsecond line")
    (line,) = github_annotations([odd])
    assert "file=content/posts/a%2Cb%3Ac.md," in line
    assert ",line=" not in line
    assert line.endswith("::50%25 done%0Asecond line")


def test_a_problem_without_a_file_still_reaches_the_run_summary():
    (line,) = github_annotations([BuildProblem("", None, "The build failed: see the terminal.")])
    assert (
        line
        == "::error title=This stops the site being published::The build failed: see the terminal."
    )


def test_gitlab_report_names_path_and_line_and_keeps_fingerprints_apart():
    other = BuildProblem("content/posts/a.md", 4, "has no summary")
    first, second = gitlab_code_quality([STOPPED, other])
    assert first["location"] == {"path": "content/posts/a.md", "lines": {"begin": 3}}
    assert first["severity"] == "major"
    assert first["description"] == STOPPED.message
    assert first["fingerprint"] != second["fingerprint"]
    assert gitlab_code_quality([STOPPED])[0]["fingerprint"] == first["fingerprint"]
