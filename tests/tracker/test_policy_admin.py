"""A new policy without code: the bureau adds it, its targets and new indicators in the admin;
district officers and managers cannot change any of them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import example_policy
from tracker.models import Indicator, Policy, Target

POLICY_ADD = reverse("admin:tracker_policy_add")
POLICY_LIST = reverse("admin:tracker_policy_changelist")
INDICATOR_ADD = reverse("admin:tracker_indicator_add")
TARGET_FIELDS = [
    "code",
    "sort_order",
    "name",
    "name_en",
    "clause",
    "milestone",
    "scope",
    "indicator",
    "comparator",
    "value",
    "park_level",
    "note",
]


def policy_form(targets, **fields):
    """POST data for the policy add page with its inline targets."""
    data = {
        "code": "example-2030",
        "title": "示例政策（测试用）",
        "title_en": "Example policy (for tests)",
        "issuer": "示例发文单位",
        "issuer_en": "",
        "published_on": "2026-06-30",
        "source": "",
        "baseline_year": "2025",
        "status": "published",
        "targets-TOTAL_FORMS": str(len(targets)),
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for number, target in enumerate(targets):
        row = {name: "" for name in TARGET_FIELDS}
        row.update({"sort_order": str(number + 1), "milestone": "2030-12-31", "scope": "park"})
        row.update(target)
        if row["indicator"] and not row["indicator"].isdigit():  # an indicator code
            row["indicator"] = str(Indicator.objects.get(code=row["indicator"]).pk)
        for name, value in row.items():
            data[f"targets-{number}-{name}"] = value
        data[f"targets-{number}-id"] = ""
        data[f"targets-{number}-policy"] = ""
    return data


def revenue_target(**fields):
    return {
        "code": "example-2030-revenue",
        "name": "园区营收达到500亿元(示例)",
        "clause": "示例条款:每个园区营收(产值)达到500亿元",
        "indicator": "revenue",
        "comparator": "ge",
        "value": "500",
        **fields,
    }


def qualitative_target(**fields):
    return {
        "code": "example-2030-qualitative",
        "name": "示例定性目标",
        "clause": "示例条款:建成示例园区",
        "scope": "belt",
        **fields,
    }


def indicator_form(**fields):
    return {
        "code": "digital_investment",
        "name": "数字经济投资(示例)",
        "name_en": "Digital-economy investment (example)",
        "unit": "亿元",
        "unit_en": "100 million yuan",
        "value_type": "decimal",
        "min_value": "0",
        "max_value": "10000",
        "direction": "higher",
        "period_rule": "flow",
        "source": "report",
        "description": "",
        "description_en": "",
        "part_of": "",
        "active": "on",
        "sort_order": "20",
        **fields,
    }


def errors_on_page(response):
    return response.content.decode()


# -- the bureau adds a policy --------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer_client", "superuser_client"])
def test_bureau_adds_a_policy_with_2030_targets_and_a_new_indicator(request, who):
    client = request.getfixturevalue(who)
    assert client.get(POLICY_ADD).status_code == 200
    response = client.post(INDICATOR_ADD, indicator_form())
    assert response.status_code == 302, errors_on_page(response)
    new_indicator = Indicator.objects.get(code="digital_investment")

    belt_target = {
        "code": "example-2030-investment",
        "name": "3个园区数字经济投资达到100亿元(示例)",
        "clause": "示例条款:力争3个园区数字经济投资达到100亿元",
        "scope": "belt",
        "indicator": str(new_indicator.pk),
        "comparator": "ge",
        "value": "3",
        "park_level": "100",
    }
    response = client.post(
        POLICY_ADD, policy_form([revenue_target(), qualitative_target(), belt_target])
    )
    assert response.status_code == 302, errors_on_page(response)

    policy = Policy.objects.get(code="example-2030")
    assert (policy.title, policy.status, policy.start_year) == (
        "示例政策（测试用）",
        "published",
        2025,
    )
    targets = {t.code: t for t in Target.objects.for_policy(policy)}
    assert set(targets) == {
        "example-2030-revenue",
        "example-2030-qualitative",
        "example-2030-investment",
    }
    assert targets["example-2030-revenue"].value == Decimal("500")
    assert targets["example-2030-qualitative"].is_qualitative
    investment = targets["example-2030-investment"]
    assert (investment.indicator, investment.park_level) == (new_indicator, Decimal("100"))
    assert policy.milestones() == [datetime.date(2030, 12, 31)]
    # The guideline keeps its own 16 targets; the later plan is now the one in force.
    assert Target.objects.for_policy(Policy.objects.get(code="pearl-river-belt-2022")).count() == 16
    assert Policy.objects.in_force() == policy


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (revenue_target(comparator=""), "定量目标需要选择比较方式"),
        (qualitative_target(value="3"), "定性目标(未选择指标)不设比较方式、目标值和园区门槛"),
        (qualitative_target(clause="  "), "这个字段是必填项"),
        (revenue_target(scope="belt"), "请填写园区门槛"),
        (revenue_target(milestone="2020-12-31"), "目标期限须晚于政策发布日期(2026-06-30)"),
    ],
)
def test_a_bad_target_is_refused_with_a_chinese_message_and_nothing_is_saved(
    reviewer_client, target, message
):
    response = reviewer_client.post(
        POLICY_ADD, policy_form([qualitative_target(code="ok"), target])
    )
    assert response.status_code == 200
    assert message in errors_on_page(response)
    assert not Policy.objects.filter(code="example-2030").exists()
    assert not Target.objects.filter(code__startswith="example").exists()


def test_a_draft_cannot_be_marked_in_force_in_the_admin(reviewer_client):
    data = policy_form([qualitative_target()], status="draft", is_current="on")
    response = reviewer_client.post(POLICY_ADD, data)
    assert response.status_code == 200
    assert "只有已发布的政策才能标记为现行政策。" in errors_on_page(response)
    assert not Policy.objects.filter(code="example-2030").exists()


def test_marking_a_policy_in_force_in_the_admin_unmarks_the_other(reviewer_client):
    guideline_policy = Policy.objects.get(code="pearl-river-belt-2022")
    Policy.objects.filter(pk=guideline_policy.pk).update(is_current=True)
    response = reviewer_client.post(
        POLICY_ADD, policy_form([qualitative_target()], is_current="on")
    )
    assert response.status_code == 302
    guideline_policy.refresh_from_db()
    assert not guideline_policy.is_current
    assert Policy.objects.in_force().code == "example-2030"


def test_a_duplicate_target_code_is_refused(reviewer_client):
    response = reviewer_client.post(
        POLICY_ADD, policy_form([qualitative_target(code="2023-5g-coverage")])
    )
    assert response.status_code == 200
    assert "已存在" in errors_on_page(response)
    assert not Policy.objects.filter(code="example-2030").exists()


def test_only_a_policy_in_preparation_can_lose_targets(reviewer_client):
    guideline_policy = Policy.objects.get(code="pearl-river-belt-2022")
    published_target = guideline_policy.targets.first()
    delete_target = "admin:tracker_target_delete"
    url = reverse(delete_target, args=[published_target.pk])
    assert reviewer_client.post(url, {"post": "yes"}).status_code == 403
    url = reverse("admin:tracker_policy_delete", args=[guideline_policy.pk])
    assert reviewer_client.post(url, {"post": "yes"}).status_code == 403
    # Nor several at once from the list (the action asks about each object too).
    for model, pk in (("target", published_target.pk), ("policy", guideline_policy.pk)):
        changelist = reverse(f"admin:tracker_{model}_changelist")
        data = {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
        reviewer_client.post(changelist, data)
    assert Target.objects.filter(pk=published_target.pk).exists()
    assert Policy.objects.filter(pk=guideline_policy.pk).exists()

    draft = example_policy(status=Policy.Status.DRAFT)
    draft_target = draft.targets.first()
    response = reviewer_client.post(reverse(delete_target, args=[draft_target.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Target.objects.filter(pk=draft_target.pk).exists()


def test_policy_list_shows_status_in_force_and_milestones_in_constant_queries(reviewer_client):
    example_policy(code="example-a", published_on="2026-06-30")

    def load():
        with CaptureQueriesContext(connection) as queries:
            page = reviewer_client.get(POLICY_LIST).content.decode()
        return page, len(queries)

    page, count = load()
    assert "示例政策（测试用）" in page and "2030-12-31" in page
    assert "2023-12-31<br>2025-12-31" in page
    assert "已发布" in page and "当前施行" in page
    # More policies, same queries: in-force flag, target counts and milestones are loaded
    # for the whole page at once.
    example_policy(code="example-b", published_on="2026-07-30", status=Policy.Status.DRAFT)
    example_policy(code="example-c", published_on="2026-08-30")
    page, more = load()
    assert "编制中" in page
    assert more == count


# -- nobody else changes them --------------------------------------------------------------


@pytest.mark.parametrize("who", ["haizhu_client", "manager_client"])
def test_officers_and_managers_cannot_add_or_change_policies_targets_indicators(request, who):
    client = request.getfixturevalue(who)
    guideline_policy = Policy.objects.get(code="pearl-river-belt-2022")
    target = Target.objects.get(code="2025-parks-100")
    revenue = Indicator.objects.get(code="revenue")

    assert client.get(POLICY_ADD).status_code == 403
    assert client.post(POLICY_ADD, policy_form([qualitative_target()])).status_code == 403
    assert client.post(INDICATOR_ADD, indicator_form()).status_code == 403
    target_url = reverse("admin:tracker_target_change", args=[target.pk])
    data = {
        "policy": guideline_policy.pk,
        **revenue_target(code=target.code, value="9", indicator=str(revenue.pk)),
    }
    assert client.post(target_url, data).status_code == 403
    indicator_url = reverse("admin:tracker_indicator_change", args=[revenue.pk])
    assert client.post(indicator_url, indicator_form(code="revenue")).status_code == 403
    policy_url = reverse("admin:tracker_policy_change", args=[guideline_policy.pk])
    page = client.get(policy_url).content.decode()  # read-only view
    assert 'name="title"' not in page

    assert not Policy.objects.filter(code="example-2030").exists()
    assert not Indicator.objects.filter(code="digital_investment").exists()
    target.refresh_from_db()
    assert target.value is None and target.indicator.code == "revenue"
    # No "add" buttons on the lists they can read.
    assert 'href="/admin/tracker/policy/add/"' not in client.get(POLICY_LIST).content.decode()
