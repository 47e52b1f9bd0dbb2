"""The survey call to action's settings, declared once, and its state at build time.

Pure: no Pelican imports. `load_survey(settings)` reads a plain mapping (Pelican's
settings, or a dict in tests) and raises one pluginkit SettingsError listing
every problem, each naming the setting, the value and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import timezone as dt_timezone
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pluginkit import PluginSettings, Setting, SettingsError, bad_setting, kinds

EXAMPLE_WHEN = "2027-01-15T17:00"
EXAMPLE_FINDINGS = "findings/2026-03-10-state-of-the-sector-2025.md"
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
# Parameters (in the query or the #fragment) that only serve to track people:
# analytics campaign tags, ad-click ids, email-campaign ids (Mailchimp, HubSpot,
# Marketo, Vero, Omeda), social-share ids.
_TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|twclid|ttclid|li_fat_id|"
    r"mc_cid|mc_eid|_hsenc|_hsmi|__hstc|__hssc|__hsfp|hsctatracking|mkt_tok|vero_id|vero_conv|"
    r"oly_anon_id|oly_enc_id|_ga|_gl|yclid|igshid|ref|s_cid|wickedid|_openstat|srsltid)$",
    re.IGNORECASE,
)
# Parameters that carry who someone is: a link on a public page must not.
_PERSONAL = re.compile(
    r"^(e-?mail|email_?address|mail|name|full_?name|first_?name|last_?name|surname|"
    r"phone|tel|mobile|postcode|zip|address|dob|user_?id|contact_?id|subscriber_?id)$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_EMAIL_INSIDE = re.compile(r"[^@\s<>\"'/?&=#:]+@[^@\s<>\"'/?&=#]+\.[a-z]{2,}", re.IGNORECASE)
# Link shorteners and "open this other address" pages: what they lead to can
# change after publishing, and most count who clicked.
_REDIRECTOR_HOSTS = {
    "t.co",
    "lnkd.in",
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "ow.ly",
    "buff.ly",
    "goo.gl",
    "is.gd",
    "v.gd",
    "rebrand.ly",
    "tiny.cc",
    "shorturl.at",
    "cutt.ly",
    "rb.gy",
    "t.ly",
    "s.id",
    "shorturl.com",
    "l.facebook.com",
    "lm.facebook.com",
    "l.instagram.com",
    "out.reddit.com",
    "urldefense.com",
    "urldefense.proofpoint.com",
    "href.li",
    "safelinks.protection.outlook.com",
}
_REDIRECTOR_PATHS = re.compile(r"^/(url|l\.php|link|redirect|r|out|click|track/click)/?$")
_OWN_ADDRESS = (
    "the survey's own address, not a link through another site ({why}). Open the link, "
    "then paste the address your browser shows on the survey's own page"
)


def _parameters(parts) -> list[tuple[str, str]]:
    """Name and value of every parameter, in the query and in the #fragment
    (where single-page apps and some campaign tools put them)."""
    fragment = parts.fragment
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if "=" in fragment:
        pairs += parse_qsl(fragment.split("?", 1)[-1].lstrip("/!"), keep_blank_values=True)
    return pairs


def _link_problem(url: str) -> str | None:
    """What is wrong with a public link to a form, as the words after 'expected'; None if
    nothing. Refused, never silently changed: the person who set it should know."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        return "a link without a user name or password in it (remove the part before '@')"
    host = (parts.hostname or "").lower().rstrip(".")
    pairs = _parameters(parts)
    if host in _REDIRECTOR_HOSTS or host.endswith(".safelinks.protection.outlook.com"):
        return _OWN_ADDRESS.format(why=f"{host} is a link shortener or redirector")
    onward = [name for name, value in pairs if re.match(r"^(https?:)?//", value.strip(), re.I)]
    if onward or (_REDIRECTOR_PATHS.match(parts.path) and re.search(r"google\.", host)):
        why = (
            f"its {onward[0]!r} part sends people on to another address"
            if onward
            else (f"{host}{parts.path} sends people on to another address")
        )
        return _OWN_ADDRESS.format(why=why)
    tracking = [name for name, _ in pairs if _TRACKING.match(name)]
    if tracking:
        return f"a link without tracking parameters (remove {tracking[0]!r})"
    personal = [
        name for name, value in pairs if _PERSONAL.match(name) or _EMAIL_INSIDE.search(value)
    ]
    if personal or _EMAIL_INSIDE.search(parts.path):
        what = repr(personal[0]) if personal else "the email address"
        return (
            f"a link without anyone's personal details in it, the same for everyone (remove {what})"
        )
    return None


# What the state means everywhere:
#   off       no SURVEY_CTA_URL: no call to action anywhere, no /survey/ page
#   upcoming  before SURVEY_CTA_OPENS: the same as off
#   open      the call to action, with the "Take the survey" button
#   closed    "the survey has closed", thanks, and the findings once published
STATES = ("off", "upcoming", "open", "closed")


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


def _zone(settings):
    name = settings.get("TIMEZONE") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC  # Pelican itself rejects a bad TIMEZONE


