"""Template filters over common/values.py, so every page shows a figure the same way."""

from django import template

from common import values

register = template.Library()


@register.filter
def area(value):
    """An area in km² with two decimals: 8.00, 14.90, 81.87."""
    return values.format_fixed(value, 2)


@register.filter
def figure(value, value_type=""):
    """A reported figure: Yes/No for a yes/no indicator (`value|figure:indicator.value_type`)."""
    return values.format_figure(value, value_type)


@register.filter
def with_unit(text, unit):
    """`name|with_unit:unit`: 营收(亿元) / Revenue (100 million yuan)."""
    return values.with_unit(text, unit)


@register.filter
def names(items):
    """Names joined as the page's language does (、 or semicolons)."""
    return values.join_names(items)
