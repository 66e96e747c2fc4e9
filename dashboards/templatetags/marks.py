"""The marks of provisional figures and projections (dashboards/charts.py MARKS) on pages.

{% marks provisional=... projection=... %} puts the marks after a figure, each with its
meaning for screen readers; {% marks_legend ... %} explains the marks a table or chart shows,
and renders nothing when it shows none.
"""

from django import template

from dashboards.charts import PROJECTION, PROVISIONAL, marks_of

register = template.Library()


def chosen(provisional=False, projection=False):
    flags = {PROVISIONAL: provisional, PROJECTION: projection}
    return marks_of({code for code, flag in flags.items() if flag})


@register.inclusion_tag("dashboards/_marks.html")
def marks(provisional=False, projection=False):
    return {"marks": chosen(provisional, projection)}


@register.inclusion_tag("dashboards/_marks_legend.html")
def marks_legend(provisional=False, projection=False, shown=None):
    """`shown`: a list of Marks (a chart's `marks`), instead of the two flags."""
    return {"marks": shown if shown is not None else chosen(provisional, projection)}


@register.filter
def any_of(items, path):
    """True when any item has a true value at the dotted `path`; lists met on the way are
    looked into: `results|any_of:"parks.evaluation.provisional"`."""
    first, _dot, rest = path.partition(".")
    for item in items or ():
        if first.isdigit() and isinstance(item, list | tuple):
            value = item[int(first)]  # a row of a table made of tuples
        else:
            value = getattr(item, first, None)
        if rest:
            found = any_of(value if isinstance(value, list | tuple) else [value], rest)
        else:
            found = bool(value)
        if found:
            return True
    return False
