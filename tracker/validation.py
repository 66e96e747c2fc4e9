"""Checks on one report's values, shared by the admin form and the spreadsheet import.

Pure: callers fetch the neighbouring reports' values (in bulk, for imports) and pass them in.
It imports no model: tracker.models calls it, and the Indicator rows it checks are passed in.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.values import format_decimal

# A move larger than this against the same quarter a year earlier is flagged, not refused.
JUMP_WARNING_RATIO = Decimal("0.5")


@dataclass
class CheckResult:
    cleaned: dict = field(default_factory=dict)  # code -> Decimal | None
    errors: list = field(default_factory=list)  # (code, message)
    warnings: dict = field(default_factory=dict)  # code -> message

    @property
    def ok(self):
        return not self.errors


def check_values(indicators, values, previous_quarter=None, same_quarter_last_year=None):
    """Validate `values` ({code: raw value}) for one report.

    indicators: the reported Indicator rows, by code.
    previous_quarter: {code: value} of the same park's previous quarter in the same year.
    same_quarter_last_year: {code: value} of the same park's quarter one year earlier.
    """
    result = CheckResult()
    for code, indicator in indicators.items():
        try:
            result.cleaned[code] = indicator.clean_value(values.get(code))
        except ValidationError as error:
            result.errors.extend((code, message) for message in error.messages)
    _check_parts_within_wholes(indicators, result)
    _check_ytd_not_falling(indicators, result, previous_quarter or {})
    _flag_jumps(indicators, result, same_quarter_last_year or {})
    return result


def _check_parts_within_wholes(indicators, result):
    """A part (Indicator.part_of, e.g. core-industry revenue) cannot exceed its whole."""
    by_pk = {indicator.pk: indicator for indicator in indicators.values()}
    for code, indicator in indicators.items():
        whole = by_pk.get(indicator.part_of_id)
        if whole is None:
            continue
        part_value, whole_value = result.cleaned.get(code), result.cleaned.get(whole.code)
        if part_value is None or whole_value is None or part_value <= whole_value:
            continue
        result.errors.append(
            (
                code,
                _(
                    "“%(core)s” (%(core_value)s) cannot be larger than “%(total)s” (%(total_value)s)."
                )
                % {
                    "core": indicator.name,
                    "core_value": format_decimal(part_value),
                    "total": whole.name,
                    "total_value": format_decimal(whole_value),
                },
            )
        )


def _check_ytd_not_falling(indicators, result, previous_quarter):
    for code, indicator in indicators.items():
        if indicator.period_rule != indicator.PeriodRule.YTD:
            continue
        value, before = result.cleaned.get(code), previous_quarter.get(code)
        if value is not None and before is not None and value < before:
            result.errors.append(
                (
                    code,
                    _(
                        "“%(name)s” is a year-to-date figure: %(value)s cannot be lower than the previous quarter's %(before)s."
                    )
                    % {
                        "name": indicator.name,
                        "value": format_decimal(value),
                        "before": format_decimal(before),
                    },
                )
            )


def _flag_jumps(indicators, result, last_year):
    for code, indicator in indicators.items():
        if indicator.value_type == indicator.ValueType.BOOLEAN:
            continue
        value, before = result.cleaned.get(code), last_year.get(code)
        if value is None or not before:
            continue
        change = (value - before) / abs(before)
        if abs(change) > JUMP_WARNING_RATIO:
            result.warnings[code] = _(
                "“%(name)s” moved %(change)s%% against the same quarter last year (%(before)s → %(value)s); please check."
            ) % {
                "name": indicator.name,
                "change": f"{change * 100:+.1f}",
                "before": format_decimal(before),
                "value": format_decimal(value),
            }
