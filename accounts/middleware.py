"""Session limits, the second step and forced password changes, enforced on every request.

Each works in process_view, where the resolved view is known: views that must stay reachable
(logging out, switching language, the second step itself) are named in access.py.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import access, passwords, second_factor, sessions
from .models import AccountSecurity


class PasswordSetterMiddleware:
    """Makes the request known while it is served, so that a password saved during it can be
    told apart: set by the user (clears a forced change) or by someone else (forces one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with passwords.serving(request):
            return self.get_response(request)


def _view_name(request):
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else None


def _timeout_message(reason):
    if reason == "idle":
        return _(
            "You were signed out after %(minutes)d minutes without activity. Log in again "
            "to continue where you were."
        ) % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES}
    return _(
        "Your session reached its limit of %(hours)d hours and has ended. Log in again to "
        "continue where you were."
    ) % {"hours": settings.SESSION_ABSOLUTE_HOURS}


class SessionLimitsMiddleware:
    """Ends a session past its idle or absolute limit; keeps the single-session key current."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key_before = request.session.session_key
        user_before = request.session.get(SESSION_KEY)
        response = self.get_response(request)
        key_after = request.session.session_key
        if (
            settings.SINGLE_SESSION
            and user_before is not None
            and key_after not in (None, key_before)
            and request.session.get(SESSION_KEY) == user_before
        ):
            # The key changed under a logged-in user (a password change cycles it): follow it.
            AccountSecurity.objects.session_rotated(user_before, key_before, key_after)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = request.session
        if SESSION_KEY not in session:
            return None
        passive = getattr(view_func, "session_passive", False)
        now = sessions.now_timestamp()
        reason = sessions.expired(session, now)
        if reason is None:
            if not passive:
                sessions.touch(session, now)
            return None
        sessions.end(request, reason)
        # Also when the warning's status request finds the session over: its script then
        # opens the login page, which shows the message.
        messages.info(request, _timeout_message(reason))
        if passive or _view_name(request) in access.PUBLIC_VIEWS:
            return None
        return redirect_to_login(request.get_full_path())


def _redirect_with_next(url_name, request):
    return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


class SecondFactorMiddleware:
    """A half-logged-in user (password accepted, code not yet) reaches only the second step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not second_factor.pending_before_view(request):
            return None
        if _view_name(request) in access.SECOND_STEP_VIEWS:
            return None
        return _redirect_with_next("accounts:second_factor", request)


class PasswordChangeMiddleware:
    """An expired or administrator-set password must be changed before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or second_factor.pending_before_view(request):
            return None  # the second step comes first
        if passwords.change_required(request.session) is None:
            return None
        if _view_name(request) in access.PASSWORD_CHANGE_VIEWS:
            return None
        return _redirect_with_next("accounts:password_change", request)
