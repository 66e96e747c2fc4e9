"""The policy sheet (issue 12.3): a new policy and its targets from one workbook, all or nothing.

Sheet 1 “政策” holds the policy as field/value rows; sheet 2 “目标” one target per row. Cells are
read with spreadsheets.parsing; each row is checked with the model's own rules
(Policy.clean, Target.clean, field validation), and every problem is reported with its sheet,
row and column. Nothing is saved unless the whole workbook is clean.
"""

import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from common.values import ParseError, normalize_text, parse_decimal
from spreadsheets.parsing import parse_date
from tracker.models import Indicator, Policy, Target

POLICY_SHEET = "政策"
TARGET_SHEET = "目标"
# (field, header): the policy sheet's rows and the targets sheet's columns, in order.
POLICY_FIELDS = [
    ("code", "政策代码"),
    ("title", "政策名称"),
    ("title_en", "英文名称"),
    ("issuer", "发布单位"),
    ("issuer_en", "发布单位(英文)"),
    ("published_on", "发布日期"),
    ("baseline_year", "基准年"),
    ("source", "来源"),
    ("status", "状态"),
]
TARGET_FIELDS = [
    ("code", "目标代码"),
    ("name", "目标名称"),
    ("name_en", "英文名称"),
    ("clause", "引用条款"),
    ("milestone", "目标期限"),
    ("scope", "范围"),
    ("indicator", "指标代码"),
    ("comparator", "比较方式"),
    ("value", "目标值"),
    ("park_level", "园区门槛"),
    ("note", "备注"),
]
SCOPES = {"每个园区": "park", "park": "park", "全带": "belt", "belt": "belt"}
COMPARATORS = {"≥": "ge", ">=": "ge", "ge": "ge", "≤": "le", "<=": "le", "le": "le", "=": "eq"}
COMPARATORS["eq"] = "eq"
STATUSES = {"编制中": "draft", "draft": "draft", "已发布": "published", "published": "published"}
EXAMPLE_TARGETS = [
    ["example-2030-revenue", "园区营收达到500亿元(示例)", "", "示例条款", "2030-12-31", "每个园区"]
    + ["revenue", "≥", 500, None, ""],
    ["example-2030-parks", "3个园区营收达到1000亿元(示例)", "", "示例条款", "2030-12-31", "全带"]
    + ["revenue", "≥", 3, 1000, ""],
    ["example-2030-qualitative", "示例定性目标", "", "示例条款", "2030-12-31", "全带"]
    + [None, None, None, None, "定性目标不填指标、比较方式、目标值和园区门槛"],
]


