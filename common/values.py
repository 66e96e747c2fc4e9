"""Pure helpers for periods, figures and names that several apps need.

This module imports none of the project's apps, so any of them may import it.
"""

import math
import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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


# --- reading typed-in text and numbers ------------------------------------------------------

# Longest piece of a user's text quoted back in an error message.
MAX_SHOWN_CHARS = 40

# Invisible characters that str.strip() keeps but users cannot see in a cell or a field.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"

# Either properly grouped thousands ("1,234,567.5") or plain digits; optional sign.
_NUMBER_RE = re.compile(r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)")


class ParseError(ValueError):
    """A user-facing problem with something typed in or uploaded; `message` says what."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def excerpt(value):
    """`value` as text short enough to quote back in a message."""
    text = str(value).strip()
    if len(text) > MAX_SHOWN_CHARS:
        text = text[:MAX_SHOWN_CHARS] + "…"
    return text


def normalize_text(value):
    """NFKC-normalise (full-width → ASCII) and strip all kinds of surrounding whitespace."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    # NFKC already maps U+3000 and U+00A0 to a plain space; strip() removes the rest.
    return text.strip().strip(_INVISIBLE).strip()


def _invalid_number(value):
    return ParseError(_("Unrecognised number “%(value)s”") % {"value": excerpt(value)})


def _float_to_decimal(value):
    if not math.isfinite(value):
        raise _invalid_number(value)
    if value == 0:
        return Decimal(0)  # not Decimal("-0") for -0.0
    # round() drops binary noise such as 0.30000000000000004; "f" avoids "1E+2" forms.
    return Decimal(format(Decimal(str(round(value, 10))).normalize(), "f"))


def parse_decimal(value, *, percent_allowed=True):
    """Parse a typed-in number (or a spreadsheet cell) into a Decimal; blank → None, never 0.

    Accepts thousands separators, full-width digits and a trailing "%", which is stripped:
    the number stays in percent units ("85%" → 85). Raises ParseError with a message.
    """
    if value is None:
        return None
    # bool is an int subclass; a TRUE/FALSE cell is not a number.
    if isinstance(value, bool):
        raise _invalid_number(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _float_to_decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _invalid_number(value)
        return value
    if not isinstance(value, str):
        raise _invalid_number(value)

    text = normalize_text(value).replace("\u2212", "-")  # U+2212 MINUS SIGN, pasted from Word
    if not text:
        return None
    if text.startswith("#"):
        raise ParseError(
            _("The cell holds the Excel error “%(value)s”; fix the cell's formula first")
            % {"value": excerpt(value)}
        )
    if text.endswith("%"):
        if not percent_allowed:
            raise ParseError(
                _("“%(value)s” must not have a percent sign; enter the number only")
                % {"value": excerpt(value)}
            )
        text = text[:-1].rstrip()
    if not _NUMBER_RE.fullmatch(text):
        raise _invalid_number(value)
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid numbers
        raise _invalid_number(value) from None
