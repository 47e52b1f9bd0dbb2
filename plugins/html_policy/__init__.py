"""html_policy: what HTML a writer may paste into a post or page, and the
build's refusal of the rest (docs/writing-posts.md, "Pasting HTML, embeds and
widgets").

Markdown lets raw HTML through untouched: a pasted <iframe> embed or a
newsletter widget's <script> would reach the page, loading another website
for every reader, and the published site's Content-Security-Policy would
then leave a blank box. This plugin:

- refuses a post or page written as an HTML (or reStructuredText) file;
- refuses, before Pelican reads anything, every embed, script, style, form,
  on…= attribute, javascript: (or other non-web) link, picture from another
  website and tag that is not on the allowlist, in the text and the Summary:
  `file:line: what is wrong, why, and what to write instead`. It answers
  content_checks' `file_checks` signal, so content_checks' rules decide what a
  refusal does (a published post stops the build; a draft is left out);
- cleans the writer's HTML that is allowed with nh3 (the Ammonia sanitiser)
  and the same allowlist (policy.py), in every post and page and its Summary,
  so nothing outside the list reaches a page, a feed or the search index even
  where the start-up check does not run.

Only what the writer typed is touched: the plugins' own markup (charts,
tables, the survey call to action, `{: .signoff }` classes) is added outside
the points where Markdown takes in the writer's HTML (extension.py).

Hooks:
  initialized   check the settings; refuse .html and .rst posts; add the
                Markdown extension that cleans the writer's HTML in the build
  content_checks.file_checks   the refusals in one post or page

Public API: `check_text(text, settings)` -> [(line, message)] for one file.

Settings: SETTINGS below (README.md, "Settings").
"""

from __future__ import annotations

from pathlib import Path

from blinker import signal
from pelican import signals
from pluginkit import (
    PluginSettings,
    Problem,
    Setting,
    bad_setting,
    format_problems,
    kinds,
    shown_path,
)

from . import extension
from .extension import HtmlPolicyExtension
from .policy import Policy

MARKDOWN_SUFFIXES = ("md", "markdown", "mkd", "mdown")
# Files Pelican would also read as posts or pages, with their HTML unchecked:
# HTML itself, and reStructuredText (its 'raw' directive passes HTML through).
OTHER_SUFFIXES = ("html", "htm", "rst")
CODE_SCHEMES = ("javascript", "vbscript", "data", "file", "blob")


def _no_code_schemes(values, _settings) -> list[str]:
    schemes = [s.lower().rstrip(":") for s in values["HTML_POLICY_LINK_SCHEMES"]]
    bad = [s for s in schemes if s in CODE_SCHEMES]
    if not bad:
        return []
    return [
        bad_setting(
            "HTML_POLICY_LINK_SCHEMES",
            values["HTML_POLICY_LINK_SCHEMES"],
            f"web and email schemes only; {bad[0]!r} runs code or hides content in the address",
        )
    ]


SETTINGS = PluginSettings(
    "html_policy",
    "HTML_POLICY_",
    Setting(
        "HTML_POLICY_LINK_SCHEMES",
        ["http", "https", "mailto", "tel"],
        kinds.text_list(empty=False),
        "The kinds of address a link may use; any other (javascript:, data:…) stops the build.",
    ),
    Setting(
        "HTML_POLICY_IMAGE_HOSTS",
        [],
        kinds.text_list(),
        "Other websites (host names) pictures may be loaded from; none by default.",
    ),
    checks=[_no_code_schemes],
)


class HtmlPolicyError(Exception):
    """Stops the build; its message lists every refused piece of HTML."""


def policy_from_settings(settings) -> Policy:
    values = SETTINGS.read(settings)
    return Policy(
        link_schemes=tuple(s.lower().rstrip(":") for s in values["HTML_POLICY_LINK_SCHEMES"]),
        image_hosts=tuple(h.lower() for h in values["HTML_POLICY_IMAGE_HOSTS"]),
    )


def check_text(text: str, settings) -> list[tuple[int, str]]:
    """Every refused piece of HTML in one file's text, as (line, message)."""
    return extension.check_text(text, policy_from_settings(settings), settings.get("MARKDOWN", {}))


def content_files(settings, suffixes=MARKDOWN_SUFFIXES) -> list[Path]:
    root = Path(settings["PATH"])
    folders = list(settings.get("ARTICLE_PATHS", [""])) + list(
        settings.get("PAGE_PATHS", ["pages"])
    )
    found = set()
    for folder in folders:
        base = root / folder
        if base.is_dir():
            for path in base.rglob("*"):
                suffix = path.suffix.lstrip(".").lower()
                if suffix in suffixes and not path.name.startswith("."):
                    found.add(path)
    return sorted(found)


def not_markdown_problems(settings) -> list[Problem]:
    """Posts and pages saved as web pages (.html) or reStructuredText: their
    HTML would reach the page unchecked, so they are refused whole."""
    return [
        Problem(
            shown_path(path),
            None,
            f"is not a Markdown file, so the HTML in it would reach the page unchecked: "
            f"posts and pages are written in Markdown. Save it as {path.stem}.md and write "
            "it in Markdown (docs/writing-posts.md).",
        )
        for path in content_files(settings, OTHER_SUFFIXES)
    ]


def check_file(settings, *, path, text) -> list[tuple[int | None, str]]:
    """content_checks' `file_checks` signal: every refused piece of HTML in
    this post or page. content_checks decides what a problem does (stop the
    build, or leave a draft out)."""
    return [(line or None, message) for line, message in check_text(text, settings)]


def on_initialized(pelican):
    settings = pelican.settings
    policy = policy_from_settings(settings)
    problems = not_markdown_problems(settings)
    if problems:
        raise HtmlPolicyError(format_problems(problems))
    markdown = settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    extensions[:] = [x for x in extensions if not isinstance(x, HtmlPolicyExtension)]
    extensions.append(HtmlPolicyExtension(policy))


def register():
    signals.initialized.connect(on_initialized)
    # Named blinker signals are shared: this works without importing content_checks.
    signal("content_checks.file_checks").connect(check_file)
