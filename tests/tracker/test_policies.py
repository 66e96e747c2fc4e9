"""Policies as data: which one is in force, their targets kept apart, and the target rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import example_policy
from tracker.models import Indicator, Policy, Target

pytestmark = pytest.mark.usefixtures("guideline")


@pytest.fixture
def guideline_policy():
    return Policy.objects.get(code="pearl-river-belt-2022")


# -- the policy in force -------------------------------------------------------------------


def test_the_latest_published_policy_is_in_force(guideline_policy):
    assert Policy.objects.in_force() == guideline_policy
    later = example_policy(published_on="2026-06-30")
    assert Policy.objects.in_force() == later


def test_a_policy_in_preparation_is_never_in_force(guideline_policy):
    example_policy(published_on="2026-06-30", status=Policy.Status.DRAFT)
    assert Policy.objects.in_force() == guideline_policy


def test_the_policy_the_bureau_marks_wins_over_the_latest(guideline_policy):
    later = example_policy(published_on="2026-06-30")
    guideline_policy.is_current = True
    guideline_policy.save()
    assert Policy.objects.in_force() == guideline_policy
    # Marking another one unmarks the first: one policy in force at a time.
    later.is_current = True
    later.save()
    guideline_policy.refresh_from_db()
    assert not guideline_policy.is_current
    assert Policy.objects.in_force() == later


def test_nothing_is_in_force_while_nothing_is_published(guideline_policy):
    Policy.objects.update(status=Policy.Status.DRAFT)
    assert Policy.objects.in_force() is None
    assert not Target.objects.in_force().exists()


def test_the_in_force_flag_follows_the_same_rule(guideline_policy):
    later = example_policy(published_on="2026-06-30")
    flags = dict(Policy.objects.with_in_force_flag().values_list("code", "in_force_flag"))
    assert flags == {guideline_policy.code: False, later.code: True}
    Policy.objects.filter(pk=guideline_policy.pk).update(is_current=True)
    flags = dict(Policy.objects.with_in_force_flag().values_list("code", "in_force_flag"))
    assert flags == {guideline_policy.code: True, later.code: False}


def test_the_database_refuses_a_draft_in_force_and_two_in_force(guideline_policy):
    draft = example_policy(status=Policy.Status.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Policy.objects.filter(pk=draft.pk).update(is_current=True)
    Policy.objects.filter(pk=guideline_policy.pk).update(is_current=True)
    draft.status = Policy.Status.PUBLISHED
    draft.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Policy.objects.filter(pk=draft.pk).update(is_current=True)


def test_a_draft_cannot_be_marked_in_force():
    draft = example_policy(status=Policy.Status.DRAFT)
    draft.is_current = True
    with pytest.raises(ValidationError) as caught:
        draft.full_clean()
    assert caught.value.message_dict["is_current"] == ["只有已发布的政策才能标记为现行政策。"]


def test_start_year_is_the_baseline_year_or_the_year_of_publication(guideline_policy):
    assert guideline_policy.start_year == 2022
    plan = example_policy(published_on="2026-06-30", baseline_year=2025)
    assert plan.start_year == 2025
    plan.baseline_year = 2027
    with pytest.raises(ValidationError, match="基准年不能晚于发布年份"):
        plan.full_clean()


# -- targets of one policy -----------------------------------------------------------------


def test_targets_of_two_policies_never_mix(guideline_policy):
    plan = example_policy()
    guideline_codes = set(
        Target.objects.for_policy(guideline_policy).values_list("code", flat=True)
    )
    plan_codes = set(Target.objects.for_policy(plan).values_list("code", flat=True))
    assert plan_codes == {"example-2030-revenue", "example-2030-qualitative"}
    assert len(guideline_codes) == 16 and not guideline_codes & plan_codes
    assert set(Target.objects.in_force().values_list("code", flat=True)) == plan_codes
    assert plan.milestones() == [datetime.date(2030, 12, 31)]
    assert set(Target.objects.for_policy(plan).qualitative()) == {
        Target.objects.get(code="example-2030-qualitative")
    }


# -- the rules a target must meet (the admin shows these messages) -------------------------


def target(**fields):
    policy = Policy.objects.get(code="pearl-river-belt-2022")
    defaults = {
        "policy": policy,
        "code": "2030-test",
        "name": "测试目标",
        "scope": Target.Scope.PARK,
        "milestone": datetime.date(2030, 12, 31),
        "clause": "测试条款",
    }
    return Target(**{**defaults, **fields})


def errors_of(candidate):
    with pytest.raises(ValidationError) as caught:
        candidate.full_clean()
    return caught.value.message_dict


def revenue():
    return Indicator.objects.get(code="revenue")


def test_valid_targets_pass():
    target().full_clean()  # qualitative
    target(indicator=revenue(), comparator="ge", value=Decimal("500")).full_clean()
    # "若干": an indicator and comparator, no number yet.
    target(indicator=revenue(), comparator="ge", scope="belt", park_level=Decimal(100)).full_clean()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"indicator": "revenue", "value": "500"}, "comparator", "定量目标需要选择比较方式"),
        ({"comparator": "ge", "value": "5"}, "value", "定性目标(未选择指标)不设比较方式"),
        ({"comparator": "ge"}, "comparator", "定性目标(未选择指标)不设比较方式"),
        (
            {"indicator": "revenue", "comparator": "ge", "scope": "belt"},
            "park_level",
            "请填写园区门槛",
        ),
        (
            {
                "indicator": "revenue",
                "comparator": "ge",
                "scope": "belt",
                "park_level": "100",
                "value": "2.5",
            },
            "value",
            "须为大于或等于 0 的整数",
        ),
        (
            {"indicator": "revenue", "comparator": "ge", "park_level": "100"},
            "park_level",
            "只有整体目标才设园区门槛",
        ),
        ({"indicator": "coverage_5g", "comparator": "ge", "value": "120"}, "value", "超出有效范围"),
        (
            {"indicator": "one_park_one_policy", "comparator": "ge", "value": "1"},
            "comparator",
            "应为“=”",
        ),
        ({"milestone": datetime.date(2021, 12, 31)}, "milestone", "须晚于政策发布日期(2022-09-04)"),
    ],
)
def test_bad_targets_get_a_chinese_message_on_the_field(fields, field, message):
    fields = dict(fields)
    if "indicator" in fields:
        fields["indicator"] = Indicator.objects.get(code=fields["indicator"])
    for name in ("value", "park_level"):
        if name in fields:
            fields[name] = Decimal(fields[name])
    messages = errors_of(target(**fields))
    assert any(message in text for text in messages[field]), messages
