"""Personas of the separation of duties (三员分立) and helpers for the audit trail."""

import datetime
import zoneinfo

import pytest

from audit.models import AuditEntry
from audit.roles import AUDITOR
from tests.conftest import client_for
from tests.factories import user
from tracker.roles import SECURITY_ADMIN

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# Past the real date on purpose: the database clocks the triggers read cannot be frozen, and
# an entry "young" on this clock must not be young on theirs (see test_append_only).
FROZEN_NOW = datetime.datetime(2026, 6, 30, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def auditor(guideline):
    """审计员 老计: reads the audit trail, nothing else."""
    return user("laoji", AUDITOR)


@pytest.fixture
def security_admin(guideline):
    """安全管理员 安管: manages accounts, roles and districts."""
    return user("anguan", SECURITY_ADMIN)


@pytest.fixture
def auditor_client(client, auditor):
    return client_for(client, auditor)


@pytest.fixture
def security_admin_client(client, security_admin):
    return client_for(client, security_admin)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(FROZEN_NOW, tick=False)
    return FROZEN_NOW


def last_id():
    """Where the trail ends now: entries(..., since=last_id()) sees only what follows."""
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0


def entries(event, since=0, **filters):
    found = AuditEntry.objects.filter(event=event, id__gt=since, **filters)
    return list(found.order_by("id"))


def only_entry(event, since=0, **filters):
    found = entries(event, since, **filters)
    assert len(found) == 1, found
    return found[0]
