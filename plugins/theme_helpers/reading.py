"""Reading time for an article, from its HTML."""

from __future__ import annotations

import math
import re

_TAG = re.compile(r"<[^>]*>")
# Charts, scripts and styles are not read word by word.
_SKIPPED = re.compile(r"<(script|style|svg|table)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def word_count(html: str) -> int:
    text = _TAG.sub(" ", _SKIPPED.sub(" ", html or ""))
    return len(text.split())


def reading_minutes(html: str, words_per_minute: int = 200) -> int:
    """Whole minutes, rounded up, never less than one."""
    return max(1, math.ceil(word_count(html) / words_per_minute))
