"""Spreadsheet imports: read a whole file, check every row, then write everything or nothing.

Each importer plans first (reads the database in a fixed number of queries, whatever the
row count), so the same code serves the preview and the confirm. Writes go through
simple_history's bulk helpers so every change keeps its history with the importing user.
"""

import hashlib
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.values import format_decimal, format_period
from parks.models import Enterprise, KeyProject, Park
from spreadsheets import bulkwrite
from spreadsheets.parsing import (
    ParseError,
    normalize_text,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_period,
    read_rows,
    unescape_formula,
)
from tracker.models import DataVersion, Indicator, ParkReport, ReportingPeriod, ReportValue
from tracker.validation import check_values

PARK_CODE = "园区代码"
PARK_NAME = "园区名称"
PERIOD = "期间"
ENTERPRISE_NAME = "企业名称"
CREDIT_CODE = "统一社会信用代码"
ROLE = "角色"
INDUSTRY_CHAIN = "产业链"
INTRODUCED_ON = "引进日期"
PROJECT_NAME = "项目名称"
STATUS = "状态"
NOTE = "备注"

# Rows per INSERT/UPDATE statement: keeps SQLite under its parameter limit.
WRITE_BATCH_SIZE = 500


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


def check_size(data):
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ImportRefused(
            [
                RowError(
                    None,
                    "",
                    "",
                    _(
                        "The file is %(size)s; the largest file accepted is %(limit)s. Split it into smaller files and import them one by one."
                    )
                    % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
                )
            ]
        )


def file_error(message):
    return ImportRefused([RowError(None, "", "", message)])


class Importer:
    """Base: subclasses say which columns they take and how to plan and apply rows."""

    required_columns = ()
    optional_columns = ()

    def __init__(self, user, submit=False):
        self.user = user
        self.submit = submit

    # -- entry points ----------------------------------------------------------------------

    def preview(self, data, filename):
        """Plan the import of `data`; raises ImportRefused with every problem found."""
        check_size(data)
        try:
            headers, rows = read_rows(data, filename)
        except ParseError as error:
            raise file_error(error.message) from None
        return self.preview_rows(headers, rows)

    def preview_rows(self, headers, rows):
        """Plan the import of already read rows: [(row number, [cell, ...]), ...]."""
        columns = self.map_columns(headers)
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
            DataVersion.bump()
        return plan

    # -- columns ---------------------------------------------------------------------------

    def known_columns(self):
        """{header as written in files: column key}."""
        return {name: name for name in (*self.required_columns, *self.optional_columns)}

    def map_columns(self, headers):
        known = self.known_columns()
        columns, errors, seen = {}, [], {}
        for index, header in enumerate(headers):
            key = known.get(header) or known.get(header.casefold())
            if key is None:
                errors.append(
                    RowError(
                        1,
                        header,
                        header,
                        _(
                            "Unknown column “%(header)s”. Use the column headers of the template; delete columns that do not belong."
                        )
                        % {"header": header},
                    )
                )
                continue
            if key in seen:
                errors.append(
                    RowError(
                        1,
                        header,
                        header,
                        _("Column “%(header)s” is the same as column “%(other)s”.")
                        % {"header": header, "other": seen[key]},
                    )
                )
                continue
            seen[key] = header
            columns[key] = (index, header)
        for name in self.required_columns:
            if name not in columns:
                errors.append(
                    RowError(
                        1,
                        name,
                        "",
                        _("The column “%(header)s” is missing.") % {"header": name},
                    )
                )
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
        raw_code = self.cell(columns, cells, PARK_CODE)
        code = normalize_text(raw_code)
        name = normalize_text(self.cell(columns, cells, PARK_NAME))
        park = self.parks_by_code.get(code) if code else self.parks_by_name.get(name)
        column = PARK_CODE if code or PARK_NAME not in columns else columns[PARK_NAME][1]
        if not code and not name:
            errors.append(RowError(number, PARK_CODE, "", _("The park code is empty.")))
            return None
        if park is None:
            errors.append(
                RowError(
                    number,
                    column,
                    code or name,
                    _("There is no park “%(park)s”.") % {"park": code or name},
                )
            )
            return None
        if code and name and self.names_another_park(park, name):
            # A copied row with a new name but the old code would land on the wrong park.
            errors.append(
                RowError(
                    number,
                    columns[PARK_NAME][1],
                    name,
                    _(
                        "The park code “%(code)s” belongs to “%(park)s”, not “%(name)s”; correct the code or the name."
                    )
                    % {"code": code, "park": park.name, "name": name},
                )
            )
            return None
        if park.pk not in self.allowed_park_ids:
            errors.append(
                RowError(
                    number,
                    column,
                    code or name,
                    _(
                        "The park “%(park)s” is not in your district; you may only import your own district's parks."
                    )
                    % {"park": park.name},
                )
            )
            return None
        return park


