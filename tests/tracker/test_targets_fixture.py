import re
from decimal import Decimal

import pytest

from tracker.models import Indicator, Policy, Target

pytestmark = pytest.mark.usefixtures("guideline")


def test_one_policy_with_its_targets():
    policy = Policy.objects.get()
    assert policy.title == "广州珠江沿岸地区高质量发展带工信产业导则"
    assert policy.status == Policy.Status.PUBLISHED
    assert Policy.objects.in_force() == policy
    assert policy.targets.count() == Target.objects.count() == 16
    assert [day.isoformat() for day in policy.milestones()] == ["2023-12-31", "2025-12-31"]


def test_every_target_quotes_its_clause():
    assert not Target.objects.filter(clause="").exists()
    for target in Target.objects.all():
        assert len(target.clause) >= 4, target.code


def test_2023_park_targets():
    targets = {t.code: t for t in Target.objects.filter(milestone__year=2023)}
    coverage = targets["2023-5g-coverage"]
    assert (coverage.indicator.code, coverage.comparator, coverage.value) == (
        "coverage_5g",
        "ge",
        Decimal("100"),
    )
    assert coverage.scope == Target.Scope.PARK
    assert targets["2023-chain-leader"].value == Decimal("1")
    # "一批" is not a number: not quantified, never invented.
    assert targets["2023-chain-partners"].value is None
    assert not targets["2023-chain-partners"].is_quantified
    assert targets["2023-infrastructure"].is_qualitative


def test_2025_belt_targets():
    thousand = Target.objects.get(code="2025-parks-1000")
    assert thousand.scope == Target.Scope.BELT
    assert (thousand.park_level, thousand.value) == (Decimal("1000"), Decimal("2"))
    several = Target.objects.get(code="2025-parks-100")
    assert several.park_level == Decimal("100")
    assert several.value is None


def test_indicators_define_rules():
    revenue = Indicator.objects.get(code="revenue")
    assert (revenue.unit, revenue.period_rule, revenue.source) == ("亿元", "ytd", "report")
    assert Indicator.objects.get(code="coverage_5g").max_value == Decimal("100")
    assert set(Indicator.objects.reported().values_list("code", flat=True)) == {
        "revenue",
        "core_revenue",
        "coverage_5g",
        "one_park_one_policy",
    }
    # Core-industry revenue is a part of revenue, so a report cannot give more of it.
    assert Indicator.objects.get(code="core_revenue").part_of.code == "revenue"


# The guideline's two target sentences, as the text has them (guideline-article.zh.txt).
TARGET_SENTENCES = {
    2023: "到2023年,属地区政府“一园一策”高标准推动园区建设和产业导入,完善基础设施和配套设施建设,实现5G网络连续覆盖,发挥“链主”企业生态主导效应,引进培育一批产业链上下游优质企业,数字经济核心产业成为园区主导产业。",
    2025: "到2025年,建成一批空间布局合理、管理水平高、经济效益好、主导产业突出、土地集约利用、基础设施和公共服务平台配套完善的高端产业园区,力争打造2个营收(产值)千亿级及若干百亿级园区,使其成为广州市“十四五”期间数字经济创新发展的重要载体,打造数产融合标杆城市先行区。",
}
# What is left of a sentence once every target's clause is taken out: only the words that
# join the clauses, none that asks for anything.
CONNECTING_WORDS = {2023: {"到2023年"}, 2025: {"到2025年", "建成一批", "的高端产业园区", "及"}}


@pytest.mark.parametrize("year", [2023, 2025])
def test_every_clause_of_the_target_sentences_is_a_target(year):
    sentence = TARGET_SENTENCES[year]
    clauses = [t.clause for t in Target.objects.filter(milestone__year=year)]
    for clause in clauses:
        assert clause in sentence, f"not quoted exactly: {clause}"
    rest = sentence
    for clause in sorted(clauses, key=len, reverse=True):
        rest = rest.replace(clause, "|")
    left = {piece for piece in re.split(r"[|,、。]", rest) if piece}
    assert left == CONNECTING_WORDS[year]


def test_the_2025_qualities_of_the_parks_are_qualitative_targets():
    targets = Target.objects.filter(milestone__year=2025, indicator=None)
    assert set(targets.values_list("clause", flat=True)) == {
        "空间布局合理",
        "管理水平高",
        "经济效益好",
        "主导产业突出",
        "土地集约利用",
        "基础设施和公共服务平台配套完善",
        "使其成为广州市“十四五”期间数字经济创新发展的重要载体",
        "打造数产融合标杆城市先行区",
    }
    assert all(target.name_en for target in targets)
    assert all(target.value is None and target.comparator == "" for target in targets)


def test_every_fixture_target_meets_the_admin_rules():
    """The bureau can open and save any of them in the admin unchanged."""
    for target in Target.objects.select_related("indicator", "policy"):
        target.full_clean()
