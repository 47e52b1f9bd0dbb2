"""The Markdown extension: the writer's raw HTML, where Python-Markdown lets
it in, inspected against the policy and cleaned.

Python-Markdown passes raw HTML through untouched by keeping it in its
"stash" and putting it back at the end. It stashes the writer's HTML at two
points only, and this extension brackets each:

- blocks of HTML (an <iframe> on its own lines, a <div>…</div>) by the
  'html_block' preprocessor (priority 20): a marker at 21 notes how full the
  stash is, and at 19 every entry added since is the writer's HTML;
- HTML inside a paragraph ('<b>', '</b>', '<!-- -->', '&amp;') by the 'inline'
  treeprocessor (20): the same, with treeprocessors at 21 and 19.

The site's plugins put their markup in the stash at other points (survey
charts at preprocessor 26, highlighted code at 25 and 30) or add it after
Markdown (the survey call to action), so it is never seen here, never
refused and never cleaned. Elements Markdown itself makes are checked after
attribute lists are applied (treeprocessor 6, after 'attr_list' at 8):
`[text](javascript:…)`, `{: onclick=… }`, a picture from another website.

What is refused goes to `report` (the start-up check collects it, with the
line); in the build itself nothing refused should arrive (the check stopped
it first), so anything that does is removed and logged as a warning, which
stops a build run with --fatal warnings.

`check_text` is the start-up check of one file: the same conversion Pelican
does, body then Summary, with this extension reporting.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .policy import ALLOWED_TAGS, FEED_REPLACE, Finding, Policy, line_of, unique

logger = logging.getLogger(__name__)

MARKDOWN_TAGS = ALLOWED_TAGS | {"h1"}
# Markdown's own style: a table column aligned with '|---:|' (the tables
# extension). Not the writer's HTML, so not refused here.
_TABLE_ALIGN = re.compile(r"t[hd] style=text-align: (left|right|center);")

# Only a file with one of these can hold HTML, an attribute list, a picture
# or a code address: most posts need no second conversion at start-up.
_MAY_NEED_CHECK = re.compile(
    r"<[A-Za-z!/?]|\{[^}\n]*(?:on\w+|style|data-feed-replace)\s*=|!\[|script\s*:|data\s*:|&#|&colon",
    re.I,
)


def _log_warning(finding: Finding) -> None:
    logger.warning("html_policy: removed from a post or page: %s", finding.message)


class HtmlPolicyExtension(Extension):
    def __init__(self, policy: Policy, report: Callable[[Finding], None] | None = None, **kw):
        self.policy = policy
        self.report = report
        self.mark = 0
        super().__init__(**kw)

    def found(self, findings: list[Finding]) -> None:
        for finding in findings:
            (self.report or _log_warning)(finding)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.preprocessors.register(_Mark(md, self), "html_policy_mark", 21)
        md.preprocessors.register(_CleanBlocks(md, self), "html_policy_blocks", 19)
        md.treeprocessors.register(_MarkTree(md, self), "html_policy_inline_mark", 21)
        md.treeprocessors.register(_CleanInline(md, self), "html_policy_inline", 19)
        md.treeprocessors.register(_CheckElements(md, self), "html_policy_elements", 6)

    def __getstate__(self):
        # Pelican's content cache pickles the settings, this extension with them.
        return {**self.__dict__, "report": None}


class _Mark(Preprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        self.extension.mark = len(self.md.htmlStash.rawHtmlBlocks)
        return lines


class _CleanBlocks(Preprocessor):
    """Each block of the writer's HTML: inspected, then cleaned."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        _clean_stash(self.md, self.extension, whole=True)
        return lines


