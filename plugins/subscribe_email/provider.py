"""The email sign-up form's provider: where the form posts, what it sends,
and the Content-Security-Policy `form-action` that lets it. Pure.

Two RSS-to-email providers are supported, each with a plain HTML form that
needs no script from their site:

- Buttondown: the form posts `email` to
  https://buttondown.com/api/emails/embed-subscribe/<username>.
- Mailchimp: the form posts `EMAIL` to the address in the audience's
  "Embedded form" code (https://<account>.<dc>.list-manage.com/subscribe/post
  ?u=…&id=…), with Mailchimp's empty anti-robot field `b_<u>_<id>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

PROVIDERS = ("", "buttondown", "mailchimp")
BUTTONDOWN_HOST = "buttondown.com"
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
_MAILCHIMP_HOST = re.compile(r"^[a-z0-9-]+(\.us[0-9]+)?\.list-manage\.com$")
_ID = re.compile(r"^[A-Za-z0-9]{1,64}$")
# The form-action every page needs without a sign-up form: the search box
# posts to the site itself.
SELF = "'self'"


def buttondown_username(value: object) -> bool:
    return isinstance(value, str) and (value == "" or bool(_USERNAME.match(value)))


def mailchimp_url(value: object) -> bool:
    """Mailchimp's embedded-form address: https, *.list-manage.com,
    /subscribe/post, with its u and id; or "" (not used)."""
    if value == "":
        return True
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    query = parse_qs(parts.query)
    return (
        parts.scheme == "https"
        and bool(_MAILCHIMP_HOST.match(parts.hostname or ""))
        and parts.port is None
        and parts.path.rstrip("/") == "/subscribe/post"
        and not parts.fragment
        and set(query) == {"u", "id"}
        and all(len(query[key]) == 1 and _ID.match(query[key][0]) for key in ("u", "id"))
    )


@dataclass(frozen=True)
class SignUp:
    """What the theme's sign-up form uses (as SUBSCRIBE_EMAIL in the context)."""

    provider: str  # "buttondown" | "mailchimp"
    name: str  # as readers know it: "Buttondown", "Mailchimp"
    action: str  # where the form posts (https)
    email_field: str  # the name of the email input
    hidden: tuple[tuple[str, str], ...]  # hidden inputs (name, value)
    robot_field: str  # an empty text input robots fill in ("" for none)
    privacy_url: str  # the provider's privacy policy

    @property
    def host(self) -> str:
        return urlsplit(self.action).hostname or ""

    @property
    def origin(self) -> str:
        return f"https://{self.host}"


PRIVACY = {
    "buttondown": "https://buttondown.com/legal/privacy",
    "mailchimp": "https://www.intuit.com/privacy/statement/",
}


def sign_up(provider: str, username: str = "", mailchimp_form_url: str = "") -> SignUp | None:
    """The form for these (already checked) settings; None when it is off."""
    if provider == "buttondown":
        return SignUp(
            provider="buttondown",
            name="Buttondown",
            action=f"https://{BUTTONDOWN_HOST}/api/emails/embed-subscribe/{username}",
            email_field="email",
            hidden=(("embed", "1"),),
            robot_field="",
            privacy_url=PRIVACY["buttondown"],
        )
    if provider == "mailchimp":
        query = parse_qs(urlsplit(mailchimp_form_url).query)
        return SignUp(
            provider="mailchimp",
            name="Mailchimp",
            action=mailchimp_form_url,
            email_field="EMAIL",
            hidden=(),
            robot_field=f"b_{query['u'][0]}_{query['id'][0]}",
            privacy_url=PRIVACY["mailchimp"],
        )
    return None


def form_action(signup: SignUp | None) -> str:
    """The CSP directive the site's pages need: 'self', and the provider's
    origin when there is a sign-up form."""
    return f"form-action {SELF}" + (f" {signup.origin}" if signup else "")


_DIRECTIVE = re.compile(r"form-action[ \t]+([^;\"\n]*)")


def form_actions_in(text: str) -> list[str]:
    """Every `form-action …` directive in a server configuration's text,
    normalised to single spaces (deploy/nginx.conf, deploy/_headers)."""
    return ["form-action " + " ".join(m.group(1).split()) for m in _DIRECTIVE.finditer(text)]
