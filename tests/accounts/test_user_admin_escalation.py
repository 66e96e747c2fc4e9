"""The security administrator cannot raise anyone's privileges, their own included, through
the user admin (三员分立); a superuser still can."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from audit.roles import AUDITOR
from tests.audit.conftest import entries, last_id
from tests.conftest import client_for
from tests.factories import user as make_account
from tracker.roles import DISTRICT_OFFICER, MANAGER, SECURITY_ADMIN


@pytest.fixture
def security_admin(guideline, django_user_model):
    """安全管理员 安管: manages accounts, roles and districts."""
    return make_account("anguan", SECURITY_ADMIN)


@pytest.fixture
def security_admin_client(client, security_admin):
    return client_for(client, security_admin)


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def form_data(user, *groups, **extra):
    return {
        "username": user.username,
        "is_active": "on",
        "is_staff": "on",
        "groups": [Group.objects.get(name=name).pk for name in groups],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        **extra,
    }


def group_names(user):
    return set(user.groups.values_list("name", flat=True))


def trail_about(user, since):
    return [
        entry
        for event in ("role_change", "account_create")
        for entry in entries(event, since, object_type="auth.user", object_id=str(user.pk))
    ]


def test_the_privileged_groups_are_the_auditor_and_security_admin_roles():
    assert set(settings.PRIVILEGED_ROLE_GROUPS) == {AUDITOR, SECURITY_ADMIN}


def test_ticking_superuser_is_ignored(security_admin_client, huangpu_officer):
    start = last_id()
    response = security_admin_client.post(
        change_url(huangpu_officer),
        form_data(huangpu_officer, DISTRICT_OFFICER, is_superuser="on"),
    )
    assert response.status_code == 302
    huangpu_officer.refresh_from_db()
    assert huangpu_officer.is_superuser is False
    assert group_names(huangpu_officer) == {DISTRICT_OFFICER}
    assert trail_about(huangpu_officer, start) == []


def test_granting_a_permission_directly_is_ignored(security_admin_client, huangpu_officer):
    permission = Permission.objects.get(codename="delete_user")
    start = last_id()
    response = security_admin_client.post(
        change_url(huangpu_officer),
        form_data(huangpu_officer, DISTRICT_OFFICER, user_permissions=[permission.pk]),
    )
    assert response.status_code == 302
    assert not huangpu_officer.user_permissions.exists()
    assert trail_about(huangpu_officer, start) == []


@pytest.mark.parametrize("role", [AUDITOR, SECURITY_ADMIN])
def test_handing_out_a_privileged_role_is_refused(security_admin_client, huangpu_officer, role):
    start = last_id()
    response = security_admin_client.post(
        change_url(huangpu_officer), form_data(huangpu_officer, DISTRICT_OFFICER, role)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"]
    assert group_names(huangpu_officer) == {DISTRICT_OFFICER}
    assert trail_about(huangpu_officer, start) == []


def test_the_privileged_roles_are_not_offered(security_admin_client, huangpu_officer):
    response = security_admin_client.get(change_url(huangpu_officer))
    offered = set(
        response.context["adminform"].form.fields["groups"].queryset.values_list("name", flat=True)
    )
    assert MANAGER in offered
    assert not offered & {AUDITOR, SECURITY_ADMIN}


def test_own_roles_and_flags_cannot_be_changed(security_admin_client, security_admin):
    start = last_id()
    response = security_admin_client.post(
        change_url(security_admin),
        form_data(security_admin, SECURITY_ADMIN, MANAGER, is_superuser="on"),
    )
    assert response.status_code == 302
    security_admin.refresh_from_db()
    assert security_admin.is_superuser is False
    assert group_names(security_admin) == {SECURITY_ADMIN}
    assert trail_about(security_admin, start) == []


@pytest.mark.parametrize("role", [AUDITOR, SECURITY_ADMIN])
def test_another_privileged_account_is_out_of_reach(security_admin_client, role):
    """Resetting an auditor's password would let the security administrator act as them."""
    holder = make_account("laoji", role)
    old_hash = holder.password
    page = security_admin_client.get(change_url(holder))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = security_admin_client.post(change_url(holder), form_data(holder, role, MANAGER))
    assert response.status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[holder.pk])
    new_password = {"password1": "Another-pass-2026!", "password2": "Another-pass-2026!"}
    assert security_admin_client.get(password_url).status_code == 403
    assert security_admin_client.post(password_url, new_password).status_code == 403
    delete_url = reverse("admin:auth_user_delete", args=[holder.pk])
    assert security_admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    holder.refresh_from_db()
    assert holder.password == old_hash
    assert group_names(holder) == {role}


def test_a_superuser_can_change_a_privileged_account(superuser_client):
    auditor = make_account("laoji", AUDITOR)
    response = superuser_client.post(change_url(auditor), form_data(auditor, AUDITOR, MANAGER))
    assert response.status_code == 302
    assert group_names(auditor) == {AUDITOR, MANAGER}


def test_a_superuser_account_is_out_of_reach(security_admin_client, superuser):
    # Viewable (the security admin may view accounts), not editable.
    page = security_admin_client.get(change_url(superuser))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = security_admin_client.post(change_url(superuser), form_data(superuser, is_active=""))
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_active


def test_a_superuser_still_can(superuser_client, superuser, huangpu_officer):
    start = last_id()
    response = superuser_client.post(
        change_url(huangpu_officer),
        form_data(huangpu_officer, DISTRICT_OFFICER, AUDITOR, is_superuser="on"),
    )
    assert response.status_code == 302
    huangpu_officer.refresh_from_db()
    assert huangpu_officer.is_superuser is True
    assert group_names(huangpu_officer) == {DISTRICT_OFFICER, AUDITOR}
    details = [entry.detail for entry in trail_about(huangpu_officer, start)]
    assert {"added": [AUDITOR]} in details
    assert all(entry.user == superuser for entry in trail_about(huangpu_officer, start))
    assert len(details) == 2
