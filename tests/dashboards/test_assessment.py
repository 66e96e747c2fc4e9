"""The final assessment (issue 12.2) of the 2022 guideline on the demo data: outcomes pinned
(with achieved-late cases), the summary, the ranking, the evidence, the reports used, the
Word and Excel downloads, print CSS, the district rule and query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dashboards.assessment import Assessment
from parks.models import Park
from tracker.models import Policy

GUIDELINE = "pearl-river-belt-2022"
URL = reverse("policy_assessment", args=[GUIDELINE])
AS_OF = datetime.date(2026, 11, 26)
HUANGPU_PARKS = {"yuzhu-core", "suigang", "yuzhu-bay"}


@pytest.fixture
def demo(reviewer):
    """The demo data, approved by 老审."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def policy(guideline):
    return Policy.objects.get(code=GUIDELINE)


def outcomes(assessment):
    return {
        row.result.target.code: (row.result.outcome.kind, row.outcome_text)
        for row in assessment.rows
    }


def test_guideline_outcomes_on_the_demo_data(demo, manager, policy):
    assessment = Assessment(manager, policy, as_of=AS_OF)
    found = outcomes(assessment)
    assert found["2023-one-park-one-policy"] == ("on_time", "按期达成")
    # Every park reached 100% 5G coverage, the last ones only in 2024Q4: late, not missed.
    assert found["2023-5g-coverage"] == ("late", "逾期达成(2024Q4)")
    assert found["2023-chain-leader"] == ("late", "逾期达成(2026Q3)")
    assert found["2023-core-industry-dominant"] == ("missed", "未达成")
    assert found["2025-parks-1000"] == ("on_time", "按期达成")
    not_quantified = [code for code, (kind, _text) in found.items() if kind == "not_quantified"]
    assert len(not_quantified) == 11 and "2023-chain-partners" in not_quantified
    assert assessment.summary == (
        "《广州珠江沿岸地区高质量发展带工信产业导则》共 16 项目标:"
        "按期达成 2 项，逾期达成 2 项，未达成 1 项，未量化 11 项。"
    )


def test_each_park_has_its_own_outcome_with_the_quarter_first_met(demo, manager, policy):
    assessment = Assessment(manager, policy, as_of=AS_OF)
    coverage = next(r for r in assessment.park_targets if r.target.code == "2023-5g-coverage")
    by_park = {result.park.code: result for result in coverage.parks}
    # 鱼珠湾 was below 100% at the end of 2023 and reached it in 2024Q3.
    assert by_park["yuzhu-bay"].outcome.kind == "late"
    assert by_park["yuzhu-bay"].outcome_label == "逾期达成(2024Q3)"
    assert by_park["yuzhu-bay"].evaluation.actual < Decimal(100)
    assert by_park["pazhou"].outcome_label == "按期达成"
    assert len(coverage.parks_by_outcome("late")) == 8
    assert len(coverage.parks_by_outcome("on_time")) == 4


def test_ranking_against_the_belt_levels(demo, manager, policy):
    assessment = Assessment(manager, policy, as_of=AS_OF)
    assert assessment.ranking_year == 2025
    assert [row.park.code for row in assessment.ranking[:2]] == ["pazhou", "suigang"]
    assert assessment.ranking[0].levels == "≥ 1000 亿元、≥ 100 亿元"
    assert [row.rank for row in assessment.ranking] == list(range(1, 13))
    counts = {
        level: count.count for level, _unit, count, _names, _hidden in assessment.level_counts
    }
    assert counts == {Decimal(1000): 2, Decimal(100): 9}


def test_evidence_and_reports_used(demo, manager, policy):
    assessment = Assessment(manager, policy, as_of=AS_OF)
    assert len(assessment.evidence) == 12
    belt = assessment.belt_evidence
    assert belt.name == "全带(12 个园区)"
    assert belt.chain_leaders == sum(row.chain_leaders for row in assessment.evidence)
    assert belt.projects_total == 42
    assert belt.one_park_one_policy == "12 个园区中 12 个"
    assert {row.one_park_one_policy for row in assessment.evidence} == {"是"}
    used = {(u.report.park.code, u.report.period.label): u for u in assessment.reports}
    final_2023 = used["yuzhu-bay", "2023Q4"]
    assert "2023-12-31 期末数" in final_2023.why
    assert final_2023.report.status == "approved" and final_2023.report.reviewed_by is not None
    assert "“5G网络连续覆盖”首次达成" in used["yuzhu-bay", "2024Q3"].why


def test_page_shows_the_summary_and_prints_on_a4(demo, manager_client):
    response = manager_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "终期评估" in html and "按期达成 2 项" in html
    assert "逾期达成(2024Q3)" in html
    assert "css/assessment.css" in html
    assert 'href="?format=docx&amp;include=approved"' in html


