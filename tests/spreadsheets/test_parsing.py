import io
import zipfile
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import Workbook

from common.values import ParseError, format_period, parse_decimal
from spreadsheets.parsing import (
    decode_csv,
    escape_formula,
    parse_bool,
    parse_period,
    sniff_format,
)
from spreadsheets.reading import read_rows

# These tests need no database; this lets them run with `-p no:django` too.
if not settings.configured:
    settings.configure(USE_I18N=False)


@pytest.fixture(autouse=True)
def chinese_messages():
    # Messages are asserted in the Chinese source language.
    with translation.override("zh-hans"):
        yield


def make_xlsx(rows, percent_cells=()):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate in percent_cells:
        sheet[coordinate].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OLE2_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


# --- parse_period / format_period -------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2024Q3",
        "2024q3",
        "2024-Q3",
        "2024 Q3",
        "2024年第3季度",
        "2024年3季度",
        "2024年第三季度",
        "２０２４Ｑ３",
        "２０２４年第３季度",
        "  2024Q3\u3000",
        "\xa02024-q3 ",
    ],
)
def test_parse_period_accepts(value):
    assert parse_period(value) == (2024, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024年第一季度", (2024, 1)),
        ("2024年第二季度", (2024, 2)),
        ("2024年第四季度", (2024, 4)),
        ("2000Q1", (2000, 1)),
        ("2100Q4", (2100, 4)),
    ],
)
def test_parse_period_quarters_and_year_bounds(value, expected):
    assert parse_period(value) == expected


@pytest.mark.parametrize(
    "value", ["abc", "2024", "Q3 2024", "24Q3", "2024Q3x", "2024年第五季度", "2024/3", "2024Q"]
)
def test_parse_period_rejects_unrecognised(value):
    with pytest.raises(ParseError) as excinfo:
        parse_period(value)
    assert f"无法识别的期间“{value}”" in str(excinfo.value)
    assert "2024Q3" in str(excinfo.value)


@pytest.mark.parametrize("value", ["2024Q0", "2024Q5", "2024年第5季度"])
def test_parse_period_rejects_quarter_out_of_range(value):
    with pytest.raises(ParseError, match="季度必须是 1 到 4") as excinfo:
        parse_period(value)
    assert f"“{value}”" in excinfo.value.message


@pytest.mark.parametrize("value", ["1999Q4", "2101Q1"])
def test_parse_period_rejects_year_out_of_range(value):
    with pytest.raises(ParseError, match="年份必须在 2000 到 2100 之间") as excinfo:
        parse_period(value)
    assert f"“{value}”" in excinfo.value.message


@pytest.mark.parametrize("value", [None, "", "  \u3000"])
def test_parse_period_rejects_blank(value):
    with pytest.raises(ParseError, match="期间不能为空"):
        parse_period(value)


def test_parse_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_period("x")


def test_format_period():
    assert format_period(2024, 3) == "2024Q3"
    assert parse_period(format_period(2031, 1)) == (2031, 1)


# --- parse_bool -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["是", "Y", "y", "yes", "YES", "true", "TRUE", "1", "√", " 是 ", "１", 1, 1.0, True]
)
def test_parse_bool_true(value):
    assert parse_bool(value) is True


@pytest.mark.parametrize(
    "value", ["否", "N", "n", "no", "No", "false", "FALSE", "0", "×", 0, 0.0, False]
)
def test_parse_bool_false(value):
    assert parse_bool(value) is False


@pytest.mark.parametrize("value", [None, "", "  ", "\u3000"])
def test_parse_bool_blank_is_none(value):
    assert parse_bool(value) is None


@pytest.mark.parametrize("value", ["也许", "2", "x", "yess", 2, -1])
def test_parse_bool_rejects(value):
    with pytest.raises(ParseError) as excinfo:
        parse_bool(value)
    assert f"无法识别的是/否值“{value}”" in excinfo.value.message


# --- decode_csv -------------------------------------------------------------------------

CHINESE_CSV = '园区,季度,产值(亿元)\r\n南沙,2024Q3,"1,234.5"\r\n黄埔,2024年第三季度,85%\r\n'


def test_decode_csv_utf8():
    assert decode_csv(CHINESE_CSV.encode("utf-8")) == CHINESE_CSV


def test_decode_csv_utf8_bom_is_stripped():
    assert decode_csv(("\ufeff" + CHINESE_CSV).encode("utf-8")) == CHINESE_CSV


def test_decode_csv_gb18030():
    data = CHINESE_CSV.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_csv(data) == CHINESE_CSV


def test_decode_csv_gbk_is_read_as_gb18030():
    assert decode_csv(CHINESE_CSV.encode("gbk")) == CHINESE_CSV


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_csv_utf16_with_bom(encoding):
    data = ("\ufeff" if encoding != "utf-16" else "") + CHINESE_CSV
    assert decode_csv(data.encode(encoding)) == CHINESE_CSV


def test_decode_csv_unknown_encoding():
    with pytest.raises(ParseError, match="无法识别文件编码"):
        decode_csv(b"\x80abc\xff\xff")


