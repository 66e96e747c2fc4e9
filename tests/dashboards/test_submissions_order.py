"""/submissions/: the current and the overdue quarters first, one line per park; earlier
quarters folded away in a <details> element (issue 10, item 17)."""

import datetime
import re

import pytest
from django.urls import reverse

from dashboards import submissions
from tracker.models import ReportingPeriod

URL = reverse("submissions")


@pytest.fixture
def on_day(monkeypatch):
    def set_day(day):
        monkeypatch.setattr(submissions.timezone, "localdate", lambda: day)

    return set_day


def period(year, quarter):
    return ReportingPeriod.objects.get(year=year, quarter=quarter)


def column_labels(table):
    return [row["period"].label for row in table["periods"]]


def test_current_and_overdue_quarters_first_the_rest_folded(
    haizhu_client, pazhou, make_report, on_day
):
    on_day(datetime.date(2025, 11, 30))  # 2025Q3 is the quarter being reported
    for year, quarter in [(2024, 1), (2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2)]:
        make_report(pazhou, period(year, quarter), status="approved")
    response = haizhu_client.get(URL)
    current, older = response.context["current"], response.context["older"]
    # 2025Q3 (current) first; the 2022–2023 quarters without a report are overdue too.
    assert column_labels(current)[0] == "2025Q3"
    assert set(column_labels(current)) == {"2025Q3"} | {
        f"{year}Q{quarter}" for year in (2022, 2023) for quarter in (1, 2, 3, 4)
    }
    assert column_labels(older) == ["2025Q2", "2025Q1", "2024Q4", "2024Q3", "2024Q2", "2024Q1"]
    html = response.content.decode()
    details = html[html.index('<details id="older-quarters">') : html.index("</details>")]
    assert "<summary>更早的季度(6 个)</summary>" in details
    assert "2024年第1季度" in details and "2025年第3季度" not in details
    assert html.index('id="current-quarters"') < html.index('<details id="older-quarters">')


def test_a_quarter_late_again_comes_back_to_the_front(haizhu_client, pazhou, make_report, on_day):
    on_day(datetime.date(2025, 11, 30))
    for year in (2022, 2023, 2024):
        for quarter in (1, 2, 3, 4):
            make_report(pazhou, period(year, quarter), status="approved")
    make_report(pazhou, period(2025, 1), status="returned")  # sent back, still not in
    make_report(pazhou, period(2025, 2), status="approved")
    response = haizhu_client.get(URL)
    assert column_labels(response.context["current"]) == ["2025Q3", "2025Q1"]
    assert "2025Q2" in column_labels(response.context["older"])


def test_one_row_per_park_with_the_name_as_row_header(reviewer_client, on_day, guideline):
    on_day(datetime.date(2025, 11, 30))
    response = reviewer_client.get(URL)
    html = response.content.decode()
    start = html.index('id="current-quarters"')
    first = html[start : html.index("</table>", start)]
    row_headers = re.findall(r'<th scope="row" class="park-name">([^<]*)</th>', first)
    assert row_headers == [park.display_name for park in response.context["parks"]]
    assert len(row_headers) == 12
    # The table scrolls in its own box, which a keyboard can reach.
    assert re.search(
        r'<div class="table-scroll" role="region" tabindex="0" aria-label="[^"]+">', first
    )


def test_nothing_folded_when_every_quarter_is_current_or_late(haizhu_client, on_day, guideline):
    on_day(datetime.date(2022, 5, 1))  # only 2022Q1 has opened
    response = haizhu_client.get(URL)
    assert column_labels(response.context["current"]) == ["2022Q1"]
    assert "<details" not in response.content.decode()
