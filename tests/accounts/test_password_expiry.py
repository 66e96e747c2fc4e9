"""A password older than PASSWORD_MAX_AGE_DAYS (default 90) must be changed before anything
else: at the next login, or at the next request of a session that outlives it."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AccountSecurity
from accounts.signals import password_changed
from tests.factories import PASSWORD

from .conftest import LOGIN, PASSWORD_CHANGE, log_in, redirect_path

DAY = 24 * 3600
NEW = "Pearl#River9"
PAGES = [
    reverse("overview"),
    reverse("park_list"),
    reverse("indicator_detail", args=["revenue"]),
    reverse("admin:index"),
    reverse("admin:tracker_parkreport_changelist"),
]


def change(client, next_url="/"):
    return client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW, "next": next_url},
    )


def test_default_is_ninety_days(settings):
    assert settings.PASSWORD_MAX_AGE_DAYS == 90


def test_a_password_younger_than_ninety_days_is_fine(client, clock, haizhu_officer):
    clock.shift(89 * DAY)
    log_in(client, haizhu_officer)
    assert client.get(reverse("park_list")).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_an_expired_password_must_be_changed_first(client, clock, haizhu_officer, page):
    clock.shift(90 * DAY)
    log_in(client, haizhu_officer)
    assert redirect_path(client.get(page)) == f"{PASSWORD_CHANGE}?next={page.replace('/', '%2F')}"


def test_the_change_page_says_why_and_logout_still_works(client, clock, haizhu_officer):
    clock.shift(91 * DAY)
    log_in(client, haizhu_officer)
    page = client.get(PASSWORD_CHANGE)
    assert page.status_code == 200
    assert "您的密码已过期。请先设置新密码再继续。" in page.content.decode()
    assert redirect_path(client.post(reverse("logout"))) == LOGIN


def test_changing_it_leads_on_to_the_page(client, clock, haizhu_officer):
    clock.shift(91 * DAY)
    changes = []
    password_changed.connect(receiver := lambda **kw: changes.append(kw))
    try:
        log_in(client, haizhu_officer)
        response = change(client, next_url="/parks/")
    finally:
        password_changed.disconnect(receiver)
    assert redirect_path(response) == "/parks/"
    assert client.get("/parks/").status_code == 200
    assert [(c["user"], c["changed_by"], c["forced"]) for c in changes] == [
        (haizhu_officer, haizhu_officer, "expired")
    ]
    # And the new password is good for another 90 days, on a new login too.
    clock.shift(89 * DAY)
    other = Client()
    log_in(other, haizhu_officer, password=NEW)
    assert other.get("/parks/").status_code == 200


def test_a_password_expiring_during_a_session_is_caught_at_the_next_request(
    client, clock, haizhu_officer
):
    clock.shift(90 * DAY - 10 * 60)
    log_in(client, haizhu_officer)
    assert client.get("/parks/").status_code == 200
    clock.shift(11 * 60)
    assert redirect_path(client.get("/parks/")).startswith(PASSWORD_CHANGE)


def test_zero_days_turns_expiry_off(client, clock, settings, haizhu_officer):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    clock.shift(1000 * DAY)
    log_in(client, haizhu_officer)
    assert client.get("/parks/").status_code == 200


def test_an_account_without_a_recorded_change_counts_from_its_creation(
    client, clock, haizhu_officer
):
    """Accounts from before this rule, or made by create_user (which sets the hash without
    set_password): the password is as old as the account."""
    assert not AccountSecurity.objects.filter(user=haizhu_officer).exists()
    clock.shift(90 * DAY)
    log_in(client, haizhu_officer)
    assert redirect_path(client.get("/parks/")).startswith(PASSWORD_CHANGE)
