"""Audit trail. Other apps write to it with `audit.record(audit.Event.X, obj, ...)`."""


def record(event, obj=None, **kwargs):
    """One audit entry; see AuditEntry.record for the keywords."""
    from audit.models import AuditEntry

    return AuditEntry.record(event, obj, **kwargs)


def entry(event, obj=None, **kwargs):
    """One entry not yet written, for `record_many`; same keywords as `record`."""
    from audit.models import AuditEntry

    return AuditEntry.build(event, obj, **kwargs)


def record_many(entries):
    """Write many entries (None ones skipped) in a single statement."""
    from audit.models import AuditEntry

    return AuditEntry.record_many(entries)


def __getattr__(name):
    # Event and Result without importing models while apps load.
    if name in {"Event", "Result"}:
        from audit import models

        return getattr(models, name)
    raise AttributeError(name)
