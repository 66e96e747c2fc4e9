from django.conf import settings
from django.core import checks

HISTORY_VALIDATOR = "accounts.validators.PasswordHistoryValidator"


@checks.register(checks.Tags.security)
def password_history_validator_installed(app_configs, **kwargs):
    names = [entry["NAME"] for entry in settings.AUTH_PASSWORD_VALIDATORS]
    if HISTORY_VALIDATOR in names:
        return []
    return [
        checks.Error(
            f"{HISTORY_VALIDATOR} is not in AUTH_PASSWORD_VALIDATORS.",
            hint="It records each password change; password expiry and reuse rules need it.",
            id="accounts.E001",
        )
    ]
