"""Personas and shared fixtures. Chain them: `guideline` → personas → data."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from parks.models import District, OfficerProfile, Park
from tracker.roles import BUREAU_REVIEWER, DISTRICT_OFFICER, MANAGER

PASSWORD = "persona-pass-2022"


@pytest.fixture
def guideline(db):
    """The 2022 guideline as `load_guideline` loads it."""
    call_command("load_guideline", verbosity=0)


def make_user(django_user_model, username, role, district_code=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, **extra
    )
    user.groups.add(Group.objects.get(name=role))
    if district_code:
        OfficerProfile.objects.create(user=user, district=District.objects.get(code=district_code))
    return user


@pytest.fixture
def haizhu_officer(guideline, django_user_model):
    """小海: district officer of 海珠区 (1 park: 琶洲)."""
    return make_user(django_user_model, "xiaohai", DISTRICT_OFFICER, "haizhu")


@pytest.fixture
def huangpu_officer(guideline, django_user_model):
    """小黄: district officer of 黄埔区 (3 parks)."""
    return make_user(django_user_model, "xiaohuang", DISTRICT_OFFICER, "huangpu")


@pytest.fixture
def reviewer(guideline, django_user_model):
    """老审: city bureau reviewer."""
    return make_user(django_user_model, "laoshen", BUREAU_REVIEWER)


@pytest.fixture
def manager(guideline, django_user_model):
    """王处: manager, read-only."""
    return make_user(django_user_model, "wangchu", MANAGER)


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


def client_for(client, user):
    client.force_login(user)
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


@pytest.fixture
def make_report(guideline):
    """make_report(park, period, status="draft", figures={code: value}) -> ParkReport."""
    from decimal import Decimal

    from tracker.models import Indicator, ParkReport, ReportValue

    def make(park, period, status="draft", figures=None, **fields):
        report = ParkReport.objects.create(park=park, period=period, status=status, **fields)
        indicators = {indicator.code: indicator for indicator in Indicator.objects.reported()}
        for code, value in (figures or {}).items():
            ReportValue.objects.create(
                report=report,
                indicator=indicators[code],
                value=None if value is None else Decimal(value),
            )
        return report

    return make


def report_form_data(figures=None, **extra):
    """POST data for the park report admin form."""
    data = {}
    for code, value in {**REPORT_FIGURES, **(figures or {})}.items():
        data[f"value_{code}"] = value
        data[f"note_{code}"] = ""
    data.update(extra)
    return data


VALID_CREDIT_CODE = "91440101MA59ABCDEM"


def credit_code(seed):
    """A valid 18-character USCC built from a number."""
    from parks.validators import credit_code_check_character

    first17 = f"9144011{seed:010d}"[:17]
    return first17 + credit_code_check_character(first17)


@pytest.fixture
def make_enterprise(guideline):
    import datetime

    from parks.models import Enterprise

    def make(park, seed, name=None, role="upstream"):
        return Enterprise.objects.create(
            name=name or f"测试企业{seed}有限公司",
            credit_code=credit_code(seed),
            park=park,
            role=role,
            industry_chain="人工智能",
            introduced_on=datetime.date(2023, 5, 1),
        )

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a rolled-back test may leave the data version
    where the next test finds it, with pages cached for data that no longer exists."""
    from django.core.cache import cache

    cache.clear()
