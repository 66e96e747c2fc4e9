"""Unified social credit code (统一社会信用代码, GB 32100-2015)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The standard's 31-character alphabet: digits and capitals without I, O, S, V, Z.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17):
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value):
    code = value or ""
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; “%(value)s” has %(length)d."),
            code="credit_code_length",
            params={"value": code, "length": len(code)},
        )
    if code != code.upper():
        raise ValidationError(
            _("Unified social credit code “%(value)s” contains lowercase letters; use capitals."),
            code="credit_code_case",
            params={"value": code},
        )
    bad = [char for char in code if char not in CREDIT_CODE_ALPHABET]
    if bad:
        raise ValidationError(
            _("Unified social credit code “%(value)s” contains invalid characters “%(chars)s”."),
            code="credit_code_chars",
            params={"value": code, "chars": "".join(dict.fromkeys(bad))},
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "Unified social credit code “%(value)s” has a wrong check character (expected “%(expected)s”)."
            ),
            code="credit_code_check",
            params={"value": code, "expected": expected},
        )
