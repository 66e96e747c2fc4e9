from django import template
from django.conf import settings

from accounts import second_factor, sessions

register = template.Library()


@register.inclusion_tag("accounts/_session_timeout.html", takes_context=True)
def session_timeout(context):
    """The idle-logout warning (hidden until static/js/session-timeout.js shows it)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    left, limit = sessions.remaining(request.session)
    return {
        "show": True,
        "request": request,
        "remaining": left,
        "limit": limit,
        "warning": settings.SESSION_WARNING_SECONDS,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def signin_complete(request):
    """False while the second step of the login is still to come (hide the navigation)."""
    return request is not None and not second_factor.pending(request)
