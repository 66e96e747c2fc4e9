"""Session limits (idle and absolute) and one session per user.

The login time and the last activity are kept in the session itself, as Unix timestamps, so a
request needs no query to check them. The last activity is written at most once a minute, so
an active user does not cause a session write on every request.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from .models import AccountSecurity
from .signals import other_session_ended, session_timed_out

LOGIN_AT = "accounts.login_at"
SEEN_AT = "accounts.seen_at"
ACTIVITY_RESOLUTION_SECONDS = 60


def now_timestamp():
    return timezone.now().timestamp()


def idle_seconds():
    return settings.SESSION_IDLE_TIMEOUT_MINUTES * 60


def absolute_seconds():
    return settings.SESSION_ABSOLUTE_HOURS * 3600


def start(session, now=None):
    now = now_timestamp() if now is None else now
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


def remaining(session, now=None):
    """(seconds left, "idle" or "absolute": the limit that ends the session first)."""
    now = now_timestamp() if now is None else now
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        # A session from before these limits existed: its age is unknown, so it is over.
        return 0, "absolute"
    idle_left = seen_at + idle_seconds() - now
    absolute_left = login_at + absolute_seconds() - now
    if idle_left < absolute_left:
        return max(0, int(idle_left)), "idle"
    return max(0, int(absolute_left)), "absolute"


def expired(session, now=None):
    """ "idle" or "absolute" if the session is past a limit, else None."""
    left, limit = remaining(session, now)
    return limit if left <= 0 else None


def touch(session, now=None, force=False):
    now = now_timestamp() if now is None else now
    if force or now - session.get(SEEN_AT, 0) >= ACTIVITY_RESOLUTION_SECONDS:
        session[SEEN_AT] = now


def end(request, reason):
    """End the session on the server (its record is deleted) and say why."""
    user = request.user
    user.is_authenticated  # noqa: B018  (load the lazy user before its session is gone)
    request.session.flush()
    request.user = AnonymousUser()
    session_timed_out.send(sender=AccountSecurity, user=user, request=request, reason=reason)


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def finish_login(request, user):
    """The login is complete: with SINGLE_SESSION, end the user's previous session."""
    if not settings.SINGLE_SESSION:
        return
    if request.session.session_key is None:
        request.session.save()
    current = request.session.session_key
    previous = AccountSecurity.objects.remember_session(user, current)
    if not previous or previous == current:
        return
    store = _session_store()
    if store().exists(previous):
        store(session_key=previous).delete()
        other_session_ended.send(
            sender=AccountSecurity, user=user, request=request, session_key=previous
        )
