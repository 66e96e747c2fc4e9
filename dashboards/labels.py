"""Words for the dashboards' statuses, outcomes and figures (status badges, outcome lines,
a figure with its unit)."""

from django.utils.translation import gettext_lazy as _

from common.values import format_decimal, format_period
from dashboards import evaluation as ev
from tracker.models import Indicator

STATUS_LABELS = {
    ev.ACHIEVED: _("Achieved"),
    ev.ON_TRACK: _("On track"),
    ev.AT_RISK: _("At risk"),
    ev.OFF_TRACK: _("Off track"),
    ev.MISSED: _("Missed"),
    ev.NO_DATA: _("No data"),
    ev.NOT_QUANTIFIED: _("Not quantified"),
}

OUTCOME_LABELS = {
    ev.ON_TIME: _("Achieved on time"),
    ev.LATE: _("Achieved late"),
    ev.MISSED: _("Missed"),
    ev.OPEN: _("In progress"),
    ev.NO_DATA: _("No data"),
    ev.NOT_QUANTIFIED: _("Not quantified"),
}


def status_label(status):
    return STATUS_LABELS.get(status, status)


def figure_text(indicator, value):
    if value is None or indicator is None:
        return ""
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        return str(_("Yes") if value == 1 else _("No"))
    return f"{format_decimal(value)} {indicator.display_unit}".strip()


def outcome_label(outcome):
    """How a target stands against its deadline, in words: 按期达成, 逾期达成(2024年第3季度),
    未达成, 进行中:正常推进, …"""
    if outcome.kind == ev.LATE and outcome.first_met:
        return _("Achieved late (%(quarter)s)") % {"quarter": format_period(*outcome.first_met)}
    if outcome.kind == ev.OPEN:
        return _("In progress: %(status)s") % {"status": status_label(outcome.status)}
    return str(OUTCOME_LABELS.get(outcome.kind, outcome.kind))
