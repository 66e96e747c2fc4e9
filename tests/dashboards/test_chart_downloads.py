"""Every chart's "download data": CSV (UTF-8 with BOM) and XLSX of exactly the plotted
numbers; bad requests are 404s."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from parks.models import Park
from tests.factories import report, seed_figures
from tracker.models import ParkReport


def plotted(figure):
    """(series, category, value) of every plotted point."""
    points = []
    for trace in figure["data"]:
        horizontal = trace.get("orientation") == "h"
        categories, values = (trace["y"], trace["x"]) if horizontal else (trace["x"], trace["y"])
        points += [(trace["name"], str(c), v) for c, v in zip(categories, values, strict=True)]
    return points


@pytest.fixture
def figures(guideline):
    parks = list(Park.objects.all()[:4])
    seed_figures(parks, [2022, 2023, 2024])
    report(parks[0], "2025Q1", status=ParkReport.Status.SUBMITTED, revenue=333, coverage_5g=99)
    return parks


PAGES = [
    (
        reverse("overview"),
        ["belt_revenue", "parks_at_level", "coverage_5g", "chain_leaders", "core_share"],
    ),
    (reverse("indicator_detail", args=["revenue"]), ["over_time", "ranking"]),
    (
        reverse("park_detail", args=["pazhou"]),
        ["indicator_revenue", "indicator_coverage_5g", "indicator_chain_leaders"],
    ),
    (reverse("briefing", args=[2024]), ["parks_at_level"]),
]


@pytest.mark.parametrize(("page", "chart_ids"), PAGES)
@pytest.mark.parametrize("include", ["approved", "submitted"])
def test_csv_equals_the_plotted_numbers(manager_client, figures, page, chart_ids, include):
    response = manager_client.get(page, {"include": include})
    for chart_id in chart_ids:
        chart = response.context["charts"][chart_id]
        figure = chart.figure()
        # The plotted series' rows; a table-only series (a growth rate) follows them.
        shown = {chart.download_label(series): series.name for series in chart.plotted}
        download = manager_client.get(
            page, {"include": include, "download": chart_id, "format": "csv"}
        )
        assert download.status_code == 200
        assert download["Content-Type"] == "text/csv; charset=utf-8"
        assert download.content.startswith(b"\xef\xbb\xbf")
        assert f'filename="{chart_id}.csv"' in download["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
        header, body = rows[0], rows[1:]
        assert header[0] == "数据系列" and header[3] == "备注"
        rows = [
            (shown[name], x, float(Decimal(value)))
            for name, x, value, _note in body
            if name in shown
        ]
        assert rows == plotted(figure)
        assert len(body) == len(chart.rows()) and body, chart_id


def test_csv_marks_provisional_and_projected_rows(manager_client, figures):
    download = manager_client.get(
        reverse("overview"), {"include": "submitted", "download": "coverage_5g", "format": "csv"}
    )
    text = download.content.decode("utf-8-sig")
    assert "待审核" in text


def test_xlsx_equals_the_plotted_numbers(manager_client, figures):
    page = reverse("overview")
    figure = manager_client.get(page).context["charts"]["belt_revenue"].figure()
    download = manager_client.get(page, {"download": "belt_revenue", "format": "xlsx"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "年份"
    assert [(name, x, float(value)) for name, x, value, _note in rows[1:]] == plotted(figure)


@pytest.mark.parametrize(
    "params",
    [
        {"download": "no_such_chart"},
        {"download": "belt_revenue", "format": "pdf"},
        {"download": ""},
    ],
)
def test_bad_download_requests_are_404(manager_client, params):
    assert manager_client.get(reverse("overview"), params).status_code == 404


def test_anonymous_download_is_sent_to_login(client, guideline):
    response = client.get(reverse("overview"), {"download": "belt_revenue", "format": "csv"})
    assert response.status_code == 302


def test_officer_downloads_never_name_other_districts_parks(haizhu_client, guideline):
    seed_figures(Park.objects.all(), [2024])
    others = list(Park.objects.exclude(district__code="haizhu").values_list("name", flat=True))
    for page, chart_ids in PAGES:
        for chart_id in chart_ids:
            for fmt in ("csv", "xlsx"):
                response = haizhu_client.get(page, {"download": chart_id, "format": fmt})
                assert response.status_code == 200
                content = (
                    response.content.decode("utf-8-sig")
                    if fmt == "csv"
                    else " ".join(
                        str(cell)
                        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(
                            values_only=True
                        )
                        for cell in row
                    )
                )
                assert not [name for name in others if name in content], (page, chart_id)
