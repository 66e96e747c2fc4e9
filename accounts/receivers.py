"""What a login sets up in the session: limits, password state, the second step."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import passwords, second_factor, sessions


@receiver(user_logged_in, dispatch_uid="accounts.start_session")
def start_session(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    sessions.start(request.session)
    passwords.note_at_login(request, user)
    if not second_factor.note_at_login(request, user):
        # With a second step still to come, an older session is ended only once it is passed:
        # a stolen password alone must not be enough to sign the real user out.
        sessions.finish_login(request, user)
