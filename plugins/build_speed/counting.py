"""Warnings in build_speed's second processes: counted, so a copy that
warns can hand the work back (reading) or fail the build (writing), as
Pelican's --fatal warnings would."""

from __future__ import annotations

import logging
import sys


class WarningCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def count_warnings(show: bool) -> WarningCounter:
    """In a forked copy: replace the root logger's handlers with a counter
    and, if `show`, a plain handler on stderr (Pelican's console may be
    drawing a status line through a thread the copy does not have)."""
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    if show:
        shown = logging.StreamHandler(sys.stderr)
        shown.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        root.addHandler(shown)
    counter = WarningCounter()
    root.addHandler(counter)
    return counter
