"""Demo accounts for a newcomer's first run (`make run`); never used in production."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import AccountSecurity
from audit.roles import AUDITOR
from parks.models import District, OfficerProfile
from tracker.roles import BUREAU_REVIEWER, DISTRICT_OFFICER, MANAGER, SECURITY_ADMIN, ensure_roles

DEMO_PASSWORD = "demo-pass-2022"

# username, full name, role, district code
DEMO_ACCOUNTS = [
    ("haizhu", "海珠区工信局 示范填报员", DISTRICT_OFFICER, "haizhu"),
    ("huangpu", "黄埔区工信局 示范填报员", DISTRICT_OFFICER, "huangpu"),
    ("reviewer", "市工信局 示范审核员", BUREAU_REVIEWER, None),
    ("manager", "市工信局 示范领导", MANAGER, None),
    ("security", "市工信局 示范安全管理员", SECURITY_ADMIN, None),
    ("auditor", "市工信局 示范审计员", AUDITOR, None),
]


def create_demo_users(password=DEMO_PASSWORD):
    ensure_roles()
    User = get_user_model()
    created = []
    for username, full_name, role, district_code in DEMO_ACCOUNTS:
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"first_name": full_name, "is_staff": True}
        )
        if was_created:
            user.set_password(password)
            user.save()
            created.append(username)
        user.groups.add(Group.objects.get(name=role))
        if district_code:
            OfficerProfile.objects.get_or_create(
                user=user, defaults={"district": District.objects.get(code=district_code)}
            )
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "", password, first_name="系统管理员")
        created.append("admin")
    # The published demo password is kept: no forced change, and its age restarts on every
    # `make run`, so expiry never stops a newcomer logging in.
    for user in User.objects.filter(username__in=[*(a[0] for a in DEMO_ACCOUNTS), "admin"]):
        AccountSecurity.objects.for_user(user).mark_password_fresh()
    return created
