"""Cached dashboard pages.

What a dashboard page shows is a pure function of: the page and its URL (the park, the
year, ?include=, ?policy=, ...), the parks the user may see (all, or one district's), the
user's role (the overview's to-do or review queue), the language, the date (statuses are "as of today") and the data version
(tracker/versions.py), which every write raises in its own transaction. Under a key made of
exactly these, the page's title and content are kept in Django's cache (local memory, or
Redis with CACHE_URL/REDIS_URL: see the README) and served without loading any figures.
The page's frame (header, notices, messages, CSRF tokens) is rendered for each request.

Loading the figures (Progress.load) and rendering them cost about the same, so the rendered
HTML is what is kept, not the loaded Progress: a hit then costs one query for the data
version and one for the user's permissions (the scope and role in the key; see
load_permissions), on top of the session and its user, and no work that grows with the data.

Access: a key holds the user's scope, so a page stored for one scope is served only to users
of the same scope; only 200 pages are stored, so a page another scope may not open (404) is
never stored for it. Downloads (?download=, and the assessment's ?format=) are never cached.
"""

import gc
import hashlib
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone, translation

from tracker.attention import Attention
from tracker.versions import for_request as data_version
from tracker.versions import user_scope

FRAGMENTS = ("title", "content")


def load_permissions(user):
    """The user's permissions in one query, kept where Django's ModelBackend keeps them for
    the rest of the request. ModelBackend takes two (the user's own, then its groups'), and
    on a cached page, where the key needs the user's scope and role, they were a third of the
    request. The same set: user permissions and group permissions, "app_label.codename";
    superusers and inactive users are left to ModelBackend."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return
    if not hasattr(user, "_perm_cache"):
        rows = (
            Permission.objects.filter(Q(user=user) | Q(group__user=user))
            .values_list("content_type__app_label", "codename")
            .order_by()
            .distinct()
        )
        user._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}


def page_key(request, name, args=(), kwargs=None):
    load_permissions(request.user)
    parts = [
        name,
        repr(args),
        repr(sorted((kwargs or {}).items())),
        repr(sorted(request.GET.lists())),
        user_scope(request.user),
        # The overview shows an officer's to-do or a reviewer's queue: one page per role.
        str(Attention(request.user).role),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        str(data_version(request)),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"dashboards:page:{digest}"


class PageCache:
    """The fragments of one page: found in the cache (`stored`) or rendered now (`fresh`)."""

    def __init__(self, key, stored=None):
        self.key = key
        self.stored = stored
        self.fresh = {}

    def complete(self):
        return all(name in self.fresh for name in FRAGMENTS)


@contextmanager
def collector_paused():
    """Python's cycle collector off while a page is built, then as it was before.

    A cold page at 370 parks makes a hundred thousand small objects (figures, results, chart
    points) that all live until the page is sent, so each collection the allocations set off
    finds nothing to free yet scans them and the whole app again: a third of the overview's
    time (bench/dashboard_bench.py). Plain reference counting still frees what the page drops;
    a cycle made meanwhile waits for the next collection. Gunicorn's workers are processes
    serving one request at a time, so no other request is affected."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cached_page(template, downloads=("download",)):
    """Serve the view's page from the cache when the key matches; store it after a 200.
    A request with one of the `downloads` parameters (a file, not the page) is never
    cached."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if any(name in request.GET for name in downloads):
                with collector_paused():
                    return view(request, *args, **kwargs)
            key = page_key(request, view.__name__, args, kwargs)
            page = PageCache(key, cache.get(key))
            request.page_cache = page
            try:
                if page.stored is not None:
                    # The stored fragments stand in for everything the view would compute.
                    return render(request, template, {})
                with collector_paused():
                    response = view(request, *args, **kwargs)
            finally:
                del request.page_cache
            if response.status_code == 200 and page.complete():
                cache.set(key, page.fresh, settings.DASHBOARD_CACHE_SECONDS)
            return response

        return wrapper

    return decorate
