"""Uploads are read in bounded memory: unpacked size (declared and read), rows, columns.

Small crafted bombs against small limits (settings); the large ones are in
bench/abuse_bench.py. Each refusal says why, in the user's language, and changes nothing.
"""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.values import ParseError
from spreadsheets.reading import read_sheet
from tests.spreadsheets.conftest import csv_bytes, figures_snapshot, xlsx_bytes

IMPORT = "admin:tracker_parkreport_import"
HEADERS = ["园区代码", "期间", "revenue"]


def padded_xlsx(sheet_padding=0, strings_padding=0):
    """A valid one-row workbook whose sheet (or shared strings) carries `padding` bytes of
    whitespace: a few KB of file that unpacks to much more."""
    data = xlsx_bytes([HEADERS, ["pazhou", "2024Q3", "1"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</sheetData>", b" " * sheet_padding + b"</sheetData>")
            target.writestr(member.filename, content)
        if strings_padding:
            target.writestr(
                "xl/sharedStrings.xml",
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + b" " * strings_padding
                + b"</sst>",
            )
    return buffer.getvalue()


def with_lying_sizes(data, size=100):
    """Every part's size in the central directory rewritten to `size` bytes."""
    data = bytearray(data)
    position = data.find(b"PK\x01\x02")
    while position != -1:
        struct.pack_into("<I", data, position + 24, size)
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def refused(client, data, filename="figures.xlsx", language="zh-hans"):
    before = figures_snapshot()
    upload = SimpleUploadedFile(filename, data)
    response = client.post(reverse(IMPORT), {"import_file": upload}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert "plan" not in response.context
    assert figures_snapshot() == before
    return [error.message for error in response.context["errors"]]


@pytest.fixture
def small_limits(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 40_000
    settings.IMPORT_MAX_ROWS = 3
    settings.IMPORT_MAX_COLUMNS = 5
    return settings


def test_a_small_file_within_the_limits_is_read(small_limits):
    sheet = read_sheet(padded_xlsx(sheet_padding=5_000), "a.xlsx")
    assert sheet.rows == [(2, ["pazhou", "2024Q3", "1"])]


def test_a_zip_bomb_is_refused_on_its_declared_size(haizhu_client, small_limits):
    data = padded_xlsx(sheet_padding=200_000)
    assert len(data) < 10_000  # KB-sized file, 200 KB unpacked
    assert refused(haizhu_client, data) == [
        "该工作簿解压后超过 39.1\xa0KB(允许的上限)。请删除无用的工作表、图片和格式，或拆分为较小的文件。"
    ]


def test_a_shared_strings_bomb_is_refused_too(haizhu_client, small_limits):
    data = padded_xlsx(strings_padding=200_000)
    [message] = refused(haizhu_client, data, language="en")
    assert message.startswith("The workbook unpacks to more than 39.1\xa0KB, the most accepted.")


def test_a_bomb_whose_declared_sizes_lie_is_stopped_while_reading(haizhu_client, small_limits):
    data = with_lying_sizes(padded_xlsx(sheet_padding=200_000))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(member.file_size for member in archive.infolist()) < 40_000
    [message] = refused(haizhu_client, data)
    # The bytes read never pass the declared size: the part ends short, its check fails.
    assert "无法读取 Excel 文件“figures.xlsx”" in message


def test_bytes_are_counted_while_reading(small_limits, monkeypatch):
    """Even when the zip reader would hand on more than a part declares, the count stops it."""
    data = padded_xlsx(sheet_padding=200_000)
    # The declared sizes pass; the bytes actually inflated are counted and stop the read.
    monkeypatch.setattr("spreadsheets.reading.declared_size", lambda members: 1)
    with pytest.raises(ParseError, match="解压后超过"):
        read_sheet(data, "a.xlsx")


def test_too_many_rows(haizhu_client, small_limits, period):
    rows = [HEADERS, *[["pazhou", "2024Q3", str(n)] for n in range(4)]]
    assert refused(haizhu_client, csv_bytes(rows), "a.csv") == [
        "工作表的数据行超过 3 行(单个文件的上限)。请拆分为较小的文件，逐个导入。"
    ]


def test_blank_rows_and_a_total_row_do_not_count_as_rows(small_limits):
    rows = [HEADERS, *[["x", "2024Q3", "1"]] * 3, ["", "", ""], ["合计", "", "3"]]
    assert len(read_sheet(csv_bytes(rows), "a.csv").rows) == 3


def test_too_many_columns(haizhu_client, small_limits):
    rows = [[*HEADERS, "a", "b", "c"], ["pazhou", "2024Q3", "1", "", "", ""]]
    assert refused(haizhu_client, xlsx_bytes(rows), language="en") == [
        "The sheet has more than 5 columns, the most accepted."
    ]


def test_trailing_blank_cells_do_not_count_as_columns(small_limits):
    rows = [[*HEADERS, None, None, None, None], ["pazhou", "2024Q3", "1", None, None, None, ""]]
    assert read_sheet(xlsx_bytes(rows), "a.xlsx").headers == HEADERS


def test_wrong_columns_are_refused_before_any_row_is_read(haizhu_client):
    # Line 3 would be malformed CSV (a field over the csv module's limit): never reached.
    text = "园区代码,期间,不存在的列\npazhou,2024Q3,1\n" + '"' + "x" * 200_000 + '"\n'
    assert refused(haizhu_client, text.encode(), "a.csv") == [
        "未知列“不存在的列”。请使用模板的列标题，删除不属于模板的列。"
    ]


def test_a_malformed_csv_after_a_good_header_is_still_refused(haizhu_client):
    text = "园区代码,期间,revenue\npazhou,2024Q3,1\n" + '"' + "x" * 200_000 + '"\n'
    assert refused(haizhu_client, text.encode(), "a.csv") == ["CSV 文件第3行格式有误,无法读取"]
