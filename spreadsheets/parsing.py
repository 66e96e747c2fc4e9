"""Pure helpers for reading uploaded spreadsheets (.xlsx / .csv) and parsing their cells.

Nothing here touches the database. Every user-facing failure raises ParseError with a
translated message that names the offending value, row or column.
"""

import csv
import io
import re
import zipfile
from decimal import Decimal

from django.utils.translation import gettext as _

from common.values import ParseError, excerpt, normalize_text, parse_decimal

__all__ = [
    "decode_csv",
    "escape_formula",
    "parse_bool",
    "parse_date",
    "parse_period",
    "read_rows",
    "sniff_format",
    "unescape_formula",
]

MIN_YEAR = 2000
MAX_YEAR = 2100

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"
BINARY_PROBE_BYTES = 8192


# --- periods ----------------------------------------------------------------------------

_CHINESE_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}
_PERIOD_PATTERNS = (
    re.compile(r"([0-9]{4})\s*-?\s*Q\s*([0-9]+)"),
    re.compile(r"([0-9]{4})\s*年\s*第?\s*([0-9]+|[一二三四])\s*季度"),
)


def parse_period(value):
    """Parse "2024Q3", "2024-Q3", "2024年第三季度" and similar into (year, quarter)."""
    text = normalize_text(value)
    if not text:
        raise ParseError(_("The period is empty; write it as 2024Q3, 2024-Q3 or 2024年第3季度"))
    upper = text.upper()
    for pattern in _PERIOD_PATTERNS:
        match = pattern.fullmatch(upper)
        if match:
            break
    else:
        raise ParseError(
            _("Unrecognised period “%(value)s”; write it as 2024Q3, 2024-Q3 or 2024年第3季度")
            % {"value": excerpt(value)}
        )
    year = int(match.group(1))
    quarter_text = match.group(2)
    quarter = _CHINESE_QUARTERS.get(quarter_text) or int(quarter_text)
    if not 1 <= quarter <= 4:
        raise ParseError(
            _("The quarter in period “%(value)s” must be 1 to 4") % {"value": excerpt(value)}
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ParseError(
            _("The year in period “%(value)s” must be between %(min)d and %(max)d")
            % {"value": excerpt(value), "min": MIN_YEAR, "max": MAX_YEAR}
        )
    return year, quarter


# --- booleans ---------------------------------------------------------------------------

_TRUE_WORDS = {"是", "y", "yes", "true", "1", "√"}
_FALSE_WORDS = {"否", "n", "no", "false", "0", "×"}


def parse_bool(value):
    """Parse 是/否, Y/N, yes/no, true/false, 1/0, √/× into a bool; blank → None."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        text = normalize_text(value).casefold()
        if not text:
            return None
        if text in _TRUE_WORDS:
            return True
        if text in _FALSE_WORDS:
            return False
    raise ParseError(
        _("Unrecognised yes/no value “%(value)s”; enter “是” (yes) or “否” (no)")
        % {"value": excerpt(value)}
    )


# --- dates ----------------------------------------------------------------------------

_DATE_RE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")


def parse_date(value):
    """Parse a date cell: an Excel date, 2023-05-01, 2023/5/1 or 2023年5月1日; blank → None."""
    import datetime

    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = normalize_text(value)
    if not text:
        return None
    # Excel sometimes hands on a datetime as text: "2023-05-01 00:00:00".
    match = _DATE_RE.fullmatch(text.split(" ")[0]) if isinstance(value, str) else None
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ParseError(
        _("Unrecognised date “%(value)s”; write it as 2023-05-01") % {"value": excerpt(value)}
    )


# --- files ------------------------------------------------------------------------------


def decode_csv(data):
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if data.startswith(UTF16_BOMS):
        candidates = ("utf-16",)
    elif data.startswith(UTF8_BOM):
        candidates = ("utf-8-sig",)
    else:
        # GB18030 is a superset of GBK/GB2312: what Excel on Chinese Windows saves as CSV.
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(
        _(
            "Cannot recognise the file's encoding; in Excel, save it as “CSV UTF-8 (Comma delimited)” and upload it again"
        )
    )


def _old_excel_error(filename):
    return ParseError(
        _(
            "“%(name)s” is an old Excel (.xls) file or a password-protected workbook and "
            "cannot be read. Remove the password, save it as .xlsx or .csv and upload it again"
        )
        % {"name": filename}
    )


def _is_real_xlsx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    return "[Content_Types].xml" in names and any(name.startswith("xl/") for name in names)


def sniff_format(data, filename):
    """Return "xlsx" or "csv" after checking that the extension matches the content."""
    filename = normalize_text(filename)
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    if extension == "xls":
        raise _old_excel_error(filename)
    if extension not in ("xlsx", "csv"):
        raise ParseError(
            _("Unsupported file type “%(name)s”; please upload an .xlsx or .csv file")
            % {"name": filename}
        )
    if not data:
        raise ParseError(_("The file is empty"))
    # Password-protected .xlsx files are OLE2 containers too.
    if data.startswith(OLE2_SIGNATURE):
        raise _old_excel_error(filename)

    if extension == "xlsx":
        if data.startswith(ZIP_SIGNATURE) and _is_real_xlsx(data):
            return "xlsx"
        raise ParseError(
            _(
                "“%(name)s” is not really an .xlsx file; open it in Excel, save it as .xlsx and upload it again"
            )
            % {"name": filename}
        )

    probe = data[:BINARY_PROBE_BYTES]
    if data.startswith(ZIP_SIGNATURE) or (b"\x00" in probe and not data.startswith(UTF16_BOMS)):
        raise ParseError(
            _(
                "“%(name)s” is not really a .csv file; open it in Excel, save it as CSV and upload it again"
            )
            % {"name": filename}
        )
    return "csv"


def _column_letter(number):
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _is_blank(value):
    return value is None or (isinstance(value, str) and not normalize_text(value))


def _csv_rows(data):
    text = decode_csv(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel's "Unicode 文本" export (UTF-16) separates columns with tabs, not commas.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [list(row) for row in reader]
    except csv.Error:
        raise ParseError(
            _("Line %(row)d of the CSV file is malformed and cannot be read")
            % {"row": reader.line_num}
        ) from None


def _xlsx_cell_value(cell):
    value = cell.value
    # A cell shown as "85%" stores 0.85; hand it on as "85%" so it means the same as in CSV.
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (cell.number_format or "")
    ):
        percent = (parse_decimal(float(value)) * 100).normalize()
        return format(percent, "f") + "%"
    return value


def _xlsx_rows(data, filename):
    from openpyxl import load_workbook

    # openpyxl raises many unrelated exception types on damaged files; none should
    # reach the user as a traceback.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                return []
            sheet = workbook.worksheets[0]
            # Some generators write a wrong <dimension>; read every row regardless.
            sheet.reset_dimensions()
            return [[_xlsx_cell_value(cell) for cell in row] for row in sheet.iter_rows(min_row=1)]
        finally:
            workbook.close()
    except Exception:
        raise ParseError(
            _(
                "Cannot read the Excel file “%(name)s”; it may be damaged. Save it again as .xlsx and upload it"
            )
            % {"name": normalize_text(filename)}
        ) from None


def read_rows(data, filename):
    """Read the first sheet of an .xlsx or a .csv upload.

    Returns (headers, rows): headers are normalised strings; rows are
    (row number as shown in Excel, cell values padded to the header width), with fully
    blank rows skipped and blank cells given as None.
    """
    if sniff_format(data, filename) == "xlsx":
        raw_rows = _xlsx_rows(data, filename)
    else:
        raw_rows = _csv_rows(data)

    numbered = [
        (number, row)
        for number, row in enumerate(raw_rows, start=1)
        if not all(_is_blank(value) for value in row)
    ]
    if len(numbered) < 2:
        raise ParseError(_("The file has no data rows"))

    header_number, header_cells = numbered[0]
    headers = [normalize_text(value) for value in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    seen = {}
    for column, header in enumerate(headers, start=1):
        if not header:
            raise ParseError(
                _(
                    "The header in row %(row)d, column %(col)d (column %(letter)s) is empty; enter a column name or delete the column"
                )
                % {"row": header_number, "col": column, "letter": _column_letter(column)}
            )
        if header in seen:
            raise ParseError(
                _("Header “%(name)s” appears more than once (columns %(first)d and %(second)d)")
                % {"name": excerpt(header), "first": seen[header], "second": column}
            )
        seen[header] = column

    width = len(headers)
    rows = []
    for number, cells in numbered[1:]:
        for column, value in enumerate(cells[width:], start=width + 1):
            if not _is_blank(value):
                raise ParseError(
                    _("Row %(row)d, column %(col)d has data but no header")
                    % {"row": number, "col": column}
                )
        values = [None if _is_blank(value) else value for value in cells[:width]]
        values.extend([None] * (width - len(values)))
        rows.append((number, values))
    return headers, rows


# --- export -----------------------------------------------------------------------------

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Stop spreadsheet programs from running exported text as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value):
    """Undo escape_formula, so that an exported file imports back unchanged."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value
