"""The park page's revenue: single-quarter bars under the year-to-date line, with 同比 in the
hover label, the table and the downloads (issue 10, item 16)."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import approved_report, report
from tracker.models import ParkReport


def url():
    return reverse("park_detail", args=["pazhou"])


@pytest.fixture
def revenue(pazhou):
    # 2024 complete; 2025 without Q2, so 2025 Q3 has no single-quarter figure.
    for period, value in [("2024Q1", 100), ("2024Q2", 220), ("2024Q3", 350), ("2024Q4", 480)]:
        approved_report(pazhou, period, revenue=value, core_revenue=value / 2)
    approved_report(pazhou, "2025Q1", revenue=110, core_revenue=55)
    approved_report(pazhou, "2025Q3", revenue=400, core_revenue=200)
    report(pazhou, "2025Q4", status=ParkReport.Status.SUBMITTED, revenue=560, core_revenue=280)


def traces(chart):
    return {trace["name"]: trace for trace in chart.figure()["data"]}


def test_bars_are_single_quarters_and_the_line_is_year_to_date(manager_client, revenue):
    chart = manager_client.get(url()).context["charts"]["indicator_revenue"]
    plotted = traces(chart)
    assert set(plotted) == {"单季", "累计(1月至当季)"}
    bars, line = plotted["单季"], plotted["累计(1月至当季)"]
    assert bars["type"] == "bar" and line["type"] == "scatter"
    assert bars["x"] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1"]
    assert bars["y"] == [100.0, 120.0, 130.0, 130.0, 110.0]
    assert line["y"] == [100.0, 220.0, 350.0, 480.0, 110.0, 400.0]
    # The quarters stay in order although the bars skip 2025 Q3.
    layout = chart.figure()["layout"]["xaxis"]
    assert layout["categoryarray"][-2:] == ["2025Q1", "2025Q3"]
    assert "同比 +10.0%" in bars["customdata"][4]
    assert "同比 +14.3%" in line["customdata"][5]  # 400 against 350


def test_table_holds_every_number_and_a_dash_where_there_is_none(manager_client, revenue):
    chart = manager_client.get(url()).context["charts"]["indicator_revenue"]
    table = chart.table()
    assert table["header"] == ["单季", "单季同比(%)", "累计(1月至当季)", "累计同比(%)"]
    rows = {x: [cell["text"] for cell in cells] for x, cells in table["body"]}
    assert rows["2024Q2"] == ["120.00", "–", "220.00", "–"]
    assert rows["2025Q1"] == ["110.00", "+10.0", "110.00", "+10.0"]
    assert rows["2025Q3"] == ["–", "–", "400.00", "+14.3"]
    html = manager_client.get(url()).content.decode()
    card = html[html.index('id="chart-indicator_revenue"') :].split("</section>")[0]
    assert "上一季缺数的季度无单季数(–)" in card
    assert "单季同比(%)" in card


def test_submitted_quarter_is_marked_in_its_bar_line_and_growth(manager_client, revenue):
    response = manager_client.get(url(), {"include": "submitted"})
    chart = response.context["charts"]["indicator_revenue"]
    bars = traces(chart)["单季"]
    assert bars["x"][-1] == "2025Q4" and bars["y"][-1] == 160.0  # 560 − 400
    assert bars["marker"]["pattern"]["shape"][-1] == "/"
    rows = {x: cells for x, cells in chart.table()["body"]}
    assert [mark.symbol for mark in rows["2025Q4"][0]["marks"]] == ["†"]
    assert rows["2025Q4"][3]["text"] == "+16.7"  # 560 against 480
    assert [mark.symbol for mark in rows["2025Q4"][3]["marks"]] == ["†"]
    assert "暂定数:已提交、待审核" in response.content.decode()


def test_core_revenue_has_the_same_shape_and_the_share_stays_a_line(manager_client, revenue):
    charts = manager_client.get(url()).context["charts"]
    assert set(traces(charts["indicator_core_revenue"])) == {"单季", "累计(1月至当季)"}
    assert traces(charts["indicator_core_revenue"])["单季"]["y"][1] == 60.0
    share = charts["indicator_core_share"].figure()["data"]
    assert len(share) == 1 and share[0]["type"] == "scatter"


def test_download_has_the_growth_rows_with_their_unit(manager_client, revenue):
    download = manager_client.get(url(), {"download": "indicator_revenue", "format": "csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["数据系列", "季度", "数值", "备注"]
    assert ["单季同比(%)", "2025Q1", "+10.0", ""] in rows
    assert ["累计同比(%)", "2025Q3", "+14.3", ""] in rows
    assert ["单季(亿元)", "2025Q1", "110.00", ""] in rows
    assert not [row for row in rows if row[0] == "单季(亿元)" and row[1] == "2025Q3"]


def test_english_names_the_series_and_growth(manager_client, revenue):
    manager_client.post(reverse("set_language"), {"language": "en", "next": url()})
    chart = manager_client.get(url()).context["charts"]["indicator_revenue"]
    assert chart.table()["header"] == [
        "Single quarter",
        "Single quarter YoY (%)",
        "Year to date",
        "Year to date YoY (%)",
    ]
    assert "year on year +10.0%" in traces(chart)["Single quarter"]["customdata"][4]
