"""Account creation and deletion, role and permission changes and officers' districts are
recorded, with the acting user and their address when done through a page."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from audit.models import AuditEntry
from parks.models import District, OfficerProfile
from tests.audit.conftest import FROZEN_NOW, entries, last_id, only_entry
from tracker.roles import BUREAU_REVIEWER, DISTRICT_OFFICER, MANAGER


def about(user):
    return {"object_type": "auth.user", "object_id": str(user.pk)}


def test_account_creation_is_recorded(django_user_model, guideline):
    user = django_user_model.objects.create_user("newcomer", password="x", is_staff=True)
    entry = only_entry("account_create", **about(user))
    assert entry.object_text == "newcomer"
    assert entry.detail == {"is_active": True, "is_staff": True, "is_superuser": False}


def test_group_added_and_removed_from_either_side(haizhu_officer, frozen):
    reviewers = Group.objects.get(name=BUREAU_REVIEWER)
    start = last_id()
    haizhu_officer.groups.add(reviewers)
    reviewers.user_set.remove(haizhu_officer)
    added, removed = entries("role_change", start, **about(haizhu_officer))
    assert added.detail == {"added": [BUREAU_REVIEWER]}
    assert removed.detail == {"removed": [BUREAU_REVIEWER]}
    assert added.object_type == "auth.user"
    assert added.timestamp == FROZEN_NOW


def test_clearing_groups_names_what_was_removed(haizhu_officer):
    haizhu_officer.groups.add(Group.objects.get(name=MANAGER))
    haizhu_officer.groups.clear()
    cleared = entries("role_change", **about(haizhu_officer))[-1]
    assert cleared.detail == {"removed": sorted([DISTRICT_OFFICER, MANAGER])}


def test_direct_permission_grant_is_recorded(haizhu_officer):
    permission = Permission.objects.get(codename="review_parkreport")
    haizhu_officer.user_permissions.add(permission)
    entry = entries("role_change", **about(haizhu_officer))[-1]
    assert entry.detail == {"added": ["tracker.review_parkreport"]}


def test_group_permission_change_is_recorded(guideline):
    managers = Group.objects.get(name=MANAGER)
    managers.permissions.add(Permission.objects.get(codename="review_parkreport"))
    entry = entries("role_change", object_type="auth.group", object_id=str(managers.pk))[-1]
    assert entry.detail == {"added": ["tracker.review_parkreport"]}


def test_superuser_and_staff_flags_are_recorded(haizhu_officer):
    start = last_id()
    haizhu_officer.is_superuser = True
    haizhu_officer.is_staff = False
    haizhu_officer.save()
    entry = only_entry("role_change", start, **about(haizhu_officer))
    assert entry.detail == {"is_staff": [True, False], "is_superuser": [False, True]}


def test_saving_without_a_flag_change_records_nothing(haizhu_officer):
    start = last_id()
    haizhu_officer.first_name = "小海"
    haizhu_officer.save()
    haizhu_officer.save(update_fields=["last_login"])
    assert not entries("role_change", start, **about(haizhu_officer))


def test_district_binding_change_and_removal(haizhu_officer, frozen):
    profile = haizhu_officer.officer_profile
    profile.district = District.objects.get(code="huangpu")
    profile.save()
    profile.delete()
    created, moved, removed = entries("district_change", **about(haizhu_officer))
    assert created.detail == {"from": None, "to": "海珠区"}
    assert moved.detail == {"from": "海珠区", "to": "黄埔区"}
    assert removed.detail == {"from": "黄埔区", "to": None}
    assert moved.object_text == "xiaohai"
    assert moved.timestamp == FROZEN_NOW


def test_resaving_the_same_district_records_nothing(haizhu_officer):
    haizhu_officer.officer_profile.save()
    assert len(entries("district_change", **about(haizhu_officer))) == 1


def test_deleting_an_account_keeps_its_trail(haizhu_officer, django_user_model):
    user_id = haizhu_officer.pk
    haizhu_officer.delete()
    assert not django_user_model.objects.filter(pk=user_id).exists()
    gone = only_entry("account_delete", object_type="auth.user", object_id=str(user_id))
    assert gone.object_text == "xiaohai"
    # Earlier entries about the account are still there, name and all.
    assert AuditEntry.objects.filter(
        object_type="auth.user", object_id=str(user_id), event="account_create"
    ).exists()


def test_changes_through_the_admin_name_the_acting_security_admin(
    security_admin_client, security_admin, huangpu_officer
):
    """A role change made on a page records who made it and from where."""
    manager_group = Group.objects.get(name=MANAGER)
    url = reverse("admin:auth_user_change", args=[huangpu_officer.pk])
    start = last_id()
    response = security_admin_client.post(
        url,
        {
            "username": "xiaohuang",
            "is_active": "on",
            "is_staff": "on",
            "groups": [manager_group.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
        REMOTE_ADDR="192.0.2.44",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    changes = entries("role_change", start, **about(huangpu_officer))
    assert [entry.detail for entry in changes] == [
        {"removed": [DISTRICT_OFFICER]},
        {"added": [MANAGER]},
    ]
    for entry in changes:
        assert entry.user == security_admin
        assert entry.client_address == "192.0.2.44"


def test_district_change_in_the_admin_names_the_actor(
    security_admin_client, security_admin, haizhu_officer
):
    profile = OfficerProfile.objects.get(user=haizhu_officer)
    response = security_admin_client.post(
        reverse("admin:parks_officerprofile_change", args=[profile.pk]),
        {"user": haizhu_officer.pk, "district": District.objects.get(code="tianhe").pk},
    )
    assert response.status_code == 302
    entry = entries("district_change", **about(haizhu_officer))[-1]
    assert entry.detail == {"from": "海珠区", "to": "天河区"}
    assert entry.user == security_admin