# --- sniff_format -----------------------------------------------------------------------


def test_sniff_format_accepts_matching_files():
    assert sniff_format(make_xlsx([["a"], [1]]), "数据.xlsx") == "xlsx"
    assert sniff_format(make_xlsx([["a"], [1]]), "数据.XLSX") == "xlsx"
    assert sniff_format(CHINESE_CSV.encode("gb18030"), "数据.csv") == "csv"
    assert sniff_format(CHINESE_CSV.encode("utf-16"), "数据.CSV") == "csv"


def test_sniff_format_rejects_csv_named_xlsx():
    with pytest.raises(ParseError) as excinfo:
        sniff_format(CHINESE_CSV.encode("utf-8"), "报表.xlsx")
    assert "“报表.xlsx”不是真正的 .xlsx 文件" in excinfo.value.message


def test_sniff_format_rejects_xlsx_named_csv():
    with pytest.raises(ParseError) as excinfo:
        sniff_format(make_xlsx([["a"], [1]]), "报表.csv")
    assert "“报表.csv”不是真正的 .csv 文件" in excinfo.value.message


def test_sniff_format_rejects_other_zip_named_xlsx():
    docx_like = make_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
    with pytest.raises(ParseError, match="不是真正的 .xlsx 文件"):
        sniff_format(docx_like, "报表.xlsx")


def test_sniff_format_rejects_broken_zip_named_xlsx():
    with pytest.raises(ParseError, match="不是真正的 .xlsx 文件"):
        sniff_format(b"PK\x03\x04" + b"\x00" * 100, "报表.xlsx")


def test_sniff_format_rejects_binary_named_csv():
    with pytest.raises(ParseError, match="不是真正的 .csv 文件"):
        sniff_format(b"a,b\n\x00\x01\x02", "报表.csv")


@pytest.mark.parametrize("filename", ["报表.csv", "报表.xlsx"])
def test_sniff_format_rejects_empty(filename):
    with pytest.raises(ParseError) as excinfo:
        sniff_format(b"", filename)
    assert excinfo.value.message == "文件是空的"


@pytest.mark.parametrize("filename", ["旧报表.xls", "旧报表.xlsx", "旧报表.csv", "旧报表.XLS"])
def test_sniff_format_rejects_old_xls(filename):
    with pytest.raises(ParseError) as excinfo:
        sniff_format(OLE2_BYTES, filename)
    assert "请取消密码并另存为 .xlsx 或 .csv" in excinfo.value.message
    assert f"“{filename}”" in excinfo.value.message


@pytest.mark.parametrize("filename", ["报表.txt", "报表.xlsm", "报表", "", "报表.xlsx.pdf"])
def test_sniff_format_rejects_unknown_extension(filename):
    with pytest.raises(ParseError) as excinfo:
        sniff_format(b"a,b\n1,2\n", filename)
    assert "请上传 .xlsx 或 .csv 文件" in excinfo.value.message
    assert f"“{filename}”" in excinfo.value.message


# --- read_rows --------------------------------------------------------------------------

EXPECTED_HEADERS = ["园区", "季度", "产值(亿元)"]
EXPECTED_ROWS = [
    (2, ["南沙", "2024Q3", "1,234.5"]),
    (3, ["黄埔", "2024年第三季度", "85%"]),
]


