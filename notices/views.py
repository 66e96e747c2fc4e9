"""/notices/: the signed-in user's notices, marking them read, and their notice settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notices.forms import NoticeSettingsForm
from notices.models import Notice
from notices.unread import refresh

PAGE_SIZE = 30


@login_required
def notice_list(request):
    notices = Notice.objects.for_user(request.user).select_related("park__district", "period")
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    unread = refresh(request)
    return render(request, "notices/list.html", {"page": page, "unread": unread})


def _back(request):
    """Back to the list page the form was on."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("notices:list")


@login_required
@require_POST
def mark_read(request, pk):
    # Somebody else's notice is as absent as one that does not exist.
    notice = get_object_or_404(Notice.objects.for_user(request.user), pk=pk)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    refresh(request)
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    count = Notice.objects.for_user(request.user).mark_read()
    refresh(request)
    if count:
        messages.success(request, _("All notices are marked read."))
    return _back(request)


@login_required
def notice_settings(request):
    form = NoticeSettingsForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notice settings were saved."))
        return redirect("notices:settings")
    return render(request, "notices/settings.html", {"form": form})
