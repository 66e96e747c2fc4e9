"""The second step of a login, 2FA enrolment, the password change page and the two small
endpoints of the session-timeout warning."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import passwords, second_factor, sessions
from .forms import CodeForm


def session_passive(view):
    """Marks a view whose requests are not user activity (the idle clock keeps running)."""
    view.session_passive = True
    return view


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _with_next(url_name, request):
    return f"{reverse(url_name)}?{urlencode({'next': next_url(request)})}"


@never_cache
@login_required
def second_factor_view(request):
    user = request.user
    if not second_factor.pending(request):
        return redirect(next_url(request))
    if not second_factor.has_any_device(user):
        return redirect(_with_next("accounts:enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.check_code(user, form.cleaned_data["code"])
        if device is not None:
            second_factor.complete(request, device)
            return redirect(next_url(request))
        if second_factor.fail(request):
            messages.error(
                request, _("Too many wrong codes. For your safety, please log in again.")
            )
            return redirect_to_login(next_url(request))
        form.add_error("code", _("That code is not right, or it has already been used."))
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url(request)})


@never_cache
@login_required
def enrol(request):
    user = request.user
    if not second_factor.may_enrol(request):
        return redirect(_with_next("accounts:second_factor", request))
    device = second_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm(request, device, form.cleaned_data["code"])
        if codes is not None:
            return _show_recovery_codes(request, codes)
        form.add_error(
            "code", _("That code is not right. Check the time on your phone and try again.")
        )
    context = {
        "form": form,
        "next": next_url(request),
        "qr_code": second_factor.qr_svg(device, _("QR code for your authenticator app")),
        "secret": second_factor.secret_text(device),
        "replacing": second_factor.has_device(user),
    }
    return render(request, "accounts/enrol.html", context)


def _show_recovery_codes(request, codes):
    # Shown once: the views that call this are never_cache (no-store).
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url(request)}
    )


@never_cache
@login_required
def security(request):
    user = request.user
    if request.method == "POST" and request.user.is_verified():
        return _show_recovery_codes(request, second_factor.issue_recovery_codes(user))
    context = {
        "has_device": second_factor.has_device(user),
        "codes_left": second_factor.recovery_codes_left(user),
        "password_expires_at": passwords.expires_at(user),
    }
    return render(request, "accounts/security.html", context)


@never_cache
@login_required
def password_change(request):
    reason = passwords.change_required(request.session)
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect(next_url(request))
    context = {"form": form, "reason": reason, "next": next_url(request)}
    return render(request, "accounts/password_change.html", context)


def admin_login_via(site_login):
    """The admin's login view, sending visitors to the site's one login page (where the
    second step and the timeout messages are) and back to the admin page they asked for."""

    def admin_login(request, extra_context=None):
        if request.user.is_authenticated:
            # Logged in but not allowed in the admin: the admin says so itself.
            return site_login(request, extra_context)
        target = next_url(request) if "next" in request.GET else reverse("admin:index")
        return redirect_to_login(target)

    return admin_login


def _session_state(request):
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False, "remaining": 0})
    left, limit = sessions.remaining(request.session)
    return JsonResponse({"authenticated": True, "remaining": left, "limit": limit})


@session_passive
@require_GET
@never_cache
def session_status(request):
    """Time left, without counting as activity: the warning asks before it shows."""
    return _session_state(request)


@session_passive
@require_POST
@never_cache
def session_extend(request):
    """The user chose to stay signed in."""
    if request.user.is_authenticated:
        sessions.touch(request.session, force=True)
    return _session_state(request)
