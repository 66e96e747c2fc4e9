"""Password age, the must-change flag and who set a password.

Django calls every validator's ``password_changed`` after a password is saved; ours
(validators.PasswordHistoryValidator) calls ``record_change`` here. Whether the user set the
password or someone else did (an administrator in the admin) is told by the request being
served, which PasswordSetterMiddleware makes known for the length of the request.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

from .models import AccountSecurity, PasswordHistory
from .signals import password_changed

_serving = ContextVar("accounts_serving_request", default=None)

# Session keys: the password state as it was at login, so that no request needs a query.
MUST_CHANGE = "accounts.must_change_password"
EXPIRES_AT = "accounts.password_expires_at"


@contextmanager
def serving(request):
    token = _serving.set(request)
    try:
        yield
    finally:
        _serving.reset(token)


def _setter(request):
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def record_change(user, keep):
    """Keep the new hash, restart the password's age, and flag or clear a forced change."""
    request = _serving.get()
    setter = _setter(request)
    PasswordHistory.objects.record(user, user.password, keep)
    state = AccountSecurity.objects.for_user(user)
    forced = None
    if setter is not None and setter.pk == user.pk:
        forced = change_reason(state)
        state.must_change_password = False
    elif setter is not None:
        state.must_change_password = True
    state.password_changed_at = timezone.now()
    state.save(update_fields=["password_changed_at", "must_change_password"])
    if setter is not None and setter.pk == user.pk:
        note_in_session(request.session, state)
    password_changed.send(
        sender=AccountSecurity, user=user, request=request, changed_by=setter, forced=forced
    )


def change_reason(state, now=None):
    if state.must_change_password:
        return "must_change"
    if state.password_expired(now):
        return "expired"
    return None


def note_in_session(session, state):
    session[MUST_CHANGE] = state.must_change_password
    expires = state.password_expires_at()
    session[EXPIRES_AT] = expires.timestamp() if expires else None


def note_at_login(request, user):
    note_in_session(request.session, AccountSecurity.objects.for_user(user))


def expires_at(user):
    return AccountSecurity.objects.for_user(user).password_expires_at()


def change_required(session, now=None):
    """ "must_change", "expired" or None, from what the session noted at login."""
    if session.get(MUST_CHANGE):
        return "must_change"
    expires = session.get(EXPIRES_AT)
    if expires is not None and (now or timezone.now()).timestamp() >= expires:
        return "expired"
    return None
