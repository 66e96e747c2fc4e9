"""The to-do at the top of `/` and on the admin index: an officer's owed reports, a
reviewer's queue, nothing for managers, and never another district's park."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from parks.models import Park
from tests.factories import seed_figures
from tests.tracker.timeline import frozen, make, only_open, period

HOME = reverse("overview")
ADMIN = reverse("admin:index")


@pytest.fixture
def quarters(guideline):
    """2025 Q2 (due 2025-07-20) and Q3 (due 2025-10-20) open; every other period locked."""
    q2, q3 = period(2025, 2), period(2025, 3)
    only_open(q2, q3)
    return q2, q3


def todo_html(response):
    html = response.content.decode()
    match = re.search(r'<section id="todo".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_officer_sees_overdue_returned_due_and_draft_with_links(
    haizhu_client, huangpu_officer, quarters, pazhou, yuzhu_bay
):
    q2, q3 = quarters
    returned = make(pazhou, q2, "returned", submitted="2025-07-18", reason="请补充5G覆盖说明")
    with frozen("2025-10-12"):
        todo = todo_html(haizhu_client.get(HOME))
    assert "我的待办" in todo
    assert "被退回待修改" in todo and "请补充5G覆盖说明" in todo
    assert reverse("admin:tracker_parkreport_change", args=[returned.pk]) in todo
    assert "逾期 84 天" in todo  # returned and past its due date of 2025-07-20
    assert "待报送" in todo and "2025-10-20 截止,还有 8 天" in todo
    add = f"{reverse('admin:tracker_parkreport_add')}?park={pazhou.pk}&amp;period={q3.pk}"
    assert add in todo
    # The officer of another district sees none of it, and 琶洲 is not theirs.
    huangpu_client = Client()
    huangpu_client.force_login(huangpu_officer)
    with frozen("2025-10-12"):
        other = todo_html(huangpu_client.get(HOME))
    assert pazhou.name not in other and "请补充5G覆盖说明" not in other
    assert yuzhu_bay.name in other


def test_draft_then_overdue(haizhu_client, quarters, pazhou):
    q2, q3 = quarters
    make(pazhou, q2, "approved", submitted="2025-07-18")
    draft = make(pazhou, q3)
    with frozen("2025-10-12"):
        todo = todo_html(haizhu_client.get(HOME))
    assert "未提交的草稿" in todo and "逾期" not in todo
    assert reverse("admin:tracker_parkreport_change", args=[draft.pk]) in todo
    with frozen("2025-10-25"):
        todo = todo_html(haizhu_client.get(HOME))
    assert "逾期 5 天" in todo and "已存草稿,尚未提交" in todo


def test_nothing_to_do_says_so(haizhu_client, quarters, pazhou):
    for quarter in quarters:
        make(pazhou, quarter, "submitted", submitted="2025-10-01")
    with frozen("2025-10-12"):
        todo = todo_html(haizhu_client.get(HOME))
    assert "暂无待办:开放填报的季度中没有需要本区处理的报表。" in todo


def test_todo_in_english(haizhu_client, quarters, pazhou):
    haizhu_client.post(reverse("set_language"), {"language": "en", "next": HOME})
    with frozen("2025-10-12"):
        todo = todo_html(haizhu_client.get(HOME))
    assert "My to-do" in todo
    assert "84 days overdue" in todo
    assert "due 2025-10-20, in 8 days" in todo


def test_reviewer_sees_the_queue_oldest_first(reviewer_client, quarters, pazhou, yuzhu_bay):
    q2, q3 = quarters
    newer = make(yuzhu_bay, q3, "submitted", submitted="2025-10-18")
    older = make(pazhou, q2, "submitted", submitted="2025-07-15")
    with frozen("2025-10-25"):
        todo = todo_html(reviewer_client.get(HOME))
    first = reverse("admin:tracker_parkreport_change", args=[older.pk])
    second = reverse("admin:tracker_parkreport_change", args=[newer.pk])
    assert todo.index(first) < todo.index(second)
    assert "已等待 102 天" in todo and "已等待 7 天" in todo
    assert f"{reverse('admin:tracker_parkreport_changelist')}?status__exact=submitted" in todo
    assert "我的待办" not in todo


def test_manager_sees_no_todo(manager_client, quarters, pazhou):
    make(pazhou, quarters[1], "submitted", submitted="2025-10-18")
    response = manager_client.get(HOME)
    assert response.status_code == 200
    assert todo_html(response) == ""
    assert 'id="attention-counts"' not in manager_client.get(ADMIN).content.decode()


def test_admin_index_shows_the_officers_counts(haizhu_client, quarters, pazhou):
    q2, q3 = quarters
    make(pazhou, q2, "returned", submitted="2025-07-18", reason="请核实")
    with frozen("2025-10-12"):
        html = haizhu_client.get(ADMIN).content.decode()
    module = re.search(r'id="attention-counts".*?</div>', html, re.S).group(0)
    counts = dict(re.findall(r'#todo-(\w+)">[^<]+</a> <strong class="count[^"]*">(\d+)<', module))
    assert counts == {"overdue": "0", "returned": "1", "due": "1", "draft": "0"}


def test_admin_index_shows_the_reviewers_queue(reviewer_client, quarters, pazhou):
    report = make(pazhou, quarters[0], "submitted", submitted="2025-07-15")
    with frozen("2025-07-20"):
        html = reviewer_client.get(ADMIN).content.decode()
    module = re.search(r'id="attention-counts".*?</div>', html, re.S).group(0)
    assert re.search(r'待审核</a> <strong class="count">1<', module)
    assert reverse("admin:tracker_parkreport_change", args=[report.pk]) in module
    assert "(5 天)" in module


def test_no_other_districts_park_on_the_officers_admin_index(haizhu_client, quarters, yuzhu_bay):
    make(yuzhu_bay, quarters[0], "returned", submitted="2025-07-18", reason="黄埔的退回原因")
    with frozen("2025-10-12"):
        html = haizhu_client.get(ADMIN).content.decode()
    assert "黄埔的退回原因" not in html
    module = re.search(r'id="attention-counts".*?</div>', html, re.S).group(0)
    assert re.search(r'#todo-returned">[^<]+</a> <strong class="count">0<', module)


def test_reviewer_home_query_count_is_constant(
    reviewer_client, quarters, pazhou, django_assert_num_queries
):
    # As for a manager (tests/dashboards/test_overview.py: 15), plus the review queue:
    # submitted reports with park, district, period and submitter in one query.
    seed_figures([pazhou], [2023], status="submitted")
    with django_assert_num_queries(15 + 1):
        reviewer_client.get(HOME)
    seed_figures(Park.objects.exclude(pk=pazhou.pk), [2024, 2025], status="submitted")
    with django_assert_num_queries(15 + 1):
        reviewer_client.get(HOME)


def test_officer_todo_query_count_is_constant(
    huangpu_client, quarters, yuzhu_bay, django_assert_num_queries
):
    # tests/dashboards/test_overview.py pins the officer's page (19 with the policy in force
    # and the switcher); here the to-do itself grows from one row to many (returned, drafts,
    # missing across parks) in the same queries.
    with frozen("2025-10-12"), django_assert_num_queries(19):
        huangpu_client.get(HOME)
    for park in Park.objects.filter(district__code="huangpu"):
        make(park, quarters[0], "returned", submitted="2025-07-18", reason="请核实")
        make(park, quarters[1])
    with frozen("2025-10-12"), django_assert_num_queries(19):
        response = huangpu_client.get(HOME)
    assert len(response.context["attention"].owed) == 6
