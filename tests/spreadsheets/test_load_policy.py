"""`manage.py load_policy FILE.xlsx` (issue 12.3): a new policy and its 2030 targets from the
policy sheet, all or nothing, with sheet/row/column in every message; the admin offers the
template. The policy is the clearly-marked example, never a real next plan."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from spreadsheets.policy_sheet import POLICY_FIELDS, TARGET_FIELDS
from tracker.models import Policy, Target

TEMPLATE = reverse("admin:tracker_policy_sheet_template")
POLICY = {
    "政策代码": "example-2030",
    "政策名称": "示例政策（测试用）",
    "英文名称": "Example policy (for tests)",
    "发布单位": "示例发文单位",
    "发布日期": "2026-06-30",
    "基准年": "2025",
    "状态": "已发布",
}
REVENUE = {
    "目标代码": "example-2030-revenue",
    "目标名称": "园区营收达到500亿元(示例)",
    "引用条款": "示例条款:每个园区营收(产值)达到500亿元",
    "目标期限": "2030-12-31",
    "范围": "每个园区",
    "指标代码": "revenue",
    "比较方式": "≥",
    "目标值": "500",
}
BELT = {
    "目标代码": "example-2030-parks",
    "目标名称": "3个园区营收达到1000亿元(示例)",
    "引用条款": "示例条款:力争3个园区营收达到1000亿元",
    "目标期限": "2030-12-31",
    "范围": "全带",
    "指标代码": "revenue",
    "比较方式": ">=",
    "目标值": "3",
    "园区门槛": "1,000",
}
QUALITATIVE = {
    "目标代码": "example-2030-qualitative",
    "目标名称": "示例定性目标",
    "引用条款": "示例条款:建成示例园区",
    "目标期限": "2030年12月31日",
    "范围": "全带",
}


def sheet(tmp_path, policy=None, targets=None, name="policy.xlsx"):
    """A policy workbook written to tmp_path; returns its path."""
    workbook = Workbook()
    first = workbook.active
    first.title = "政策"
    first.append(["项目", "内容"])
    values = {**POLICY, **(policy or {})}
    for _field, header in POLICY_FIELDS:
        first.append([header, values.get(header)])
    second = workbook.create_sheet("目标")
    headers = [header for _field, header in TARGET_FIELDS]
    second.append(headers)
    for target in [REVENUE, BELT, QUALITATIVE] if targets is None else targets:
        second.append([target.get(header) for header in headers])
    path = tmp_path / name
    workbook.save(path)
    return path


def load(path):
    call_command("load_policy", str(path), stdout=io.StringIO())


def refused(path):
    policies, targets = Policy.objects.count(), Target.objects.count()
    with pytest.raises(CommandError) as error:
        load(path)
    # All or nothing: not the policy, not one target.
    assert (Policy.objects.count(), Target.objects.count()) == (policies, targets)
    assert not Policy.objects.filter(code="example-2030").exists()
    return str(error.value)


def test_a_good_sheet_loads_the_policy_and_its_2030_targets(guideline, tmp_path):
    load(sheet(tmp_path))
    policy = Policy.objects.get(code="example-2030")
    assert (policy.title, policy.status, policy.start_year) == (
        "示例政策（测试用）",
        "published",
        2025,
    )
    targets = {t.code: t for t in Target.objects.for_policy(policy)}
    assert set(targets) == {
        "example-2030-revenue",
        "example-2030-parks",
        "example-2030-qualitative",
    }
    belt = targets["example-2030-parks"]
    assert (belt.scope, belt.comparator, belt.value, belt.park_level) == ("belt", "ge", 3, 1000)
    assert targets["example-2030-qualitative"].is_qualitative
    assert policy.milestones()[0].isoformat() == "2030-12-31"
    assert Target.objects.filter(policy__code="pearl-river-belt-2022").count() == 16


def test_its_pages_never_show_the_guideline_targets(guideline, tmp_path, manager_client):
    load(sheet(tmp_path))
    html = manager_client.get(reverse("policy_overview", args=["example-2030"])).content.decode()
    assert "园区营收达到500亿元(示例)" in html and "3个园区营收达到1000亿元(示例)" in html
    for name in Target.objects.filter(policy__code="pearl-river-belt-2022").values_list(
        "name", flat=True
    ):
        assert name not in html, name
    # The guideline's own page keeps to the guideline (the switcher only names the example).
    response = manager_client.get(reverse("policy_overview", args=["pearl-river-belt-2022"]))
    assert len(response.context["scorecard"]) == 16
    assert "示例条款" not in response.content.decode()
    assert "园区营收达到500亿元(示例)" not in response.content.decode()


def test_without_a_status_the_policy_is_loaded_in_preparation(guideline, tmp_path):
    load(sheet(tmp_path, policy={"状态": None}))
    assert Policy.objects.get(code="example-2030").status == "draft"
    assert Policy.objects.in_force().code == "pearl-river-belt-2022"


@pytest.mark.parametrize(
    ("policy", "targets", "messages"),
    [
        (
            {"政策名称": None, "发布日期": "2026-13-40"},
            None,
            ["工作表“政策”第 3 行“政策名称”列", "工作表“政策”第 7 行“发布日期”列: 无法识别的日期"],
        ),
        (
            None,
            [{**REVENUE, "比较方式": "大于"}, {**BELT, "园区门槛": None}],
            [
                "工作表“目标”第 2 行“比较方式”列: “大于”不是",
                "工作表“目标”第 3 行“园区门槛”列: 整体目标统计达到某一门槛的园区个数:请填写园区门槛。",
            ],
        ),
        (
            None,
            [{**REVENUE, "指标代码": "gdp"}, {**QUALITATIVE, "目标值": "3"}],
            [
                "工作表“目标”第 2 行“指标代码”列: 没有指标“gdp”",
                "工作表“目标”第 3 行“目标值”列: 定性目标(未选择指标)不设比较方式、目标值和园区门槛",
            ],
        ),
        (
            None,
            [REVENUE, {**REVENUE}, {**QUALITATIVE, "目标代码": "2023-5g-coverage"}],
            [
                "工作表“目标”第 3 行“目标代码”列: 代码“example-2030-revenue”已在第 2 行使用",
                "第 4 行“目标代码”列",
            ],
        ),
        (
            None,
            [{**REVENUE, "目标期限": "2020-12-31", "引用条款": None}],
            ["第 2 行“目标期限”列: 目标期限须晚于政策发布日期(2026-06-30)", "第 2 行“引用条款”列"],
        ),
    ],
)
def test_a_broken_sheet_loads_nothing_and_says_where(
    guideline, tmp_path, policy, targets, messages
):
    text = refused(sheet(tmp_path, policy=policy, targets=targets))
    for message in messages:
        assert message in text, text


def test_an_existing_policy_code_is_refused(guideline, tmp_path):
    text = refused(sheet(tmp_path, policy={"政策代码": "pearl-river-belt-2022"}))
    assert "工作表“政策”第 2 行“政策代码”列" in text and "已存在" in text


def test_a_file_that_is_not_a_workbook_or_lacks_a_sheet_is_refused(guideline, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert "不是可读取的 .xlsx 工作簿" in refused(bad)
    workbook = Workbook()
    workbook.active.title = "政策"
    workbook.save(tmp_path / "one-sheet.xlsx")
    assert "工作簿中没有工作表“目标”" in refused(tmp_path / "one-sheet.xlsx")


# -- the admin offers the template -----------------------------------------------------------


def test_reviewer_downloads_the_template_from_the_policy_list(reviewer_client, tmp_path):
    page = reviewer_client.get(reverse("admin:tracker_policy_changelist")).content.decode()
    assert f'href="{TEMPLATE}"' in page
    response = reviewer_client.get(TEMPLATE)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["政策", "目标"]
    headers = [cell.value for cell in workbook["目标"][1]]
    assert headers == [header for _field, header in TARGET_FIELDS]
    # The template as downloaded lacks the policy's facts: loading it says so and saves nothing.
    path = tmp_path / "template.xlsx"
    path.write_bytes(response.content)
    assert "工作表“政策”第 2 行“政策代码”列" in refused(path)


@pytest.mark.parametrize("who", ["haizhu_client", "manager_client"])
def test_officers_and_managers_get_no_template(request, who):
    client = request.getfixturevalue(who)
    assert client.get(TEMPLATE).status_code == 403
    page = client.get(reverse("admin:tracker_policy_changelist")).content.decode()
    assert TEMPLATE not in page
