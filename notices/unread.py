"""The unread count in the page header, without a query on every page.

The count is kept in the user's session (loaded on every request anyway) and recounted
when it is older than FRESH_SECONDS, at login, and when the user marks notices read.
New notices come from the daily reminder run, so a few minutes' delay is harmless.
"""

import time

from notices.models import Notice

SESSION_KEY = "notices_unread"
FRESH_SECONDS = 300


def count_unread(user):
    return Notice.objects.for_user(user).unread().count()


def remember(request, count):
    request.session[SESSION_KEY] = [request.user.pk, count, time.time()]
    return count


def unread_count(request):
    user = request.user
    if not user.is_authenticated:
        return 0
    stored = request.session.get(SESSION_KEY)
    if stored and stored[0] == user.pk and time.time() - stored[2] < FRESH_SECONDS:
        return stored[1]
    return remember(request, count_unread(user))


def refresh(request):
    """Recount now; the session is only written when the count changed."""
    count = count_unread(request.user)
    stored = request.session.get(SESSION_KEY)
    if stored and stored[0] == request.user.pk and stored[1] == count:
        return count
    return remember(request, count)


def remember_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = [user.pk, count_unread(user), time.time()]
