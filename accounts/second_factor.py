"""The second step of a login: TOTP devices, recovery codes and the half-logged-in state.

After the password step Django's login() has run, but until a code is verified
``request.user.is_verified()`` is False and SecondFactorMiddleware lets the user reach only
the second-step pages.
"""

import re
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import sessions
from .models import AccountSecurity
from .signals import (
    recovery_code_used,
    second_factor_enrolled,
    second_factor_locked_out,
    second_factor_verified,
)

STEP = "accounts.second_step"  # "verify" (has a device) or "enrol" (must get one)
FAILURES = "accounts.second_step_failures"
MAX_FAILURES = 5
RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def note_at_login(request, user):
    """Note whether this login needs a second step; True if it does."""
    session = request.session
    session.pop(FAILURES, None)
    if django_otp.user_has_device(user, confirmed=True):
        session[STEP] = "verify"
    elif settings.REQUIRE_2FA:
        session[STEP] = "enrol"
    else:
        session.pop(STEP, None)
    return STEP in session


def pending(request):
    """True while the user must still pass the second step to reach any page."""
    user = request.user
    if not user.is_authenticated:
        return False
    # Without django-otp's middleware (a bare RequestFactory request) nobody is verified.
    if getattr(user, "is_verified", lambda: False)():
        return False
    return settings.REQUIRE_2FA or request.session.get(STEP) == "verify"


def pending_before_view(request):
    """pending(), asked once for the middlewares that check it before the view runs (the
    view may pass or start the second step, so whatever runs after it asks pending())."""
    if not hasattr(request, "_second_step_pending"):
        request._second_step_pending = pending(request)
    return request._second_step_pending


def has_device(user):
    """An authenticator app is set up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def has_any_device(user):
    """An authenticator app or recovery codes: either can pass the second step."""
    return django_otp.user_has_device(user, confirmed=True)


def normalise(code):
    return re.sub(r"[\s-]", "", code or "").lower()


def check_code(user, code):
    """The device that accepts the code (a TOTP device or the recovery codes), or None.

    Goes through django-otp's verify_token, so each device's own throttling (1, 2, 4 ...
    seconds after successive failures, kept in the database) applies too."""
    code = normalise(code)
    model = TOTPDevice if re.fullmatch(r"\d{6}", code) else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def complete(request, device):
    """The code was right: the session is verified (under a new key) and the login is done."""
    user = request.user
    django_otp.login(request, device)
    request.session.pop(STEP, None)
    request.session.pop(FAILURES, None)
    request.session.cycle_key()
    second_factor_verified.send(sender=AccountSecurity, user=user, request=request, device=device)
    if isinstance(device, StaticDevice):
        remaining = StaticToken.objects.filter(device=device).count()
        recovery_code_used.send(
            sender=AccountSecurity, user=user, request=request, remaining=remaining
        )
    sessions.finish_login(request, user)


def fail(request):
    """Count a wrong code; after MAX_FAILURES end the half-logged-in session. True if ended."""
    user = request.user
    failures = request.session.get(FAILURES, 0) + 1
    request.session[FAILURES] = failures
    # As a failed login, so that django-axes counts it (and locks) and the audit records it.
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    if failures < MAX_FAILURES:
        return False
    request.session.flush()
    request.user = AnonymousUser()
    second_factor_locked_out.send(
        sender=AccountSecurity, user=user, request=request, attempts=failures
    )
    return True


# -- enrolment ----------------------------------------------------------------------------


def may_enrol(request):
    """Enrolling needs a verified session, unless the user has no second factor at all:
    otherwise a stolen password could enrol the thief's phone."""
    user = request.user
    return user.is_verified() or not has_any_device(user)


def pending_device(user):
    """The unconfirmed device being enrolled; the same one on every reload of the page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_text(device):
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device, label):
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=10,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    # Drawn inline (the CSP allows no script, and an inline SVG is no image request).
    opening = format_html('<svg role="img" aria-label="{}" class="qr-code" ', label)
    return mark_safe(svg.replace("<svg ", opening, 1))  # qrcode's own markup, our label


def confirm(request, device, code):
    """Confirm the device with its first code; returns the new recovery codes, or None."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if not device.verify_token(normalise(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0] > 0
        codes = issue_recovery_codes(user)
    second_factor_enrolled.send(
        sender=AccountSecurity, user=user, request=request, device=device, replaced=replaced
    )
    if user.is_verified():
        # The device this session was verified with may just have been replaced.
        django_otp.login(request, device)
    else:
        complete(request, device)
    return codes


def issue_recovery_codes(user):
    """Replace the user's recovery codes with RECOVERY_CODES new ones, returned once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()
