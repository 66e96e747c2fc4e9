"""三员分立: the auditor reads the trail and changes nothing; the security administrator
manages accounts, roles and districts but no reports and no audit."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from audit.roles import AUDITOR
from tests import factories
from tests.conftest import report_form_data
from tracker.models import ParkReport
from tracker.roles import SECURITY_ADMIN, ensure_roles


def permissions_of(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_auditor_group_holds_only_the_view_of_the_trail(guideline):
    ensure_roles()
    assert permissions_of(AUDITOR) == {"audit.view_auditentry"}


def test_security_admin_group_holds_accounts_and_districts_only(guideline):
    perms = permissions_of(SECURITY_ADMIN)
    assert {"auth.add_user", "auth.change_user", "parks.change_officerprofile"} <= perms
    assert not {p for p in perms if p.startswith(("tracker.", "audit."))}
    assert "auth.change_group" not in perms


@pytest.fixture
def report(pazhou, quarter):
    return factories.report(pazhou, quarter, status="submitted", revenue="100")


def test_auditor_cannot_add_or_change_reports(auditor_client, report, pazhou, quarter):
    add = reverse("admin:tracker_parkreport_add")
    change = reverse("admin:tracker_parkreport_change", args=[report.pk])
    review = reverse("admin:tracker_parkreport_review", args=[report.pk])
    assert auditor_client.get(add).status_code == 403
    assert (
        auditor_client.post(add, report_form_data(park=pazhou.pk, period=quarter.pk)).status_code
        == 403
    )
    assert auditor_client.get(change).status_code == 403
    assert auditor_client.post(change, report_form_data()).status_code == 403
    # The auditor sees no district's reports, so the review page does not find it.
    assert (
        auditor_client.post(review, {"step": "approve", "version": report.version}).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.status == "submitted"
    assert ParkReport.objects.count() == 1


def test_auditor_cannot_add_or_change_users(auditor_client, haizhu_officer, django_user_model):
    add = reverse("admin:auth_user_add")
    change = reverse("admin:auth_user_change", args=[haizhu_officer.pk])
    assert auditor_client.get(add).status_code == 403
    response = auditor_client.post(
        add, {"username": "mole", "password1": "Zq8!long-pass", "password2": "Zq8!long-pass"}
    )
    assert response.status_code == 403
    assert (
        auditor_client.post(change, {"username": "renamed", "is_superuser": "on"}).status_code
        == 403
    )
    assert not django_user_model.objects.filter(username__in=["mole", "renamed"]).exists()
    group_change = reverse("admin:auth_group_change", args=[Group.objects.get(name=AUDITOR).pk])
    assert auditor_client.get(group_change).status_code == 403


def test_security_admin_creates_an_account(security_admin_client, django_user_model):
    response = security_admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newofficer",
            "password1": "Zq8!long-pass-2026",
            "password2": "Zq8!long-pass-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert django_user_model.objects.filter(username="newofficer").exists()


def test_security_admin_cannot_touch_reports(security_admin_client, report, pazhou, quarter):
    assert (
        security_admin_client.get(reverse("admin:tracker_parkreport_changelist")).status_code == 403
    )
    add = reverse("admin:tracker_parkreport_add")
    assert (
        security_admin_client.post(
            add, report_form_data(park=pazhou.pk, period=quarter.pk)
        ).status_code
        == 403
    )
    change = reverse("admin:tracker_parkreport_change", args=[report.pk])
    assert security_admin_client.post(change, report_form_data()).status_code == 403
    assert ParkReport.objects.count() == 1


def test_security_admin_cannot_redefine_roles(security_admin_client):
    group = Group.objects.get(name=AUDITOR)
    url = reverse("admin:auth_group_change", args=[group.pk])
    assert security_admin_client.post(url, {"name": AUDITOR, "permissions": []}).status_code == 403
    assert permissions_of(AUDITOR) == {"audit.view_auditentry"}
