from django.utils.functional import SimpleLazyObject

from notices.models import Notice
from notices.unread import unread_count

ADMIN_INDEX_LATEST = 5


def _latest_unread(request):
    if not request.user.is_authenticated:
        return []
    notices = Notice.objects.for_user(request.user).unread()
    return list(notices.select_related("park__district", "period")[:ADMIN_INDEX_LATEST])


def unread_notices(request):
    """The signed-in user's unread notices, queried only where a page shows them.

    `unread_notices` (the count, in the page header) comes from the session; see
    notices.unread. `latest_unread_notices` is for the admin index.
    """
    return {
        "unread_notices": SimpleLazyObject(lambda: unread_count(request)),
        "latest_unread_notices": SimpleLazyObject(lambda: _latest_unread(request)),
    }