def _when(value, zone) -> datetime | None:
    return None if value in ("", None) else kinds.date_time_value(value, zone)


# -- the rules between settings (run once every value has the right kind) ---------


def _needed_while_open(values, _settings) -> list[str]:
    """What a running survey cannot do without."""
    if not values["SURVEY_CTA_URL"]:
        return []
    why = " (needed while SURVEY_CTA_URL is set)"
    needed = {
        "SURVEY_CTA_OPENS": f"an ISO date and time such as {EXAMPLE_WHEN!r}{why}",
        "SURVEY_CTA_CLOSES": f"an ISO date and time such as {EXAMPLE_WHEN!r}{why}",
        "SURVEY_CTA_CONTACT_EMAIL": "an email address people can write to for the survey "
        f"in other formats{why}",
    }
    if values["SURVEY_CTA_PRIZE"].strip():
        needed["SURVEY_CTA_PRIZE_DRAW_URL"] = (
            "an https:// web address (the prize draw's own form, needed while "
            "SURVEY_CTA_URL and SURVEY_CTA_PRIZE are set)"
        )
    return [
        bad_setting(key, values[key], expected)
        for key, expected in needed.items()
        if values[key] in ("", None)
    ]


def _dates_in_order(values, settings) -> list[str]:
    zone = _zone(settings)
    opens = _when(values["SURVEY_CTA_OPENS"], zone)
    closes = _when(values["SURVEY_CTA_CLOSES"], zone)
    if not (opens and closes) or closes > opens:
        return []
    return [
        bad_setting(
            "SURVEY_CTA_CLOSES",
            values["SURVEY_CTA_CLOSES"],
            f"a date and time after SURVEY_CTA_OPENS ({values['SURVEY_CTA_OPENS']!r}). To see "
            "the site as it will be once the survey has closed, leave the dates and build with "
            "SURVEY_CTA_NOW set to a later time",
        )
    ]


def _links(values, _settings) -> list[str]:
    """No tracking, personal details, passwords or redirectors, and a prize draw form apart
    from the survey."""
    found = [
        bad_setting(key, values[key], problem)
        for key in ("SURVEY_CTA_URL", "SURVEY_CTA_PRIZE_DRAW_URL")
        if (problem := _link_problem(values[key]))
    ]
    url, draw = values["SURVEY_CTA_URL"], values["SURVEY_CTA_PRIZE_DRAW_URL"]
    if url and draw and urlsplit(draw)._replace(fragment="") == urlsplit(url)._replace(fragment=""):
        found.append(
            bad_setting(
                "SURVEY_CTA_PRIZE_DRAW_URL",
                draw,
                "a separate form from SURVEY_CTA_URL, so answers cannot be linked to the "
                "person entering the draw",
            )
        )
    return found


def _findings_problem(key, value, settings) -> str | None:
    """A findings article named by its path inside the content folder."""
    path = PurePosixPath(value)
    article_paths = [str(p).strip("/") for p in settings.get("ARTICLE_PATHS") or [""]]
    inside = any(
        p in ("", ".") or path.parts[: len(PurePosixPath(p).parts)] == PurePosixPath(p).parts
        for p in article_paths
    )
    if not inside:
        return bad_setting(
            key,
            value,
            f"the findings article's path inside the content folder, such as "
            f"{EXAMPLE_FINDINGS!r} (a Markdown file in one of ARTICLE_PATHS: "
            f"{', '.join(article_paths)})",
        )
    file = Path(settings.get("PATH") or "content") / path
    if not file.is_file():
        return bad_setting(
            key, value, f"the path of an existing findings article, but there is no file {file}"
        )
    return None


def _findings(values, settings) -> list[str]:
    found = [
        _findings_problem(key, values[key], settings)
        for key in ("SURVEY_CTA_FINDINGS", "SURVEY_CTA_PREVIOUS_FINDINGS")
        if values[key]
    ]
    if values["SURVEY_CTA_FINDINGS"] and (
        values["SURVEY_CTA_FINDINGS"] == values["SURVEY_CTA_PREVIOUS_FINDINGS"]
    ):
        found.append(
            bad_setting(
                "SURVEY_CTA_FINDINGS",
                values["SURVEY_CTA_FINDINGS"],
                "this survey's own findings article, not the same one as "
                "SURVEY_CTA_PREVIOUS_FINDINGS",
            )
        )
    return [problem for problem in found if problem]


def _known_categories(values, settings) -> list[str]:
    known = settings.get("CONTENT_CHECKS_CATEGORIES")
    chosen = values["SURVEY_CTA_CATEGORIES"]
    unknown = [c for c in chosen if known and c not in known]
    if not unknown:
        return []
    return [
        bad_setting(
            "SURVEY_CTA_CATEGORIES",
            chosen,
            f"categories from CONTENT_CHECKS_CATEGORIES ({', '.join(known)}); "
            f"{unknown[0]!r} is not one",
        )
    ]


