"""Cached dashboard pages: every kind of write shows at once, scopes never mix, and several
app servers sharing one Redis agree (dashboards/pagecache.py, tracker/versions.py)."""

import gc
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from dashboards.pagecache import cached_page, collector_paused
from parks.models import Enterprise
from tests.conftest import VALID_CREDIT_CODE, report_form_data
from tests.spreadsheets.conftest import confirm, upload, xlsx_bytes
from tracker.models import DataVersion, ParkReport, ReportingPeriod, Target

PARK_PAGE = "/parks/pazhou/"
SUBMITTED = {"include": "submitted"}


@pytest.fixture
def period(guideline):
    return ReportingPeriod.objects.get(year=2024, quarter=3)


def page(client, url=PARK_PAGE, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def main(html):
    return html[html.index('<main id="content">') : html.index("</main>")]


def warm(client, url=PARK_PAGE, **params):
    """Render twice: the second view comes from the cache (the frame around the content,
    with its CSRF tokens, is rendered for each request)."""
    first = page(client, url, **params)
    assert main(page(client, url, **params)) == main(first)
    return first


# -- each kind of write ----------------------------------------------------------------------


def test_the_report_form_shows_at_once(haizhu_client, pazhou, period, make_report):
    report = make_report(pazhou, period, figures={"revenue": "100"})
    assert "777.77" not in warm(haizhu_client, **SUBMITTED)
    response = haizhu_client.post(
        reverse("admin:tracker_parkreport_change", args=[report.pk]),
        report_form_data({"revenue": "777.77"}, version=report.version, _submit_report="1"),
    )
    assert response.status_code == 302
    assert "777.77" in page(haizhu_client, **SUBMITTED)


def test_an_admin_action_shows_at_once(reviewer_client, pazhou, period, make_report):
    report = make_report(pazhou, period, "submitted", figures={"revenue": "612.34"})
    assert "612.34" not in warm(reviewer_client)  # approved figures only
    reviewer_client.post(
        reverse("admin:tracker_parkreport_changelist"),
        {"action": "approve_selected", "_selected_action": [report.pk]},
    )
    assert ParkReport.objects.get(pk=report.pk).status == ParkReport.Status.APPROVED
    assert "612.34" in page(reviewer_client)


def test_a_reopened_report_leaves_the_page_at_once(reviewer_client, pazhou, period, make_report):
    report = make_report(pazhou, period, "approved", figures={"revenue": "612.34"})
    assert "612.34" in warm(reviewer_client)
    reviewer_client.post(
        reverse("admin:tracker_parkreport_review", args=[report.pk]),
        {"step": "reopen", "reason": "统计局修订了数据", "version": report.version},
    )
    assert ParkReport.objects.get(pk=report.pk).status == ParkReport.Status.RETURNED
    assert "612.34" not in page(reviewer_client)


def test_an_import_shows_at_once(haizhu_client, pazhou, period):
    assert "4321.5" not in warm(haizhu_client, **SUBMITTED)
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "4321.5"]])
    response = upload(haizhu_client, "admin:tracker_parkreport_import", data, "f.xlsx", submit="on")
    confirm(haizhu_client, "admin:tracker_parkreport_process_import", response)
    assert ParkReport.objects.get(park=pazhou, period=period).status == "submitted"
    assert "4321.5" in page(haizhu_client, **SUBMITTED)


def test_a_registry_edit_shows_at_once(manager_client, pazhou):
    assert "琶洲新名" not in warm(manager_client, "/")
    pazhou.name = "琶洲新名"
    pazhou.save()
    assert "琶洲新名" in page(manager_client, "/")


def test_a_new_enterprise_shows_at_once(manager_client, pazhou):
    assert "示范链主公司" not in warm(manager_client)
    Enterprise.objects.create(
        name="示范链主公司",
        credit_code=VALID_CREDIT_CODE,
        park=pazhou,
        role=Enterprise.Role.CHAIN_LEADER,
        introduced_on=date(2023, 3, 1),
    )
    assert "示范链主公司" in page(manager_client)


def test_a_target_edit_shows_at_once(manager_client):
    target = Target.objects.filter(
        value__isnull=False, scope=Target.Scope.PARK, indicator__code="coverage_5g"
    ).first()
    assert "42.42" not in warm(manager_client, "/")
    target.value = Decimal("42.42")
    target.save()
    assert "42.42" in page(manager_client, "/")


def test_a_rolled_back_write_leaves_the_version_alone(guideline):
    before = DataVersion.current()
    with transaction.atomic():
        DataVersion.bump()
        assert DataVersion.current() != before
        transaction.set_rollback(True)
    assert DataVersion.current() == before


# -- scopes, parameters, downloads -----------------------------------------------------------


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_page_cached_for_the_bureau_is_not_served_to_another_district(
    manager, huangpu_officer, pazhou
):
    warm(logged_in(manager))
    assert logged_in(huangpu_officer).get(PARK_PAGE).status_code == 404


def test_an_officer_never_gets_another_districts_cached_overview(
    haizhu_officer, huangpu_officer, pazhou, yuzhu_bay, make_report, period
):
    link = f'href="{pazhou.get_absolute_url()}'
    assert link in main(warm(logged_in(haizhu_officer), "/"))
    huangpu_page = main(page(logged_in(huangpu_officer), "/"))
    assert link not in huangpu_page
    assert f'href="{yuzhu_bay.get_absolute_url()}' in huangpu_page


