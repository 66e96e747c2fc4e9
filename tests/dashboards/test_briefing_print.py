"""The briefing as a printed page: a way back and a print button on screen, qualitative
targets on one line per deadline, lagging parks grouped by target (issue 10, items 8, 18).
That it prints on one A4 page is checked in Chromium (tests/browser/test_layout.py)."""

import re

from django.urls import reverse

from tests.tracker.factories import report


def briefing(client, year=2025):
    return client.get(reverse("briefing", args=[year]))


def test_back_link_and_print_button_without_inline_script(manager_client, guideline):
    html = briefing(manager_client).content.decode()
    tools = html[html.index('<nav class="briefing-tools"') : html.index("</nav>")]
    assert 'href="/?include=approved"' in tools and "返回目标总览" in tools
    assert '<button type="button" data-print>打印</button>' in tools
    assert '<script src="/static/js/print.js" defer></script>' in html
    assert "onclick" not in html


def test_qualitative_targets_share_one_line_per_deadline(manager_client, guideline):
    response = briefing(manager_client)
    html = response.content.decode()
    qualitative = [row for row in response.context["scorecard"] if row.target.is_qualitative]
    assert len(qualitative) == 9  # 1 for 2023, 8 for 2025
    rows = re.findall(r'<tr id="target-([^"]+)">', html)
    assert not {row.target.code for row in qualitative} & set(rows)
    line = html[html.index('class="qualitative-targets"') :]
    line = line[: line.index("</p>")]
    assert "2023年底前: 完善基础设施和配套设施建设" in line
    names_2025 = [row.target.name for row in qualitative if row.target.milestone.year == 2025]
    assert "2025年底前: " + "、".join(names_2025) in line


def test_lagging_parks_grouped_by_target(manager_client, pazhou, yuzhu_bay):
    for park in (pazhou, yuzhu_bay):
        report(park, 2022, 4, coverage_5g=50)
        report(park, 2023, 4, coverage_5g=60)
    response = briefing(manager_client, 2023)
    lagging = {target.code: groups for target, groups in response.context["lagging"]}
    missed, no_data = lagging["2023-5g-coverage"]  # worst first
    assert missed == ("missed", "未达成", [pazhou.name, yuzhu_bay.name])
    assert no_data[:2] == ("no_data", "暂无数据") and len(no_data[2]) == 10
    html = response.content.decode()
    assert html.count("5G网络连续覆盖</strong>") == 1  # the target once, its parks after it
