"""/submissions/: period × park matrix of report status, overdue quarters marked."""

import datetime

import pytest
from django.urls import reverse

from dashboards import submissions
from tests import factories
from tracker.models import ReportingPeriod

URL = reverse("submissions")


@pytest.fixture
def on_day(monkeypatch):
    real_localdate = submissions.timezone.localdate

    def set_day(day):
        # Only "today" moves: the date of a given moment (a submission time) is still computed.
        def localdate(value=None, timezone=None):
            return day if value is None else real_localdate(value, timezone)

        monkeypatch.setattr(submissions.timezone, "localdate", localdate)

    return set_day


def cell(response, period_label, park_code):
    rows = response.context["rows"]
    parks = [park.code for park in response.context["parks"]]
    row = next(r for r in rows if r["period"].label == period_label)
    return row["cells"][parks.index(park_code)]


def test_login_required(client, guideline):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_officer_sees_own_district_with_every_status(haizhu_client, pazhou, on_day):
    on_day(datetime.date(2025, 11, 30))
    statuses = {
        (2025, 1): "approved",
        (2025, 2): "returned",
        (2025, 3): "submitted",
        (2024, 4): "draft",
    }
    for (year, quarter), status in statuses.items():
        factories.report(
            pazhou, ReportingPeriod.objects.get(year=year, quarter=quarter), status=status
        )
    response = haizhu_client.get(URL)
    assert [park.code for park in response.context["parks"]] == ["pazhou"]
    assert cell(response, "2025Q1", "pazhou")["status"] == "approved"
    assert cell(response, "2025Q2", "pazhou")["status"] == "returned"
    assert cell(response, "2025Q3", "pazhou")["status"] == "submitted"
    assert cell(response, "2024Q4", "pazhou")["status"] == "draft"
    assert cell(response, "2024Q3", "pazhou")["status"] == "missing"
    page = response.content.decode()
    for label in ["审核通过", "已退回", "已提交", "填报中", "未填报"]:
        assert label in page
    # Q4 2025 has not opened on 30 November 2025.
    assert "2025Q4" not in [row["period"].label for row in response.context["rows"]]


def test_overdue_marks(haizhu_client, pazhou, on_day):
    q3 = ReportingPeriod.objects.get(year=2025, quarter=3)
    factories.report(pazhou, ReportingPeriod.objects.get(year=2025, quarter=2), status="submitted")
    on_day(q3.due_on)
    response = haizhu_client.get(URL)
    assert not cell(response, "2025Q3", "pazhou")["overdue"]  # due today, not yet late
    on_day(q3.due_on + datetime.timedelta(days=1))
    response = haizhu_client.get(URL)
    assert cell(response, "2025Q3", "pazhou")["overdue"]  # missing and late
    assert not cell(response, "2025Q2", "pazhou")["overdue"]  # submitted in time or not, it is in
    assert "逾期" in response.content.decode()


@pytest.mark.parametrize("client_fixture", ["reviewer_client", "manager_client"])
def test_bureau_sees_all_parks(request, client_fixture):
    response = request.getfixturevalue(client_fixture).get(URL)
    assert len(response.context["parks"]) == 12


def test_cells_link_to_the_report_or_the_add_form(haizhu_client, pazhou, on_day):
    on_day(datetime.date(2025, 11, 30))
    report = factories.report(pazhou, ReportingPeriod.objects.get(year=2025, quarter=3))
    response = haizhu_client.get(URL)
    assert cell(response, "2025Q3", "pazhou")["url"] == reverse(
        "admin:tracker_parkreport_change", args=[report.pk]
    )
    q2 = ReportingPeriod.objects.get(year=2025, quarter=2)
    assert cell(response, "2025Q2", "pazhou")["url"].endswith(f"?park={pazhou.pk}&period={q2.pk}")


def test_query_count_does_not_grow_with_reports(
    reviewer_client, pazhou, yuzhu_bay, django_assert_num_queries
):
    for period in ReportingPeriod.objects.filter(year=2024):
        factories.report(pazhou, period, status="approved")
        factories.report(yuzhu_bay, period, status="submitted")
    # 1 session, 2 user, 3-4 user and group permissions (has_perm, cached on the user),
    # timeliness (dashboards.timeliness.load): 5 parks with districts, 6 periods owed,
    # 7 the reports' facts, 8 their history (returns);
    # 9 parks, 10 periods, 11 report statuses (one query for the whole matrix),
    # 12 demo-data banner check
    with django_assert_num_queries(12):
        response = reviewer_client.get(URL)
    assert response.status_code == 200
