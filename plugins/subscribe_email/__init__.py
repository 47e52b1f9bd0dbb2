"""subscribe_email: the email sign-up form on the Subscribe page, posting to
the RSS-to-email provider named in the settings (Buttondown or Mailchimp),
which emails each new post from the site's feed. Off when
SUBSCRIBE_EMAIL_PROVIDER is "".

The form is plain HTML (theme/templates/partials/subscribe-email.html): no
script, nothing loaded from the provider until a reader presses the button.
The pages' Content-Security-Policy must let the form post there: its
`form-action` is in deploy/nginx.conf and deploy/_headers, which cannot read
the settings, so README.md ("Email sign-up") gives the line to change and
tests/unit/test_subscribe_email.py checks that both files agree with
publishconf.py.

Hooks:
  initialized     check the settings
  generator_init  the SUBSCRIBE_EMAIL Jinja global: a provider.SignUp, or None

Settings: SETTINGS below (README.md, "Settings").
"""

from __future__ import annotations

from pelican import signals
from pluginkit import PluginSettings, Setting, kinds

from .provider import PROVIDERS, SignUp, buttondown_username, form_action, mailchimp_url, sign_up

__all__ = ["SETTINGS", "SignUp", "form_action", "read", "register"]


def _account_given(values, _settings) -> list[str]:
    provider = values["SUBSCRIBE_EMAIL_PROVIDER"]
    needed = {
        "buttondown": "SUBSCRIBE_EMAIL_BUTTONDOWN_USERNAME",
        "mailchimp": "SUBSCRIBE_EMAIL_MAILCHIMP_URL",
    }.get(provider)
    if needed and not values[needed]:
        return [
            f"setting SUBSCRIBE_EMAIL_PROVIDER = {provider!r} needs {needed}: "
            'set it, or set SUBSCRIBE_EMAIL_PROVIDER = "" for no email sign-up.'
        ]
    return []


SETTINGS = PluginSettings(
    "subscribe_email",
    "SUBSCRIBE_EMAIL_",
    Setting(
        "SUBSCRIBE_EMAIL_PROVIDER",
        "",
        kinds.one_of(PROVIDERS),
        'The RSS-to-email service readers sign up with on the Subscribe page: "buttondown", '
        '"mailchimp", or "" for no sign-up form.',
    ),
    Setting(
        "SUBSCRIBE_EMAIL_BUTTONDOWN_USERNAME",
        "",
        kinds.Kind(
            "a Buttondown username (letters, digits, '-' and '_'), or \"\"", buttondown_username
        ),
        'The newsletter\'s Buttondown username, for "buttondown".',
    ),
    Setting(
        "SUBSCRIBE_EMAIL_MAILCHIMP_URL",
        "",
        kinds.Kind(
            "the form address from Mailchimp's embedded form code, like "
            "'https://thcvs.us21.list-manage.com/subscribe/post?u=…&id=…', or \"\"",
            mailchimp_url,
        ),
        'The form address (action) from the audience\'s embedded form code, for "mailchimp".',
    ),
    checks=[_account_given],
)


def read(settings) -> SignUp | None:
    values = SETTINGS.read(settings)
    return sign_up(
        values["SUBSCRIBE_EMAIL_PROVIDER"],
        values["SUBSCRIBE_EMAIL_BUTTONDOWN_USERNAME"],
        values["SUBSCRIBE_EMAIL_MAILCHIMP_URL"],
    )


def check_settings(pelican):
    read(pelican.settings)


def add_global(generator):
    generator.env.globals["SUBSCRIBE_EMAIL"] = read(generator.settings)


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_global)
