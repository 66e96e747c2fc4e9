"""An officer's notices only ever concern their own district's parks."""

import pytest

from notices.models import Notice
from parks.models import District, Park
from tests.notices.conftest import mails_to, notices_of, run_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything_late(open_quarter, addresses, haizhu_officer, huangpu_officer, reviewer, manager):
    """Every park of 2025 Q3 is 9 days overdue (officers reminded, reviewers escalated)."""


def test_the_haizhu_officer_never_gets_a_huangpu_park(
    everything_late, haizhu_officer, clock, mailoutbox
):
    clock.go(9)
    run_reminders()
    assert {n.park.code for n in notices_of(haizhu_officer)} == {"pazhou"}
    [message] = mails_to(mailoutbox, haizhu_officer)
    for park in Park.objects.exclude(district__code="haizhu"):
        assert park.name not in message.body
        assert f"park={park.pk}&" not in message.body


def test_the_huangpu_officer_gets_exactly_the_three_huangpu_parks(
    everything_late, huangpu_officer, clock
):
    clock.go(9)
    run_reminders()
    huangpu = set(Park.objects.filter(district__code="huangpu").values_list("code", flat=True))
    assert {n.park.code for n in notices_of(huangpu_officer)} == huangpu
    assert len(huangpu) == 3


def test_an_officer_moved_to_another_district_gets_only_the_new_districts_parks(
    everything_late, haizhu_officer, clock
):
    profile = haizhu_officer.officer_profile
    profile.district = District.objects.get(code="tianhe")
    profile.save()
    clock.go(9)
    run_reminders()
    assert {n.park.district.code for n in notices_of(haizhu_officer)} == {"tianhe"}


def test_managers_get_no_reminders(everything_late, manager, clock):
    manager.email = "wangchu@gxj.example.gov.cn"
    manager.save()
    clock.go(9)
    run_reminders()
    assert notices_of(manager) == []


def test_inactive_officers_get_nothing(everything_late, haizhu_officer, clock, mailoutbox):
    haizhu_officer.is_active = False
    haizhu_officer.save()
    clock.go(9)
    run_reminders()
    assert notices_of(haizhu_officer) == []
    assert mails_to(mailoutbox, haizhu_officer) == []


def test_reviewers_get_every_district_but_no_officer_kinds(everything_late, reviewer, clock):
    clock.go(9)
    run_reminders()
    kinds = set(Notice.objects.filter(user=reviewer).values_list("kind", flat=True))
    assert kinds == {"escalation"}
    assert len(notices_of(reviewer)) == Park.objects.active().count()