# --- park figures --------------------------------------------------------------------------


def reported_indicators():
    return list(Indicator.objects.reported().order_by("sort_order", "code"))


def parse_indicator_cell(indicator, raw):
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        flag = parse_bool(raw)
        return None if flag is None else (1 if flag else 0)
    return parse_decimal(raw, percent_allowed=indicator.value_type == Indicator.ValueType.PERCENT)


def display_value(indicator, value):
    if value is None:
        return ""
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        return "是" if value else "否"
    return format_decimal(value)


class ParkFiguresImporter(Importer):
    required_columns = (PARK_CODE, PERIOD)
    optional_columns = (PARK_NAME,)

    def __init__(self, user, submit=False):
        super().__init__(user, submit)
        self.indicators = reported_indicators()
        self.indicators_by_code = {indicator.code: indicator for indicator in self.indicators}

    def known_columns(self):
        known = super().known_columns()
        for indicator in self.indicators:
            known[normalize_text(indicator.label)] = indicator.code
            known[indicator.code] = indicator.code
        return known

    def plan(self, columns, rows):
        plan = ImportPlan()
        errors = plan.errors
        indicator_columns = [code for code in self.indicators_by_code if code in columns]
        self.load_parks(columns, rows)
        periods = {(p.year, p.quarter): p for p in ReportingPeriod.objects.all()}
        today = timezone.localdate()

        parsed = []  # (number, park, period, {code: Decimal | None}, {code: raw})
        seen_pairs = {}
        for number, cells in rows:
            row_errors = []
            park = self.find_park(columns, number, cells, row_errors)
            period = self._find_period(columns, number, cells, periods, row_errors)
            values, raws, unreadable = {}, {}, []
            for code in indicator_columns:
                raw = self.cell(columns, cells, code)
                raws[code] = raw
                try:
                    values[code] = parse_indicator_cell(self.indicators_by_code[code], raw)
                except ParseError as error:
                    unreadable.append(RowError(number, columns[code][1], shown(raw), error.message))
            if park and period:
                first = seen_pairs.setdefault((park.pk, period.pk), number)
                if first != number:
                    row_errors.append(
                        RowError(
                            number,
                            PERIOD,
                            period.label,
                            _(
                                "The park “%(park)s” and period %(period)s already appear in row %(first)d; each park and period may appear only once."
                            )
                            % {"park": park.name, "period": period.label, "first": first},
                        )
                    )
            errors.extend(row_errors)
            if row_errors:
                errors.extend(unreadable)
            else:
                # Unreadable cells are reported together with the row's other checks.
                parsed.append((number, park, period, values, raws, unreadable))

        park_ids = {row[1].pk for row in parsed}
        period_ids = {row[2].pk for row in parsed}
        reports = {
            (report.park_id, report.period_id): report
            for report in ParkReport.objects.filter(
                park_id__in=park_ids, period_id__in=period_ids
            ).select_related("period")
        }
        existing_values = {}  # report_id -> {code: ReportValue}
        for value in ReportValue.objects.filter(
            report__park_id__in=park_ids, report__period_id__in=period_ids
        ).select_related("indicator"):
            existing_values.setdefault(value.report_id, {})[value.indicator.code] = value
        neighbours = self._neighbour_values(parsed, periods, park_ids)
        file_values = {(row[1].pk, row[2].pk): row[3] for row in parsed}

        state = []
        creates, updates = [], []
        for number, park, period, values, raws, unreadable in parsed:
            report = reports.get((park.pk, period.pk))
            current = existing_values.get(report.pk, {}) if report else {}
            state.append(
                (
                    park.pk,
                    period.pk,
                    period.locked,
                    report and (report.pk, report.version, report.status),
                    sorted((code, str(v.value)) for code, v in current.items()),
                )
            )
            merged = {code: value.value for code, value in current.items()}
            merged.update(values)
            previous = self._neighbour(
                (park.pk, period.year, period.quarter - 1), neighbours, file_values, periods
            )
            last_year = self._neighbour(
                (park.pk, period.year - 1, period.quarter), neighbours, file_values, periods
            )
            if period.quarter == 1:
                previous = {}
            check = check_values(self.indicators_by_code, merged, previous, last_year)
            row_errors = unreadable + [
                RowError(
                    number,
                    columns[code][1] if code in columns else self.indicators_by_code[code].label,
                    shown(raws.get(code, merged.get(code))),
                    message,
                )
                for code, message in check.errors
            ]
            if row_errors:
                order = {header: index for index, header in columns.values()}
                errors.extend(sorted(row_errors, key=lambda e: order.get(e.column, 0)))
                continue
            changes = [
                CellChange(
                    columns[code][1],
                    display_value(self.indicators_by_code[code], merged_old),
                    display_value(self.indicators_by_code[code], check.cleaned[code]),
                )
                for code in indicator_columns
                if (merged_old := (current[code].value if code in current else None))
                != check.cleaned[code]
            ]
            status = "new" if report is None else ("changed" if changes else "unchanged")
            label = f"{park.name} {period.label}"
            if status != "unchanged" or self.submit:
                row_errors.extend(
                    self._editability_errors(number, park, period, report, today, status)
                )
            if row_errors:
                errors.extend(row_errors)
                continue
            will_submit = self.submit and (
                report is None or report.status in ParkReport.EDITABLE_STATUSES
            )
            plan.rows.append(
                PlannedRow(
                    number, label, status, changes, sorted(check.warnings.values()), will_submit
                )
            )
            entry = (park, period, report, check, current, indicator_columns)
            if report is None:
                creates.append(entry)
            elif changes or (self.submit and report.status in ParkReport.EDITABLE_STATUSES):
                updates.append(entry)

        neighbour_state = sorted(
            (key, sorted((code, str(value)) for code, value in values.items()))
            for key, values in neighbours.items()
        )
        plan.fingerprint = fingerprint([*state, *neighbour_state, self.submit])
        plan.work = {"creates": creates, "updates": updates}
        return plan

    def _find_period(self, columns, number, cells, periods, errors):
        raw = self.cell(columns, cells, PERIOD)
        try:
            year, quarter = parse_period(raw)
        except ParseError as error:
            errors.append(RowError(number, PERIOD, shown(raw), error.message))
            return None
        period = periods.get((year, quarter))
        if period is None:
            errors.append(
                RowError(
                    number,
                    PERIOD,
                    shown(raw),
                    _("There is no reporting period %(period)s.")
                    % {"period": format_period(year, quarter)},
                )
            )
        return period

    def _neighbour_values(self, parsed, periods, park_ids):
        """{(park_id, year, quarter): {code: value}} for the previous quarter and a year back."""
        wanted = set()
        for row in parsed:
            period = row[2]
            wanted.add((period.year, period.quarter - 1))
            wanted.add((period.year - 1, period.quarter))
        period_ids = [periods[key].pk for key in wanted if key in periods]
        result = {}
        rows = ReportValue.objects.filter(
            report__park_id__in=park_ids, report__period_id__in=period_ids
        ).values_list(
            "report__park_id",
            "report__period__year",
            "report__period__quarter",
            "indicator__code",
            "value",
        )
        for park_id, year, quarter, code, value in rows:
            result.setdefault((park_id, year, quarter), {})[code] = value
        return result

    @staticmethod
    def _neighbour(key, neighbours, file_values, periods):
        park_id, year, quarter = key
        values = dict(neighbours.get(key, {}))
        period = periods.get((year, quarter))
        # A neighbouring quarter in the same file counts with the values being imported.
        if period is not None:
            values.update(
                {
                    code: value
                    for code, value in file_values.get((park_id, period.pk), {}).items()
                    if value is not None
                }
            )
        return values

    def _editability_errors(self, number, park, period, report, today, status):
        if period.locked:
            return [
                RowError(
                    number,
                    PERIOD,
                    period.label,
                    _("The period %(period)s is locked; its figures can no longer be changed.")
                    % {"period": period.label},
                )
            ]
        if period.opens_on > today:
            return [
                RowError(
                    number,
                    PERIOD,
                    period.label,
                    _("The period %(period)s is not open for reporting yet.")
                    % {"period": period.label},
                )
            ]
        if report is not None and report.status not in ParkReport.EDITABLE_STATUSES:
            if status == "unchanged":
                return []  # "import and submit" leaves already submitted reports alone
            return [
                RowError(
                    number,
                    PARK_CODE,
                    park.code,
                    _(
                        "The report of “%(park)s” for %(period)s is “%(status)s” and cannot be changed by import."
                    )
                    % {
                        "park": park.name,
                        "period": period.label,
                        "status": report.get_status_display(),
                    },
                )
            ]
        if not self.may_change_reports:
            return [RowError(number, PARK_CODE, park.code, _("You may not change park reports."))]
        return []

    @cached_property
    def may_change_reports(self):
        return self.user.has_perm("tracker.change_parkreport") and self.user.has_perm(
            "tracker.add_parkreport"
        )

    def apply(self, plan):
        user, now = self.user, timezone.now()
        reason = _("Spreadsheet import")
        creates, updates = plan.work["creates"], plan.work["updates"]
        status = ParkReport.Status.SUBMITTED if self.submit else ParkReport.Status.DRAFT

        # Versions must still be the ones planned against: lock and compare in one query.
        planned_versions = {report.pk: report.version for _p, _pe, report, *_ in updates}
        if planned_versions:
            current = dict(
                ParkReport.objects.select_for_update()
                .filter(pk__in=planned_versions)
                .values_list("pk", "version")
            )
            if current != planned_versions:
                raise StaleImport

        new_report = bulkwrite.RowFactory(ParkReport)
        new_reports = [
            new_report(
                park_id=park.pk,
                period_id=period.pk,
                status=status,
                version=1,
                created_at=now,
                updated_at=now,
                updated_by_id=user.pk,
                has_warnings=bool(check.warnings),
                submitted_at=now if self.submit else None,
                submitted_by_id=user.pk if self.submit else None,
                first_submitted_at=now if self.submit else None,
            )
            for park, period, _report, check, _current, _columns in creates
        ]
        bulkwrite.insert(ParkReport, new_reports)
        if new_reports:
            by_key = {(report.park_id, report.period_id): report for report in new_reports}
            for pk, park_id, period_id in ParkReport.objects.filter(
                park_id__in={key[0] for key in by_key}, period_id__in={key[1] for key in by_key}
            ).values_list("pk", "park_id", "period_id"):
                if (park_id, period_id) in by_key:
                    by_key[park_id, period_id].pk = by_key[park_id, period_id].id = pk
        bulkwrite.insert_history(ParkReport, new_reports, "+", user, reason, now)

        changed_reports = []
        for _park, _period, report, check, _current, _columns in updates:
            report.version += 1
            report.updated_at = now
            report.updated_by = user
            report.status = status
            report.has_warnings = bool(check.warnings)
            if self.submit:
                report.submitted_at, report.submitted_by = now, user
                report.first_submitted_at = report.first_submitted_at or now
            changed_reports.append(report)
        bulkwrite.update(
            ParkReport,
            changed_reports,
            [
                "version",
                "updated_at",
                "updated_by_id",
                "status",
                "has_warnings",
                "submitted_at",
                "submitted_by_id",
                "first_submitted_at",
            ],
        )
        bulkwrite.insert_history(ParkReport, changed_reports, "~", user, reason, now)

        self._value_row = bulkwrite.RowFactory(ReportValue)
        new_values, changed_values = [], []
        for report, (_park, _period, _r, check, _current, columns) in zip(
            new_reports, creates, strict=True
        ):
            for code in columns:
                if check.cleaned[code] is not None:
                    new_values.append(self._new_value(report, code, check))
        for report, (_park, _period, _r, check, current, columns) in zip(
            changed_reports, updates, strict=True
        ):
            for code in columns:
                value = check.cleaned[code]
                existing = current.get(code)
                if existing is None:
                    if value is not None:
                        new_values.append(self._new_value(report, code, check))
                elif existing.value != value or existing.warning != check.warnings.get(code, ""):
                    existing.value = value
                    existing.warning = check.warnings.get(code, "")
                    changed_values.append(existing)
        bulkwrite.insert(ReportValue, new_values)
        if new_values:
            by_key = {(value.report_id, value.indicator_id): value for value in new_values}
            touched = [*new_reports, *changed_reports]
            for pk, report_id, indicator_id in ReportValue.objects.filter(
                report__park_id__in={report.park_id for report in touched},
                report__period_id__in={report.period_id for report in touched},
            ).values_list("pk", "report_id", "indicator_id"):
                if (report_id, indicator_id) in by_key:
                    by_key[report_id, indicator_id].pk = by_key[report_id, indicator_id].id = pk
        bulkwrite.insert_history(ReportValue, new_values, "+", user, reason, now)
        bulkwrite.update(ReportValue, changed_values, ["value", "warning"])
        bulkwrite.insert_history(ReportValue, changed_values, "~", user, reason, now)

    def _new_value(self, report, code, check):
        return self._value_row(
            report_id=report.pk,
            indicator_id=self.indicators_by_code[code].pk,
            value=check.cleaned[code],
            warning=check.warnings.get(code, ""),
        )


