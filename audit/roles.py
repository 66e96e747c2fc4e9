"""The auditor role (三员分立): reads the audit trail and nothing else.

Its group is created with the other roles (tracker.roles.ensure_roles), which imports these.
"""

AUDITOR = "auditor"
AUDITOR_PERMISSIONS = ["audit.view_auditentry"]


def is_auditor(user):
    """Only auditor-group members; a superuser is refused even in the group, so that the
    system administrator can neither read nor quietly inspect the trail of their own acts."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return False
    return user.groups.filter(name=AUDITOR).exists()
