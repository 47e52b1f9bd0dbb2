"""The editor's Pelican file format (plugins/cms_admin/admin/pelican.js), run
in Node: every file in content/ read and written back unchanged is byte for
byte the same; a changed field changes its own line only; a new post is
written as docs/writing-posts.md shows."""

from __future__ import annotations

import json
import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT

FORMAT = ROOT / "plugins" / "cms_admin" / "admin" / "pelican.js"
RUN = """
const format = require(process.argv[1]);
const {keys, advanced, cases} = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = cases.map(([text, change]) => {
  const data = format.fromFile(text, keys, advanced);
  for (const [k, v] of Object.entries(change || {})) {
    if (k === 'slug') { data.advanced = data.advanced || {}; data.advanced.slug = v; }
    else data[k] = v;
  }
  return format.toFile(data, keys, advanced);
});
process.stdout.write(JSON.stringify(out));
"""


def run(cases):
    from cms_admin.config import ADVANCED, HEADER_KEYS

    payload = json.dumps({"keys": HEADER_KEYS, "advanced": list(ADVANCED), "cases": cases})
    done = subprocess.run(
        ["node", "-e", RUN, str(FORMAT)],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_every_content_file_round_trips_byte_for_byte():
    files = sorted((ROOT / "content").rglob("*.md"))
    files = [f for f in files if f.parts[-2] in ("posts", "findings", "pages")]
    assert len(files) >= 5
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert run([[t, None] for t in texts]) == texts


def test_a_changed_field_changes_its_line_only():
    text = (ROOT / "content" / "posts" / "2026-11-24-co-production.md").read_text()
    [changed] = run([[text, {"summary": "A new summary.", "slug": "co-production"}]])
    before, after = text.splitlines(), changed.splitlines()
    differ = [(a, b) for a, b in zip(before, after) if a != b]
    assert differ == [
        ("Slug: co-production-rhetoric-and-practice", "Slug: co-production"),
        (before[6], "Summary: A new summary."),
    ]
    assert len(before) == len(after)


def test_a_new_post_is_written_as_the_guide_shows():
    data = {
        "title": "Volunteers needed",
        "date": "2026-11-28 10:15",
        "category": "News",
        "tags": "volunteering, events",
        "author": "Jo Smith",
        "summary": "We need ten\nvolunteers.",
        "status": "draft",
        "body": "\n\nOur winter fair is back.",
    }
    [text] = run([["", data]])
    assert text == (
        "Title: Volunteers needed\nDate: 2026-11-28 10:15\nCategory: News\n"
        "Tags: volunteering, events\nAuthor: Jo Smith\nSummary: We need ten volunteers.\n"
        "Status: draft\n\nOur winter fair is back.\n"
    )


header_value = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30
).map(str.strip)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["Title", "Date", "Tags", "X-Other"]), header_value)),
    st.text(max_size=60),
)
def test_any_file_round_trips(fields, body):
    text = "".join(f"{key}: {value}\n" for key, value in fields) + "\n" + body
    assert run([[text, None]]) == [text]


BLOCKS = """
const format = require(process.argv[1]);
const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(texts.map(([kind, text]) => {
  const component = format[kind];
  const match = component.pattern.exec(text);
  return match ? component.toBlock(component.fromBlock(match)) : null;
})));
"""


def blocks(cases):
    done = subprocess.run(
        ["node", "-e", BLOCKS, str(FORMAT)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_chart_component_reads_and_writes_the_guides_blocks():
    import re

    guide = (ROOT / "docs" / "writing-charts.md").read_text(encoding="utf-8")
    examples = re.findall(r"^```chart\n.*?\n```$", guide, re.MULTILINE | re.DOTALL)
    assert len(examples) >= 4
    assert blocks([["chart", e] for e in examples]) == examples


def test_the_number_component_reads_and_writes_the_guides_numbers():
    import re

    guide = (ROOT / "docs" / "writing-charts.md").read_text(encoding="utf-8")
    numbers = [
        n.replace("\\|", "|")
        for n in re.findall(r"^\| `(\{\{ [^`]+ \}\})` \|", guide, re.MULTILINE)
        # The table of forms (the messages' table quotes broken ones); the
        # component writes one answer, no group, from the post's own survey.
        if n.startswith("{{ income-change") and "+" not in n and "group:" not in n
    ]
    assert len(numbers) >= 5
    assert blocks([["number", n] for n in numbers]) == numbers
