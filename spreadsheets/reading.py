"""Reading an uploaded sheet in bounded memory and time, whatever the file claims to be.

An .xlsx is a zip: its parts' declared sizes are summed, then every part is inflated once,
in chunks, with the bytes counted (a part may declare less than it holds), before openpyxl
reads the first sheet row by row (read-only). A CSV is decoded as it is read. The header is
found among the first rows (offices put a title or a 填报单位/日期 line above it) and
checked before any data row is read; reading stops at the first row past the row limit.
Total rows (合计/小计) are skipped and reported; a formula without a computed value is
refused with its cell named, never read as blank.

Nothing here touches the database; every refusal is a ParseError in the user's language.
"""

import codecs
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from itertools import chain

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from common.values import ParseError, excerpt, normalize_text, parse_decimal
from spreadsheets.parsing import UTF8_BOM, UTF16_BOMS, sniff_format

__all__ = ["SheetRows", "column_letter", "read_rows", "read_sheet"]

# The header is looked for among this many non-blank rows at the top of the sheet.
HEADER_SEARCH_ROWS = 10
# A row is taken as the header when it has at least this many known column names.
HEADER_MATCHES = 2
TOTAL_WORDS = {"合计", "小计", "总计", "total", "subtotal", "grandtotal"}
CHUNK = 64 * 1024
# <f>, <f t="shared" …/>, and the same with a namespace prefix (<x:f>).
FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
WORKSHEET_PREFIX = "xl/worksheets/"


@dataclass
class SheetRows:
    headers: list
    rows: list  # [(row number as Excel shows it, [cell, ...] padded to the header width)]
    skipped: list = field(default_factory=list)  # [(row number, why, in the user's language)]
    columns: object = None  # what check_headers returned


def column_letter(number):
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def is_blank(value):
    return value is None or (isinstance(value, str) and not normalize_text(value))


def _trimmed(cells):
    end = len(cells)
    while end and is_blank(cells[end - 1]):
        end -= 1
    return cells[:end]


# --- limits -----------------------------------------------------------------------------


def _unpacked_too_big(limit):
    return ParseError(
        _(
            "The workbook unpacks to more than %(limit)s, the most accepted. Delete unused sheets, pictures and formatting, or split it into smaller files."
        )
        % {"limit": filesizeformat(limit)}
    )


def _damaged(filename):
    return ParseError(
        _(
            "Cannot read the Excel file “%(name)s”; it may be damaged. Save it again as .xlsx and upload it"
        )
        % {"name": normalize_text(filename)}
    )


def declared_size(members):
    return sum(member.file_size for member in members)


def check_archive(data, filename):
    """Refuse an .xlsx whose parts unpack to more than IMPORT_MAX_UNPACKED_BYTES, by their
    declared sizes and by the bytes actually inflated. Returns True when a worksheet holds
    formulas (whose computed values must then be checked)."""
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if declared_size(members) > limit:
                raise _unpacked_too_big(limit)
            total, formulas = 0, False
            for member in members:
                is_sheet = member.filename.startswith(WORKSHEET_PREFIX)
                with archive.open(member) as stream:
                    tail = b""
                    while chunk := stream.read(CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise _unpacked_too_big(limit)
                        if is_sheet and not formulas:
                            formulas = bool(FORMULA_TAG.search(tail + chunk))
                            tail = chunk[-32:]
    except ParseError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError) as error:
        raise _damaged(filename) from error
    except (OSError, ValueError, EOFError, RuntimeError) as error:
        raise _damaged(filename) from error
    return formulas


def _too_many_rows(limit):
    return ParseError(
        _(
            "The sheet has more than %(limit)s data rows, the most accepted in one file. Split it into smaller files and import them one by one."
        )
        % {"limit": f"{limit:,}"}
    )


def _too_many_columns(limit):
    return ParseError(
        _("The sheet has more than %(limit)d columns, the most accepted.") % {"limit": limit}
    )


