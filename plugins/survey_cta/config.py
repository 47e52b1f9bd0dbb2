"""The survey call to action's settings, checked once, and its state at build time.

Pure: no Pelican imports. `load_survey(settings)` reads a plain mapping (Pelican's
settings, or a dict in tests), collects every problem, and raises one
SurveySettingsError listing them all, each naming the plugin, the setting, the
value and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import timezone as dt_timezone
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULTS = {
    "SURVEY_URL": "",
    "SURVEY_NAME": "State of the Sector 2026",
    "SURVEY_OPENS": "",
    "SURVEY_CLOSES": "",
    "SURVEY_MINUTES": 10,
    "SURVEY_PRIZE": "a tablet for your organisation",
    "SURVEY_PRIZE_DRAW_URL": "",
    "SURVEY_CONTACT_EMAIL": "",
    "SURVEY_FINDINGS": "",
    "SURVEY_PREVIOUS_FINDINGS": "",
    # The plugin's own settings (prefix SURVEY_CTA_).
    "SURVEY_CTA_CATEGORIES": ["CEO blog"],
    "SURVEY_CTA_NOW": None,
}
# Query parameters that only serve to track people.
_TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|yclid|igshid|ref)$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
EXAMPLE_WHEN = "2027-01-15T17:00"
EXAMPLE_FINDINGS = "findings/2026-03-10-state-of-the-sector-2025.md"
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")

# What the state means everywhere:
#   off       no SURVEY_URL: no call to action anywhere, no /survey/ page
#   upcoming  before SURVEY_OPENS: the same as off
#   open      the call to action, with the "Take the survey" button
#   closed    "the survey has closed", thanks, and the findings once published
STATES = ("off", "upcoming", "open", "closed")


class SurveySettingsError(Exception):
    pass


@dataclass(frozen=True)
class Survey:
    url: str
    name: str
    opens: datetime | None
    closes: datetime | None
    minutes: int
    prize: str
    prize_draw_url: str
    contact_email: str
    findings: str  # content path of this survey's findings article, or ""
    previous_findings: str  # content path of last year's findings article, or ""
    categories: tuple[str, ...]  # posts in these get the call to action after them
    timezone: ZoneInfo | dt_timezone

    def state(self, now: datetime) -> str:
        """'off', 'upcoming', 'open' or 'closed' at `now` (an aware datetime)."""
        if not self.url:
            return "off"
        if now < self.opens:
            return "upcoming"
        if now >= self.closes:
            return "closed"
        return "open"


def _problem(key, value, expected) -> str:
    return f"survey_cta: setting {key} = {value!r}: expected {expected}."


def _zone(settings):
    name = settings.get("TIMEZONE") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC  # Pelican itself rejects a bad TIMEZONE


def _https_url(key, value, problems, *, required_because=""):
    if not isinstance(value, str):
        problems.append(_problem(key, value, "an https:// web address, as text"))
        return ""
    value = value.strip()
    if not value:
        if required_because:
            problems.append(_problem(key, value, f"an https:// web address ({required_because})"))
        return ""
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or " " in value:
        problems.append(
            _problem(
                key, value, "an https:// web address, such as 'https://forms.example.org/survey'"
            )
        )
        return ""
    tracking = [
        name for name, _ in parse_qsl(parts.query, keep_blank_values=True) if _TRACKING.match(name)
    ]
    if tracking:
        problems.append(
            _problem(key, value, f"a link without tracking parameters (remove {tracking[0]!r})")
        )
        return ""
    return value


def parse_when(key, value, zone, problems) -> datetime | None:
    """An ISO date and time, read in the site's time zone unless it has an offset."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and _DATE_TIME.match(value.strip()):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
    else:
        parsed = None
    if parsed is None:
        problems.append(
            _problem(
                key,
                value,
                f"an ISO date and time such as {EXAMPLE_WHEN!r} (year first, 24-hour clock, "
                "in the site's TIMEZONE; a date alone is not enough)",
            )
        )
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def _content_path(key, value, settings, problems) -> str:
    """A findings article named by its path inside the content folder."""
    if not isinstance(value, str):
        problems.append(
            _problem(
                key, value, f"the findings article's path in content/, such as {EXAMPLE_FINDINGS!r}"
            )
        )
        return ""
    value = value.strip().replace("\\", "/")
    if not value:
        return ""
    path = PurePosixPath(value)
    article_paths = [str(p).strip("/") for p in settings.get("ARTICLE_PATHS") or [""]]
    inside = any(
        p in ("", ".") or path.parts[: len(PurePosixPath(p).parts)] == PurePosixPath(p).parts
        for p in article_paths
    )
    if (
        value.startswith("/")
        or ".." in path.parts
        or path.suffix.lower() not in MARKDOWN_EXTENSIONS
        or not inside
    ):
        problems.append(
            _problem(
                key,
                value,
                f"the findings article's path inside the content folder, such as {EXAMPLE_FINDINGS!r} "
                f"(a Markdown file in one of ARTICLE_PATHS: {', '.join(article_paths)})",
            )
        )
        return ""
    root = Path(settings.get("PATH") or "content")
    if not (root / path).is_file():
        problems.append(
            _problem(
                key,
                value,
                f"the path of an existing findings article, but there is no file {root / path}",
            )
        )
        return ""
    return value


