"""What the templates see: the survey's state and every string and link they
need, worked out once per build (pure: no Pelican, no Jinja).

Dates follow GOV.UK style: "5pm on Friday 15 January 2027", "midday",
"midnight at the end of Friday 15 January 2027". Month and day names are
spelt here, not taken from the system locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .config import Survey

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The prize draw terms have this id on the survey page; the call to action links to it.
TERMS_FRAGMENT = "prize-draw-terms"
# theme/static/js/survey-status.js, under THEME_STATIC_DIR.
SCRIPT = "js/survey-status.js"


def day_text(when: datetime) -> str:
    """'Friday 15 January 2027'."""
    return f"{DAYS[when.weekday()]} {when.day} {MONTHS[when.month - 1]} {when.year}"


def date_text(when: datetime) -> str:
    """'15 January 2027'."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def clock_text(when: datetime) -> str:
    """'5pm', '9:30am', 'midday'."""
    if (when.hour, when.minute) == (12, 0):
        return "midday"
    hour = when.hour % 12 or 12
    minutes = f":{when.minute:02d}" if when.minute else ""
    return f"{hour}{minutes}{'am' if when.hour < 12 else 'pm'}"


def deadline_text(when: datetime) -> str:
    """When something closes, in words, in `when`'s own time zone.

    Midnight is said as the end of the day before, so nobody reads
    "midnight on 16 January" as the night after the 16th.
    """
    if (when.hour, when.minute) == (0, 0):
        return f"midnight at the end of {day_text(when - timedelta(days=1))}"
    return f"{clock_text(when)} on {day_text(when)}"


def closing_day(when: datetime) -> datetime:
    """The day a closing time belongs to (midnight belongs to the day before)."""
    return when - timedelta(days=1) if (when.hour, when.minute) == (0, 0) else when


@dataclass(frozen=True)
class SurveyView:
    """Everything the survey templates use (as SURVEY_CTA in the context)."""

    state: str  # off | upcoming | open | closed
    name: str
    url: str
    minutes: int
    prize: str
    prize_draw_url: str
    contact_email: str
    closes_iso: str  # "2027-01-15T17:00:00+00:00": read by survey-status.js
    closes_text: str  # "5pm on Friday 15 January 2027"
    closed_on_text: str  # "15 January 2027"
    page_url: str  # the /survey/ page, as templates link it (SITEURL + "/" + url)
    page_absolute: str
    terms_url: str
    terms_absolute: str
    findings_url: str  # "" until this survey's findings article is published
    findings_absolute: str
    findings_title: str
    previous_findings_url: str
    previous_findings_absolute: str
    privacy_url: str
    script_url: str

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def is_closed(self) -> bool:
        return self.state == "closed"

    @property
    def shown(self) -> bool:
        """Whether any call to action (open or closed) appears anywhere."""
        return self.state in ("open", "closed")


def make_view(
    survey: Survey,
    state: str,
    *,
    siteurl: str,
    origin: str,
    static_dir: str,
    page_path: str = "",
    findings: tuple[str, str] | None = None,  # (url path, title) of a published article
    previous_findings: str = "",  # url path of a published article
    privacy_path: str = "",
) -> SurveyView:
    """`siteurl` prefixes links in pages (SITEURL, "" in development); `origin`
    makes them absolute for feeds (SITEURL, or SITE_DEV_URL in development)."""
    siteurl = siteurl.rstrip("/")
    origin = origin.rstrip("/")

    def link(path: str) -> str:
        return f"{siteurl}/{path}" if path else ""

    def absolute(path: str) -> str:
        return f"{origin}/{path}" if path else ""

    closes = survey.closes.astimezone(survey.timezone) if survey.closes else None
    findings_path, findings_title = findings or ("", "")
    terms = f"{page_path}#{TERMS_FRAGMENT}" if page_path else ""
    return SurveyView(
        state=state,
        name=survey.name,
        url=survey.url,
        minutes=survey.minutes,
        prize=survey.prize,
        prize_draw_url=survey.prize_draw_url,
        contact_email=survey.contact_email,
        closes_iso=closes.isoformat(timespec="seconds") if closes else "",
        closes_text=deadline_text(closes) if closes else "",
        closed_on_text=date_text(closing_day(closes)) if closes else "",
        page_url=link(page_path),
        page_absolute=absolute(page_path),
        terms_url=link(terms),
        terms_absolute=absolute(terms),
        findings_url=link(findings_path),
        findings_absolute=absolute(findings_path),
        findings_title=findings_title,
        previous_findings_url=link(previous_findings),
        previous_findings_absolute=absolute(previous_findings),
        privacy_url=link(privacy_path),
        script_url=f"{siteurl}/{static_dir.strip('/')}/{SCRIPT}",
    )
