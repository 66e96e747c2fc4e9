"""send_reminders: turn the day's items into in-app notices and one mail per recipient.

Idempotent: a Notice row per (recipient, kind, park, period, bucket) records what was
noticed; a second run the same day finds every row present and mails nothing. A mail that
fails stays pending and goes out with the next run, as long as its occasion still holds.
"""

import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from notices.models import KIND_ORDER, OFFICER_KINDS, REVIEWER_KINDS, Kind, Notice, NoticePreference
from notices.rules import outstanding
from parks.models import OfficerProfile, Park

logger = logging.getLogger("notices")


@dataclass
class Summary:
    created: int = 0
    mailed: int = 0
    failed: list = field(default_factory=list)


def recipients(items):
    """[(user, [item, …])]: officers get their own district's items, reviewers theirs."""
    by_user = {}
    officer_items = [item for item in items if item.kind in OFFICER_KINDS]
    profiles = OfficerProfile.objects.filter(user__is_active=True).select_related("user")
    for profile in profiles:
        user = profile.user
        # The row-level rule, narrowed to the officer's own district whatever else they see.
        parks = set(
            Park.objects.for_user(user)
            .filter(district_id=profile.district_id)
            .values_list("pk", flat=True)
        )
        mine = [item for item in officer_items if item.park.pk in parks]
        by_user.setdefault(user.pk, (user, []))[1].extend(mine)
    reviewer_items = [item for item in items if item.kind in REVIEWER_KINDS]
    reviewers = get_user_model().objects.with_perm(
        "tracker.review_parkreport",
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    for user in reviewers:
        parks = set(Park.objects.for_user(user).values_list("pk", flat=True))
        mine = [item for item in reviewer_items if item.park.pk in parks]
        by_user.setdefault(user.pk, (user, []))[1].extend(mine)
    return [(user, mine) for user, mine in by_user.values() if mine]


def record(user, items, preference):
    """Create the user's missing notices; return (number created, notices to mail now)."""
    wanted = {item.key: item for item in items if preference.wants(item.kind)}
    mails = bool(user.email)
    seen = set(
        Notice.objects.filter(
            user=user,
            kind__in={key[0] for key in wanted},
            period__in={key[2] for key in wanted},
            bucket__in={key[3] for key in wanted},
        ).values_list("kind", "park_id", "period_id", "bucket")
    )
    new = [
        Notice(
            user=user,
            kind=item.kind,
            park=item.park,
            period=item.period,
            report=item.report,
            bucket=item.bucket,
            params=item.params,
            link=item.link,
            email_state=Notice.Email.PENDING if mails else Notice.Email.NONE,
        )
        for key, item in wanted.items()
        if key not in seen
    ]
    # A run started twice by mistake must not fail on the other's rows.
    Notice.objects.bulk_create(new, ignore_conflicts=True)
    pending = Notice.objects.filter(user=user, email_state=Notice.Email.PENDING)
    due, stale = [], []
    for notice in pending.select_related("park__district", "period"):
        current = wanted.get(notice.key) if mails else None
        if current is None:
            # Its occasion has passed (report submitted, kind switched off, address
            # removed): a late mail would be wrong.
            stale.append(notice.pk)
        else:
            # A retried mail tells today's figures (days left, days late), not yesterday's.
            notice.params = current.params
            due.append(notice)
    Notice.objects.filter(pk__in=stale).update(email_state=Notice.Email.DROPPED)
    Notice.objects.bulk_update(due, ["params"])
    return len(new), due


def _sorted(notices):
    rank = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return sorted(
        notices,
        key=lambda n: (rank[n.kind], n.period.year, n.period.quarter, n.park.sort_order),
    )


def build_mail(user, notices, language):
    """One mail listing the notices, in the user's language, plain text and HTML."""
    with translation.override(language):
        sections = []
        for kind in KIND_ORDER:
            rows = [n for n in notices if n.kind == kind]
            if rows:
                sections.append(
                    {
                        "title": Kind(kind).label,
                        "rows": [{"text": n.text(), "url": n.absolute_link()} for n in rows],
                    }
                )
        context = {
            "user": user,
            "sections": sections,
            "site_url": settings.SITE_URL,
            "notices_url": settings.SITE_URL + reverse("notices:list"),
            "settings_url": settings.SITE_URL + reverse("notices:settings"),
            "language": language,
        }
        subject = ngettext(
            "Pearl River Belt Tracker: %(count)d report needs your attention",
            "Pearl River Belt Tracker: %(count)d reports need your attention",
            len(notices),
        ) % {"count": len(notices)}
        text = render_to_string("notices/email/reminders.txt", context)
        html = render_to_string("notices/email/reminders.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def mail(user, notices, language, summary):
    """Send one mail; on failure log it and leave the notices pending for the next run."""
    notices = _sorted(notices)
    pks = [n.pk for n in notices]
    try:
        build_mail(user, notices, language).send()
    except (smtplib.SMTPException, OSError) as error:
        Notice.objects.filter(pk__in=pks).update(email_attempts=F("email_attempts") + 1)
        logger.warning(
            "Reminder mail to %s (user %s) failed, will retry on the next run: %r",
            user.email,
            user.get_username(),
            error,
        )
        summary.failed.append(user.get_username())
        return
    Notice.objects.filter(pk__in=pks).update(
        email_state=Notice.Email.SENT,
        emailed_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
    )
    summary.mailed += 1


def send_reminders(today=None):
    """Notice and mail today's items; returns a Summary. Never raises for a mail failure."""
    today = today or timezone.localdate()
    summary = Summary()
    users = recipients(outstanding(today))
    for user, items in users:
        preference = NoticePreference.of(user)
        created, to_mail = record(user, items, preference)
        summary.created += created
        if to_mail:
            mail(user, to_mail, preference.language, summary)
    # Nothing needs the others today, so nothing of theirs is still worth mailing.
    Notice.objects.filter(email_state=Notice.Email.PENDING).exclude(
        user__in=[user for user, _items in users]
    ).update(email_state=Notice.Email.DROPPED)
    return summary


def describe(summary):
    failed = (
        f" Failed (retried on the next run): {', '.join(summary.failed)}." if summary.failed else ""
    )
    return f"{summary.created} notice(s) created, {summary.mailed} mail(s) sent.{failed}"