# --- enterprises ---------------------------------------------------------------------------


def choice_lookup(choices):
    """{code, Chinese label, English label (case-folded): code} for a TextChoices class."""
    lookup = {}
    for value, label in choices.choices:
        lookup[value.casefold()] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                lookup[normalize_text(str(label)).casefold()] = value
    return lookup


def chinese_label(choices, value):
    with translation.override("zh-hans"):
        return str(choices(value).label)


class EnterpriseImporter(Importer):
    required_columns = (CREDIT_CODE, ENTERPRISE_NAME, PARK_CODE, ROLE, INTRODUCED_ON)
    optional_columns = (PARK_NAME, INDUSTRY_CHAIN)

    def plan(self, columns, rows):
        plan = ImportPlan()
        errors = plan.errors
        self.load_parks(columns, rows)
        roles = choice_lookup(Enterprise.Role)
        codes = {
            normalize_text(self.cell(columns, cells, CREDIT_CODE)).upper() for _n, cells in rows
        }
        existing = {
            enterprise.credit_code: enterprise
            for enterprise in Enterprise.objects.filter(credit_code__in=codes).select_related(
                "park"
            )
        }
        # The registered enterprises' own parks count too: one may move within the district.
        self.allowed_park_ids |= set(
            Park.objects.for_user(self.user)
            .filter(pk__in={enterprise.park_id for enterprise in existing.values()})
            .values_list("pk", flat=True)
        )
        seen = {}
        creates, updates, state = [], [], []
        for number, cells in rows:
            row_errors = []
            park = self.find_park(columns, number, cells, row_errors)
            code = normalize_text(self.cell(columns, cells, CREDIT_CODE)).upper()
            try:
                Enterprise._meta.get_field("credit_code").run_validators(code)
            except ValidationError as error:
                row_errors.extend(RowError(number, CREDIT_CODE, code, m) for m in error.messages)
            if code in seen:
                row_errors.append(
                    RowError(
                        number,
                        CREDIT_CODE,
                        code,
                        _("The credit code %(code)s already appears in row %(first)d.")
                        % {"code": code, "first": seen[code]},
                    )
                )
            seen.setdefault(code, number)
            name = normalize_text(self.cell(columns, cells, ENTERPRISE_NAME))
            if not name:
                row_errors.append(
                    RowError(number, ENTERPRISE_NAME, "", _("The enterprise name is empty."))
                )
            elif len(name) > 200:
                row_errors.append(
                    RowError(
                        number,
                        ENTERPRISE_NAME,
                        name[:40],
                        _("The enterprise name is longer than 200 characters."),
                    )
                )
            raw_role = self.cell(columns, cells, ROLE)
            role = roles.get(normalize_text(raw_role).casefold())
            if role is None:
                row_errors.append(
                    RowError(
                        number,
                        ROLE,
                        shown(raw_role),
                        _("Unknown role “%(value)s”; use one of: %(choices)s.")
                        % {
                            "value": shown(raw_role),
                            "choices": "、".join(
                                chinese_label(Enterprise.Role, value)
                                for value in Enterprise.Role.values
                            ),
                        },
                    )
                )
            chain = normalize_text(self.cell(columns, cells, INDUSTRY_CHAIN))[:100]
            raw_date = self.cell(columns, cells, INTRODUCED_ON)
            introduced_on = None
            try:
                introduced_on = parse_date(raw_date)
            except ParseError as error:
                row_errors.append(RowError(number, INTRODUCED_ON, shown(raw_date), error.message))
            else:
                if introduced_on is None:
                    row_errors.append(
                        RowError(number, INTRODUCED_ON, "", _("The date brought in is empty."))
                    )
            enterprise = existing.get(code)
            if enterprise is not None and enterprise.park_id not in self.allowed_park_ids:
                row_errors.append(
                    RowError(
                        number,
                        CREDIT_CODE,
                        code,
                        _(
                            "The credit code %(code)s is already registered for “%(name)s” in a park outside your district."
                        )
                        % {"code": code, "name": enterprise.name},
                    )
                )
            if row_errors:
                errors.extend(row_errors)
                continue
            wanted = {
                "name": name,
                "park": park,
                "role": role,
                "industry_chain": chain,
                "introduced_on": introduced_on,
            }
            if enterprise is None:
                plan.rows.append(PlannedRow(number, f"{name}({code})", "new"))
                creates.append(Enterprise(credit_code=code, **wanted))
                state.append((code, None))
                continue
            state.append(
                (
                    code,
                    enterprise.pk,
                    enterprise.name,
                    enterprise.park_id,
                    enterprise.role,
                    enterprise.industry_chain,
                    str(enterprise.introduced_on),
                )
            )
            changes = self._changes(columns, enterprise, wanted)
            status = "changed" if changes else "unchanged"
            plan.rows.append(PlannedRow(number, f"{name}({code})", status, changes))
            if changes:
                for attribute, value in wanted.items():
                    setattr(enterprise, attribute, value)
                updates.append(enterprise)
        if (creates or updates) and not (
            self.user.has_perm("parks.add_enterprise")
            and self.user.has_perm("parks.change_enterprise")
        ):
            errors.append(RowError(None, "", "", _("You may not change the enterprise register.")))
        plan.fingerprint = fingerprint(state)
        plan.work = {"creates": creates, "updates": updates}
        return plan

    @staticmethod
    def _changes(columns, enterprise, wanted):
        pairs = [
            (ENTERPRISE_NAME, enterprise.name, wanted["name"]),
            (PARK_CODE, enterprise.park.code, wanted["park"].code),
            (
                ROLE,
                chinese_label(Enterprise.Role, enterprise.role),
                chinese_label(Enterprise.Role, wanted["role"]),
            ),
            (INTRODUCED_ON, str(enterprise.introduced_on), str(wanted["introduced_on"])),
        ]
        if INDUSTRY_CHAIN in columns:
            pairs.append((INDUSTRY_CHAIN, enterprise.industry_chain, wanted["industry_chain"]))
        else:
            wanted["industry_chain"] = enterprise.industry_chain
        return [CellChange(column, old, new) for column, old, new in pairs if old != new]

    def apply(self, plan):
        reason = _("Spreadsheet import")
        if plan.work["updates"]:
            current = dict(
                Enterprise.objects.select_for_update()
                .filter(pk__in=[e.pk for e in plan.work["updates"]])
                .values_list("pk", "park_id")
            )
            if len(current) != len(plan.work["updates"]):
                raise StaleImport
        bulk_create_with_history(
            plan.work["creates"],
            Enterprise,
            batch_size=WRITE_BATCH_SIZE,
            default_user=self.user,
            default_change_reason=reason,
        )
        now = timezone.now()
        for enterprise in plan.work["updates"]:
            enterprise.updated_at = now
        bulk_update_with_history(
            plan.work["updates"],
            Enterprise,
            ["name", "park", "role", "industry_chain", "introduced_on", "updated_at"],
            batch_size=WRITE_BATCH_SIZE,
            default_user=self.user,
            default_change_reason=reason,
        )


