"""Sheets as Chinese offices write them: a title above the header, 合计 rows, formulas."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.values import ParseError
from spreadsheets.reading import read_sheet
from tests.spreadsheets.conftest import confirm, csv_bytes, figures_snapshot, upload, xlsx_bytes
from tracker.models import ParkReport

IMPORT = "admin:tracker_parkreport_import"
CONFIRM = "admin:tracker_parkreport_process_import"
HEADERS = ["园区代码", "期间", "revenue"]
KNOWN = {"园区代码", "期间", "revenue"}


def with_cached_values(data, value=b"2"):
    """The workbook as Excel would save it: each formula with its computed value."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                # openpyxl writes the empty value as <v /> or <v/> (with lxml) or <v></v>.
                content = re.sub(rb"<v\s*/>|<v></v>", b"<v>" + value + b"</v>", content)
            target.writestr(member.filename, content)
    return buffer.getvalue()


def test_a_title_and_a_filler_line_above_the_header_are_skipped():
    rows = [
        ["2024年第三季度园区经营情况表"],
        ["填报单位：海珠区工信局", None, "填报日期：2024-10-10"],
        HEADERS,
        ["pazhou", "2024Q3", "1"],
    ]
    sheet = read_sheet(xlsx_bytes(rows), "a.xlsx", KNOWN)
    assert sheet.headers == HEADERS
    assert sheet.rows == [(4, ["pazhou", "2024Q3", "1"])]
    assert [number for number, _reason in sheet.skipped] == [1, 2]


def test_without_a_known_header_the_first_row_is_the_header():
    sheet = read_sheet(csv_bytes([["甲", "乙"], ["1", "2"]]), "a.csv", KNOWN)
    assert (sheet.headers, sheet.skipped) == (["甲", "乙"], [])


def test_the_header_is_looked_for_only_near_the_top():
    rows = [[f"说明{n}"] for n in range(12)] + [HEADERS, ["pazhou", "2024Q3", "1"]]
    with pytest.raises(ParseError):
        read_sheet(csv_bytes(rows), "a.csv", KNOWN)


@pytest.mark.parametrize("word", ["合计", "小计", "总计", "合  计", "合计：", "Total"])
def test_total_rows_are_skipped_and_said_so(word):
    rows = [HEADERS, ["pazhou", "2024Q3", "1"], [word, "", "1"]]
    sheet = read_sheet(csv_bytes(rows), "a.csv", KNOWN)
    assert sheet.rows == [(2, ["pazhou", "2024Q3", "1"])]
    [(number, reason)] = sheet.skipped
    assert number == 3 and word.strip() in reason


def test_the_preview_says_which_rows_were_skipped_and_the_import_ignores_them(
    haizhu_client, period
):
    rows = [
        ["海珠区园区季报"],
        HEADERS,
        ["pazhou", "2024Q3", "12.5"],
        ["合计", None, 12.5],
    ]
    response = upload(haizhu_client, IMPORT, xlsx_bytes(rows), "a.xlsx")
    plan = response.context["plan"]
    assert [row.number for row in plan.rows] == [3]
    html = response.content.decode()
    assert "以下行不是数据，已跳过" in html
    assert "第 1 行：位于表头之上(标题或填报单位/日期行)，不是数据" in html
    assert "第 4 行：合计行(“合计”)，不是数据" in html
    confirm(haizhu_client, CONFIRM, response)
    report = ParkReport.objects.get(period=period)
    assert str(report.values.get(indicator__code="revenue").value) == "12.5000"


def test_a_formula_without_a_computed_value_is_refused_naming_its_cell(haizhu_client, period):
    data = xlsx_bytes([HEADERS, ["pazhou", "2024Q3", "=1+1"]])
    before = figures_snapshot()
    response = upload(haizhu_client, IMPORT, data, "程序导出.xlsx")
    assert "plan" not in response.context
    assert [error.message for error in response.context["errors"]] == [
        "单元格 C2 是公式但没有计算结果(文件不是由 Excel 保存的)，请在 Excel 中打开并保存后再导入。"
    ]
    assert figures_snapshot() == before


def test_the_formula_message_in_english(haizhu_client, period):
    data = xlsx_bytes([HEADERS, ["pazhou", "2024Q3", 5], ["pazhou", "2024Q2", "=C2*2"]])
    upload_file = SimpleUploadedFile("a.xlsx", data)
    response = haizhu_client.post(
        reverse(IMPORT), {"import_file": upload_file}, HTTP_ACCEPT_LANGUAGE="en"
    )
    [error] = response.context["errors"]
    assert error.message.startswith("Cell C3 holds a formula without a computed value")


def test_a_formula_with_its_computed_value_is_read_as_that_value():
    data = with_cached_values(xlsx_bytes([HEADERS, ["pazhou", "2024Q3", "=1+1"]]))
    assert read_sheet(data, "a.xlsx", KNOWN).rows == [(2, ["pazhou", "2024Q3", 2])]
