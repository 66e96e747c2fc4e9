"""Every chart on every page is a valid Plotly figure (plotly.graph_objects validates each
property), with hover units, axis titles and a target line where a target exists."""

import pytest
from django.urls import reverse

from parks.models import Park
from tests.factories import report, seed_figures
from tracker.models import ParkReport

PAGES = [
    reverse("overview"),
    reverse("park_detail", args=["pazhou"]),
    reverse("indicator_detail", args=["core_share"]),
    reverse("briefing", args=[2024]),
]


@pytest.fixture
def figures(guideline):
    seed_figures(Park.objects.all()[:3], [2022, 2023, 2024])
    report(Park.objects.get(code="pazhou"), "2025Q1", status=ParkReport.Status.SUBMITTED, revenue=1)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("include", ["approved", "submitted"])
def test_every_figure_is_valid_plotly(manager_client, figures, page, include):
    charts = manager_client.get(page, {"include": include}).context["charts"]
    assert charts
    for chart in charts.values():
        figure = chart.graph_object()  # raises ValueError on any invalid property
        assert figure.layout.separators == ".,"
        value_axis = figure.layout.xaxis if chart.horizontal else figure.layout.yaxis
        assert value_axis.title.text
        for trace in figure.data:
            assert chart.unit in trace.hovertemplate


def test_invalid_property_would_be_caught(manager_client, figures):
    chart = manager_client.get(reverse("overview")).context["charts"]["coverage_5g"]
    broken = chart.figure()
    broken["data"][0]["colour"] = "red"
    import plotly.graph_objects as go

    with pytest.raises(ValueError):
        go.Figure(broken)