def test_a_reviewers_cached_queue_is_not_served_to_a_manager(
    reviewer, manager, pazhou, period, make_report
):
    make_report(pazhou, period, "submitted", figures={"revenue": "612.34"})
    assert 'id="todo"' in main(warm(logged_in(reviewer), "/"))
    assert 'id="todo"' not in main(page(logged_in(manager), "/"))


def test_each_language_and_switch_has_its_own_page(manager_client, pazhou):
    chinese = main(warm(manager_client))
    submitted = main(page(manager_client, **SUBMITTED))
    assert chinese != submitted
    manager_client.cookies["django_language"] = "en"
    english = page(manager_client)
    assert 'lang="en"' in english and "Targets" in english
    assert main(english) != chinese


def test_bad_input_is_never_cached(manager_client, pazhou):
    assert manager_client.get(PARK_PAGE, {"include": "bogus"}).status_code == 400
    assert manager_client.get(PARK_PAGE, {"include": "bogus"}).status_code == 400


def test_downloads_bypass_the_cache(manager_client, pazhou, period, make_report):
    warm(manager_client)
    make_report(pazhou, period, "approved", figures={"revenue": "612.34"})
    response = manager_client.get(PARK_PAGE, {"download": "indicator_revenue", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "612.34" in response.content.decode("utf-8-sig")


# -- query counts ------------------------------------------------------------------------------


def test_a_cached_page_needs_only_the_request_queries(
    manager_client, pazhou, django_assert_num_queries
):
    cache.clear()
    # Cold: session, user, the user's permissions (the user's scope; one query, see
    # load_permissions), data version, then the page's own
    # (tests/dashboards/test_park_progress_page.py pins them).
    manager_client.get(PARK_PAGE)
    # Warm: session, user, the user's permissions (the scope in the key), data version. The
    # demo banner's answer is cached under the data version too.
    with django_assert_num_queries(4):
        assert manager_client.get(PARK_PAGE).status_code == 200


# -- several app servers on one Redis -----------------------------------------------------------


@pytest.fixture
def two_servers(settings, monkeypatch):
    """Two app servers' cache clients on the Redis at 127.0.0.1:6379 (as on the CI machine)."""
    import redis
    from django.core.cache.backends.redis import RedisCache

    from dashboards import pagecache

    location = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(location).ping()
    except redis.ConnectionError as error:
        pytest.fail(f"these tests need Redis on 127.0.0.1:6379: {error}")
    prefix = f"test-{id(settings)}"
    servers = [RedisCache(location, {"KEY_PREFIX": prefix}) for _ in range(2)]
    servers[0].clear()

    def use(server):
        monkeypatch.setattr(pagecache, "cache", server)

    yield servers, use
    servers[0].clear()


def test_two_app_servers_share_pages_and_see_the_same_version_bump(
    two_servers, reviewer, reviewer_client, pazhou, period, make_report, django_assert_num_queries
):
    (server_a, server_b), use = two_servers
    report = make_report(pazhou, period, "submitted", figures={"revenue": "612.34"})
    use(server_a)
    assert "612.34" not in page(reviewer_client)
    use(server_b)
    with django_assert_num_queries(4):  # served from what server A stored
        assert "612.34" not in page(reviewer_client)
    report.approve(reviewer)
    assert "612.34" in page(reviewer_client)  # server B: the new version, loaded afresh
    use(server_a)
    with django_assert_num_queries(4):  # server A: what server B stored for the new version
        assert "612.34" in page(reviewer_client)


# -- the user's permissions in one query ------------------------------------------------------


@pytest.mark.parametrize("persona", ["haizhu_officer", "reviewer", "manager"])
def test_permissions_loaded_in_one_query_are_djangos(
    request, persona, django_user_model, django_assert_num_queries
):
    from django.contrib.auth.models import Permission

    from dashboards.pagecache import load_permissions

    user = request.getfixturevalue(persona)
    # A permission of the user's own as well as its groups'.
    user.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    expected = django_user_model.objects.get(pk=user.pk).get_all_permissions()
    fresh = django_user_model.objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        load_permissions(fresh)
        assert fresh.get_all_permissions() == expected
        assert fresh.has_perm("audit.view_auditentry")
    assert "audit.view_auditentry" in expected and len(expected) > 1


def test_superusers_and_inactive_users_are_left_to_django(superuser, manager):
    from dashboards.pagecache import load_permissions

    manager.is_active = False
    for user in (superuser, manager):
        load_permissions(user)
        assert not hasattr(user, "_perm_cache")
    assert superuser.has_perm("tracker.review_parkreport")
    assert not manager.has_perm("tracker.view_parkreport")


# -- the cycle collector while a page is built ---------------------------------------------


def test_the_collector_is_paused_while_a_page_is_built_and_then_back(rf, manager):
    seen = []

    @cached_page("dashboards/overview.html")
    def view(request):
        seen.append(gc.isenabled())
        raise RuntimeError("the page failed")

    request = rf.get("/")
    request.user = manager
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        view(request)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
