"""tracker.attention: which reports a district owes and which wait for a reviewer."""

import pytest
from django.urls import reverse

from parks.models import Park
from tests.tracker.timeline import frozen, make, only_open, period
from tracker.attention import DRAFT, DUE, OVERDUE, RETURNED, Attention, owed_reports


@pytest.fixture
def q3(guideline):
    """2025 Q3: opens 2025-10-01, due 2025-10-20; the only open quarter."""
    quarter = period(2025, 3)
    only_open(quarter)
    return quarter


def owed(parks, day):
    with frozen(day):
        return owed_reports(parks)


def haizhu_parks():
    return Park.objects.filter(district__code="haizhu")


def test_a_missing_report_is_due_until_its_due_date(q3, pazhou):
    [item] = owed(haizhu_parks(), "2025-10-10")
    assert (item.park, item.period, item.report) == (pazhou, q3, None)
    assert (item.kind, item.days_left, item.days_late) == (DUE, 10, 0)
    assert item.url == f"{reverse('admin:tracker_parkreport_add')}?park={pazhou.pk}&period={q3.pk}"
    # On the due date itself it is still due, not late.
    [item] = owed(haizhu_parks(), "2025-10-20")
    assert (item.kind, item.days_left) == (DUE, 0)


def test_after_the_due_date_it_is_overdue_by_whole_days(q3, pazhou):
    [item] = owed(haizhu_parks(), "2025-10-23")
    assert (item.kind, item.days_late) == (OVERDUE, 3)


def test_a_draft_is_listed_as_draft_then_overdue(q3, pazhou):
    draft = make(pazhou, q3)
    [item] = owed(haizhu_parks(), "2025-10-05")
    assert (item.kind, item.status, item.report) == (DRAFT, "draft", draft)
    assert item.url == reverse("admin:tracker_parkreport_change", args=[draft.pk])
    [item] = owed(haizhu_parks(), "2025-10-30")
    assert (item.kind, item.status, item.days_late) == (OVERDUE, "draft", 10)


def test_a_returned_report_carries_the_reviewers_reason(q3, pazhou):
    make(pazhou, q3, "returned", submitted="2025-10-15", reason="营收与快报数不一致")
    [item] = owed(haizhu_parks(), "2025-10-25")
    assert (item.kind, item.reason, item.days_late) == (RETURNED, "营收与快报数不一致", 5)


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_submitted_and_approved_reports_are_not_owed(q3, pazhou, status):
    make(pazhou, q3, status, submitted="2025-10-15")
    assert owed(haizhu_parks(), "2025-10-25") == []


def test_locked_and_unopened_periods_are_not_owed(guideline, pazhou):
    q3, q4 = period(2025, 3), period(2025, 4)
    only_open(q3, q4)
    q3.locked = True
    q3.save()
    make(pazhou, q3, "returned", submitted="2025-10-15", reason="请核实")
    # Q4 opens on 2026-01-01; Q3 is locked, so its district cannot fix the returned report.
    assert owed(haizhu_parks(), "2025-12-20") == []
    assert [item.period for item in owed(haizhu_parks(), "2026-01-02")] == [q4]


def test_quarters_due_before_the_policy_was_published_are_not_owed(guideline, pazhou):
    # The guideline was published on 2022-09-04: 2022 Q2 fell due on 2022-07-20, before it.
    q2, q3 = period(2022, 2), period(2022, 3)
    only_open(q2, q3)
    assert [item.period for item in owed(haizhu_parks(), "2022-11-01")] == [q3]


def test_the_report_due_first_comes_first(guideline, yuzhu_bay):
    q2, q3 = period(2025, 2), period(2025, 3)
    only_open(q2, q3)
    parks = Park.objects.filter(district__code="huangpu")
    items = owed(parks, "2025-10-05")
    assert [item.period for item in items] == [q2, q2, q2, q3, q3, q3]
    assert [item.kind for item in items] == [OVERDUE] * 3 + [DUE] * 3


def test_an_inactive_park_owes_nothing(q3, pazhou, haizhu_officer):
    pazhou.active = False
    pazhou.save()
    with frozen("2025-10-10"):
        assert Attention(haizhu_officer).owed == []


def test_an_officer_owes_only_their_own_districts_reports(q3, haizhu_officer, huangpu_officer):
    with frozen("2025-10-10"):
        haizhu = Attention(haizhu_officer)
        huangpu = Attention(huangpu_officer)
        assert haizhu.role == huangpu.role == "officer"
        assert {item.park.district.code for item in haizhu.owed} == {"haizhu"}
        assert {item.park.district.code for item in huangpu.owed} == {"huangpu"}
        assert len(huangpu.owed) == 3
        assert haizhu.counts == {"overdue": 0, "returned": 0, "due": 1, "draft": 0}


def test_reviewers_queue_is_every_submitted_report_oldest_first(
    q3, reviewer, haizhu_officer, pazhou, yuzhu_bay
):
    q2 = period(2025, 2)
    late = make(yuzhu_bay, q3, "submitted", submitted="2025-10-18")
    early = make(pazhou, q2, "submitted", submitted="2025-07-15")
    make(pazhou, q3, "approved", submitted="2025-10-10")
    with frozen("2025-10-25"):
        attention = Attention(reviewer)
        assert attention.role == "reviewer"
        assert attention.queue == [early, late]
        assert [days for _report, days in attention.queue_rows] == [102, 7]
        assert attention.owed == []
        # An officer reviews nothing.
        assert Attention(haizhu_officer).queue == []


def test_managers_and_anonymous_users_get_no_attention(guideline, manager):
    from django.contrib.auth.models import AnonymousUser

    assert not Attention(manager)
    assert not Attention(AnonymousUser())


def test_a_superuser_sees_the_review_queue(q3, superuser, pazhou):
    report = make(pazhou, q3, "submitted", submitted="2025-10-18")
    attention = Attention(superuser)
    assert attention.role == "reviewer"
    assert attention.queue == [report]


def test_a_period_past_its_expiry_is_not_owed_but_a_reopened_report_is(
    settings, guideline, pazhou, yuzhu_bay, reviewer
):
    # Periods lock PERIOD_EXPIRY_DAYS after their due date; a reviewer can reopen one report.
    settings.PERIOD_EXPIRY_DAYS = 30
    q2 = period(2025, 2)  # due 2025-07-20, locked from 2025-08-20
    only_open(q2)
    approved = make(yuzhu_bay, q2, "approved", submitted="2025-07-18")
    with frozen("2025-08-19"):
        assert {item.park for item in owed(Park.objects.all(), "2025-08-19")} >= {pazhou}
    with frozen("2025-09-01"):
        approved.reopen(reviewer, "请更正5G覆盖率")
        items = owed(Park.objects.all(), "2025-09-01")
    assert [(item.park, item.kind) for item in items] == [(yuzhu_bay, RETURNED)]
    assert items[0].reason == "请更正5G覆盖率"


def test_a_draft_policy_does_not_start_the_clock(guideline, pazhou):
    from tracker.models import Policy

    # A plan still in preparation, dated before the guideline, changes nothing.
    guideline_policy = Policy.objects.get()
    Policy.objects.create(
        code="draft-plan",
        title="草案",
        issuer="市工信局",
        published_on="2021-01-01",
        status=Policy.Status.DRAFT,
    )
    q2, q3 = period(2022, 2), period(2022, 3)
    only_open(q2, q3)
    assert guideline_policy.published_on.isoformat() == "2022-09-04"
    assert [item.period for item in owed(haizhu_parks(), "2022-11-01")] == [q3]
