"""Pure helpers for reading uploaded spreadsheets (.xlsx / .csv) and parsing their cells.

Nothing here touches the database. Every user-facing failure raises ParseError with a
translated message that names the offending value, row or column.
"""

import io
import re
import zipfile
from decimal import Decimal

from django.utils.translation import gettext as _

from common.values import ParseError, excerpt, normalize_text

__all__ = [
    "decode_csv",
    "escape_formula",
    "parse_bool",
    "parse_date",
    "parse_period",
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
