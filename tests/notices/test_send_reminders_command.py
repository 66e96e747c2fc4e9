"""manage.py send_reminders: refuses to run without SITE_URL; reports what it did."""

import pytest
from django.core.management import CommandError, call_command

from notices.models import Notice
from tests.notices.conftest import run_reminders

pytestmark = pytest.mark.django_db


def test_without_site_url_it_refuses_and_creates_nothing(
    open_quarter, haizhu_officer, clock, settings
):
    settings.SITE_URL = ""
    clock.go(-7)
    with pytest.raises(CommandError, match="SITE_URL is not set"):
        call_command("send_reminders")
    assert not Notice.objects.exists()


def test_it_reports_notices_and_mails(open_quarter, addresses, clock, mailoutbox):
    clock.go(-7)
    output = run_reminders()
    # 1 due-soon notice for 琶洲, 3 for 小黄's parks; two mails.
    assert output.strip() == "4 notice(s) created, 2 mail(s) sent."
    assert len(mailoutbox) == 2


def test_with_nobody_to_remind_it_does_nothing(guideline, clock, mailoutbox):
    clock.go(-7)
    assert run_reminders().strip() == "0 notice(s) created, 0 mail(s) sent."
    assert mailoutbox == []
