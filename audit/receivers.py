"""Security events the trail records by listening: logins, sessions, accounts, roles, districts.

Actions in our own apps (report workflow, imports, exports) call `audit.record` themselves.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from accounts import signals as account_signals
from audit.models import AuditEntry, Event, Result, object_label
from audit.roles import is_auditor

# Session key the navigation reads to offer the audit page, so no page pays a query for it.
AUDIT_READER_SESSION_KEY = "audit_reader"

ACCOUNT_FLAGS = ("is_active", "is_staff", "is_superuser")

# accounts.signals: (signal, event, result). Their scalar arguments go into the details;
# devices and session keys never do.
ACCOUNT_SIGNALS = [
    ("session_timed_out", Event.SESSION_TIMEOUT, Result.SUCCESS),
    ("other_session_ended", Event.OTHER_SESSION_ENDED, Result.SUCCESS),
    ("password_changed", Event.PASSWORD_CHANGE, Result.SUCCESS),
    ("second_factor_enrolled", Event.SECOND_FACTOR_ENROLLED, Result.SUCCESS),
    ("second_factor_verified", Event.SECOND_FACTOR_VERIFIED, Result.SUCCESS),
    ("recovery_code_used", Event.RECOVERY_CODE_USED, Result.SUCCESS),
    ("second_factor_locked_out", Event.SECOND_FACTOR_LOCKED_OUT, Result.FAILURE),
]
DETAIL_ARGUMENTS = ("reason", "forced", "replaced", "remaining", "attempts")


def connect():
    User = get_user_model()
    user_logged_in.connect(on_login, dispatch_uid="audit.login")
    user_logged_out.connect(on_logout, dispatch_uid="audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit.login_failed")
    for name, event, result in ACCOUNT_SIGNALS:
        getattr(account_signals, name).connect(
            account_event(event, result), weak=False, dispatch_uid=f"audit.{name}"
        )
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(on_grants_changed, sender=through, dispatch_uid=f"audit.{through}")
    pre_save.connect(remember_account_flags, sender=User, dispatch_uid="audit.user_pre")
    post_save.connect(on_account_saved, sender=User, dispatch_uid="audit.user_post")
    post_delete.connect(on_account_deleted, sender=User, dispatch_uid="audit.user_delete")
    # A lazy reference: audit imports none of the domain apps.
    profile = "parks.OfficerProfile"
    pre_save.connect(remember_district, sender=profile, dispatch_uid="audit.district_pre")
    post_save.connect(on_district_saved, sender=profile, dispatch_uid="audit.district_post")
    post_delete.connect(on_district_deleted, sender=profile, dispatch_uid="audit.district_del")


# -- sessions --------------------------------------------------------------------------------


def on_login(sender, request, user, **kwargs):
    AuditEntry.record(Event.LOGIN, user, user=user, request=request)
    if request is not None and hasattr(request, "session"):
        request.session[AUDIT_READER_SESSION_KEY] = is_auditor(user)


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        AuditEntry.record(Event.LOGOUT, user, user=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password among the credentials; keep only the name.
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or "")
    detail = {"locked_out": True} if getattr(request, "axes_locked_out", False) else {}
    AuditEntry.record(
        Event.LOGIN_FAILED,
        user=None,
        username=username,
        request=request,
        result=Result.FAILURE,
        detail=detail,
    )


def account_event(event, result):
    def receiver(sender, user, request=None, changed_by=None, **kwargs):
        detail = {key: kwargs[key] for key in DETAIL_ARGUMENTS if kwargs.get(key) is not None}
        # The account is the object; the actor is whoever acted on it (an administrator
        # setting a password), else the account's own user.
        AuditEntry.record(
            event, user, user=changed_by or user, request=request, result=result, detail=detail
        )

    return receiver


# -- accounts, roles and permissions -------------------------------------------------------


def remember_account_flags(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(ACCOUNT_FLAGS):
        return  # e.g. last_login on every login
    instance._audit_flags = sender.objects.filter(pk=instance.pk).values(*ACCOUNT_FLAGS).first()


def on_account_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        flags = {flag: getattr(instance, flag) for flag in ACCOUNT_FLAGS}
        AuditEntry.record(Event.ACCOUNT_CREATE, instance, detail=flags)
        return
    before = instance.__dict__.pop("_audit_flags", None)
    if not before:
        return
    changes = {
        flag: [before[flag], getattr(instance, flag)]
        for flag in ACCOUNT_FLAGS
        if before[flag] != getattr(instance, flag)
    }
    if changes:
        AuditEntry.record(Event.ROLE_CHANGE, instance, detail=changes)


def on_account_deleted(sender, instance, **kwargs):
    AuditEntry.record(Event.ACCOUNT_DELETE, instance)


def _grant_label(obj):
    """A group by name, a permission as app_label.codename (its verbose name is translated)."""
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    return str(obj)


def _names(model, pks):
    objects = model.objects.filter(pk__in=pks)
    if model is Permission:
        objects = objects.select_related("content_type")
    return sorted(_grant_label(item) for item in objects)


def on_grants_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Group memberships and permissions of users, and permissions of groups, from either
    side of the relation; a clear is remembered before it happens."""
    if action == "pre_clear":
        instance._audit_cleared = _related_pks(sender, instance, model)
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_audit_cleared", set())
    if not pk_set:
        return
    change = "added" if action == "post_add" else "removed"
    if reverse:
        # group.user_set.add(user), permission.group_set.add(group): one entry per holder.
        for holder in model.objects.filter(pk__in=pk_set):
            AuditEntry.record(Event.ROLE_CHANGE, holder, detail={change: [_grant_label(instance)]})
    else:
        AuditEntry.record(Event.ROLE_CHANGE, instance, detail={change: _names(model, pk_set)})


def _related_pks(through, instance, model):
    """The pks on the other side of `instance` in a many-to-many table."""
    fields = [field for field in through._meta.fields if field.is_relation]
    source = next(f for f in fields if f.related_model is instance._meta.concrete_model)
    target = next(f for f in fields if f.related_model is model and f is not source)
    rows = through.objects.filter(**{source.name: instance.pk})
    return set(rows.values_list(target.attname, flat=True))


# -- districts of officers -------------------------------------------------------------------


def remember_district(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding:
        return
    instance._audit_district_id = (
        sender.objects.filter(pk=instance.pk).values_list("district_id", flat=True).first()
    )


def _district_name(model, district_id):
    district_model = model._meta.get_field("district").related_model
    district = district_model.objects.filter(pk=district_id).first()
    return str(district) if district else None


def _record_district(profile, before_id, after_id):
    user_model = get_user_model()
    user = user_model.objects.filter(pk=profile.user_id).first()
    if user is not None:
        object_type, object_id, object_text = object_label(user)
    else:
        object_type, object_id, object_text = user_model._meta.label_lower, profile.user_id, ""
    AuditEntry.record(
        Event.DISTRICT_CHANGE,
        object_type=object_type,
        object_id=object_id,
        object_text=object_text,
        detail={
            "from": _district_name(type(profile), before_id) if before_id else None,
            "to": _district_name(type(profile), after_id) if after_id else None,
        },
    )


def on_district_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = None if created else instance.__dict__.pop("_audit_district_id", None)
    if created or before != instance.district_id:
        _record_district(instance, before, instance.district_id)


def on_district_deleted(sender, instance, **kwargs):
    _record_district(instance, instance.district_id, None)
