"""Keyboard checks, the pure part: is a focused element visible, does it
show a focus indicator, and the report. The browser side is
checks/browser.py:keyboard_audit (one page per kind, i.e. per template, at
both widths).

A focus indicator counts as visible when, compared with the element before
any focus, its outline became visible (style not none, width > 0, colour not
transparent) or changed, its box-shadow, background, text colour, border or
text decoration changed, or it was revealed (clip, clip-path, opacity,
transform or size changed: a skip link). If none of these changed, the
browser compares screenshots of the element focused and blurred (catching
indicators drawn by pseudo-elements or children); no pixel change is a fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.report import CheckResult, Fault, merge_widths

_RGBA = re.compile(r"rgba?\(([^)]*)\)")
_RECT = re.compile(r"rect\(([^)]*)\)")


def is_transparent(color: str) -> bool:
    color = (color or "").strip().lower()
    if color in ("transparent", ""):
        return True
    m = _RGBA.match(color)
    if m:
        parts = [p.strip() for p in re.split(r"[,\s/]+", m.group(1)) if p.strip()]
        if len(parts) == 4:
            alpha = parts[3]
            value = float(alpha[:-1]) / 100 if alpha.endswith("%") else float(alpha)
            return value == 0
    return False


def outline_visible(style: dict) -> bool:
    return (
        style.get("outlineStyle") not in ("none", "hidden", None)
        and float(style.get("outlineWidth") or 0) > 0
        and not is_transparent(style.get("outlineColor", ""))
    )


def _outline(style: dict) -> tuple:
    return (
        style.get("outlineStyle"),
        style.get("outlineWidth"),
        style.get("outlineColor"),
        style.get("outlineOffset"),
    )


def focus_indicator_visible(before: dict | None, after: dict) -> bool:
    """True when the focused style `after` visibly differs from `before`."""
    if outline_visible(after) and (
        before is None or not outline_visible(before) or _outline(before) != _outline(after)
    ):
        return True
    if before is None:
        return after.get("boxShadow", "none") != "none"
    if after.get("boxShadow") != before.get("boxShadow") and after.get("boxShadow") != "none":
        return True
    for key in (
        "background",
        "color",
        "border",
        "textDecoration",
        "clip",
        "clipPath",
        "opacity",
        "transform",
    ):
        if after.get(key) != before.get(key):
            return True
    return (
        abs(after.get("width", 0) - before.get("width", 0)) > 1
        or abs(after.get("height", 0) - before.get("height", 0)) > 1
    )


def _clipped_away(clip: str) -> bool:
    m = _RECT.match((clip or "").strip())
    if not m:
        return False
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", m.group(1))]
    if len(nums) != 4:
        return False
    top, right, bottom, left = nums
    return (bottom - top) < 2 or (right - left) < 2


def is_visible(style: dict) -> bool:
    """On screen and not hidden: at least 2x2 px, inside the viewport, not
    visibility:hidden, not opacity 0, not clipped to nothing."""
    w, h = style.get("width", 0), style.get("height", 0)
    x, y = style.get("x", 0), style.get("y", 0)
    vw, vh = style.get("vw", 0), style.get("vh", 0)
    if w < 2 or h < 2:
        return False
    if style.get("visibility") != "visible" or float(style.get("opacity") or 1) == 0:
        return False
    if _clipped_away(style.get("clip", "auto")):
        return False
    if (style.get("clipPath") or "none").replace(" ", "") in ("inset(50%)", "inset(100%)"):
        return False
    return x + w > 0 and y + h > 0 and x < vw and y < vh


def describe(desc: dict) -> str:
    parts = [desc.get("tag", "?")]
    if desc.get("id"):
        parts.append(f'id="{desc["id"]}"')
    if desc.get("href"):
        parts.append(f'href="{desc["href"][:80]}"')
    elif desc.get("type"):
        parts.append(f'type="{desc["type"]}"')
    text = " ".join((desc.get("text") or "").split())
    return f"<{' '.join(parts)}>" + (f' "{text}"' if text else "")


@dataclass
class KeyboardReport:
    page: str
    width: int
    tabbables: int = 0
    stops: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)

    def add(self, rule: str, message: str) -> None:
        self.problems.append((rule, message))

    def faults(self) -> list[tuple[int, Fault]]:
        return [
            (self.width, Fault("keyboard", self.page, rule, msg)) for rule, msg in self.problems
        ]


def check_keyboard(reports: list, kinds: dict[str, str], widths: tuple[int, ...]) -> CheckResult:
    items = []
    details = []
    for r in reports:
        items += r.faults()
        details.append(
            f"{r.page} ({kinds.get(r.page, '?')}) at {r.width} px: "
            f"{r.stops} Tab stops, {r.tabbables} tabbable elements"
        )
    faults = merge_widths(items)
    templates = len({r.page for r in reports})
    ws = " and ".join(str(w) for w in widths)
    summary = (
        f"{templates} templates (one page per kind) at {ws} px: skip link, visible focus,"
        f" no trap: {len(faults)} faults"
    )
    return CheckResult("keyboard", summary, faults, details)
