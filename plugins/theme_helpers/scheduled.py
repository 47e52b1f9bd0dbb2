"""Is a post scheduled: dated later than this build, and shown only because
WITH_FUTURE_DATES is on (development previews)?"""

from __future__ import annotations

from datetime import UTC, datetime


def is_scheduled(item, *, now: datetime, with_future_dates: bool) -> bool:
    """True for a post or page dated after `now` in a build that shows such
    posts. Production (WITH_FUTURE_DATES = False) holds them back as drafts,
    so there nothing is ever scheduled and the pages are as they were."""
    if not with_future_dates:
        return False
    date = getattr(item, "date", None)
    if not isinstance(date, datetime):
        return False
    if date.tzinfo is None:
        return date > now.astimezone().replace(tzinfo=None)
    return date > now


def build_now() -> datetime:
    return datetime.now(UTC)
