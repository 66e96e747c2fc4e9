from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and sign-in")

    def ready(self):
        from . import checks, receivers  # noqa: F401  (connects signal receivers and checks)
