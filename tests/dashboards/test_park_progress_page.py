"""The park page's progress part: every indicator over time against its target line, target
statuses, enterprises by role; the district rule and query counts."""

import pytest
from django.urls import reverse

from parks.models import Enterprise
from tests.factories import approved_report, enterprise, report, seed_figures
from tracker.models import ParkReport


def url(code="pazhou", **params):
    return reverse("park_detail", args=[code])


@pytest.mark.parametrize("persona", ["haizhu_client", "reviewer_client", "manager_client"])
def test_every_role_of_the_district_or_bureau_sees_the_park(request, persona, pazhou):
    response = request.getfixturevalue(persona).get(url())
    assert response.status_code == 200
    assert "目标进展" in response.content.decode()


def test_anonymous_is_sent_to_login(client, guideline):
    response = client.get(url())
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_officer_of_another_district_gets_404_also_for_downloads(huangpu_client, pazhou):
    assert huangpu_client.get(url()).status_code == 404
    download = huangpu_client.get(url(), {"download": "indicator_revenue", "format": "csv"})
    assert download.status_code == 404


def test_every_indicator_is_charted_over_time_with_its_target_line(manager_client, pazhou):
    approved_report(pazhou, "2023Q2", coverage_5g=80, revenue=300, core_revenue=120)
    approved_report(pazhou, "2023Q4", coverage_5g=100, revenue=700, core_revenue=400)
    response = manager_client.get(url())
    charts = response.context["charts"]
    assert set(charts) == {
        "indicator_revenue",
        "indicator_core_revenue",
        "indicator_coverage_5g",
        "indicator_one_park_one_policy",
        "indicator_chain_leaders",
        "indicator_chain_partners",
        "indicator_core_share",
    }
    coverage = charts["indicator_coverage_5g"].figure()
    assert coverage["data"][0]["x"] == ["2023Q2", "2023Q4"]
    assert coverage["data"][0]["y"] == [80.0, 100.0]
    assert coverage["layout"]["shapes"][0]["y0"] == 100.0
    share = charts["indicator_core_share"].figure()
    assert share["data"][0]["y"] == [40.0, 57.14]
    # Revenue has no park-scope target: no made-up line.
    assert "shapes" not in charts["indicator_revenue"].figure()["layout"]


def test_target_statuses_for_the_park(manager_client, pazhou):
    approved_report(pazhou, "2022Q4", coverage_5g=60, one_park_one_policy=0)
    approved_report(pazhou, "2023Q4", coverage_5g=100, one_park_one_policy=1)
    response = manager_client.get(url())
    results = response.context["target_results"]
    statuses = {result.target.code: result.status for result in results}
    assert statuses["2023-5g-coverage"] == "achieved"
    assert statuses["2023-chain-leader"] == "missed"  # no chain leader in the register
    assert statuses["2023-chain-partners"] == "not_quantified"
    assert "2023-infrastructure" not in statuses


def test_enterprises_listed_by_role_by_name(haizhu_client, pazhou):
    enterprise(pazhou, Enterprise.Role.CHAIN_LEADER, "2023-01-10", name="琶洲链主科技有限公司")
    enterprise(pazhou, Enterprise.Role.UPSTREAM, "2023-05-10", name="上游芯片有限公司")
    html = haizhu_client.get(url()).content.decode()
    section = html[html.index('id="enterprises"') :]
    assert section.index("链主企业") < section.index("琶洲链主科技有限公司")
    assert section.index("上游企业") < section.index("上游芯片有限公司")


def test_submitted_figures_only_on_request_and_marked(manager_client, pazhou):
    approved_report(pazhou, "2023Q4", coverage_5g=80)
    report(pazhou, "2024Q1", status=ParkReport.Status.SUBMITTED, coverage_5g=90)
    default = manager_client.get(url()).context["charts"]["indicator_coverage_5g"].figure()
    assert default["data"][0]["y"] == [80.0]
    response = manager_client.get(url(), {"include": "submitted"})
    trace = response.context["charts"]["indicator_coverage_5g"].figure()["data"][0]
    assert trace["y"] == [80.0, 90.0]
    assert trace["marker"]["symbol"] == ["circle", "circle-open"]


def test_bad_include_is_a_clear_400(manager_client, pazhou):
    response = manager_client.get(url(), {"include": "1 OR 1=1"})
    assert response.status_code == 400
    assert "不是有效的数字范围选项" in response.content.decode()


def test_query_count_is_the_same_at_two_data_sizes(
    manager_client, pazhou, django_assert_num_queries
):
    # session, user, the user's permissions (one query); the park; the policy in force; Progress.load's 7
    # (targets, indicators, periods, this park, visible parks, report values, register);
    # enterprises counted by role, the first few of each role; industry directions; key
    # projects; the demo-data banner check; the data version (the page cache's key).
    seed_figures([pazhou], [2023])
    with django_assert_num_queries(18):
        manager_client.get(url())
    seed_figures([pazhou], [2022, 2024, 2025])
    for _ in range(25):
        enterprise(pazhou, Enterprise.Role.UPSTREAM, "2023-05-10")
    with django_assert_num_queries(18):
        manager_client.get(url())
    # Warm (served from the page cache): session, user, the user's permissions (one
    # query: the scope in the cache key), the data version.
    with django_assert_num_queries(4):
        manager_client.get(url())


def test_a_large_register_is_summarised_with_a_link_to_the_admin_list(haizhu_client, pazhou):
    for number in range(25):
        enterprise(pazhou, Enterprise.Role.UPSTREAM, "2023-05-10", name=f"上游{number:02d}")
    enterprise(pazhou, Enterprise.Role.CHAIN_LEADER, "2023-01-10", name="琶洲链主")
    response = haizhu_client.get(url())
    summary = {
        role: (count, [f.name for f in firms])
        for role, _l, count, firms in response.context["enterprises_by_role"]
    }
    assert summary["upstream"] == (25, [f"上游{n:02d}" for n in range(10)])
    assert summary["chain_leader"] == (1, ["琶洲链主"])
    html = response.content.decode()
    assert "上游10" not in html
    assert "按名称列出前 10 家，共 25 家。" in html
    assert f"?park__id__exact={pazhou.pk}&amp;role__exact=upstream" in html


def test_the_summary_counts_only_the_users_district(huangpu_client, pazhou, yuzhu_bay):
    enterprise(pazhou, Enterprise.Role.UPSTREAM, "2023-05-10", name="海珠上游")
    assert huangpu_client.get(url()).status_code == 404
    response = huangpu_client.get(url(yuzhu_bay.code))
    counts = {role: count for role, _l, count, _f in response.context["enterprises_by_role"]}
    assert counts["upstream"] == 0 and "海珠上游" not in response.content.decode()
