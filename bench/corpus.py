"""A deterministic corpus for the benchmarks: N posts of realistic Markdown
(headings, lists, links, quotes, tables, emphasis), in the site's three
categories, with tags and authors, plus findings posts holding M ```chart
blocks over a generated survey edition in content/data/.

The same (n_posts, n_charts, seed) always writes the same bytes. Post i is
made from its own random stream, so the corpus for N = 100 is the first 100
posts of the one for N = 1,000, except for the findings posts, which always
come first (the newest, as a findings post would be) and share the survey.

`python -m bench.corpus DEST --posts 1000 --charts 50` writes DEST/content/.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

EDITION = "bench-sector-survey-2025"
CHARTS_PER_FINDINGS = 8
SURVEY_RESPONSES = 184
GROUPS = ("Under £100k", "£100k to £1m", "Over £1m")
GROUP_SHARE = (0.46, 0.37, 0.17)
AUTHORS = [
    "Damian Brady (Interim CEO)",
    "Tower Hamlets CVS",
    "Amina Rahman",
    "Joe Whitfield",
    "Priya Shah",
    "Tom O'Connell",
]
CATEGORY_WEIGHTS = [("News", 0.55), ("CEO blog", 0.33), ("Sector findings", 0.12)]
TAGS = [
    "funding",
    "volunteering",
    "co-production",
    "commissioning",
    "health",
    "social care",
    "young people",
    "older people",
    "mental health",
    "housing",
    "cost of living",
    "training",
    "governance",
    "trustees",
    "events",
    "networks",
    "Council",
    "NHS",
    "partnerships",
    "digital",
    "premises",
    "safeguarding",
    "equality",
    "refugees",
    "employment",
    "food",
    "energy",
    "advice",
    "State of the Sector",
    "policy",
    "grants",
    "consultation",
    "Bow",
    "Poplar",
    "Whitechapel",
    "Isle of Dogs",
    "Stepney",
    "Bethnal Green",
    "Shadwell",
    "Limehouse",
]
PLACES = [
    "Bow",
    "Poplar",
    "Whitechapel",
    "the Isle of Dogs",
    "Stepney",
    "Bethnal Green",
    "Shadwell",
    "Limehouse",
    "Mile End",
    "Wapping",
    "Spitalfields",
    "Bromley-by-Bow",
]
TOPICS = [
    "Volunteers needed",
    "Funding round opens",
    "Trustee training",
    "Winter support",
    "Network meeting",
    "New partnership",
    "Youth services",
    "Food banks under pressure",
    "Digital skills sessions",
    "Community halls",
    "Advice services",
    "Health inequalities",
    "Cost of living support",
    "Refugee welcome",
    "Mental health forum",
    "Small grants",
    "Employment support",
    "Older people's services",
    "Carers' week",
    "Safeguarding refresher",
    "Premises costs",
    "Energy bills",
    "Social prescribing",
    "Commissioning plans",
    "Consultation response",
    "Annual general meeting",
    "Policy briefing",
    "Open day",
]
ANGLES = [
    "what we heard",
    "how to take part",
    "dates for your diary",
    "what it means for you",
    "a round-up",
    "our response",
    "the next steps",
    "lessons so far",
    "a call for partners",
    "what changes in spring",
    "how to apply",
    "thank you",
    "a progress report",
    "questions answered",
    "the story so far",
]
SUBJECTS = [
    "local organisations",
    "our members",
    "small charities",
    "community groups",
    "the Council",
    "the NHS",
    "commissioners",
    "volunteers",
    "trustees",
    "residents",
    "faith groups",
    "social enterprises",
    "funders",
    "young people",
    "carers",
]
VERBS = [
    "told us about",
    "are struggling with",
    "have asked for help with",
    "are working on",
    "want a say in",
    "have welcomed",
    "are worried about",
    "have led the way on",
    "are planning for",
    "need more support with",
    "have raised concerns about",
]
OBJECTS = [
    "rising running costs",
    "the demand for advice",
    "longer-term funding",
    "co-production",
    "recruiting volunteers",
    "affordable premises",
    "the new commissioning framework",
    "digital inclusion",
    "mental health support",
    "the cost of living",
    "energy bills",
    "trustee recruitment",
    "partnership bids",
    "data protection",
    "safeguarding training",
    "social value in contracts",
    "the winter months",
    "food poverty",
    "youth provision",
]
CLAUSES = [
    "and the picture varies from one part of the borough to another",
    "which is why we are bringing people together this month",
    "although many are finding new ways to cope",
    "so we have written to the Council's cabinet member",
    "and we will report back at the next network meeting",
    "while funders are asking for more evidence of impact",
    "as the survey results made clear",
    "even though demand keeps growing",
    "and several members have offered to share what worked for them",
    "because short-term grants make planning hard",
]
OPENERS = [
    "",
    "",
    "",
    "This year, ",
    "In recent months, ",
    "Across Tower Hamlets, ",
    "As we said last month, ",
    "Once again, ",
    "In practice, ",
    "For many of you, ",
]
HEADINGS = [
    "What is happening",
    "Why it matters",
    "What we are doing",
    "How you can help",
    "Dates and places",
    "What members told us",
    "Next steps",
    "Background",
    "Who can apply",
    "Getting involved",
    "What the evidence says",
    "Our view",
]
LINK_SITES = [
    "https://www.towerhamlets.gov.uk/",
    "https://www.ncvo.org.uk/",
    "https://www.gov.uk/government/organisations/charity-commission",
    "https://www.tnlcommunityfund.org.uk/",
    "https://www.england.nhs.uk/",
]

# The generated survey: (id, wording, kind, answers, breakdown?).
QUESTIONS = [
    (
        "income-change",
        "Compared with the previous year, how has your organisation's total income changed in the "
        "last 12 months?",
        "single",
        ["Increased", "Stayed about the same", "Decreased"],
    ),
    (
        "demand-change",
        "How has demand for your organisation's services changed in the last 12 months?",
        "single",
        ["Increased", "Stayed about the same", "Decreased"],
    ),
    (
        "meet-demand",
        "In the last 12 months, how much of the demand for your services has your organisation "
        "been able to meet?",
        "single",
        ["Met all demand", "Met most demand", "Met some demand", "Met little or none"],
    ),
    (
        "paid-staff",
        "How many paid staff (full-time or part-time) does your organisation have?",
        "single",
        ["None", "1 to 5", "6 to 20", "More than 20"],
    ),
    (
        "volunteers",
        "In a typical month, how many volunteers (including trustees) give time to your "
        "organisation?",
        "single",
        ["None", "1 to 10", "11 to 50", "More than 50"],
    ),
    (
        "financial-outlook",
        "Over the next 12 months, how do you expect your organisation's financial position to "
        "change?",
        "single",
        ["Improve", "Stay about the same", "Get worse", "Don't know"],
    ),
    (
        "premises-costs",
        "How have your organisation's premises costs changed in the last 12 months?",
        "single",
        ["Increased", "Stayed about the same", "Decreased", "No premises"],
    ),
    (
        "energy-costs",
        "How have your organisation's energy bills changed in the last 12 months?",
        "single",
        ["Increased a lot", "Increased a little", "Stayed about the same", "Decreased"],
    ),
    (
        "digital-confidence",
        "How confident is your organisation in using digital tools to deliver its services?",
        "single",
        ["Very confident", "Fairly confident", "Not very confident", "Not at all confident"],
    ),
    (
        "funding-bids",
        "Compared with the previous year, has your organisation made more or fewer funding "
        "applications?",
        "single",
        ["More", "About the same", "Fewer"],
    ),
    (
        "bid-success",
        "Compared with the previous year, how successful have your funding applications been?",
        "single",
        ["More successful", "About the same", "Less successful", "Made none"],
    ),
    (
        "staff-recruitment",
        "How easy has it been to recruit paid staff in the last 12 months?",
        "single",
        ["Easy", "Difficult", "Very difficult", "Did not recruit"],
    ),
    (
        "volunteer-recruitment",
        "How easy has it been to recruit volunteers in the last 12 months?",
        "single",
        ["Easy", "Difficult", "Very difficult", "Did not recruit"],
    ),
    (
        "used-reserves",
        "Has your organisation used its reserves to cover running costs in the last 12 months?",
        "single",
        ["Yes", "No", "Don't know"],
    ),
    (
        "cost-of-living",
        "How much has the rising cost of living affected the people your organisation serves?",
        "single",
        ["A great deal", "A fair amount", "A little", "Not at all"],
    ),
    (
        "council-relationship",
        "How would you describe your organisation's relationship with the Council?",
        "single",
        ["Good", "Mixed", "Poor", "No relationship"],
    ),
    (
        "nhs-relationship",
        "How would you describe your organisation's relationship with the NHS locally?",
        "single",
        ["Good", "Mixed", "Poor", "No relationship"],
    ),
    (
        "trustee-vacancies",
        "How many trustee vacancies does your board have at the moment?",
        "single",
        ["None", "1 or 2", "3 or more"],
    ),
    (
        "contracts",
        "Does your organisation deliver any services under a contract with a public body?",
        "single",
        ["Yes", "No", "Don't know"],
    ),
    (
        "merger-talks",
        "Has your organisation discussed merging or sharing services with another organisation in "
        "the last 12 months?",
        "single",
        ["Yes, and we went ahead", "Yes, but we did not go ahead", "No"],
    ),
    (
        "top-concerns",
        "What are your organisation's biggest concerns for the next 12 months? Please choose up "
        "to three.",
        "multi",
        [
            "Securing funding",
            "Rising running costs",
            "Growing demand",
            "Staff and volunteer wellbeing",
            "Recruiting and keeping volunteers",
            "Recruiting and keeping staff",
            "Finding affordable premises",
            "Something else",
        ],
    ),
    (
        "support-wanted",
        "What support from the CVS would help your organisation most? Choose all that apply.",
        "multi",
        [
            "Funding advice",
            "Governance and trustees",
            "Volunteer recruitment",
            "Digital skills",
            "Networking",
            "Policy and influencing",
        ],
    ),
    (
        "funding-sources",
        "Where did your organisation's income come from in the last 12 months? Choose all that "
        "apply.",
        "multi",
        [
            "Grants from trusts and foundations",
            "Council grants or contracts",
            "NHS grants or contracts",
            "Donations",
            "Earned income",
            "Lottery funding",
            "Other",
        ],
    ),
    (
        "services",
        "What does your organisation do? Choose all that apply.",
        "multi",
        [
            "Advice and information",
            "Health and wellbeing",
            "Children and young people",
            "Older people",
            "Food and essentials",
            "Arts and culture",
            "Sport and leisure",
            "Faith-based activities",
        ],
    ),
]


@dataclass
class Corpus:
    root: Path  # the folder holding content/
    posts: list[str] = field(default_factory=list)  # content-relative paths, newest first
    findings: list[str] = field(default_factory=list)  # findings posts (content-relative)
    charts: int = 0
    chart_blocks: list[tuple[str, str, str | None]] = field(
        default_factory=list
    )  # (question, kind, group)
    edit_post: str = ""  # a plain News post the edit loop changes
    article_post: str = ""  # a typical article, for the page-weight figures
    findings_post: str = ""  # the first findings post (8 charts when M >= 8)
    words: int = 0

    @property
    def content(self) -> Path:
        return self.root / "content"


# -- the survey edition -------------------------------------------------------


def _split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """`total` split into len(weights) whole counts roughly in proportion."""
    noisy = [w * rng.uniform(0.7, 1.3) for w in weights]
    scale = total / sum(noisy)
    counts = [int(w * scale) for w in noisy]
    remainders = sorted(range(len(counts)), key=lambda i: -(noisy[i] * scale - counts[i]))
    for i in remainders[: total - sum(counts)]:
        counts[i] += 1
    return counts


def survey_files(seed: int) -> tuple[str, str, dict]:
    """(survey.yaml, results.csv, {question id: (kind, answers, counts)})."""
    rng = random.Random(f"{seed}-survey")
    yaml_lines = [
        "# Generated by bench/corpus.py: illustrative counts for the benchmarks.",
        "title: Benchmark State of the Sector 2025",
        "population: Voluntary, community and social enterprise organisations working in Tower "
        "Hamlets",
        "fieldwork:",
        "  opens: 2025-09-15",
        "  closes: 2025-11-07",
        "method: >-",
        "  An online questionnaire, promoted through the CVS newsletter, our network",
        "  meetings and partner organisations. One response per organisation.",
        f"responses: {SURVEY_RESPONSES}",
        "illustrative: true",
        "source: Tower Hamlets CVS, benchmark survey 2025",
        "",
        "breakdowns:",
        "  - id: income-band",
        "    name: annual income",
        "    groups:",
        *[f"      - {g}" for g in GROUPS],
        "",
        "questions:",
    ]
    csv_lines = ["question,answer,count,group"]
    tables = {}
    for qid, text, kind, answers in QUESTIONS:
        respondents = rng.randint(150, SURVEY_RESPONSES)
        weights = [rng.uniform(0.5, 3.0) for _ in answers]
        yaml_lines += [
            f"  - id: {qid}",
            f'    text: "{text}"',
            f"    kind: {kind}",
            "    base: "
            + (
                "All organisations that answered"
                if kind == "single"
                else "Organisations that answered this question"
            ),
            f"    respondents: {respondents}",
            "    answers:",
            *[f'      - "{a}"' for a in answers],
            "",
        ]
        if kind == "single":
            group_sizes = _split(respondents, list(GROUP_SHARE), rng)
            rows = [_split(size, weights, rng) for size in group_sizes]
            overall = [sum(r[i] for r in rows) for i in range(len(answers))]
            for answer, count in zip(answers, overall):
                csv_lines.append(f"{qid},{_csv(answer)},{count},")
            for group, row in zip(GROUPS, rows):
                for answer, count in zip(answers, row):
                    csv_lines.append(f"{qid},{_csv(answer)},{count},{group}")
            tables[qid] = (kind, answers, overall, respondents)
        else:
            overall = [
                min(respondents, int(respondents * w / 3.2 * rng.uniform(0.6, 1.0)))
                for w in weights
            ]
            for answer, count in zip(answers, overall):
                csv_lines.append(f"{qid},{_csv(answer)},{count},")
            tables[qid] = (kind, answers, overall, respondents)
    return "\n".join(yaml_lines) + "\n", "\n".join(csv_lines) + "\n", tables


def _csv(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def chart_plan(n_charts: int) -> list[tuple[str, str, str | None]]:
    """M distinct charts (question, kind, group), varied, in a fixed order;
    beyond the distinct ones they repeat (and then hit the render cache)."""
    bars, stacked, grouped = [], [], []
    for qid, _text, kind, answers in QUESTIONS:
        bars.append((qid, "bar", None))
        if kind == "single":
            grouped.append((qid, "grouped", "income-band"))
            if len(answers) <= 4:
                stacked.append((qid, "stacked", "income-band"))
    distinct = []
    for i in range(max(len(bars), len(stacked), len(grouped))):
        for pool in (bars, stacked, grouped):
            if i < len(pool):
                distinct.append(pool[i])
    return [distinct[i % len(distinct)] for i in range(n_charts)]


# -- text ---------------------------------------------------------------------


def _sentence(rng: random.Random) -> str:
    text = f"{rng.choice(OPENERS)}{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.6:
        text += f", {rng.choice(CLAUSES)}"
    if rng.random() < 0.25:
        text += f", especially in {rng.choice(PLACES)}"
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, links: list[str]) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.3:
        i = rng.randrange(len(sentences))
        words = sentences[i].rstrip(".").split(" ")
        j = rng.randrange(1, len(words))
        words[j] = f"**{words[j]}**" if rng.random() < 0.5 else f"*{words[j]}*"
        sentences[i] = " ".join(words) + "."
    if rng.random() < 0.35:
        target = rng.choice(links) if links and rng.random() < 0.5 else rng.choice(LINK_SITES)
        label = rng.choice(
            [
                "read more here",
                "the full details",
                "our earlier post",
                "the guidance",
                "this page",
                "the report",
            ]
        )
        sentences.append(f"You can find [{label}]({target}).")
    return _wrap(" ".join(sentences))


def _wrap(text: str, width: int = 78) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def _body(rng: random.Random, words_wanted: int, links: list[str]) -> str:
    parts: list[str] = []
    count = 0
    while count < words_wanted:
        roll = rng.random()
        if parts and roll < 0.14:
            parts.append(f"## {rng.choice(HEADINGS)}")
        elif parts and roll < 0.24:
            items = [f"- {_sentence(rng)}" for _ in range(rng.randint(2, 5))]
            parts.append("\n".join(items))
        elif parts and roll < 0.29:
            items = [f"{i}. {_sentence(rng)}" for i in range(1, rng.randint(3, 5))]
            parts.append("\n".join(items))
        elif parts and roll < 0.33:
            parts.append("> " + _wrap(_sentence(rng) + " " + _sentence(rng)).replace("\n", "\n> "))
        elif parts and roll < 0.35:
            rows = [
                f"| {rng.choice(PLACES)} | {rng.randint(3, 60)} | {rng.randint(1, 12)} |"
                for _ in range(rng.randint(3, 5))
            ]
            parts.append("| Area | Groups | Sessions |\n| --- | ---: | ---: |\n" + "\n".join(rows))
        else:
            parts.append(_paragraph(rng, links))
        count += len(parts[-1].split())
    return "\n\n".join(parts)


# -- posts ----------------------------------------------------------------------


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _title(rng: random.Random, used: set[str]) -> str:
    while True:
        title = f"{rng.choice(TOPICS)} in {rng.choice(PLACES)}: {rng.choice(ANGLES)}"
        if _slugify(title) not in used:
            used.add(_slugify(title))
            return title


def _category(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for name, weight in CATEGORY_WEIGHTS:
        total += weight
        if roll < total:
            return name
    return CATEGORY_WEIGHTS[-1][0]


def _post_text(title, date, category, tags, author, summary, body, survey=None) -> str:
    head = [f"Title: {title}", f"Date: {date:%Y-%m-%d %H:%M}", f"Category: {category}"]
    if tags:
        head.append(f"Tags: {', '.join(tags)}")
    head.append(f"Author: {author}")
    if survey:
        head.append(f"Survey: {survey}")
    head.append(f"Summary: {summary}")
    return "\n".join(head) + "\n\n" + body.rstrip() + "\n"


def _chart_block(qid: str, kind: str, group: str | None, tables: dict) -> str:
    qkind, answers, counts, _respondents = tables[qid]
    top = answers[max(range(len(answers)), key=lambda i: counts[i])]
    what = {"bar": "Bar chart", "stacked": "Stacked bar chart", "grouped": "Grouped bar chart"}[
        kind
    ]
    by = " by annual income" if group else ""
    lines = ["```chart", f"survey: {EDITION}", f"question: {qid}"]
    if group:
        lines += [f"group: {group}", f"kind: {kind}"]
    lines += [
        f"title: \"{{{{ {qid}: {top} | In-ten }}}} organisations answered '{top}'\"",
        f"description: {what} of the answers to '{qid.replace('-', ' ')}'{by}. The largest "
        f"answer is {top.lower()} at {{{{ {qid}: {top} }}}} of the {{{{ {qid} | base }}}} "
        "organisations that answered.",
        "```",
    ]
    return "\n".join(lines)


def _findings_body(rng: random.Random, charts: list, tables: dict) -> str:
    first = charts[0][0] if charts else "income-change"
    kind, answers, counts, _ = tables[first]
    top = answers[max(range(len(answers)), key=lambda i: counts[i])]
    parts = [
        _wrap(
            "Every year we ask voluntary and community organisations in Tower Hamlets "
            f"how they are doing. This time {{{{ {first} | base }}}} organisations answered "
            f"this question, and {{{{ {first}: {top} }}}} said '{top.lower()}'."
        ),
        _paragraph(rng, []),
    ]
    for n, (qid, kind, group) in enumerate(charts):
        if n % 3 == 0:
            parts.append(f"## {rng.choice(HEADINGS)}")
        parts.append(_paragraph(rng, []))
        parts.append(_chart_block(qid, kind, group, tables))
    parts.append("## About the survey")
    parts.append(f"```survey-method\nsurvey: {EDITION}\n```")
    return "\n\n".join(parts)


def generate(
    dest: Path, n_posts: int, n_charts: int = 50, seed: int = 8, pages_from: Path | None = None
) -> Corpus:
    """Write dest/content/ (replacing it) and describe what was written."""
    n_findings = math.ceil(n_charts / CHARTS_PER_FINDINGS) if n_charts else 0
    if n_posts < n_findings + 1:
        raise ValueError(
            f"{n_posts} posts cannot hold {n_charts} charts "
            f"({n_findings} findings posts) and one ordinary post"
        )
    dest = Path(dest)
    content = dest / "content"
    if content.exists():
        shutil.rmtree(content)
    for folder in ("posts", "findings", "pages", f"data/{EDITION}"):
        (content / folder).mkdir(parents=True)
    corpus = Corpus(dest, charts=n_charts)

    survey_yaml, results_csv, tables = survey_files(seed)
    (content / "data" / EDITION / "survey.yaml").write_text(survey_yaml, encoding="utf-8")
    (content / "data" / EDITION / "results.csv").write_text(results_csv, encoding="utf-8")

    # Dates: the newest post a month before "now" (2026-10-30), one every
    # few days back from there, so N = 1,000 spans about seven years.
    newest = datetime(2026, 10, 30, 9, 30)
    used_slugs: set[str] = set()
    written: list[str] = []  # content-relative, oldest first
    plan = chart_plan(n_charts)
    corpus.chart_blocks = plan
    n_plain = n_posts - n_findings
    # Plain posts, oldest first, so later ones can link to earlier ones.
    plain = []
    for i in range(n_plain):
        rng = random.Random(f"{seed}-post-{i}")
        date = newest - timedelta(days=2.5 * (i + n_findings), hours=rng.randint(0, 8))
        plain.append((i, rng, date))
    for _i, rng, date in reversed(plain):
        title = _title(rng, used_slugs)
        category = _category(rng)
        tags = rng.sample(TAGS, rng.randint(1, 4))
        author = "Damian Brady (Interim CEO)" if category == "CEO blog" else rng.choice(AUTHORS)
        words = {"CEO blog": (600, 1100), "News": (250, 600), "Sector findings": (400, 800)}[
            category
        ]
        links = [f"{{filename}}/{p}" for p in written[-30:]]
        body = _body(rng, rng.randint(*words), rng.sample(links, min(len(links), 3)))
        summary = _sentence(rng)
        relative = f"posts/{date:%Y-%m-%d}-{_slugify(title)}.md"
        text = _post_text(title, date, category, tags, author, summary, body)
        (content / relative).write_text(text, encoding="utf-8")
        corpus.words += len(text.split())
        written.append(relative)
    for f in range(n_findings):
        rng = random.Random(f"{seed}-findings-{f}")
        date = newest - timedelta(days=2.5 * f, hours=-1)
        charts = plan[f * CHARTS_PER_FINDINGS : (f + 1) * CHARTS_PER_FINDINGS]
        title = f"Survey findings, part {f + 1}: {rng.choice(ANGLES)}"
        used_slugs.add(_slugify(title))
        qid = charts[0][0]
        kind, answers, counts, _ = tables[qid]
        top = answers[max(range(len(answers)), key=lambda i: counts[i])]
        summary = (
            f"{{{{ {qid}: {top} | In-ten }}}} organisations that answered our 2025 survey "
            f"said '{top.lower()}'. Part {f + 1} of what {{{{ {qid} | base }}}} "
            "organisations told us."
        )
        body = _findings_body(rng, charts, tables)
        relative = f"findings/{date:%Y-%m-%d}-survey-findings-part-{f + 1}.md"
        text = _post_text(
            title,
            date,
            "Sector findings",
            ["State of the Sector", "funding"],
            "Tower Hamlets CVS",
            summary,
            body,
            survey=EDITION,
        )
        (content / relative).write_text(text, encoding="utf-8")
        corpus.words += len(text.split())
        corpus.findings.append(relative)
    corpus.posts = corpus.findings + list(reversed(written))
    news = [
        p
        for p in reversed(written)
        if "Category: News" in (content / p).read_text(encoding="utf-8")
    ]
    ordinary = news or list(reversed(written))
    corpus.edit_post = ordinary[len(ordinary) // 2]
    corpus.article_post = ordinary[0]
    corpus.findings_post = corpus.findings[0] if corpus.findings else ""

    # The site's own standing pages (About, Subscribe, ...), as they are.
    if pages_from and Path(pages_from).is_dir():
        for page in sorted(Path(pages_from).glob("*.md")):
            shutil.copy2(page, content / "pages" / page.name)
    return corpus


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--charts", type=int, default=50)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    corpus = generate(args.dest, args.posts, args.charts, args.seed, root / "content" / "pages")
    print(
        f"{len(corpus.posts)} posts ({len(corpus.findings)} findings, {corpus.charts} charts), "
        f"{corpus.words:,} words in {corpus.content}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
