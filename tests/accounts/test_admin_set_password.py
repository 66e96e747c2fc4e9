"""A password set by someone else (an administrator in the admin) must be changed at the first
login; the user's own change clears that."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.models import AccountSecurity
from accounts.signals import password_changed

from .conftest import PASSWORD_CHANGE, log_in, redirect_path

FIRST = "Initial#2025a"
OWN = "MyOwn#River7"


def add_user_in_admin(admin_client, username):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {"username": username, "password1": FIRST, "password2": FIRST, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return get_user_model().objects.get(username=username)


def test_a_user_added_in_the_admin_must_change_at_first_login(superuser_client):
    newcomer = add_user_in_admin(superuser_client, "xiaoxin")
    assert AccountSecurity.objects.get(user=newcomer).must_change_password
    client = Client()
    log_in(client, newcomer, password=FIRST)
    assert redirect_path(client.get("/parks/")) == f"{PASSWORD_CHANGE}?next=%2Fparks%2F"
    page = client.get(PASSWORD_CHANGE).content.decode()
    assert "您的密码由管理员设置。请先设置您自己的密码再继续。" in page


def test_the_own_change_clears_the_flag(superuser_client, superuser):
    newcomer = add_user_in_admin(superuser_client, "xiaoxin")
    newcomer.is_staff = True
    newcomer.save()
    client = Client()
    log_in(client, newcomer, password=FIRST)
    changes = []
    password_changed.connect(receiver := lambda **kw: changes.append(kw))
    try:
        response = client.post(
            PASSWORD_CHANGE,
            {"old_password": FIRST, "new_password1": OWN, "new_password2": OWN, "next": "/"},
        )
    finally:
        password_changed.disconnect(receiver)
    assert redirect_path(response) == "/"
    assert not AccountSecurity.objects.get(user=newcomer).must_change_password
    assert client.get("/parks/").status_code == 200
    assert [(c["changed_by"], c["forced"]) for c in changes] == [(newcomer, "must_change")]


def test_a_password_reset_by_an_administrator_forces_a_change(
    superuser_client, superuser, haizhu_officer
):
    changes = []
    password_changed.connect(receiver := lambda **kw: changes.append(kw))
    try:
        response = superuser_client.post(
            reverse("admin:auth_user_password_change", args=[haizhu_officer.pk]),
            {"password1": FIRST, "password2": FIRST, "usable_password": "true"},
        )
    finally:
        password_changed.disconnect(receiver)
    assert response.status_code == 302
    assert [(c["user"], c["changed_by"]) for c in changes] == [(haizhu_officer, superuser)]
    client = Client()
    log_in(client, haizhu_officer, password=FIRST)
    assert redirect_path(client.get("/")).startswith(PASSWORD_CHANGE)


def test_an_administrator_changing_their_own_password_is_not_forced(superuser_client, superuser):
    response = superuser_client.post(
        reverse("admin:password_change"),
        {
            "old_password": "persona-pass-2022",
            "new_password1": OWN,
            "new_password2": OWN,
        },
    )
    assert response.status_code == 302
    assert not AccountSecurity.objects.get(user=superuser).must_change_password
    assert superuser_client.get(reverse("admin:index")).status_code == 200


def test_accounts_made_outside_a_request_are_not_flagged(haizhu_officer):
    """create_user in a script or management command: nobody to tell apart, no flag."""
    assert not AccountSecurity.objects.for_user(haizhu_officer).must_change_password
    haizhu_officer.set_password(OWN)
    haizhu_officer.save()
    state = AccountSecurity.objects.get(user=haizhu_officer)
    assert not state.must_change_password
    assert state.password_changed_at is not None


def test_with_2fa_required_the_newcomer_enrols_then_changes_the_password(
    superuser_client, settings, clock
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .conftest import ENROL, VERIFY, totp_code

    newcomer = add_user_in_admin(superuser_client, "xiaoxin")
    settings.REQUIRE_2FA = True
    client = Client()
    log_in(client, newcomer, password=FIRST)
    assert redirect_path(client.get("/parks/")).startswith(VERIFY)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=newcomer)
    client.post(ENROL, {"code": totp_code(device), "next": "/parks/"})
    # The second factor first, then the password: still no page before both are done.
    assert redirect_path(client.get("/parks/")) == f"{PASSWORD_CHANGE}?next=%2Fparks%2F"
    client.post(
        PASSWORD_CHANGE, {"old_password": FIRST, "new_password1": OWN, "new_password2": OWN}
    )
    assert client.get("/parks/").status_code == 200
