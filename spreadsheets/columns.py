"""The columns of each kind of sheet, in one place.

Importers read these columns, exports and the fill-in template write them in this order,
and the upload page lists them. Headers are the Chinese words the bureau's sheets use.
"""

from dataclasses import dataclass

from django.utils import translation

from common.values import format_decimal, normalize_text, parse_decimal
from spreadsheets.parsing import parse_bool
from tracker.models import Indicator

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


@dataclass(frozen=True)
class Sheet:
    columns: tuple  # in the order exports and templates write them
    required: tuple  # a file without one of these is refused

    @property
    def optional(self):
        return tuple(column for column in self.columns if column not in self.required)

    @property
    def listed(self):
        """The columns as the upload page lists them: required first."""
        return (*self.required, *self.optional)


# Then one column per reported indicator, headed by its label (or its code).
PARK_FIGURES = Sheet(columns=(PARK_CODE, PARK_NAME, PERIOD), required=(PARK_CODE, PERIOD))
ENTERPRISES = Sheet(
    columns=(
        CREDIT_CODE,
        ENTERPRISE_NAME,
        PARK_CODE,
        PARK_NAME,
        ROLE,
        INDUSTRY_CHAIN,
        INTRODUCED_ON,
    ),
    required=(CREDIT_CODE, ENTERPRISE_NAME, PARK_CODE, ROLE, INTRODUCED_ON),
)
KEY_PROJECTS = Sheet(
    columns=(PARK_CODE, PARK_NAME, PROJECT_NAME, STATUS, NOTE),
    required=(PARK_CODE, PROJECT_NAME, STATUS),
)


# --- indicator columns of the park-figures sheet -------------------------------------------


def reported_indicators():
    return list(Indicator.objects.reported().order_by("sort_order", "code"))


def park_figures_headers(indicators):
    return [*PARK_FIGURES.columns, *(indicator.label for indicator in indicators)]


def read_indicator_cell(indicator, raw):
    """The value of an indicator's cell: a number, 1/0 for yes/no, None when blank."""
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        flag = parse_bool(raw)
        return None if flag is None else (1 if flag else 0)
    return parse_decimal(raw, percent_allowed=indicator.value_type == Indicator.ValueType.PERCENT)


def indicator_cell(indicator, value):
    """What an export writes in an indicator's cell: the number, or 是/否."""
    if value is None:
        return None
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        return "是" if value else "否"
    return value


def shown_indicator_value(indicator, value):
    """An indicator's value as the import preview shows it."""
    cell = indicator_cell(indicator, value)
    return "" if cell is None else (cell if isinstance(cell, str) else format_decimal(cell))


# --- choice columns (an enterprise's role, a key project's status) -------------------------


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
    """What a sheet writes for a choice: its Chinese label."""
    with translation.override("zh-hans"):
        return str(choices(value).label)