def test_with_submitted_figures_the_page_names_their_mark(demo, manager_client):
    html = manager_client.get(URL, {"include": "submitted"}).content.decode()
    assert "含已提交但未审核的数字(标 †)。" in html
    assert "*" not in html.split("<main", 1)[1].split("</main>")[0]


def test_word_document_is_a_government_style_report(demo, manager_client):
    response = manager_client.get(URL, {"format": "docx"})
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "《广州珠江沿岸地区高质量发展带工信产业导则》终期评估"
    assert "一、总体情况" in texts and "五、所用数据及其报表" in texts
    assert any(
        text.startswith("《广州珠江沿岸地区高质量发展带工信产业导则》共 16 项目标")
        for text in texts
    )
    title_font = document.paragraphs[0].runs[0]._element.rPr.rFonts
    assert (
        title_font.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "方正小标宋简体"
    )
    body = document.paragraphs[texts.index("一、总体情况") + 1].runs[0]._element.rPr.rFonts
    assert (
        body.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋_GB2312"
    )
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    targets = document.tables[0]
    header = [cell.text for cell in targets.rows[0].cells]
    assert header[:2] == ["序号", "目标"]
    rows = {row.cells[1].text: row.cells[5].text for row in targets.rows[1:]}
    assert rows["5G网络连续覆盖"] == "逾期达成(2024Q4)"
    assert len(targets.rows) == 17
    fonts = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    ).blob.decode()
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts


def test_workbook_holds_the_tables(demo, manager_client):
    response = manager_client.get(URL, {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["一", "二", "三", "四", "五"]
    sheet = workbook["一"]
    assert sheet["A1"].value == "一、总体情况"
    assert sheet["A2"].value.startswith("《广州珠江沿岸地区高质量发展带工信产业导则》共 16 项目标")
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][:2] == ("序号", "目标")
    assert ("5G网络连续覆盖", "逾期达成(2024Q4)") in {(row[1], row[5]) for row in rows[1:]}
    # "= 1" style targets stay text, never formulas.
    assert all(
        not str(cell.value).startswith("=") or cell.data_type == "s"
        for row in sheet
        for cell in row
    )


def test_unknown_download_format_is_404(demo, manager_client):
    assert manager_client.get(URL, {"format": "pdf"}).status_code == 404


def test_officer_sees_only_their_parks_and_belt_counts(demo, huangpu_client):
    response = huangpu_client.get(URL)
    assessment = response.context["assessment"]
    assert {park.code for park in assessment.parks} == HUANGPU_PARKS
    assert {row.park.code for row in assessment.ranking} <= HUANGPU_PARKS
    assert {u.report.park.code for u in assessment.reports} <= HUANGPU_PARKS
    others = Park.objects.exclude(code__in=HUANGPU_PARKS)
    for download in (
        response,
        huangpu_client.get(URL, {"format": "xlsx"}),
        huangpu_client.get(URL, {"format": "docx"}),
    ):
        text = _text_of(download)
        assert "穗港智造合作区" in text  # the officer's own park is there
        for park in others:
            assert park.name not in text, park.name
    # The belt counts stay whole: 2 parks ≥ 1,000 亿元, 琶洲 (海珠) not named.
    level = {lvl: (count.count, hidden) for lvl, _u, count, _n, hidden in assessment.level_counts}
    assert level[Decimal(1000)] == (2, 1)
    assert assessment.belt_evidence.projects_total == 42
    assert "其他区的 9 个园区未列出" in response.content.decode()


def _text_of(response):
    """All the text of the page, or of the .docx or .xlsx it downloads."""
    kind = response["Content-Type"]
    if kind.endswith("wordprocessingml.document"):
        document = Document(io.BytesIO(response.content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return " ".join([p.text for p in document.paragraphs] + cells)
    if kind.endswith("spreadsheetml.sheet"):
        workbook = load_workbook(io.BytesIO(response.content))
        return " ".join(
            str(cell)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    return response.content.decode()


def test_query_count_is_the_same_whatever_the_data(
    guideline, manager_client, django_assert_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(URL).status_code == 200
        return len(queries)

    empty = count()
    call_command("load_demo", verbosity=0)
    # session, user, the user's permissions (one query), the data version (the page cache's key, which
    # load_demo's writes changed), the policy; Progress.load's 7; evidence: firms, belt firm
    # counts, projects, belt project counts, belt one-park-one-policy flags; the reports used
    # and their values; the demo-data banner check.
    with django_assert_num_queries(20):
        manager_client.get(URL)
    assert empty <= 20
    # Then from the page cache: session, user, the user's permissions (one query), the data version.
    with django_assert_num_queries(4):
        manager_client.get(URL)