# --- xlsx -------------------------------------------------------------------------------


def _xlsx_cell_value(cell):
    value = cell.value
    # A cell shown as "85%" stores 0.85; hand it on as "85%" so it means the same as in CSV.
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", None) or "")
    ):
        percent = (parse_decimal(float(value)) * 100).normalize()
        return format(percent, "f") + "%"
    return value


def _formula_without_value(number, column):
    return ParseError(
        _(
            "Cell %(cell)s holds a formula without a computed value (the file was saved by a program, not by Excel). Open it in Excel, save it and import it again."
        )
        % {"cell": f"{column_letter(column)}{number}"}
    )


def _open_first_sheet(data, data_only):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    if not workbook.worksheets:
        return workbook, iter(())
    sheet = workbook.worksheets[0]
    # Some generators write a wrong <dimension>; read every row regardless.
    sheet.reset_dimensions()
    return workbook, sheet.iter_rows(min_row=1)


def _xlsx_rows(data, filename):
    """(row number, [value, ...]) of the first sheet, streamed."""
    formulas = check_archive(data, filename)
    max_columns = settings.IMPORT_MAX_COLUMNS
    workbooks = []
    try:
        # openpyxl raises many unrelated exception types on damaged files; none should
        # reach the user as a traceback.
        try:
            workbook, values = _open_first_sheet(data, data_only=True)
            workbooks.append(workbook)
            if formulas:
                # The same sheet read again alongside, with formulas as written: a cell
                # that is a formula there and empty here has no computed value.
                workbook, written = _open_first_sheet(data, data_only=False)
                workbooks.append(workbook)
            else:
                written = iter(())
            for number, row in enumerate(values, start=1):
                written_row = next(written, ())
                if len(row) > max_columns and len(_trimmed([c.value for c in row])) > max_columns:
                    raise _too_many_columns(max_columns)
                cells = [_xlsx_cell_value(cell) for cell in row[:max_columns]]
                for column, cell in enumerate(written_row[: len(cells)], start=1):
                    text = cell.value
                    if isinstance(text, str) and text.startswith("=") and cells[column - 1] is None:
                        raise _formula_without_value(number, column)
                yield number, cells
        except ParseError:
            raise
        except Exception as error:
            raise _damaged(filename) from error
    finally:
        for workbook in workbooks:
            workbook.close()


# --- csv --------------------------------------------------------------------------------


