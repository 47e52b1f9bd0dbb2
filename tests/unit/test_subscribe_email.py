"""The email sign-up's settings, where its form posts, and the CSP
form-action that deploy/nginx.conf and deploy/_headers must carry for it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pluginkit import SettingsError
from subscribe_email import SETTINGS, read
from subscribe_email.provider import form_action, form_actions_in, mailchimp_url, sign_up

from tests.conftest import ROOT

MAILCHIMP = "https://thcvs.us21.list-manage.com/subscribe/post?u=abc123&id=def456"


def test_off_by_default():
    assert read({}) is None
    assert form_action(None) == "form-action 'self'"


def test_buttondown_posts_the_address_to_the_newsletter():
    signup = read(
        {"SUBSCRIBE_EMAIL_PROVIDER": "buttondown", "SUBSCRIBE_EMAIL_BUTTONDOWN_USERNAME": "thcvs"}
    )
    assert signup.action == "https://buttondown.com/api/emails/embed-subscribe/thcvs"
    assert signup.email_field == "email" and signup.hidden == (("embed", "1"),)
    assert signup.robot_field == ""
    assert form_action(signup) == "form-action 'self' https://buttondown.com"


def test_mailchimp_posts_to_the_audience_form_with_its_robot_field():
    signup = read(
        {"SUBSCRIBE_EMAIL_PROVIDER": "mailchimp", "SUBSCRIBE_EMAIL_MAILCHIMP_URL": MAILCHIMP}
    )
    assert signup.action == MAILCHIMP
    assert signup.email_field == "EMAIL"
    assert signup.robot_field == "b_abc123_def456"
    assert form_action(signup) == "form-action 'self' https://thcvs.us21.list-manage.com"


@pytest.mark.parametrize(
    "settings, words",
    [
        ({"SUBSCRIBE_EMAIL_PROVIDER": "substack"}, "expected one of '', 'buttondown', 'mailchimp'"),
        ({"SUBSCRIBE_EMAIL_PROVIDER": "buttondown"}, "needs SUBSCRIBE_EMAIL_BUTTONDOWN_USERNAME"),
        ({"SUBSCRIBE_EMAIL_PROVIDER": "mailchimp"}, "needs SUBSCRIBE_EMAIL_MAILCHIMP_URL"),
        ({"SUBSCRIBE_EMAIL_BUTTONDOWN_USERNAME": "th cvs"}, "a Buttondown username"),
        (
            {"SUBSCRIBE_EMAIL_MAILCHIMP_URL": MAILCHIMP.replace("https", "http")},
            "embedded form code",
        ),
        ({"SUBSCRIBE_EMAIL_PROVIDR": "buttondown"}, "Did you mean SUBSCRIBE_EMAIL_PROVIDER?"),
    ],
)
def test_a_bad_setting_stops_the_build_naming_it(settings, words):
    with pytest.raises(SettingsError) as raised:
        read(settings)
    assert words in str(raised.value)
    assert str(raised.value).startswith("subscribe_email: ")


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/subscribe/post?u=a&id=b",
        "https://thcvs.us21.list-manage.com.evil.example/subscribe/post?u=a&id=b",
        "https://thcvs.us21.list-manage.com/subscribe/post?u=a",
        "https://thcvs.us21.list-manage.com/subscribe/post?u=a&id=b&tracking=1",
        "https://thcvs.us21.list-manage.com:8443/subscribe/post?u=a&id=b",
        "https://thcvs.us21.list-manage.com/other?u=a&id=b",
        42,
    ],
)
def test_only_a_mailchimp_form_address_is_accepted(url):
    assert not mailchimp_url(url)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=30))
def test_the_csp_names_exactly_the_host_the_form_posts_to(account):
    account = "a" + account.strip("-")
    url = f"https://{account}.us7.list-manage.com/subscribe/post?u=u1&id=i1"
    signup = sign_up("mailchimp", mailchimp_form_url=url)
    assert form_action(signup) == f"form-action 'self' https://{account}.us7.list-manage.com"
    assert signup.action.startswith(signup.origin + "/")


def test_every_setting_is_declared_once():
    assert len(set(SETTINGS.names)) == len(SETTINGS.names) == 3


def test_the_server_configs_let_the_production_form_post_and_nothing_else():
    """deploy/nginx.conf and deploy/_headers cannot read the settings: every
    form-action in them must be what publishconf.py's sign-up needs
    (README.md, "Email sign-up")."""
    from pelican.settings import read_settings

    needed = form_action(read(read_settings(str(ROOT / "publishconf.py"))))
    for name in ("nginx.conf", "_headers"):
        found = form_actions_in((ROOT / "deploy" / name).read_text(encoding="utf-8"))
        assert found, name
        assert set(found) == {needed}, (name, found)


def test_form_actions_are_read_from_either_config_style():
    text = (
        "set $csp \"default-src 'self'; form-action 'self'\";\n"
        "  Content-Security-Policy: default-src 'self'; form-action  'self'   https://buttondown.com\n"
    )
    assert form_actions_in(text) == [
        "form-action 'self'",
        "form-action 'self' https://buttondown.com",
    ]
