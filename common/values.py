"""Pure helpers for periods, figures and names that several apps need.

This module imports none of the project's apps, so any of them may import it.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

QUARTERS = (1, 2, 3, 4)
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def quarter_end(year, quarter) -> date:
    """The last day of a quarter."""
    month, day = _QUARTER_END[quarter]
    return date(year, month, day)


def format_period(year, quarter) -> str:
    """The period label used in sheets, charts and messages: 2024Q3."""
    return f"{int(year)}Q{int(quarter)}"


def format_decimal(value):
    """A Decimal without trailing zeros and without exponent notation; "" for None."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_fixed(value, places=2):
    """A number with exactly `places` decimals (8 -> "8.00"), as areas are shown; "" for None."""
    if value is None:
        return ""
    step = Decimal(1).scaleb(-places)
    return f"{Decimal(value).quantize(step, rounding=ROUND_HALF_UP):f}"


BOOLEAN = "boolean"  # the value type of yes/no figures, stored as 1 and 0


def format_figure(value, value_type=""):
    """A reported figure as people read it: Yes/No for a yes/no figure, else the number."""
    if value is None:
        return ""
    if value_type == BOOLEAN:
        return _("Yes") if value else _("No")
    return format_decimal(value)


def format_yi_yuan(value):
    """An amount of money held in 亿元 (10^8 yuan), in the page's language:
    "1000 亿元" in Chinese, "100 billion yuan" in English."""
    if not _english():
        return f"{format_decimal(value)} 亿元"
    # English has no word for 10^8: count in billions (10 亿元) or millions.
    if abs(value) >= 10:
        return f"{format_decimal(Decimal(value) / 10)} billion yuan"
    return f"{format_decimal(Decimal(value) * 100)} million yuan"


def join_names(names):
    """A list of names joined as the page's language does: 、 in Chinese; commas in
    English, or semicolons when a name has a comma of its own (many park names do)."""
    names = [str(name) for name in names]
    if not _english():
        return "、".join(names)
    return ("; " if any("," in name for name in names) else ", ").join(names)


def with_unit(text, unit):
    """ "营收(亿元)" in Chinese, "Revenue (100 million yuan)" in English; the text alone
    without a unit."""
    if not unit:
        return str(text)
    return f"{text} ({unit})" if _english() else f"{text}({unit})"


def _english():
    return (get_language() or "").startswith("en")


def localized(obj, field):
    """The English variant of a name field when the UI is in English and one exists."""
    if _english():
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)
