"""No reuse of the last PASSWORD_HISTORY (default 5) passwords; the history keeps hashes."""

from django.contrib.auth.hashers import identify_hasher

from accounts.models import PasswordHistory
from tests.factories import PASSWORD

from .conftest import PASSWORD_CHANGE, log_in

REUSED = "该密码最近用过:新密码不能与最近 5 次使用的密码相同。"
PASSWORDS = [f"Harbour#{n}a" for n in range(1, 6)]


def change(client, old, new):
    return client.post(
        PASSWORD_CHANGE, {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_the_current_password_cannot_be_set_again(client, haizhu_officer):
    log_in(client, haizhu_officer)
    response = change(client, PASSWORD, PASSWORD)
    assert REUSED in response.content.decode()


def test_the_last_five_are_refused_and_the_sixth_is_allowed(client, haizhu_officer):
    log_in(client, haizhu_officer)
    old = PASSWORD
    for new in PASSWORDS:
        assert change(client, old, new).status_code == 302
        old = new
    # The current one and the four before it are refused.
    for reused in PASSWORDS:
        response = change(client, old, reused)
        assert response.status_code == 200
        assert REUSED in response.content.decode()
    haizhu_officer.refresh_from_db()
    assert haizhu_officer.check_password(old)
    # The persona's first password is now six changes back: allowed again.
    assert change(client, old, PASSWORD).status_code == 302


def test_only_hashes_are_kept_and_only_as_many_as_needed(client, haizhu_officer):
    log_in(client, haizhu_officer)
    old = PASSWORD
    for new in PASSWORDS + ["Harbour#6a", "Harbour#7a"]:
        change(client, old, new)
        old = new
    kept = list(history_of(haizhu_officer))
    assert len(kept) == 5
    for entry in kept:
        identify_hasher(entry)  # a hash, never the password itself
        assert not any(password in entry for password in PASSWORDS)


def history_of(user):
    return PasswordHistory.objects.filter(user=user).values_list("password", flat=True)


def test_the_history_length_is_a_setting(client, settings, haizhu_officer):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "accounts.validators.PasswordHistoryValidator", "OPTIONS": {"remember": 1}}
    ]
    log_in(client, haizhu_officer)
    assert change(client, PASSWORD, "Harbour#1a").status_code == 302
    # Only the current password is remembered: the one before is allowed again.
    assert change(client, "Harbour#1a", PASSWORD).status_code == 302