_WHEN = kinds.date_time(EXAMPLE_WHEN, empty=True)


def _findings_path() -> kinds.Kind:
    return kinds.Kind(
        f"the findings article's path inside the content folder, such as {EXAMPLE_FINDINGS!r}"
        ', or "" for none',
        lambda value: (
            value == ""
            or (
                kinds.relative_path().accepts(value) and value.lower().endswith(MARKDOWN_EXTENSIONS)
            )
        ),
    )


_RENAMED = (
    "URL",
    "NAME",
    "OPENS",
    "CLOSES",
    "MINUTES",
    "PRIZE",
    "PRIZE_DRAW_URL",
    "CONTACT_EMAIL",
    "FINDINGS",
    "PREVIOUS_FINDINGS",
)

SETTINGS = PluginSettings(
    "survey_cta",
    "SURVEY_CTA_",
    Setting(
        "SURVEY_CTA_URL",
        "",
        kinds.https_url(empty=True),
        "The survey form's own address (https; no tracking, personal details, password or "
        'redirector). "" turns the call to action off.',
    ),
    Setting(
        "SURVEY_CTA_NAME",
        "State of the Sector 2026",
        kinds.text().saying("the survey's name, such as 'State of the Sector 2026'"),
        "The survey's name, as the call to action says it.",
    ),
    Setting(
        "SURVEY_CTA_OPENS",
        "",
        _WHEN,
        "When the survey opens, in TIMEZONE.",
    ),
    Setting(
        "SURVEY_CTA_CLOSES",
        "",
        _WHEN,
        "When the survey closes, in TIMEZONE; after it opens.",
    ),
    Setting(
        "SURVEY_CTA_MINUTES",
        10,
        kinds.whole_number(1, 120, "of minutes"),
        'How long the survey takes ("about 10 minutes").',
    ),
    Setting(
        "SURVEY_CTA_PRIZE",
        "a tablet for your organisation",
        kinds.text(empty=True),
        'The prize draw\'s prize; "" for no prize draw.',
    ),
    Setting(
        "SURVEY_CTA_PRIZE_DRAW_URL",
        "",
        kinds.https_url(empty=True),
        "The prize draw's own form, separate from the survey. Needed when there is a prize.",
    ),
    Setting(
        "SURVEY_CTA_CONTACT_EMAIL",
        "",
        kinds.Kind(
            "an email address, such as 'info@thcvs.org.uk'",
            lambda value: value == "" or (isinstance(value, str) and bool(_EMAIL.match(value))),
        ),
        "Whom to email for the survey in other formats, and questions about the draw.",
    ),
    Setting(
        "SURVEY_CTA_FINDINGS",
        "",
        _findings_path(),
        "This survey's findings article, by its path in content/, once it is written.",
    ),
    Setting(
        "SURVEY_CTA_PREVIOUS_FINDINGS",
        "",
        _findings_path(),
        "Last year's findings article, linked from the call to action.",
    ),
    Setting(
        "SURVEY_CTA_CATEGORIES",
        ["CEO blog"],
        kinds.text_list().saying("a list of category names, such as ['CEO blog']"),
        "Posts in these categories get the call to action after them.",
    ),
    Setting(
        "SURVEY_CTA_NOW",
        None,
        _WHEN,
        "The time the build treats as now, to preview the site on another date.",
    ),
    renamed={f"SURVEY_{name}": f"SURVEY_CTA_{name}" for name in _RENAMED},
    checks=[_needed_while_open, _dates_in_order, _links, _findings, _known_categories],
)


def build_time(settings, zone=None) -> datetime:
    """SURVEY_CTA_NOW if set (to preview the site on another date), else the real time."""
    value = settings.get("SURVEY_CTA_NOW")
    if value in (None, ""):
        return datetime.now(UTC)
    when = kinds.date_time_value(value, zone or _zone(settings))
    if when is None:
        raise SettingsError("survey_cta", [bad_setting("SURVEY_CTA_NOW", value, _WHEN.expected)])
    return when


def load_survey(settings) -> Survey:
    """The checked settings; raises SettingsError listing every problem."""
    values = SETTINGS.read(settings)
    zone = _zone(settings)
    prize = " ".join(values["SURVEY_CTA_PRIZE"].split())
    return Survey(
        url=values["SURVEY_CTA_URL"],
        name=" ".join(values["SURVEY_CTA_NAME"].split()),
        opens=_when(values["SURVEY_CTA_OPENS"], zone),
        closes=_when(values["SURVEY_CTA_CLOSES"], zone),
        minutes=values["SURVEY_CTA_MINUTES"],
        prize=prize,
        prize_draw_url=values["SURVEY_CTA_PRIZE_DRAW_URL"] if prize else "",
        contact_email=values["SURVEY_CTA_CONTACT_EMAIL"],
        findings=values["SURVEY_CTA_FINDINGS"],
        previous_findings=values["SURVEY_CTA_PREVIOUS_FINDINGS"],
        categories=tuple(values["SURVEY_CTA_CATEGORIES"]),
        timezone=zone,
    )
