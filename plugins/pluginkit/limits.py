"""The limits on what a writer's file may hold, in one place.

A file over a limit stops the build with a message naming the file and the
limit, before anything slow reads it: with a web editor, anyone with a
writer's account can put files into the build, and a mistaken or hostile one
(a YAML alias bomb, a list nested thousands deep, a 50 MB CSV) must not hang
it. Each limit is generous: many times what the site's own content needs
(README.md, "Publishing", has the table). The build's time limit, the last
guard, is `invoke publish --time-limit` (buildtools/publish.py).
"""

from __future__ import annotations

# A post or page (the longest shipped post is about 7 KB).
MAX_POST_BYTES = 1_000_000
# Lists inside lists, and quotes inside quotes, in a post or page.
MAX_LIST_DEPTH = 10
MAX_QUOTE_DEPTH = 10
# '[' open at once in one paragraph (never closed, or inside each other):
# Python-Markdown's link search takes time that grows with the square of
# their number. Links, [a](b), open one at a time, however many there are.
MAX_OPEN_BRACKETS = 50

# A survey edition's two files (the shipped ones are 4 KB and 2 KB).
MAX_SURVEY_BYTES = 200_000
MAX_RESULTS_BYTES = 2_000_000
# Answers to one question, and groups in one breakdown. Disclosure control
# (plugins/survey_data/secondary.py) solves integer programs whose size grows
# with answers x groups: these keep the largest question to a few seconds
# (README.md, "Publishing", has the measured figures). The 2025 survey has at
# most 8 answers, 3 groups and 9 questions.
MAX_ANSWERS = 15
MAX_GROUPS = 8
MAX_QUESTIONS = 40  # in one survey
# Keys inside keys (or lists) in survey.yaml and a chart block.
MAX_YAML_DEPTH = 20
# results.csv: reading stops after this many problems (the writer fixes those first).
MAX_CSV_PROBLEMS = 50


def size_text(size: int) -> str:
    """1_200_000 -> '1.2 MB', 200_000 -> '200 KB': sizes as a writer reads them."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f}".removesuffix(".0") + " MB"
    return f"{size / 1_000:.0f} KB"
