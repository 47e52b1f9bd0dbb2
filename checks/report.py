"""What every checker returns: one summary line, detail lines, and faults."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fault:
    """One problem: which checker found it, on which page (site path such as
    "/about/", or a file such as "/theme/css/site.css"), under which rule."""

    checker: str
    page: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.page} [{self.rule}] {self.message}"


@dataclass
class CheckResult:
    name: str
    summary: str
    faults: list[Fault] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.faults

    def render(self) -> str:
        lines = [f"{self.name}: {self.summary}"]
        lines += [f"  {line}" for line in self.details]
        lines += [f"  FAIL {fault}" for fault in self.faults]
        return "\n".join(lines)


class ToolMissing(RuntimeError):
    """A tool a checker needs (Java, vnu.jar, Chromium, axe-core, Playwright)
    is not installed; the message says how to install it."""


def merge_widths(items: list[tuple[int, Fault]]) -> list[Fault]:
    """Fold the same fault seen at several viewport widths into one fault whose
    message ends "(at 390, 1280 px)", keeping first-seen order."""
    order: list[tuple[str, str, str, str]] = []
    widths: dict[tuple[str, str, str, str], list[int]] = {}
    for width, fault in items:
        key = (fault.checker, fault.page, fault.rule, fault.message)
        if key not in widths:
            order.append(key)
            widths[key] = []
        if width not in widths[key]:
            widths[key].append(width)
    merged = []
    for key in order:
        checker, page, rule, message = key
        ws = ", ".join(str(w) for w in sorted(widths[key]))
        merged.append(Fault(checker, page, rule, f"{message} (at {ws} px)"))
    return merged