def _csv_encoding(data):
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030, checked chunk by chunk
    over the whole file without holding its text."""
    if data.startswith(UTF16_BOMS):
        candidates = ("utf-16",)
    elif data.startswith(UTF8_BOM):
        candidates = ("utf-8-sig",)
    else:
        # GB18030 is a superset of GBK/GB2312: what Excel on Chinese Windows saves as CSV.
        candidates = ("utf-8", "gb18030")
    view = memoryview(data)
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), CHUNK):
                decoder.decode(view[start : start + CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ParseError(
        _(
            "Cannot recognise the file's encoding; in Excel, save it as “CSV UTF-8 (Comma delimited)” and upload it again"
        )
    )


def _csv_delimiter(data, encoding):
    prefix = codecs.getincrementaldecoder(encoding)().decode(data[:CHUNK])
    first_line = next((line for line in prefix.splitlines() if line.strip()), "")
    # Excel's "Unicode 文本" export (UTF-16) separates columns with tabs, not commas.
    return "\t" if "\t" in first_line and "," not in first_line else ","


def _csv_rows(data):
    encoding = _csv_encoding(data)
    delimiter = _csv_delimiter(data, encoding)
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    reader = csv.reader(text, delimiter=delimiter)
    max_columns = settings.IMPORT_MAX_COLUMNS
    try:
        for number, row in enumerate(reader, start=1):
            if len(row) > max_columns and len(_trimmed(row)) > max_columns:
                raise _too_many_columns(max_columns)
            yield number, row[:max_columns]
    except csv.Error:
        raise ParseError(
            _("Line %(row)d of the CSV file is malformed and cannot be read")
            % {"row": reader.line_num}
        ) from None


# --- the sheet --------------------------------------------------------------------------


def _header_key(value):
    return normalize_text(value).casefold()


def _find_header(numbered, known):
    """Split the first non-blank rows into (rows above the header, header, rows after).

    Reads no further than the header when it is recognised (HEADER_MATCHES known column
    names), so that wrong columns are refused before the data is read."""
    top = []
    for number, cells in numbered:
        top.append((number, cells))
        if sum(1 for value in cells if _header_key(value) in known) >= HEADER_MATCHES:
            return top[:-1], top[-1], []
        if len(top) >= HEADER_SEARCH_ROWS:
            break
    if not top:
        raise ParseError(_("The file has no data rows"))
    return [], top[0], top[1:]


def _check_headers(header_number, header_cells):
    headers = [normalize_text(value) for value in _trimmed(list(header_cells))]
    seen = {}
    for column, header in enumerate(headers, start=1):
        if not header:
            raise ParseError(
                _(
                    "The header in row %(row)d, column %(col)d (column %(letter)s) is empty; enter a column name or delete the column"
                )
                % {"row": header_number, "col": column, "letter": column_letter(column)}
            )
        if header in seen:
            raise ParseError(
                _("Header “%(name)s” appears more than once (columns %(first)d and %(second)d)")
                % {"name": excerpt(header), "first": seen[header], "second": column}
            )
        seen[header] = column
    return headers


def total_label(cells):
    """The word of a 合计/小计 row (its first non-blank cell), or None for a data row."""
    first = next((value for value in cells if not is_blank(value)), None)
    if not isinstance(first, str):
        return None
    word = re.sub(r"[\s:：]", "", normalize_text(first)).casefold()
    return first.strip() if word in TOTAL_WORDS else None


def read_sheet(data, filename, known_headers=(), check_headers=None):
    """Read the first sheet of an .xlsx or a .csv upload.

    `known_headers` (case-folded) find the header among the first rows; `check_headers`,
    called with the headers before any data row is read, may refuse them by raising.
    """
    raw = _xlsx_rows(data, filename) if sniff_format(data, filename) == "xlsx" else _csv_rows(data)
    numbered = ((n, cells) for n, cells in raw if not all(is_blank(v) for v in cells))
    above, (header_number, header_cells), after = _find_header(numbered, set(known_headers))
    sheet = SheetRows(_check_headers(header_number, header_cells), [])
    for number, _cells in above:
        sheet.skipped.append(
            (number, _("above the header (a title or a 填报单位/日期 line), not data"))
        )
    if check_headers is not None:
        sheet.columns = check_headers(sheet.headers, header_number)
    width, max_rows = len(sheet.headers), settings.IMPORT_MAX_ROWS
    for number, cells in chain(after, numbered):
        for column, value in enumerate(cells[width:], start=width + 1):
            if not is_blank(value):
                raise ParseError(
                    _("Row %(row)d, column %(col)d has data but no header")
                    % {"row": number, "col": column}
                )
        label = total_label(cells[:width])
        if label is not None:
            reason = _("a total row (“%(word)s”), not data") % {"word": excerpt(label)}
            sheet.skipped.append((number, reason))
            continue
        if len(sheet.rows) >= max_rows:
            raise _too_many_rows(max_rows)
        values = [None if is_blank(value) else value for value in cells[:width]]
        values.extend([None] * (width - len(values)))
        sheet.rows.append((number, values))
    if not sheet.rows:
        raise ParseError(_("The file has no data rows"))
    return sheet


def read_rows(data, filename):
    """(headers, rows) of the first sheet, the header being its first non-blank row."""
    sheet = read_sheet(data, filename)
    return sheet.headers, sheet.rows