class _MarkTree(Treeprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        self.extension.mark = len(self.md.htmlStash.rawHtmlBlocks)


class _CleanInline(Treeprocessor):
    """Each tag of the writer's HTML inside a paragraph: inspected, then cleaned."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        _clean_stash(self.md, self.extension, whole=False)


def _clean_stash(md, extension, whole: bool) -> None:
    stash = md.htmlStash.rawHtmlBlocks
    policy = extension.policy
    for index in range(extension.mark, len(stash)):
        entry = stash[index]
        if not isinstance(entry, str) or "<" not in entry:
            continue  # an element of md_in_html (checked in the tree), or an entity
        extension.found(policy.inspect(entry))
        stash[index] = policy.clean(entry) if whole else policy.clean_tag(entry)


class _CheckElements(Treeprocessor):
    """Elements Markdown made, after attribute lists: links, pictures, attributes."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        policy = self.extension.policy
        # Markdown's own tags are all on the allowlist (with '#' for <h1>);
        # any other came from the writer's <… markdown="1"> (md_in_html).
        for parent in list(root.iter()):
            for child in list(parent):
                if isinstance(child.tag, str) and child.tag not in MARKDOWN_TAGS:
                    attrs = list(child.attrib.items())
                    self.extension.found(policy.inspect_tag(child.tag, attrs, _as_text(child)))
                    parent.remove(child)
        for element in root.iter():
            if not isinstance(element.tag, str) or not element.attrib:
                continue
            attrs = [
                (key, value)
                for key, value in element.attrib.items()
                if not _TABLE_ALIGN.fullmatch(f"{element.tag} {key}={value}")
            ]
            if not _may_be_refused(policy, element.tag, attrs):
                continue  # most elements: no need to word a message
            words = "".join(element.itertext()) if element.tag == "a" else ""
            findings = policy.inspect_tag(
                element.tag, attrs, _as_text(element), from_markdown=True, words=words
            )
            if not findings:
                continue
            self.extension.found(findings)
            for key, value in attrs:
                if key.lower().startswith("on") or key.lower() in ("style", FEED_REPLACE):
                    del element.attrib[key]
                elif element.tag == "a" and key == "href" and not policy.link_allowed(value):
                    del element.attrib[key]
                elif element.tag == "img" and key == "src" and not policy.picture_allowed(value):
                    del element.attrib[key]


def _may_be_refused(policy: Policy, tag: str, attrs) -> bool:
    for key, value in attrs:
        key = key.lower()
        if key.startswith("on") or key in ("style", FEED_REPLACE):
            return True
        if tag == "a" and key == "href" and not policy.link_allowed(value):
            return True
        if tag == "img" and key == "src" and not policy.picture_allowed(value):
            return True
    return False


def _as_text(element: etree.Element) -> str:
    attrs = "".join(f' {k}="{v}"' for k, v in element.attrib.items())
    return f"<{element.tag}{attrs}>"


# -- the start-up check of one file -------------------------------------------------------


def markdown_extensions(markdown_settings: Mapping) -> tuple[list, dict]:
    """The site's Markdown extensions as Pelican loads them (by name, with the
    meta extension always on), leaving out the plugins' own extension objects:
    their markup is not the writer's."""
    configs = dict(markdown_settings.get("extension_configs") or {})
    names = [x for x in markdown_settings.get("extensions") or [] if isinstance(x, str)]
    names += [name for name in configs if name not in names]
    if "markdown.extensions.meta" not in names:
        names.append("markdown.extensions.meta")
    return names, configs


def check_text(text: str, policy: Policy, markdown_settings: Mapping) -> list[tuple[int, str]]:
    """Every refused piece of HTML in one Markdown file, as (line, message):
    converted as Pelican converts it, the body and then the Summary."""
    if not _MAY_NEED_CHECK.search(text):
        return []
    findings: list[Finding] = []
    names, configs = markdown_extensions(markdown_settings)
    md = markdown.Markdown(
        extensions=[*names, HtmlPolicyExtension(policy, findings.append)],
        extension_configs=configs,
        output_format=markdown_settings.get("output_format", "html5"),
    )
    md.convert(text)
    summary = (getattr(md, "Meta", None) or {}).get("summary")
    if summary:
        md.reset()
        md.convert("\n".join(summary))
    lines = text.splitlines()
    out = {(line_of(lines, finding.needle) or 0, finding.message) for finding in unique(findings)}
    return sorted(out)