class PolicySheetError(Exception):
    """The workbook cannot be loaded; `errors` lists every problem found, in sheet order."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


def template_xlsx():
    """The empty sheet the admin offers, with one example row per kind of target."""
    workbook = Workbook()
    policy = workbook.active
    policy.title = POLICY_SHEET
    policy.append(["项目", "内容"])
    for _field, header in POLICY_FIELDS:
        policy.append([header, "编制中" if header == "状态" else ""])
    targets = workbook.create_sheet(TARGET_SHEET)
    targets.append([header for _field, header in TARGET_FIELDS])
    for row in EXAMPLE_TARGETS:
        targets.append(row)
    for sheet in (policy, targets):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(workbook, name, errors):
    if name not in workbook.sheetnames:
        errors.append(_("The workbook has no sheet “%(name)s”.") % {"name": name})
        return []
    return [
        (number, list(row))
        for number, row in enumerate(workbook[name].iter_rows(values_only=True), start=1)
        if any(normalize_text(cell) for cell in row)
    ]


def _where(sheet, row, header):
    return _("Sheet “%(sheet)s”, row %(row)d, column “%(column)s”") % {
        "sheet": sheet,
        "row": row,
        "column": header,
    }


def _text(value):
    """A cell's text with its surrounding blanks removed; unlike codes, names keep their
    full-width characters (“（测试用）”)."""
    return "" if value is None else str(value).strip()


# Fields read as codes or choices: full-width letters and signs count as their ASCII forms.
CODE_FIELDS = {"code", "indicator", "scope", "comparator", "status"}


class PolicySheet:
    """Reads and checks a policy workbook; `save()` writes it in one transaction."""

    def __init__(self, data):
        self.errors = []
        self.failed = set()  # (sheet, row, field) whose cell could not be read
        self.rows = {}  # header -> row number in the policy sheet
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types on a damaged file
            raise PolicySheetError([_("The file is not a readable .xlsx workbook.")]) from None
        policy_rows = _rows(workbook, POLICY_SHEET, self.errors)
        target_rows = _rows(workbook, TARGET_SHEET, self.errors)
        workbook.close()
        self.indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
        self.policy = self._policy(policy_rows)
        self.targets = self._targets(target_rows)
        if self.errors:
            raise PolicySheetError(self.errors)

    # -- the policy ----------------------------------------------------------------------------

    def _policy(self, rows):
        values = {}
        for number, row in rows[1:]:
            header, value = _text(row[0]), row[1] if len(row) > 1 else None
            self.rows[header] = number
            values[header] = value
        fields = {}
        for field, header in POLICY_FIELDS:
            fields[field] = self._cell(
                POLICY_SHEET, self.rows.get(header, 0), header, field, values.get(header)
            )
        status = fields.pop("status") or "编制中"
        fields["status"] = self._choice(
            POLICY_SHEET, self.rows.get("状态", 0), "状态", status, STATUSES
        )
        policy = Policy(**{k: v for k, v in fields.items() if v is not None})
        self._validate(
            policy, POLICY_SHEET, dict(POLICY_FIELDS), lambda header: self.rows.get(header, 0)
        )
        return policy

    def _cell(self, sheet, row, header, field, value):
        try:
            if field in ("published_on", "milestone"):
                return parse_date(value)
            if field in ("value", "park_level"):
                return None if not _text(value) else parse_decimal(value)
            if field == "baseline_year":
                return None if not _text(value) else int(parse_decimal(value))
        except (ParseError, ValueError) as error:
            self._error(sheet, row, header, getattr(error, "message", error), field)
            return None
        return normalize_text(value) if field in CODE_FIELDS else _text(value)

    def _error(self, sheet, row, header, message, field=None):
        if field is not None:
            self.failed.add((sheet, row, field))
        self.errors.append(f"{_where(sheet, row, header)}: {message}")

    # -- the targets ---------------------------------------------------------------------------

    def _targets(self, rows):
        if not rows:
            return []
        headers = [_text(cell) for cell in rows[0][1]]
        expected = [header for _field, header in TARGET_FIELDS]
        missing = [header for header in expected if header not in headers]
        if missing:
            self.errors.append(
                _("Sheet “%(sheet)s” lacks the columns: %(columns)s.")
                % {"sheet": TARGET_SHEET, "columns": "、".join(missing)}
            )
            return []
        if len(rows) < 2:
            self.errors.append(_("Sheet “%(sheet)s” has no targets.") % {"sheet": TARGET_SHEET})
        targets, seen = [], {}
        for number, row in rows[1:]:
            cells = dict(zip(headers, row, strict=False))
            target = self._target(number, cells)
            if target.code in seen:
                self.errors.append(
                    f"{_where(TARGET_SHEET, number, '目标代码')}: "
                    + _("the code “%(code)s” is already used in row %(row)d.")
                    % {"code": target.code, "row": seen[target.code]}
                )
            seen.setdefault(target.code, number)
            targets.append(target)
        return targets

    def _target(self, number, cells):
        fields = {}
        for field, header in TARGET_FIELDS:
            value = self._cell(TARGET_SHEET, number, header, field, cells.get(header))
            fields[field] = value
        fields["scope"] = self._choice(
            TARGET_SHEET, number, "范围", fields["scope"], SCOPES, "scope"
        )
        fields["comparator"] = self._choice(
            TARGET_SHEET, number, "比较方式", fields["comparator"], COMPARATORS, "comparator"
        )
        code = fields.pop("indicator")
        indicator = None
        if code:
            indicator = self.indicators.get(code)
            if indicator is None:
                self.errors.append(
                    f"{_where(TARGET_SHEET, number, '指标代码')}: "
                    + _("there is no indicator “%(code)s”; add it in the admin first.")
                    % {"code": code}
                )
        target = Target(
            policy=self.policy,
            indicator=indicator,
            sort_order=number - 1,
            **{
                k: ("" if v is None and k in ("name_en", "note", "scope") else v)
                for k, v in fields.items()
            },
        )
        if indicator is not None or not code:
            self._validate(
                target,
                TARGET_SHEET,
                dict(TARGET_FIELDS),
                lambda _header: number,
                exclude=["policy"],
            )
        return target

    def _choice(self, sheet, number, header, value, choices, field=None):
        if value in (None, ""):
            return ""
        found = choices.get(value) or choices.get(value.lower())
        if found is None:
            message = _("“%(value)s” is not one of %(choices)s.") % {
                "value": value,
                "choices": "、".join(dict.fromkeys(choices)),
            }
            self._error(sheet, number, header, message, field=field)
            return ""
        return found

    def _validate(self, instance, sheet, headers, row_of, exclude=None):
        """The model's own rules (field validation, clean(), unique codes) with cell positions."""
        try:
            instance.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                header = headers.get(field, field)
                if (sheet, row_of(header), field) in self.failed:
                    continue  # the cell's own message says it already
                for message in messages:
                    self._error(sheet, row_of(header), header, message)

    # -- saving --------------------------------------------------------------------------------

    def save(self):
        with transaction.atomic():
            self.policy.save()
            for target in self.targets:
                target.policy = self.policy
                target.save()
        return self.policy


def load_policy(data):
    """Load a policy workbook (bytes): the new Policy (in preparation unless the sheet says
    published), or PolicySheetError and nothing saved."""
    return PolicySheet(data).save()
