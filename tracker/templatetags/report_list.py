"""Template tags of the admin's report list (templates/admin/tracker/parkreport/change_list.html).

`{% report_result_list cl %}`: Django's {% result_list %}, with its rows drawn by
tracker/report_list.py (and its template overridable the same way).

`{% cached_filters %}...{% end_cached_filters %}`: the filter sidebar, kept in the cache. It
is some sixty links, each with its own query string, a fifth of the list's time; what it
shows depends only on the page's address (the filters chosen), the parks the user may see,
the language and the data version (tracker/versions.py), which every write changes.
"""

import hashlib

from django import template
from django.conf import settings
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from tracker import report_list
from tracker.versions import for_request as data_version
from tracker.versions import user_scope

register = template.Library()


@register.tag(name="report_result_list")
def report_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=report_list.result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


def filters_key(request):
    parts = [
        request.get_full_path(),
        user_scope(request.user),
        get_language() or "",
        str(data_version(request)),
    ]
    return "admin-filters:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


class CachedFiltersNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        key = filters_key(context["request"])
        html = cache.get(key)
        if html is None:
            html = str(self.nodelist.render(context))
            cache.set(key, html, settings.DASHBOARD_CACHE_SECONDS)
        return mark_safe(html)


@register.tag
def cached_filters(parser, token):
    nodelist = parser.parse(("end_cached_filters",))
    parser.delete_first_token()
    return CachedFiltersNode(nodelist)
