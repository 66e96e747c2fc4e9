"""Account events other apps listen to (stand-in until the auth branch lands).

Each is sent with sender, user and request.
"""

from django.dispatch import Signal

session_timed_out = Signal()
second_factor_enrolled = Signal()
password_changed = Signal()
