"""Security events Django has no signal for. Django's own are sent as usual:
user_logged_in (after the password step), user_logged_out, user_login_failed (also for a
wrong second-factor code, with credentials={"username": ...}).

Every signal here is sent with keyword arguments ``user`` and ``request`` (``request`` may be
None when no request is involved, e.g. a management command), plus the ones listed.
"""

from django.dispatch import Signal

# The server ended a session: reason is "idle" or "absolute". Sent instead of
# user_logged_out, so that a timeout is recorded once, as a timeout.
session_timed_out = Signal()

# A login ended the user's older session (SINGLE_SESSION). session_key: the ended session's.
other_session_ended = Signal()

# The second step of a login succeeded. device: the django-otp device that accepted the code.
second_factor_verified = Signal()

# A recovery code was used (and so is spent). remaining: how many unused codes are left.
recovery_code_used = Signal()

# A new authenticator app was confirmed with a first code; 10 new recovery codes were issued.
# device: the confirmed TOTPDevice. replaced: True when it replaced an earlier authenticator.
second_factor_enrolled = Signal()

# Five wrong codes in one login: the half-logged-in session was ended. attempts: the count.
second_factor_locked_out = Signal()

# A password was changed. changed_by: the user who set it (the same user, an administrator,
# or None outside a request). forced: why a change had been required ("expired",
# "must_change") or None.
password_changed = Signal()
