"""{% pagefragment "name" %}...{% endpagefragment %}: a part of a cached dashboard page.

base.html wraps the title and the content blocks in it. On a page served by
dashboards.pagecache.cached_page the tag gives the stored HTML (its body is not rendered)
or renders its body and hands the result to the page's cache; on any other page it just
renders its body.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        page = getattr(request, "page_cache", None)
        if page is None:
            return self.nodelist.render(context)
        if page.stored is not None:
            return mark_safe(page.stored[self.name])
        html = self.nodelist.render(context)
        page.fresh[self.name] = str(html)
        return html


@register.tag
def pagefragment(parser, token):
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("pagefragment takes one argument: its name") from None
    nodelist = parser.parse(("endpagefragment",))
    parser.delete_first_token()
    return PageFragmentNode(name.strip("\"'"), nodelist)
