"""Password complexity: length ≥ PASSWORD_MIN_LENGTH and PASSWORD_MIN_CLASSES of the four
classes, with the reasons in Chinese on the change page; a refused change changes nothing."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.validators import character_classes
from tests.factories import PASSWORD

from .conftest import PASSWORD_CHANGE, log_in


def change(client, new, old=PASSWORD):
    return client.post(
        PASSWORD_CHANGE, {"old_password": old, "new_password1": new, "new_password2": new}
    )


def reasons(password, user=None):
    with translation.override("zh-hans"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return error.messages
    return []


@pytest.mark.parametrize(
    ("password", "classes"),
    [
        ("abcdefgh", {"lower"}),
        ("ABCdef", {"upper", "lower"}),
        ("abc123", {"lower", "digit"}),
        ("a-b c", {"lower", "symbol"}),
        ("珠江2025", {"symbol", "digit"}),  # Chinese characters have no case: symbols
        ("Aa1!", {"upper", "lower", "digit", "symbol"}),
    ],
)
def test_character_classes(password, classes):
    assert character_classes(password) == classes


def test_two_classes_are_refused_in_chinese(db):
    assert "该密码只用了大写字母、小写字母、数字、符号四类字符中的 2 类,至少需要 3 类。" in reasons(
        "riverbank2047"
    )


def test_too_short_is_refused_in_chinese(db):
    assert reasons("Rb-2047") == ["密码太短,至少需要 8 个字符。"]


def test_three_classes_and_eight_characters_pass(db):
    assert reasons("Riverbank_2047") == []
    assert reasons("Pearl#River") == []


def test_settings_change_the_rules(db, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        },
        {"NAME": "accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 4}},
    ]
    assert reasons("Pearl#River") == [
        "密码太短,至少需要 12 个字符。",
        "该密码只用了大写字母、小写字母、数字、符号四类字符中的 3 类,至少需要 4 类。",
    ]


def test_the_settings_reach_the_validators(settings):
    options = {entry["NAME"]: entry.get("OPTIONS") for entry in settings.AUTH_PASSWORD_VALIDATORS}
    assert options["django.contrib.auth.password_validation.MinimumLengthValidator"] == {
        "min_length": settings.PASSWORD_MIN_LENGTH
    }
    assert options["accounts.validators.CharacterClassValidator"] == {
        "min_classes": settings.PASSWORD_MIN_CLASSES
    }
    assert (settings.PASSWORD_MIN_LENGTH, settings.PASSWORD_MIN_CLASSES) == (8, 3)


def test_the_change_page_refuses_with_the_reason_and_keeps_the_password(client, haizhu_officer):
    log_in(client, haizhu_officer)
    response = change(client, "riverbank2047")
    assert response.status_code == 200
    page = response.content.decode()
    assert "该密码只用了大写字母、小写字母、数字、符号四类字符中的 2 类,至少需要 3 类。" in page
    haizhu_officer.refresh_from_db()
    assert haizhu_officer.check_password(PASSWORD)


def test_the_change_page_lists_the_rules_in_chinese(client, haizhu_officer):
    log_in(client, haizhu_officer)
    page = client.get(PASSWORD_CHANGE).content.decode()
    assert "密码须至少包含大写字母、小写字母、数字、符号中的 3 类。" in page
    assert "密码不能与最近 5 次使用的密码相同。" in page


def test_a_good_password_is_taken(client, haizhu_officer):
    log_in(client, haizhu_officer)
    response = change(client, "Pearl#River9")
    assert response.status_code == 302
    haizhu_officer.refresh_from_db()
    assert haizhu_officer.check_password("Pearl#River9")
    assert "密码已修改。" in client.get(response["Location"]).content.decode()


def test_a_wrong_old_password_changes_nothing(client, haizhu_officer):
    log_in(client, haizhu_officer)
    response = change(client, "Pearl#River9", old="not-my-password")
    assert "你的旧密码不正确。请重新输入。" in response.content.decode()
    haizhu_officer.refresh_from_db()
    assert haizhu_officer.check_password(PASSWORD)
