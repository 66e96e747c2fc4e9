"""`{% attention_counts %}`: the to-do counts or the review queue on the admin index."""

from django import template

from tracker.attention import Attention

register = template.Library()


@register.inclusion_tag("admin/tracker/_attention_counts.html", takes_context=True)
def attention_counts(context):
    return {"attention": Attention(context["request"].user)}
