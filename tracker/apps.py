from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_roles(sender, **kwargs):
    from tracker.roles import ensure_roles

    ensure_roles()


def new_data_version(sender, **kwargs):
    # A deploy runs migrate and may change how pages look: no cached page outlives it.
    from tracker.models import DataVersion

    DataVersion.bump()


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("Target tracking")

    def ready(self):
        # Roles need the permissions that migrate creates, so build them right after it.
        post_migrate.connect(create_roles, sender=self)
        post_migrate.connect(new_data_version, sender=self)
        from tracker import signals

        signals.connect()
