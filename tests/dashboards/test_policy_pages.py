"""Policies first-class (issue 12.1): /policies/, /policies/<code>/, `/` for the policy in force
with a switcher, and `?policy=` on the briefing, park, district and indicator pages. Targets
of two policies never mix on a page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parks.models import Park
from tests.factories import approved_report, example_policy, seed_figures
from tracker.models import Policy, Target

GUIDELINE = "pearl-river-belt-2022"
LIST = reverse("policy_list")


@pytest.fixture
def example(guideline):
    """示例政策（测试用）, published after the guideline, so it is the one in force."""
    return example_policy()


def guideline_names():
    return list(Target.objects.filter(policy__code=GUIDELINE).values_list("name", flat=True))


def assert_only_targets_of(html, policy):
    """Every target name of `policy` is absent from nowhere, and no other policy's shows."""
    for target in Target.objects.exclude(policy=policy):
        assert target.name not in html, target.name


def test_list_shows_every_published_policy_with_milestones_and_outcome_counts(
    manager_client, example
):
    Policy.objects.create(
        code="example-draft", title="示例草案（测试用）", issuer="示例", published_on="2026-08-01"
    )
    response = manager_client.get(LIST)
    html = response.content.decode()
    assert (
        "《示例政策（测试用）》" in html and "《广州珠江沿岸地区高质量发展带工信产业导则》" in html
    )
    assert "示例草案" not in html  # a policy in preparation is not shown
    assert "2023-12-31<br>2025-12-31" in html and "2030-12-31" in html
    rows = {policy.code: (counts, total) for policy, counts, total in response.context["rows"]}
    # The guideline's 16 targets without reports: the register counts 0 chain leaders, so
    # that target is missed; 3 other park targets and the 1,000 亿元 belt target have no data;
    # 11 give no number.
    assert rows[GUIDELINE] == ([0, 0, 1, 0, 4, 11], 16)
    # The example's 2030 revenue target is open; its qualitative one is not quantified.
    assert rows["example-2030"] == ([0, 0, 0, 1, 0, 1], 2)
    assert "当前施行" in html
    assert f'href="{reverse("policy_assessment", args=["example-2030"])}"' in html


def test_list_takes_the_same_queries_with_more_policies(manager_client, example):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(LIST).status_code == 200
        return len(queries)

    before = count()
    example_policy(code="example-b", published_on="2026-07-30")
    example_policy(code="example-c", published_on="2026-08-30")
    assert count() == before


def test_overview_follows_the_policy_in_force_with_a_switcher(manager_client, example):
    response = manager_client.get(reverse("overview"))
    html = response.content.decode()
    assert response.context["policy"] == example
    assert {row.target.code for row in response.context["scorecard"]} == {
        "example-2030-revenue",
        "example-2030-qualitative",
    }
    assert_only_targets_of(html, example)
    assert "2030年到期目标计分卡" in html
    # Charts follow the policy's targets: its park target is on revenue, not on 5G.
    assert set(response.context["charts"]) == {"belt_revenue", "parks_at_level", "revenue"}
    assert response.context["charts"]["revenue"].title == "各园区营收(产值)"
    assert f'href="{reverse("policy_overview", args=[GUIDELINE])}"' in html


def test_policy_page_shows_that_policy_only(manager_client, example, pazhou):
    approved_report(pazhou, "2023Q4", coverage_5g=100)
    response = manager_client.get(reverse("policy_overview", args=[GUIDELINE]))
    html = response.content.decode()
    assert len(response.context["scorecard"]) == 16
    assert "2023、2025年到期目标计分卡" in html
    assert "示例条款" not in html and "园区营收达到500亿元(示例)" not in html
    page = manager_client.get(reverse("policy_overview", args=["example-2030"]))
    assert_only_targets_of(page.content.decode(), example)


def test_unknown_or_draft_policy_page_is_404(manager_client, example):
    example.status = Policy.Status.DRAFT
    example.save()
    assert manager_client.get(reverse("policy_overview", args=["example-2030"])).status_code == 404
    assert manager_client.get(reverse("policy_overview", args=["nothing"])).status_code == 404
    assert manager_client.get(reverse("policy_assessment", args=["nothing"])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("park_detail", args=["pazhou"]),
        reverse("district_detail", args=["haizhu"]),
        reverse("indicator_detail", args=["revenue"]),
        reverse("briefing", args=[2026]),
    ],
)
def test_pages_take_the_policy_and_never_mix_two(haizhu_client, example, url):
    default = haizhu_client.get(url)
    assert default.context["progress"].policy == example
    assert {t.code for t in default.context["progress"].targets} <= {
        "example-2030-revenue",
        "example-2030-qualitative",
    }
    older = haizhu_client.get(url, {"policy": GUIDELINE})
    assert older.status_code == 200
    codes = {t.code for t in older.context["progress"].targets}
    assert len(codes) == 16 and not any(code.startswith("example") for code in codes)
    assert "示例" not in older.content.decode()


def test_park_page_of_the_example_policy_shows_only_its_target(haizhu_client, example):
    html = haizhu_client.get(reverse("park_detail", args=["pazhou"])).content.decode()
    assert "园区营收达到500亿元(示例)" in html
    assert not any(name in html for name in guideline_names())


@pytest.mark.parametrize("policy", ["nothing", "example-draft"])
def test_a_bad_policy_parameter_gives_a_clear_message(manager_client, example, policy):
    Policy.objects.create(
        code="example-draft", title="示例草案（测试用）", issuer="示例", published_on="2026-08-01"
    )
    response = manager_client.get(reverse("park_detail", args=["pazhou"]), {"policy": policy})
    assert response.status_code == 400
    assert f"“{policy}”不是已发布的政策" in response.content.decode()


def test_anonymous_is_sent_to_login(client, example):
    for url in (LIST, reverse("policy_overview", args=[GUIDELINE])):
        assert client.get(url).url.startswith(reverse("login"))


def test_list_query_count_is_pinned_at_two_data_sizes(
    manager_client, example, pazhou, django_assert_num_queries
):
    # session, user, the user's permissions (one query), the data version (the page cache's
    # key), the published policies and their targets (2), then Standings.load
    # (dashboards/standings.py): targets, indicators, periods, active parks with their
    # figures versions, visible parks, the rules version, and the figures and register counts
    # of the parks out of date; the demo-data banner check.
    seed_figures([pazhou], [2023])
    with django_assert_num_queries(15):
        assert manager_client.get(LIST).status_code == 200
    seed_figures(Park.objects.exclude(pk=pazhou.pk), [2022, 2023, 2024, 2025])
    with django_assert_num_queries(15):
        assert manager_client.get(LIST).status_code == 200
