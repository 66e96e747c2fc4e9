"""Timeliness on /submissions/: the pure calculation, then the page, its download and who
sees which rows."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.timeliness import (
    GREEN,
    RED,
    YELLOW,
    ReportFacts,
    Tally,
    days_late,
    quarter_state,
    returns_by_report,
    timeliness,
)
from parks.models import Park
from tests import factories
from tests.tracker.timeline import frozen, make, period
from tracker.models import ParkReport

URL = reverse("submissions")
DUE = datetime.date(2025, 10, 20)


def day(offset):
    """The due date moved by `offset` days."""
    return DUE + datetime.timedelta(days=offset)


def submitted(offset, status="approved", returns=0):
    return ReportFacts(status=status, first_submitted_on=day(offset), returns=returns)


MISSING = ReportFacts(status="missing")


# -- the calculation ------------------------------------------------------------------------


def test_days_late_counts_from_the_due_date():
    assert days_late(DUE, submitted(0), day(30)) == 0
    assert days_late(DUE, submitted(-3), day(30)) == 0
    assert days_late(DUE, submitted(4), day(30)) == 4
    # Still missing: late until today.
    assert days_late(DUE, MISSING, day(9)) == 9
    assert days_late(DUE, MISSING, day(0)) == 0


def test_tally_rates_and_average_days_late():
    tally = Tally()
    for facts in [submitted(-1, returns=2), submitted(3), MISSING, submitted(5, "returned")]:
        tally.add(DUE, facts, day(10))
    assert (tally.expected, tally.submitted, tally.on_time, tally.late) == (4, 3, 1, 3)
    assert tally.reporting_rate == Decimal("75.0")
    assert tally.on_time_rate == Decimal("25.0")
    assert tally.average_days_late == Decimal("6.0")  # (3 + 10 + 5) / 3
    assert tally.returns == 2


def test_rates_are_empty_when_nothing_is_expected():
    tally = Tally()
    assert (tally.reporting_rate, tally.on_time_rate, tally.average_days_late) == (None,) * 3


def test_rates_round_half_up_to_one_place():
    tally = Tally()
    for facts in [submitted(0), submitted(0), MISSING]:
        tally.add(DUE, facts, day(1))
    assert tally.reporting_rate == Decimal("66.7")


@pytest.mark.parametrize(
    ("facts", "today", "light", "code"),
    [
        (MISSING, day(-5), GREEN, "not_due"),
        (MISSING, day(0), GREEN, "not_due"),
        (submitted(0), day(9), GREEN, "on_time"),
        (MISSING, day(1), YELLOW, "overdue"),
        (MISSING, day(7), YELLOW, "overdue"),
        (MISSING, day(8), RED, "overdue"),
        (submitted(10), day(12), YELLOW, "late"),
        (submitted(-2, "returned"), day(3), YELLOW, "returned"),
        (submitted(-2, "returned"), day(30), YELLOW, "returned"),
    ],
)
def test_the_lights(facts, today, light, code):
    state = quarter_state(DUE, facts, today)
    assert (state.light, state.code) == (light, code)


def namespace_parks():
    tianhe = SimpleNamespace(pk=2, sort_order=2, display_name="天河区")
    haizhu = SimpleNamespace(pk=5, sort_order=5, display_name="海珠区")

    def park(pk, name, district):
        return SimpleNamespace(pk=pk, display_name=name, district=district, district_id=district.pk)

    # Parks in their own order, which is not their districts' order.
    return [park(1, "琶洲", haizhu), park(2, "金融城", tianhe), park(3, "海珠二园", haizhu)]


def test_table_groups_parks_under_their_district_with_a_total(settings):
    settings.LANGUAGE_CODE = "en"
    q2 = SimpleNamespace(pk=10, due_on=DUE - datetime.timedelta(days=92))
    q3 = SimpleNamespace(pk=11, due_on=DUE)
    facts = {
        (1, 10): submitted(-95),
        (1, 11): submitted(2),
        (2, 10): submitted(-92),
        (2, 11): submitted(-1),
        (3, 10): submitted(-80, returns=1),
    }
    rows = timeliness(namespace_parks(), [q2, q3], q3, facts, day(9))
    assert [(row.level, row.name) for row in rows] == [
        ("district", "天河区"),
        ("park", "金融城"),
        ("district", "海珠区"),
        ("park", "琶洲"),
        ("park", "海珠二园"),
        ("total", "All parks shown"),
    ]
    tianhe, _jrc, haizhu, pazhou, second, total = rows
    assert (tianhe.light, tianhe.current_text) == (GREEN, "All submitted on time")
    assert pazhou.current_text == "Submitted 2 days late"
    assert second.current_text == "9 days overdue" and second.light == RED
    assert haizhu.light == RED
    assert haizhu.current_text == ("1 report more than 7 days overdue; 1 report submitted late")
    assert (haizhu.tally.expected, haizhu.tally.submitted, haizhu.tally.returns) == (4, 3, 1)
    assert (total.tally.expected, total.tally.on_time) == (6, 3)
    assert total.light is None


def test_a_single_district_has_no_total_row():
    parks = [p for p in namespace_parks() if p.district.pk == 5]
    q3 = SimpleNamespace(pk=11, due_on=DUE)
    rows = timeliness(parks, [], q3, {}, day(-3))
    assert [row.level for row in rows] == ["district", "park", "park"]
    assert all(row.light == GREEN for row in rows)
    assert rows[0].tally.reporting_rate is None


# -- the page ---------------------------------------------------------------------------------


@pytest.fixture
def history(guideline, pazhou, yuzhu_bay, haizhu_officer, huangpu_officer, reviewer):
    """On 2023-02-01, 2022 Q3 (due 2022-10-20) and Q4 (due 2023-01-20) have fallen due.

    琶洲: Q3 in on time, Q4 five days late. 鱼珠湾: Q3 submitted, returned twice, approved;
    Q4 missing (12 days overdue). Huangpu's other parks report nothing.
    """
    q3, q4 = period(2022, 3), period(2022, 4)
    make(pazhou, q3, "approved", submitted="2022-10-18")
    make(pazhou, q4, "approved", submitted="2023-01-25")
    report = factories.report(yuzhu_bay, q3)
    steps = [
        ("2022-10-19", lambda: report.submit(huangpu_officer)),
        ("2022-10-25", lambda: report.return_to_district(reviewer, "请核实")),
        ("2022-10-27", lambda: report.submit(huangpu_officer)),
        ("2022-11-02", lambda: report.return_to_district(reviewer, "仍不一致")),
        ("2022-11-04", lambda: report.submit(huangpu_officer)),
        ("2022-11-10", lambda: report.approve(reviewer)),
    ]
    for when, step in steps:
        with frozen(when):
            step()
    return report


def get(client, **params):
    with frozen("2023-02-01"):
        return client.get(URL, params)


def rows_by_name(response):
    return {row.name: row for row in response.context["timeliness"].rows}


def test_returns_are_counted_from_history(history):
    assert returns_by_report(ParkReport.objects.values("pk")) == {history.pk: 2}


def test_reviewer_sees_every_district_with_rates_and_lights(reviewer_client, history, pazhou):
    response = get(reviewer_client)
    table = response.context["timeliness"]
    assert [p.label for p in table.periods] == ["2022Q3", "2022Q4"]
    assert table.current.label == "2022Q4"
    rows = rows_by_name(response)
    haizhu = rows["海珠区"]
    assert (haizhu.tally.expected, haizhu.tally.submitted, haizhu.tally.on_time) == (2, 2, 1)
    assert haizhu.tally.average_days_late == Decimal("5.0")
    assert (haizhu.light, haizhu.current_text) == (YELLOW, "1 份报表逾期报送")
    huangpu = rows["黄埔区"]
    # 3 parks × 2 quarters; only 鱼珠湾's Q3 came in, on time, then was returned twice.
    assert (huangpu.tally.expected, huangpu.tally.submitted, huangpu.tally.on_time) == (6, 1, 1)
    assert huangpu.tally.returns == 2
    assert huangpu.light == RED
    assert len([row for row in table.rows if row.level == "district"]) == 8
    assert table.rows[-1].level == "total"
    html = response.content.decode()
    assert "报送及时性" in html and "按时报送率" in html
    assert '<span class="light light-red">红灯</span> 3 份报表逾期超过 7 天未报' in html
    assert "50.0%" in html


def test_officer_sees_only_their_districts_rows(haizhu_officer, history, pazhou, yuzhu_bay):
    client = Client()
    client.force_login(haizhu_officer)
    response = get(client)
    rows = response.context["timeliness"].rows
    assert [(row.level, row.name) for row in rows] == [
        ("district", "海珠区"),
        ("park", pazhou.name),
    ]
    html = response.content.decode()
    section = html[html.index('id="timeliness"') : html.index("</section>")]
    for park in Park.objects.exclude(district__code="haizhu"):
        assert park.name not in section
    assert "黄埔区" not in section
    download = get(client, download="timeliness", format="csv").content.decode("utf-8-sig")
    assert pazhou.name in download
    assert "黄埔区" not in download and yuzhu_bay.name not in download


def test_csv_download(reviewer_client, history, pazhou):
    response = get(reviewer_client, download="timeliness", format="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="timeliness-20230201.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("行政区,园区,应报数,已提交,报送率(%),按时报送数,按时报送率(%)")
    assert "2022年第4季度 亮灯" in lines[0]
    assert f"海珠区,{pazhou.name},2,2,100.0,1,50.0,1,5.0,0,黄灯,逾期 5 天报送" in lines


def test_xlsx_download_keeps_numbers(reviewer_client, history):
    response = get(reviewer_client, download="timeliness", format="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    haizhu = next(row for row in rows if row[0] == "海珠区" and not row[1])
    assert haizhu[2:10] == (2, 2, 100, 1, 50, 1, 5, 0)
    assert haizhu[10] == "黄灯"


@pytest.mark.parametrize(
    "params", [{"download": "timeliness", "format": "pdf"}, {"download": "other"}]
)
def test_a_bad_download_is_refused(reviewer_client, guideline, params):
    response = get(reviewer_client, **params)
    assert response.status_code == 404


def test_english_page(reviewer_client, history):
    reviewer_client.post(reverse("set_language"), {"language": "en", "next": URL})
    html = get(reviewer_client).content.decode()
    assert "Timeliness" in html
    assert '<span class="light light-yellow">Yellow</span> 1 report submitted late' in html
    assert "Over the 2 quarters due since the policy started (2022 Q3 – 2022 Q4)" in html


def test_before_any_quarter_falls_due(reviewer_client, guideline):
    with frozen("2022-10-05"):
        response = reviewer_client.get(URL)
    table = response.context["timeliness"]
    assert table.periods == [] and table.current.label == "2022Q3"
    assert "尚无季度到截止日期" in response.content.decode()
    assert all(row.light in (GREEN, None) for row in table.rows)


def test_query_count_does_not_grow_with_history(
    reviewer_client, history, django_assert_num_queries
):
    # See tests/dashboards/test_submissions.py for what each of the 12 queries is.
    with django_assert_num_queries(12):
        get(reviewer_client)
    for park in Park.objects.all():
        for quarter in (period(2022, 3), period(2022, 4)):
            report, _ = ParkReport.objects.get_or_create(park=park, period=quarter)
            report.status = "returned"
            report.save()
    with django_assert_num_queries(12):
        get(reviewer_client)
