"""Two marks, two meanings (issue 10, item 15): † a provisional figure (submitted, not yet
approved), ≈ a projection; each told apart in the chart too, and explained in a visible
legend wherever it shows, and only there."""

import csv
import io
import re
from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dashboards.charts import PROJECTION, PROVISIONAL, Chart, Point, Series, note_label
from dashboards.figures import note_of
from tests.factories import approved_report, report
from tracker.models import ParkReport

OVERVIEW = reverse("overview")


def chart(kind="bar"):
    points = [
        Point("2023", D(10)),
        Point("2024", D(11), note_of(provisional=True)),
        Point("2025", D(12), note_of(projected=True)),
        Point("2026", D(13), note_of(provisional=True, projected=True)),
    ]
    return Chart("c", "营收", "亿元", "年份", "营收", [Series("全带", points)], kind=kind)


def test_a_projection_on_unapproved_figures_carries_both_marks():
    assert note_of() == ()
    assert note_of(provisional=True) == (PROVISIONAL,)
    assert note_of(provisional=True, projected=True) == (PROVISIONAL, PROJECTION)


def test_labels_name_the_symbol_and_its_meaning_in_the_page_language():
    with translation.override("zh-hans"):
        assert note_label((PROVISIONAL,)) == "† 暂定数:已提交、待审核"
        assert note_label((PROJECTION,)) == "≈ 预测值:推算所得,非填报数"
        assert note_label((PROVISIONAL, PROJECTION)).count(";") == 1
    with translation.override("en"):
        assert note_label((PROVISIONAL,)) == "† provisional: submitted, not yet approved"


def test_bars_are_hatched_when_provisional_and_dotted_when_projected():
    trace = chart().figure()["data"][0]
    assert trace["marker"]["pattern"]["shape"] == ["", "/", ".", "x"]


def test_line_points_are_open_circles_when_provisional_and_open_diamonds_when_projected():
    trace = chart("line").figure()["data"][0]
    assert trace["marker"]["symbol"] == [
        "circle",
        "circle-open",
        "diamond-open",
        "diamond-open-dot",
    ]
    assert chart("line").graph_object()  # every symbol is one plotly knows


def test_hover_names_each_mark():
    with translation.override("zh-hans"):
        notes = chart().figure()["data"][0]["customdata"]
    assert notes[0] == ""
    assert "†" in notes[1] and "≈" not in notes[1]
    assert "≈" in notes[2] and "†" not in notes[2]
    assert "†" in notes[3] and "≈" in notes[3]


def test_chart_lists_only_the_marks_it_shows():
    whole = chart()
    assert [mark.code for mark in whole.marks] == [PROVISIONAL, PROJECTION]
    whole.series[0].points = whole.series[0].points[:2]
    assert [mark.code for mark in whole.marks] == [PROVISIONAL]
    whole.series[0].points = whole.series[0].points[:1]
    assert whole.marks == []


def render_chart(c):
    return Template('{% include "dashboards/_chart.html" %}').render(
        Context({"chart": c, "progress": {"include_param": "approved"}})
    )


def test_table_cells_carry_the_symbols_with_their_meaning_for_screen_readers():
    with translation.override("zh-hans"):
        html = render_chart(chart())
    assert re.search(r'aria-hidden="true">†</sup><span class="visually-hidden">\(暂定数', html)
    assert re.search(r'aria-hidden="true">≈</sup><span class="visually-hidden">\(预测值', html)
    assert "*</span>" not in html


def test_legend_under_the_chart_only_when_a_mark_is_shown():
    with translation.override("zh-hans"):
        html = render_chart(chart())
        legend = html[html.index('class="marks-legend"') :].split("</p>")[0]
        assert "标记说明" in legend and "暂定数:已提交、待审核" in legend and "预测值" in legend
        plain = chart()
        plain.series[0].points = plain.series[0].points[:1]
        assert "marks-legend" not in render_chart(plain)


@pytest.fixture
def submitted(pazhou):
    approved_report(pazhou, "2023Q4", coverage_5g=80)
    report(pazhou, "2024Q4", status=ParkReport.Status.SUBMITTED, coverage_5g=95)


def test_overview_explains_the_dagger_only_when_it_shows(manager_client, submitted):
    approved = manager_client.get(OVERVIEW).content.decode()
    assert "marks-legend" not in approved
    html = manager_client.get(OVERVIEW, {"include": "submitted"}).content.decode()
    assert "已提交但未审核的数字为暂定数,标 †。" in html
    card = html[html.index('id="chart-coverage_5g"') :].split("</section>")[0]
    assert "暂定数:已提交、待审核" in card[card.index("marks-legend") :]
    assert ">†</sup>" in card and ">≈</sup>" not in card


def test_current_year_projection_gets_its_own_mark(manager_client, pazhou):
    approved_report(pazhou, "2026Q2", revenue=600)
    with translation.override("zh-hans"):
        html = manager_client.get(OVERVIEW).content.decode()
    card = html[html.index('id="chart-belt_revenue"') :].split("</section>")[0]
    assert ">≈</sup>" in card and ">†</sup>" not in card
    legend = card[card.index("marks-legend") :]
    assert "预测值:推算所得,非填报数" in legend and "暂定数" not in legend
    levels = html[html.index('id="level-parks"') :].split("</section>")[0]
    assert ">≈</sup>" in levels and "预测值" in levels[levels.index("marks-legend") :]


def test_park_scorecard_legend_with_a_provisional_outcome(manager_client, pazhou):
    approved_report(pazhou, "2023Q3", coverage_5g=80)
    report(pazhou, "2023Q4", status=ParkReport.Status.SUBMITTED, coverage_5g=95)
    url = reverse("park_detail", args=["pazhou"])
    html = manager_client.get(url, {"include": "submitted"}).content.decode()
    progress = html[html.index('id="progress"') :].split('<div class="chart-grid">')[0]
    assert ">†</sup>" in progress
    assert "暂定数:已提交、待审核" in progress[progress.index("marks-legend") :]
    assert "marks-legend" not in manager_client.get(url).content.decode()


def test_downloads_name_what_each_mark_means(manager_client, submitted):
    params = {"include": "submitted", "download": "coverage_5g"}
    download = manager_client.get(OVERVIEW, {**params, "format": "csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][3] == "备注"
    assert rows[1][3] == "† 暂定数:已提交、待审核"
    sheet = load_workbook(
        io.BytesIO(manager_client.get(OVERVIEW, {**params, "format": "xlsx"}).content)
    )
    assert list(sheet.active.iter_rows(values_only=True))[1][3] == "† 暂定数:已提交、待审核"


def test_projection_from_a_submitted_figure_carries_both_marks(manager_client, pazhou):
    report(pazhou, "2026Q2", status=ParkReport.Status.SUBMITTED, revenue=600)
    response = manager_client.get(OVERVIEW, {"include": "submitted"})
    chart = response.context["charts"]["belt_revenue"]
    assert [point.note for point in chart.series[0].points if point.x == "2026"] == [
        (PROVISIONAL, PROJECTION)
    ]
    assert chart.figure()["data"][0]["marker"]["pattern"]["shape"][-1] == "x"
    html = response.content.decode()
    card = html[html.index('id="chart-belt_revenue"') :].split("</section>")[0]
    assert ">†</sup>" in card and ">≈</sup>" in card
