"""Pure helpers for periods, figures and names that several apps need.

This module imports none of the project's apps, so any of them may import it.
"""

from datetime import date

from django.utils.translation import get_language

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


def localized(obj, field):
    """The English variant of a name field when the UI is in English and one exists."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)