@pytest.mark.parametrize(
    "data",
    [
        CHINESE_CSV.encode("utf-8"),
        ("\ufeff" + CHINESE_CSV).encode("utf-8"),
        CHINESE_CSV.encode("gb18030"),
        CHINESE_CSV.encode("utf-16"),
        CHINESE_CSV.replace("\r\n", "\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "utf-16", "lf"],
)
def test_read_rows_csv_encodings_give_the_same_rows(data):
    assert read_rows(data, "季报.csv") == (EXPECTED_HEADERS, EXPECTED_ROWS)


def test_read_rows_excel_unicode_text_is_tab_separated():
    text = "园区\t季度\t产值(亿元)\r\n南沙\t2024Q3\t1,234.5\r\n黄埔\t2024年第三季度\t85%\r\n"
    assert read_rows(text.encode("utf-16"), "季报.csv") == (EXPECTED_HEADERS, EXPECTED_ROWS)


def test_read_rows_csv_quoted_newline_and_blank_rows_keep_numbering():
    text = '园区,备注,产值\r\n南沙,"第一行\r\n第二行",1\r\n\r\n,,\r\n , \u3000 ,\r\n黄埔,,2\r\n'
    headers, rows = read_rows(text.encode("utf-8"), "a.csv")
    assert headers == ["园区", "备注", "产值"]
    assert rows == [
        (2, ["南沙", "第一行\r\n第二行", "1"]),
        (6, ["黄埔", None, "2"]),
    ]


def test_read_rows_normalises_headers_and_drops_trailing_empty_ones():
    text = "\ufeff园区 ,\u3000产值（亿元）,,\n南沙,1,,\n黄埔,2\n"
    headers, rows = read_rows(text.encode("utf-8"), "a.csv")
    assert headers == ["园区", "产值(亿元)"]
    assert rows == [(2, ["南沙", "1"]), (3, ["黄埔", "2"])]


def test_read_rows_pads_short_rows():
    _, rows = read_rows(b"a,b,c\n1\n", "a.csv")
    assert rows == [(2, ["1", None, None])]


def test_read_rows_rejects_empty_header_in_the_middle():
    with pytest.raises(ParseError) as excinfo:
        read_rows("园区,,产值\n南沙,x,1\n".encode(), "a.csv")
    assert "第1行第2列(B列)的表头是空的" in excinfo.value.message


def test_read_rows_rejects_duplicate_headers():
    with pytest.raises(ParseError) as excinfo:
        read_rows("园区,产值,园区\n南沙,1,南沙\n".encode(), "a.csv")
    assert "表头“园区”重复出现(第1列和第3列)" in excinfo.value.message


def test_read_rows_duplicate_headers_are_compared_after_normalising():
    with pytest.raises(ParseError, match="表头“产值”重复出现"):
        read_rows("产值,产值\u3000\n1,2\n".encode(), "a.csv")


def test_read_rows_rejects_data_without_header():
    with pytest.raises(ParseError) as excinfo:
        read_rows("园区,产值\n南沙,1\n黄埔,2,多余\n".encode(), "a.csv")
    assert excinfo.value.message == "第3行第3列有数据但没有表头"


@pytest.mark.parametrize("text", ["园区,产值\n", "园区,产值\n\n,\n", "\n\n", " , \n"])
def test_read_rows_rejects_files_without_data_rows(text):
    with pytest.raises(ParseError) as excinfo:
        read_rows(text.encode(), "a.csv")
    assert excinfo.value.message == "文件中没有数据行"


def test_read_rows_xlsx_with_blank_rows():
    data = make_xlsx(
        [
            ["园区", "季度", "产值", "达标"],
            ["南沙", "2024Q3", 1234.5, "是"],
            [None, None, None, None],
            [None, "  ", None, None],
            ["黄埔", "2024年第三季度", 85, None],
        ]
    )
    headers, rows = read_rows(data, "季报.xlsx")
    assert headers == ["园区", "季度", "产值", "达标"]
    assert rows == [
        (2, ["南沙", "2024Q3", 1234.5, "是"]),
        (5, ["黄埔", "2024年第三季度", 85, None]),
    ]
    assert parse_decimal(rows[0][1][2]) == Decimal("1234.5")


def test_read_rows_xlsx_header_not_on_first_row_keeps_excel_row_numbers():
    data = make_xlsx([[None], ["园区", "产值"], ["南沙", 1]])
    assert read_rows(data, "a.xlsx") == (["园区", "产值"], [(3, ["南沙", 1])])


def test_read_rows_xlsx_percent_cells_mean_the_same_as_in_csv():
    data = make_xlsx([["园区", "达标率"], ["南沙", 0.853], ["黄埔", 1]], percent_cells=["B2", "B3"])
    _, rows = read_rows(data, "a.xlsx")
    assert rows == [(2, ["南沙", "85.3%"]), (3, ["黄埔", "100%"])]
    assert parse_decimal(rows[0][1][1]) == Decimal("85.3")


def test_read_rows_xlsx_rejects_data_without_header():
    data = make_xlsx([["园区", None], ["南沙", None, None, "x"]])
    with pytest.raises(ParseError) as excinfo:
        read_rows(data, "a.xlsx")
    assert excinfo.value.message == "第2行第4列有数据但没有表头"


def test_read_rows_xlsx_empty_sheet():
    with pytest.raises(ParseError, match="文件中没有数据行"):
        read_rows(make_xlsx([]), "a.xlsx")


def test_read_rows_corrupt_xlsx_is_a_parse_error():
    data = make_zip({"[Content_Types].xml": "not xml", "xl/workbook.xml": "garbage"})
    with pytest.raises(ParseError) as excinfo:
        read_rows(data, "坏文件.xlsx")
    assert "无法读取 Excel 文件“坏文件.xlsx”" in excinfo.value.message


def test_read_rows_checks_the_format_first():
    with pytest.raises(ParseError, match="不是真正的 .csv 文件"):
        read_rows(make_xlsx([["a"], [1]]), "a.csv")
    with pytest.raises(ParseError, match="不是真正的 .xlsx 文件"):
        read_rows(b"a\n1\n", "a.xlsx")
    with pytest.raises(ParseError, match="文件是空的"):
        read_rows(b"", "a.csv")
    with pytest.raises(ParseError, match="另存为 .xlsx 或 .csv"):
        read_rows(OLE2_BYTES, "a.xls")


def test_read_rows_csv_in_unknown_encoding():
    with pytest.raises(ParseError, match="无法识别文件编码"):
        read_rows(b"a,b\n\x80\xff,1\n", "a.csv")


# --- escape_formula ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 20 1234", "'+86 20 1234"),
        ("-abc", "'-abc"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("南沙", "南沙"),
        ("", ""),
        ("a=b", "a=b"),
        (-5, -5),
        (Decimal("-1.5"), Decimal("-1.5")),
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected
