"""Personas and shared fixtures. Chain them: `guideline` → personas → data.

Rows are built with tests/factories.py; this file names the people and places tests use.
"""

import io

import pytest
from django.core.management import call_command

from parks.models import Park
from tests.factories import PASSWORD, user
from tracker.roles import BUREAU_REVIEWER, DISTRICT_OFFICER, MANAGER


def load_guideline():
    call_command("load_guideline", stdout=io.StringIO())


# This process's test database while it is set up (each xdist worker has its own), with the
# blocker that lets code outside a test reach it.
_test_database = {"blocker": None}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, migrated and with the guideline loaded once per session, committed.

    Each test then runs in a transaction that is rolled back, so it finds the guideline as
    loaded. A transactional test (transaction=True, live_server) flushes every table when it
    ends instead; pytest_runtest_teardown below loads the guideline again after it.
    """
    with django_db_blocker.unblock():
        load_guideline()
    _test_database["blocker"] = django_db_blocker
    yield
    _test_database["blocker"] = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the test's fixtures are gone: a flush (Django's TransactionTestCase teardown, which
    # also re-runs post_migrate and so restores the role groups) leaves no guideline behind.
    # Checking for it, whatever the test was, keeps every order of tests correct.
    blocker = _test_database["blocker"]
    if blocker is not None:
        from tracker.models import Policy

        with blocker.unblock():
            if not Policy.objects.exists():
                load_guideline()
    return result


@pytest.fixture
def empty_database(db):
    """The database as migrate leaves it, for tests of loading the guideline or making periods:
    the session's guideline rows are deleted inside this test's transaction, whose rollback
    brings them back."""
    from parks.models import District, IndustryDirection, KeyProject
    from tracker.models import Indicator, Policy, ReportingPeriod, Target

    Indicator.objects.update(part_of=None)  # its own PROTECT would stop the delete
    for model in (Target, ReportingPeriod, Indicator, Policy, KeyProject, IndustryDirection, Park):
        model.objects.all().delete()
    District.objects.all().delete()


@pytest.fixture
def guideline(db):
    """The 2022 guideline as `load_guideline` loads it (loaded once: see django_db_setup)."""


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
    from django.conf import settings

    # Most tests create personas, and the production hasher (PBKDF2) spends about 0.2 s of CPU
    # on each password. The tests check who may log in, not how costly a hash is to crack.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        # Test databases are thrown away, so a commit need not wait for the disk (migrations,
        # the guideline and the transactional tests commit).
        database.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

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


VALID_CREDIT_CODE = "91440101MA59ABCDEM"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a rolled-back test may leave the data version
    where the next test finds it, with pages cached for data that no longer exists. The same
    for the parks' standings each process keeps in memory (dashboards/standings.py)."""
    from django.core.cache import cache

    from dashboards import standings

    cache.clear()
    standings.kept.clear()


@pytest.fixture
def make_report(guideline):
    """make_report(park, period, status="draft", figures={code: value}, **report_fields)."""
    from tests import factories

    def make(park, period, status="draft", figures=None, **fields):
        built = factories.report(park, period, status=status, **(figures or {}))
        if fields:
            type(built).objects.filter(pk=built.pk).update(**fields)
            built.refresh_from_db()
        return built

    return make
