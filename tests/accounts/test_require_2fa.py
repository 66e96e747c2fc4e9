"""REQUIRE_2FA on: a correct password alone reaches no page — not the admin, not its
changelists, not any dashboard. Each is sent to the second step until a code is verified."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from tests.conftest import report_form_data
from tests.factories import PASSWORD
from tracker.models import ParkReport

from .conftest import ENROL, VERIFY, confirmed_device, log_in, redirect_path, totp_code

PAGES = [
    reverse("admin:index"),
    reverse("admin:tracker_parkreport_changelist"),
    reverse("admin:parks_enterprise_changelist"),
    reverse("admin:tracker_parkreport_add"),
    reverse("overview"),
    reverse("park_list"),
    reverse("park_detail", args=["pazhou"]),
    reverse("indicator_detail", args=["revenue"]),
    reverse("district_detail", args=["haizhu"]),
    reverse("briefing", args=[2025]),
    reverse("submissions"),
    reverse("accounts:password_change"),
    reverse("accounts:security"),
]


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.REQUIRE_2FA = True


@pytest.fixture(params=["haizhu_officer", "reviewer"])
def persona(request, db, clock):
    return request.getfixturevalue(request.param)


def to_second_step(page):
    return f"{VERIFY}?{urlencode({'next': page})}"


@pytest.mark.parametrize("page", PAGES)
def test_a_password_alone_reaches_nothing(client, persona, page):
    confirmed_device(persona)
    log_in(client, persona)
    assert redirect_path(client.get(page)) == to_second_step(page)


@pytest.mark.parametrize("page", PAGES)
def test_nor_before_enrolment(client, persona, page):
    log_in(client, persona)
    assert redirect_path(client.get(page)) == to_second_step(page)
    assert redirect_path(client.get(to_second_step(page))).startswith(ENROL)


def test_a_forced_login_without_a_code_reaches_nothing_either(client, persona):
    """However the session was made, an unverified one is stopped."""
    client.force_login(persona)
    for page in PAGES:
        assert redirect_path(client.get(page)) == to_second_step(page)


def test_a_post_without_the_code_changes_nothing(client, haizhu_officer, pazhou, quarter):
    confirmed_device(haizhu_officer)
    log_in(client, haizhu_officer)
    add = reverse("admin:tracker_parkreport_add")
    response = client.post(add, report_form_data(park=pazhou.pk, period=quarter.pk))
    assert redirect_path(response) == to_second_step(add)
    assert not ParkReport.objects.exists()


def test_the_admin_login_page_sends_to_the_one_login_page(client, reviewer):
    confirmed_device(reviewer)
    index = reverse("admin:index")
    to_admin_login = redirect_path(client.get(index))
    assert to_admin_login == f"{reverse('admin:login')}?next={index}"
    assert redirect_path(client.get(to_admin_login)) == f"{reverse('login')}?next={index}"
    response = client.post(
        reverse("admin:login"), {"username": reviewer.username, "password": PASSWORD}
    )
    assert redirect_path(response).startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    log_in(client, reviewer)
    assert redirect_path(client.get(index)) == to_second_step(index)


def test_with_the_code_every_page_opens(client, persona):
    device, _codes = confirmed_device(persona)
    log_in(client, persona)
    client.post(VERIFY, {"code": totp_code(device)})
    for page in PAGES:
        if persona.username == "laoshen" and page == reverse("admin:tracker_parkreport_add"):
            continue  # reviewers do not fill in reports (a 403, as without 2FA)
        assert client.get(page).status_code == 200, page


def test_an_officer_still_sees_only_her_district_after_the_code(client, haizhu_officer):
    device, _codes = confirmed_device(haizhu_officer)
    log_in(client, haizhu_officer)
    client.post(VERIFY, {"code": totp_code(device)})
    assert client.get(reverse("district_detail", args=["huangpu"])).status_code in (403, 404)


def test_the_session_endpoints_stay_reachable(client, haizhu_officer):
    log_in(client, haizhu_officer)
    assert client.get(reverse("accounts:session_status")).json()["authenticated"] is True
    other = Client()
    assert other.get(reverse("accounts:session_status")).json()["authenticated"] is False
