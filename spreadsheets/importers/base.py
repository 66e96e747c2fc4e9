"""Spreadsheet imports: read a whole file, check every row, then write everything or nothing.

Each importer plans first (reads the database in a fixed number of queries, whatever the
row count), so the same code serves the preview and the confirm. Then it writes: park
figures through tracker's ReportBatch, the registers through simple_history's bulk
helpers, so every change keeps its history with the importing user.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from common.values import ParseError, normalize_text
from parks.models import Park
from spreadsheets.columns import PARK_CODE, PARK_NAME
from spreadsheets.parsing import unescape_formula
from spreadsheets.reading import read_sheet
from tracker.versions import DataVersion

# Rows per INSERT/UPDATE statement of the registers: keeps SQLite under its parameter limit.
WRITE_BATCH_SIZE = 500
# The page lists at most this many (grouped) problems and counts the rest.
ERRORS_SHOWN = 200
# Row ranges listed per group of problems before "…".
RANGES_SHOWN = 6
QUOTED = re.compile(r"“[^”]*”")


class ImportRefused(Exception):
    """The whole import is refused; `errors` lists why."""

    def __init__(self, errors):
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


class StaleImport(Exception):
    """The data changed between preview and confirm."""


@dataclass
class RowError:
    row: int | None  # as Excel numbers rows; None for a problem with the whole file
    column: str
    value: str
    message: str


@dataclass
class CellChange:
    column: str
    old: str
    new: str


@dataclass
class PlannedRow:
    number: int
    label: str
    status: str  # "new", "changed" or "unchanged"
    changes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    will_submit: bool = False  # "import and submit" submits this report, changed or not


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    fingerprint: str = ""
    work: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)  # [(row number, why)]: not data, not read

    @property
    def ok(self):
        return not self.errors

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new_count(self):
        return self.count("new")

    @property
    def changed_count(self):
        return self.count("changed")

    @property
    def unchanged_count(self):
        return self.count("unchanged")


@dataclass
class ErrorGroup:
    """Problems with one reason in one column, e.g. rows 2–150,001: unknown park."""

    rows: str
    column: str
    value: str
    message: str
    count: int


def row_ranges(numbers):
    """ "2–5, 8, 10–12" (with "…" after RANGES_SHOWN ranges)."""
    ranges = []
    for number in sorted(set(numbers)):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    parts = [f"{a:,}" if a == b else f"{a:,}–{b:,}" for a, b in ranges[:RANGES_SHOWN]]
    if len(ranges) > RANGES_SHOWN:
        parts.append("…")
    return ", ".join(parts)


def group_errors(errors, limit=ERRORS_SHOWN):
    """([ErrorGroup], number of problems not shown): problems in one column whose messages
    differ only in a quoted value share a group; at most `limit` groups."""
    by_reason = {}
    for error in errors:
        by_reason.setdefault((error.column, QUOTED.sub("“…”", error.message)), []).append(error)
    groups, covered = [], 0
    for (column, reason), members in by_reason.items():
        if len(groups) >= limit:
            break
        messages = {error.message for error in members}
        values = {error.value for error in members}
        groups.append(
            ErrorGroup(
                rows=row_ranges(error.row for error in members if error.row is not None),
                column=column,
                value=values.pop() if len(values) == 1 else "…",
                message=messages.pop() if len(messages) == 1 else reason,
                count=len(members),
            )
        )
        covered += len(members)
    return groups, len(errors) - covered


def shown(value):
    if value is None:
        return ""
    return str(value)


def fingerprint(parts):
    digest = hashlib.sha256()
    for part in sorted(repr(item) for item in parts):
        digest.update(part.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def file_error(message):
    return ImportRefused([RowError(None, "", "", message)])


def check_size(data):
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise file_error(
            _(
                "The file is %(size)s; the largest file accepted is %(limit)s. Split it into smaller files and import them one by one."
            )
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )


class Importer:
    """Base: subclasses name their sheet's columns (spreadsheets.columns) and plan and
    apply rows."""

    sheet = None
    # The ids of the only parks whose figures apply() wrote, if it can tell (the dashboards'
    # per-park versions, tracker/versions.py); None: any park's.
    written_parks = None

    def __init__(self, user, submit=False):
        self.user = user
        self.submit = submit

    # -- entry points ----------------------------------------------------------------------

    def preview(self, data, filename):
        """Plan the import of `data`; raises ImportRefused with every problem found."""
        check_size(data)
        known = {header.casefold() for header in self.known_columns()}
        try:
            # The columns are checked at the header, before any data row is read.
            sheet = read_sheet(data, filename, known, self.map_columns)
        except ParseError as error:
            raise file_error(error.message) from None
        plan = self.plan_columns(sheet.columns, sheet.rows)
        plan.skipped = sheet.skipped
        return plan

    def preview_rows(self, headers, rows):
        """Plan the import of already read rows: [(row number, [cell, ...]), ...]."""
        return self.plan_columns(self.map_columns(headers), rows)

    def plan_columns(self, columns, rows):
        plan = self.plan(columns, rows)
        if plan.errors:
            plan.errors.sort(key=lambda error: error.row or 0)
            raise ImportRefused(plan.errors)
        return plan

    def confirm(self, data, filename, expected_fingerprint):
        """Plan again and write; refuses if anything changed since the preview."""
        with transaction.atomic():
            plan = self.preview(data, filename)
            if plan.fingerprint != expected_fingerprint:
                raise StaleImport
            self.apply(plan)
            # Bulk writes send no signals: the import raises the dashboards' data version
            # itself, in its transaction (tracker/versions.py).
            DataVersion.bump(parks=self.written_parks)
        return plan

    def plan(self, columns, rows):
        raise NotImplementedError

    def apply(self, plan):
        raise NotImplementedError

    # -- columns ---------------------------------------------------------------------------

    def known_columns(self):
        """{header as written in files: column key}."""
        return {name: name for name in self.sheet.columns}

    def map_columns(self, headers, header_row=1):
        """{column key: (index, header as written)}; refuses unknown, doubled and missing
        columns."""
        known = self.known_columns()
        columns, errors, seen = {}, [], {}
        for index, header in enumerate(headers):
            key = known.get(header) or known.get(header.casefold())
            if key is None:
                errors.append(RowError(header_row, header, header, unknown_column(header)))
            elif key in seen:
                message = _("Column “%(header)s” is the same as column “%(other)s”.") % {
                    "header": header,
                    "other": seen[key],
                }
                errors.append(RowError(header_row, header, header, message))
            else:
                seen[key] = header
                columns[key] = (index, header)
        for name in self.sheet.required:
            if name not in columns:
                message = _("The column “%(header)s” is missing.") % {"header": name}
                errors.append(RowError(header_row, name, "", message))
        if errors:
            raise ImportRefused(errors)
        return columns

    @staticmethod
    def cell(columns, cells, key):
        if key not in columns:
            return None
        return unescape_formula(cells[columns[key][0]])

    # -- parks -----------------------------------------------------------------------------

    def load_parks(self, columns, rows):
        """Parks named in the file by code (or name), and the ids this user may touch."""
        codes, names = set(), set()
        for _number, cells in rows:
            code = normalize_text(self.cell(columns, cells, PARK_CODE))
            name = normalize_text(self.cell(columns, cells, PARK_NAME))
            if code:
                codes.add(code)
            elif name:
                names.add(name)
        # All parks (a few dozen): the names of those the file does not use are needed too,
        # to catch a row whose name points at another park than its code.
        all_parks = list(Park.objects.all())
        self.park_names = [(park.pk, park.name, park.name_en) for park in all_parks]
        parks = [park for park in all_parks if park.code in codes or park.name in names]
        self.parks_by_code = {park.code: park for park in parks}
        self.parks_by_name = {park.name: park for park in parks}
        self.allowed_park_ids = set(
            Park.objects.for_user(self.user)
            .filter(pk__in=[park.pk for park in parks])
            .values_list("pk", flat=True)
        )

    def names_another_park(self, park, name):
        """True when `name` (full or short, e.g. 琶洲) fits another park but not `park`."""

        def fits(full, short):
            return bool(full) and (short in full or full in short)

        if fits(park.name, name) or fits(park.name_en, name):
            return False
        return any(
            fits(other_name, name) or fits(other_en, name)
            for pk, other_name, other_en in self.park_names
            if pk != park.pk
        )

    def find_park(self, columns, number, cells, errors):
        """The row's park, or None with the reason added to `errors`."""
        code = normalize_text(self.cell(columns, cells, PARK_CODE))
        name = normalize_text(self.cell(columns, cells, PARK_NAME))
        if not code and not name:
            errors.append(RowError(number, PARK_CODE, "", _("The park code is empty.")))
            return None
        park = self.parks_by_code.get(code) if code else self.parks_by_name.get(name)
        column = PARK_CODE if code or PARK_NAME not in columns else columns[PARK_NAME][1]
        if park is None or park.pk not in self.allowed_park_ids:
            # One answer for a park that does not exist and one of another district: an
            # import never confirms, or names, what lies outside the officer's district.
            message = _("There is no park “%(park)s” among your parks.") % {"park": code or name}
            errors.append(RowError(number, column, code or name, message))
        elif code and name and self.names_another_park(park, name):
            # A copied row with a new name but the old code would land on the wrong park.
            message = _(
                "The park code “%(code)s” belongs to “%(park)s”, not “%(name)s”; correct the code or the name."
            ) % {"code": code, "park": park.name, "name": name}
            errors.append(RowError(number, columns[PARK_NAME][1], name, message))
        else:
            return park
        return None


def unknown_column(header):
    return _(
        "Unknown column “%(header)s”. Use the column headers of the template; delete columns that do not belong."
    ) % {"header": header}
