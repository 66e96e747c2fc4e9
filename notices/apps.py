from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from notices.unread import remember_at_login

        user_logged_in.connect(remember_at_login, dispatch_uid="notices_unread_at_login")
