"""Account security events (stand-in until the auth branch lands; the names and arguments
are that branch's). Each is sent with the keyword arguments user and request (request may be
None outside a request), plus those noted.
"""

from django.dispatch import Signal

# reason: "idle" or "absolute".
session_timed_out = Signal()
# A login ended the user's older session (SINGLE_SESSION). session_key: the ended session's.
other_session_ended = Signal()
# device: the django-otp device that accepted the code.
second_factor_verified = Signal()
# remaining: unused recovery codes left.
recovery_code_used = Signal()
# device, replaced: True when it replaced an earlier authenticator.
second_factor_enrolled = Signal()
# attempts: wrong codes in the login that was ended.
second_factor_locked_out = Signal()
# changed_by: who set it (the user, an administrator, or None); forced: "expired",
# "must_change" or None.
password_changed = Signal()
