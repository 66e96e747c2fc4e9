"""Personas and shared fixtures. Chain them: `guideline` → personas → data.

Rows are built with tests/factories.py; this file names the people and places tests use.
"""

import pytest
from django.core.management import call_command

from parks.models import Park
from tests.factories import PASSWORD, user
from tracker.roles import BUREAU_REVIEWER, DISTRICT_OFFICER, MANAGER


@pytest.fixture
def guideline(db):
    """The 2022 guideline as `load_guideline` loads it."""
    call_command("load_guideline", verbosity=0)


@pytest.fixture
def haizhu_officer(guideline):
    """小海: district officer of 海珠区 (1 park: 琶洲)."""
    return user("xiaohai", DISTRICT_OFFICER, "haizhu")


@pytest.fixture
def huangpu_officer(guideline):
    """小黄: district officer of 黄埔区 (3 parks)."""
    return user("xiaohuang", DISTRICT_OFFICER, "huangpu")


@pytest.fixture
def reviewer(guideline):
    """老审: city bureau reviewer."""
    return user("laoshen", BUREAU_REVIEWER)


@pytest.fixture
def manager(guideline):
    """王处: manager, read-only."""
    return user("wangchu", MANAGER)


@pytest.fixture
def superuser(guideline, django_user_model):
    return django_user_model.objects.create_superuser("root", "", PASSWORD)


@pytest.fixture
def pazhou(guideline):
    return Park.objects.get(code="pazhou")


@pytest.fixture
def yuzhu_bay(guideline):
    """A 黄埔 park."""
    return Park.objects.get(code="yuzhu-bay")


def client_for(client, account):
    client.force_login(account)
    return client


@pytest.fixture
def haizhu_client(client, haizhu_officer):
    return client_for(client, haizhu_officer)


@pytest.fixture
def huangpu_client(client, huangpu_officer):
    return client_for(client, huangpu_officer)


@pytest.fixture
def reviewer_client(client, reviewer):
    return client_for(client, reviewer)


@pytest.fixture
def manager_client(client, manager):
    return client_for(client, manager)


@pytest.fixture
def superuser_client(client, superuser):
    return client_for(client, superuser)


def pytest_configure(config):
    # Tests read the Chinese UI, so the catalogs must be compiled however pytest is started.
    from tracker.translations import compile_catalogs

    if compile_catalogs():
        # Django may have cached the catalogs already: drop them so the new .mo is read.
        import gettext

        from django.utils.translation import trans_real

        gettext._translations = {}
        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = trans_real.Local()


# -- park reports (issue 3) ------------------------------------------------------------

REPORT_FIGURES = {
    "revenue": "120.5",
    "core_revenue": "80",
    "coverage_5g": "95",
    "one_park_one_policy": "1",
}


@pytest.fixture
def quarter(guideline):
    """2025 Q3: open (unlocked, opened long ago) and with a Q2 and a 2024 Q3 before it."""
    from tracker.models import ReportingPeriod

    return ReportingPeriod.objects.get(year=2025, quarter=3)


def report_form_data(figures=None, **extra):
    """POST data for the park report admin form."""
    data = {}
    for code, value in {**REPORT_FIGURES, **(figures or {})}.items():
        data[f"value_{code}"] = value
        data[f"note_{code}"] = ""
    data.update(extra)
    return data
