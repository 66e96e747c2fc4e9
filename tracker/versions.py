"""The data version: a number that every write the dashboards depend on changes.

Dashboard pages are cached under keys that include this number (dashboards/pagecache.py),
so a write makes every cached page out of date at once, on every app server.

Why a database row and not a counter in the cache: the number is raised with an UPDATE in
the same transaction as the write it stands for, so it becomes visible exactly when the
write does (a page that reads the new number also sees the new figures; one that reads the
old number began before the write committed). A counter raised in the cache after the commit
leaves a moment in which the write is committed but pages are still served from the old
entries; raised before the commit, a page could cache the old figures under the new number.
The row also survives a cache restart or eviction.

Writes that raise it: tracker's report functions (ParkReport.claim_version, start, and the
bulk functions the import uses) call `DataVersion.bump()`; edits of the registry (parks,
districts, industries, key projects, enterprises) and of policies, indicators, targets and
periods raise it through the signals in tracker/signals.py; so does every `migrate`, since a
deploy may change how pages look.

Two finer numbers sit beside it, for the parks' standings (dashboards/standings.py), which
keep each park's results between writes so that a write to one park's figures leaves the
other parks' results standing: `ParkVersion`, one per park, raised by the writes that touch
only some parks' figures (a report's steps, the import's batch, an enterprise's edit), and the
rules version (the row RULES_ROW), raised by every other write: a target, an indicator, a
period or anything not said to be about some parks changes every park's results. `bump()`
without `parks` therefore raises the rules version too, so a write that does not say which
parks it touched can never leave a standing out of date.
"""

import secrets

from django.db import models

from parks.models import Park, sees_all_districts, user_district_id

ROW = 1
RULES_ROW = 2


def new_value():
    # A fresh random number rather than +1: a database restored from a backup, or a test
    # rolled back, must not come back to a number that already named other data.
    return secrets.randbits(62) + 1


class DataVersion(models.Model):
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return str(self.value)

    @classmethod
    def current(cls):
        """The number now (one query); 0 before the first write."""
        return cls._read(ROW)

    @classmethod
    def rules(cls):
        """The rules version now (one query): what every park's standing rests on."""
        return cls._read(RULES_ROW)

    @classmethod
    def _read(cls, row):
        return cls.objects.filter(pk=row).values_list("value", flat=True).first() or 0

    @classmethod
    def bump(cls, parks=None):
        """Give the data a new number; call inside the writing transaction. `parks`: the ids
        of the only parks whose figures or register the write changed; None (the default)
        means it may have changed what any park's results rest on."""
        value = new_value()
        rows = [ROW] if parks is not None else [ROW, RULES_ROW]
        if cls.objects.filter(pk__in=rows).update(value=value) < len(rows):
            for row in rows:
                cls.objects.update_or_create(pk=row, defaults={"value": value})
        if parks:
            ParkVersion.bump(parks)


class ParkVersion(models.Model):
    """A number that changes with each write to one park's figures or enterprises."""

    park = models.OneToOneField(
        Park, on_delete=models.CASCADE, primary_key=True, related_name="figures_version"
    )
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "park figures version"

    def __str__(self):
        return str(self.value)

    @classmethod
    def bump(cls, park_ids):
        """New numbers for these parks, in one statement (an upsert: a park's row is made on
        its first write)."""
        value = new_value()
        cls.objects.bulk_create(
            [cls(park_id=park_id, value=value) for park_id in sorted(set(park_ids))],
            update_conflicts=True,
            unique_fields=["park"],
            update_fields=["value"],
        )


def for_request(request):
    """The data version, read once per request."""
    if not hasattr(request, "_data_version"):
        request._data_version = DataVersion.current()
    return request._data_version


def user_scope(user):
    """Which parks the user may see, as Park.objects.for_user decides it: with the data
    version, this fixes the rows of every district-scoped list the user is shown."""
    if not user.is_authenticated or not user.is_active:
        return "none"
    if sees_all_districts(user):
        return "all"
    district_id = user_district_id(user)
    return f"district-{district_id}" if district_id else "none"
