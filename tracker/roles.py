"""The roles as auth groups, with the model permissions each needs (DESIGN.md §5).

Besides the three business roles, the separation of duties (三员分立) of a graded-protection
assessment: the superuser is the system administrator; the security administrator manages
accounts and their roles and districts but no reports; the auditor only reads the audit trail.
"""

from django.contrib.auth.models import Group, Permission

from audit.roles import AUDITOR, AUDITOR_PERMISSIONS

DISTRICT_OFFICER = "district_officer"
BUREAU_REVIEWER = "bureau_reviewer"
MANAGER = "manager"
SECURITY_ADMIN = "security_admin"

_VIEW_REGISTRY = [
    "parks.view_district",
    "parks.view_park",
    "parks.view_industrydirection",
    "parks.view_keyproject",
    "parks.view_enterprise",
    "tracker.view_policy",
    "tracker.view_indicator",
    "tracker.view_target",
    "tracker.view_reportingperiod",
    "tracker.view_parkreport",
    "tracker.view_reportvalue",
]

ROLE_PERMISSIONS = {
    DISTRICT_OFFICER: _VIEW_REGISTRY
    + [
        "tracker.add_parkreport",
        "tracker.change_parkreport",
        "tracker.add_reportvalue",
        "tracker.change_reportvalue",
        "parks.add_enterprise",
        "parks.change_enterprise",
        "parks.delete_enterprise",
        "parks.change_keyproject",
    ],
    BUREAU_REVIEWER: _VIEW_REGISTRY
    + [
        "parks.view_all_districts",
        "tracker.review_parkreport",
        "tracker.add_reportingperiod",
        "tracker.change_reportingperiod",
        "tracker.add_indicator",
        "tracker.change_indicator",
        # Policies and targets are data the bureau keeps (issue 12); the admin allows
        # deleting them only while a policy is in preparation.
        "tracker.add_policy",
        "tracker.change_policy",
        "tracker.delete_policy",
        "tracker.add_target",
        "tracker.change_target",
        "tracker.delete_target",
        "parks.add_keyproject",
        "parks.change_keyproject",
    ],
    MANAGER: _VIEW_REGISTRY + ["parks.view_all_districts"],
    # Accounts, their roles (group membership; the groups' permissions stay defined here)
    # and officers' districts. Accounts are deactivated rather than deleted.
    SECURITY_ADMIN: [
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "parks.view_district",
        "parks.view_officerprofile",
        "parks.add_officerprofile",
        "parks.change_officerprofile",
        "parks.delete_officerprofile",
    ],
    AUDITOR: AUDITOR_PERMISSIONS,
}


def ensure_roles():
    """Create or update the role groups; safe to run any number of times."""
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for name in perm_names:
            app_label, codename = name.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
