"""`make run`'s demo accounts log in straight away: no forced change, no expiry, no second
factor in development."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.models import AccountSecurity
from tracker.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

from .conftest import log_in, redirect_path

DAY = 24 * 3600
USERNAMES = [account[0] for account in DEMO_ACCOUNTS] + ["admin"]


@pytest.fixture
def demo_users(guideline):
    call_command("create_demo_users", verbosity=0)
    return get_user_model().objects.filter(username__in=USERNAMES)


def test_demo_users_are_not_flagged(clock, demo_users):
    for user in demo_users:
        state = AccountSecurity.objects.get(user=user)
        assert not state.must_change_password
        assert not state.password_expired()


@pytest.mark.parametrize("username", USERNAMES)
def test_each_demo_user_reaches_the_overview_at_once(client, clock, demo_users, username):
    response = log_in(client, demo_users.get(username=username), password=DEMO_PASSWORD)
    assert redirect_path(response) == "/"
    assert client.get("/").status_code == 200


def test_a_later_make_run_restarts_the_password_age(client, clock, demo_users):
    clock.shift(200 * DAY)
    call_command("create_demo_users", verbosity=0)  # as every `make run` does
    log_in(client, demo_users.get(username="haizhu"), password=DEMO_PASSWORD)
    assert client.get("/").status_code == 200


def test_without_the_rerun_expiry_would_apply(client, clock, demo_users):
    """The rule is not switched off for demo users; `make run` keeps them fresh."""
    clock.shift(200 * DAY)
    log_in(client, demo_users.get(username="haizhu"), password=DEMO_PASSWORD)
    assert redirect_path(client.get("/")).startswith("/accounts/password/")
