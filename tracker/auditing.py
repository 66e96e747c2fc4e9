"""What the report workflow writes to the audit trail: one entry per step taken.

Statuses are compared as their stored values, so that this module needs no model import and
every place that changes a report's status (one report, or many at once) can call it.
"""

import audit

SUBMITTED, APPROVED, RETURNED = "submitted", "approved", "returned"


def step_event(before, after):
    """The audit event of a move from status `before` to `after`, or None (e.g. a redraft)."""
    if after == SUBMITTED:
        return audit.Event.REPORT_SUBMIT
    if after == APPROVED:
        return audit.Event.REPORT_APPROVE
    if after == RETURNED:
        return audit.Event.REPORT_REOPEN if before == APPROVED else audit.Event.REPORT_RETURN
    return None


def step_entry(report, user, before):
    """The unwritten entry of the step that took `report` from status `before` to its
    current one, or None when there was no step to record."""
    event = step_event(before, report.status)
    if event is None or before == report.status:
        return None
    detail = {"from": before, "to": report.status}
    if report.status == RETURNED and report.reason:
        detail["reason"] = report.reason
    return audit.entry(event, report, user=user, detail=detail)


def record_step(report, user, before):
    """Record the step that just took `report` from status `before` to its current one."""
    entry = step_entry(report, user, before)
    if entry is not None:
        entry.save(force_insert=True)
    return entry


def record_steps(steps, user):
    """Record many reports' steps, [(report, status before)], in one statement."""
    return audit.record_many(step_entry(report, user, before) for report, before in steps)