# --- key projects --------------------------------------------------------------------------


class KeyProjectImporter(Importer):
    required_columns = (PARK_CODE, PROJECT_NAME, STATUS)
    optional_columns = (PARK_NAME, NOTE)

    def plan(self, columns, rows):
        plan = ImportPlan()
        errors = plan.errors
        self.load_parks(columns, rows)
        statuses = choice_lookup(KeyProject.Status)
        projects = {
            (project.park_id, project.name): project
            for project in KeyProject.objects.filter(park_id__in=self.allowed_park_ids)
        }
        seen, updates, state = {}, [], []
        for number, cells in rows:
            row_errors = []
            park = self.find_park(columns, number, cells, row_errors)
            name = normalize_text(self.cell(columns, cells, PROJECT_NAME))
            raw_status = self.cell(columns, cells, STATUS)
            status = statuses.get(normalize_text(raw_status).casefold())
            if status is None:
                row_errors.append(
                    RowError(
                        number,
                        STATUS,
                        shown(raw_status),
                        _("Unknown status “%(value)s”; use one of: %(choices)s.")
                        % {
                            "value": shown(raw_status),
                            "choices": "、".join(
                                chinese_label(KeyProject.Status, value)
                                for value in KeyProject.Status.values
                            ),
                        },
                    )
                )
            project = projects.get((park.pk, name)) if park else None
            if park is not None and project is None:
                row_errors.append(
                    RowError(
                        number,
                        PROJECT_NAME,
                        name,
                        _(
                            "The park “%(park)s” has no key project “%(name)s”; new key projects are added by the city bureau."
                        )
                        % {"park": park.name, "name": name},
                    )
                )
            if project is not None:
                first = seen.setdefault(project.pk, number)
                if first != number:
                    row_errors.append(
                        RowError(
                            number,
                            PROJECT_NAME,
                            name,
                            _("This project already appears in row %(first)d.") % {"first": first},
                        )
                    )
            note = project.note if project else ""
            if NOTE in columns and project is not None:
                note = normalize_text(self.cell(columns, cells, NOTE))[:200]
            if row_errors:
                errors.extend(row_errors)
                continue
            state.append((project.pk, project.status, project.note))
            changes = []
            if project.status != status:
                changes.append(
                    CellChange(
                        STATUS,
                        chinese_label(KeyProject.Status, project.status),
                        chinese_label(KeyProject.Status, status),
                    )
                )
            if project.note != note:
                changes.append(CellChange(NOTE, project.note, note))
            plan.rows.append(
                PlannedRow(
                    number, f"{park.name} {name}", "changed" if changes else "unchanged", changes
                )
            )
            if changes:
                project.status, project.note = status, note
                updates.append(project)
        if updates and not self.user.has_perm("parks.change_keyproject"):
            errors.append(RowError(None, "", "", _("You may not change key projects.")))
        plan.fingerprint = fingerprint(state)
        plan.work = {"updates": updates}
        return plan

    def apply(self, plan):
        now = timezone.now()
        for project in plan.work["updates"]:
            project.updated_at = now
        bulk_update_with_history(
            plan.work["updates"],
            KeyProject,
            ["status", "note", "updated_at"],
            batch_size=WRITE_BATCH_SIZE,
            default_user=self.user,
            default_change_reason=_("Spreadsheet import"),
        )


IMPORTERS = {
    "park_figures": ParkFiguresImporter,
    "enterprises": EnterpriseImporter,
    "key_projects": KeyProjectImporter,
}


def parse_token(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