def _categories(settings, problems) -> tuple[str, ...]:
    value = settings.get("SURVEY_CTA_CATEGORIES", DEFAULTS["SURVEY_CTA_CATEGORIES"])
    if (
        isinstance(value, str)
        or not isinstance(value, (list, tuple))
        or not all(isinstance(item, str) and item.strip() for item in value)
    ):
        problems.append(
            _problem(
                "SURVEY_CTA_CATEGORIES", value, "a list of category names, such as ['CEO blog']"
            )
        )
        return ()
    known = settings.get("CONTENT_CHECKS_CATEGORIES")
    if known:
        unknown = [c for c in value if c not in known]
        if unknown:
            problems.append(
                _problem(
                    "SURVEY_CTA_CATEGORIES",
                    value,
                    f"categories from CONTENT_CHECKS_CATEGORIES ({', '.join(known)}); {unknown[0]!r} is not one",
                )
            )
            return ()
    return tuple(value)


def build_time(settings, zone=None) -> datetime:
    """SURVEY_CTA_NOW if set (to preview the site on another date), else the real time."""
    zone = zone or _zone(settings)
    value = settings.get("SURVEY_CTA_NOW")
    if value in (None, ""):
        return datetime.now(UTC)
    problems: list[str] = []
    when = parse_when("SURVEY_CTA_NOW", value, zone, problems)
    if problems:
        raise SurveySettingsError(problems[0])
    return when


def load_survey(settings) -> Survey:
    """The checked settings; raises SurveySettingsError listing every problem."""
    values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    zone = _zone(settings)
    problems: list[str] = []

    url = _https_url(
        "SURVEY_URL", values["SURVEY_URL"] if values["SURVEY_URL"] is not None else "", problems
    )
    on = bool(url)
    opens = closes = None
    for key in ("SURVEY_OPENS", "SURVEY_CLOSES"):
        raw = values[key]
        if raw in ("", None):
            if on:
                problems.append(
                    _problem(
                        key,
                        raw,
                        f"an ISO date and time such as {EXAMPLE_WHEN!r} (needed while SURVEY_URL is set)",
                    )
                )
            continue
        when = parse_when(key, raw, zone, problems)
        if key == "SURVEY_OPENS":
            opens = when
        else:
            closes = when
    if opens and closes and closes <= opens:
        problems.append(
            _problem(
                "SURVEY_CLOSES",
                values["SURVEY_CLOSES"],
                f"a date and time after SURVEY_OPENS ({values['SURVEY_OPENS']!r}). To see the site as it "
                "will be once the survey has closed, leave the dates and build with SURVEY_CTA_NOW set to a "
                "later time",
            )
        )

    minutes = values["SURVEY_MINUTES"]
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 120:
        problems.append(
            _problem(
                "SURVEY_MINUTES", minutes, "a whole number of minutes from 1 to 120, such as 10"
            )
        )
        minutes = DEFAULTS["SURVEY_MINUTES"]

    texts = {}
    for key in ("SURVEY_NAME", "SURVEY_PRIZE"):
        if not isinstance(values[key], str):
            problems.append(_problem(key, values[key], "text"))
            texts[key] = ""
        else:
            texts[key] = " ".join(values[key].split())
    if on and not texts["SURVEY_NAME"]:
        problems.append(
            _problem(
                "SURVEY_NAME",
                values["SURVEY_NAME"],
                "the survey's name, such as 'State of the Sector 2026'",
            )
        )

    email = values["SURVEY_CONTACT_EMAIL"]
    if email in (None, ""):
        if on:
            problems.append(
                _problem(
                    "SURVEY_CONTACT_EMAIL",
                    email,
                    "an email address people can write to for the survey in other formats (needed while SURVEY_URL is set)",
                )
            )
        email = ""
    elif not isinstance(email, str) or not _EMAIL.match(email.strip()):
        problems.append(
            _problem("SURVEY_CONTACT_EMAIL", email, "an email address, such as 'info@thcvs.org.uk'")
        )
        email = ""
    else:
        email = email.strip()

    prize_draw_url = _https_url(
        "SURVEY_PRIZE_DRAW_URL",
        values["SURVEY_PRIZE_DRAW_URL"] or "",
        problems,
        required_because="the prize draw's own form, needed while SURVEY_URL and SURVEY_PRIZE are set"
        if on and texts["SURVEY_PRIZE"]
        else "",
    )
    if (
        prize_draw_url
        and url
        and urlsplit(prize_draw_url)._replace(fragment="") == urlsplit(url)._replace(fragment="")
    ):
        problems.append(
            _problem(
                "SURVEY_PRIZE_DRAW_URL",
                prize_draw_url,
                "a separate form from SURVEY_URL, so answers cannot be linked to the person entering the draw",
            )
        )

    findings = _content_path("SURVEY_FINDINGS", values["SURVEY_FINDINGS"] or "", settings, problems)
    previous = _content_path(
        "SURVEY_PREVIOUS_FINDINGS", values["SURVEY_PREVIOUS_FINDINGS"] or "", settings, problems
    )
    if findings and findings == previous:
        problems.append(
            _problem(
                "SURVEY_FINDINGS",
                findings,
                "this survey's own findings article, not the same one as SURVEY_PREVIOUS_FINDINGS",
            )
        )
    categories = _categories(settings, problems)

    now = values["SURVEY_CTA_NOW"]
    if now not in (None, ""):
        parse_when("SURVEY_CTA_NOW", now, zone, problems)

    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise SurveySettingsError(
            "\n".join(
                [f"{len(problems)} {noun} with the survey settings; the site was not built:"]
                + [f"  {p}" for p in problems]
            )
        )
    return Survey(
        url=url,
        name=texts["SURVEY_NAME"],
        opens=opens,
        closes=closes,
        minutes=minutes,
        prize=texts["SURVEY_PRIZE"],
        prize_draw_url=prize_draw_url if texts["SURVEY_PRIZE"] else "",
        contact_email=email,
        findings=findings,
        previous_findings=previous,
        categories=categories,
        timezone=zone,
    )
