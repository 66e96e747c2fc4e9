"""What tests/factories.py builds passes the models' own validators (full_clean) and, for
figures, the report rules, so that no test rests on data the app itself would refuse."""

import pytest
from django.core.exceptions import ValidationError

from parks.models import Enterprise, OfficerProfile, Park
from parks.validators import validate_credit_code
from tests import factories
from tracker.models import Indicator, ParkReport, ReportValue
from tracker.roles import BUREAU_REVIEWER, DISTRICT_OFFICER

Status = ParkReport.Status


def assert_valid(*objects):
    for obj in objects:
        obj.full_clean()


def test_credit_codes_pass_the_gb_32100_check():
    codes = [factories.credit_code(serial) for serial in range(200)]
    codes += [factories.credit_code() for _ in range(200)]
    codes.append(factories.VALID_CREDIT_CODE)
    assert len(set(codes)) == len(codes)
    for code in codes:
        validate_credit_code(code)


def test_a_wrong_check_character_is_caught():
    # The check above can fail: the same code with another last character does not pass.
    code = factories.credit_code(7)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationError) as refused:
        validate_credit_code(wrong)
    assert refused.value.code == "credit_code_check"


@pytest.mark.parametrize("role", Enterprise.Role.values)
def test_enterprises_are_valid(pazhou, role):
    enterprise = factories.enterprise(pazhou, role, "2024-03-05")
    assert_valid(enterprise)
    assert (enterprise.park, enterprise.role) == (pazhou, role)
    assert enterprise.introduced_on.isoformat() == "2024-03-05"


@pytest.mark.parametrize("status", Status.values)
def test_reports_in_every_status_are_valid(pazhou, reviewer, status):
    report = factories.report(
        pazhou,
        "2025Q3",
        status=status,
        updated_by=reviewer,
        revenue="120.5",
        core_revenue=80,
        coverage_5g=95.5,
        one_park_one_policy=1,
    )
    values = list(report.values.select_related("indicator"))
    assert_valid(report, *values)
    assert report.period.label == "2025Q3"
    assert {v.indicator.code: v.value for v in values} == {
        "revenue": factories.as_decimal("120.5"),
        "core_revenue": 80,
        "coverage_5g": factories.as_decimal("95.5"),
        "one_park_one_policy": 1,
    }
    for value in values:
        value.indicator.clean_value(value.value)
    # What the workflow would have left on a report in this status.
    assert (report.submitted_at is not None) == (status != Status.DRAFT)
    assert report.first_submitted_at == report.submitted_at
    assert (report.reviewed_at is not None) == (status in (Status.APPROVED, Status.RETURNED))
    assert bool(report.reason) == (status == Status.RETURNED)
    # Values have their creation in the history, as a save through the app gives them.
    assert ReportValue.history.filter(report_id=report.pk, history_type="+").count() == 4


def test_a_blank_figure_is_stored_as_no_value(pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue=None)
    value = report.values.get()
    assert_valid(value)
    assert value.value is None


def test_seeded_figures_are_valid_and_pass_the_report_rules(guideline):
    parks = list(Park.objects.all()[:2])
    factories.seed_figures(parks, [2023, 2024])
    reports = ParkReport.objects.select_related("park", "period")
    assert reports.count() == 2 * 2 * 4
    for report in reports:
        values = list(report.values.select_related("indicator"))
        assert_valid(report, *values)
        figures = {v.indicator.code: v.value for v in values}
        assert set(figures) == set(Indicator.objects.reported().values_list("code", flat=True))
        result = ParkReport.check_figures(report.park, report.period, figures)
        assert result.ok, (report, result.errors)
        assert not result.warnings, (report, result.warnings)
    assert Enterprise.objects.count() == 2 * 2 * 2
    assert_valid(*Enterprise.objects.all())


@pytest.mark.parametrize(
    "persona", ["haizhu_officer", "huangpu_officer", "reviewer", "manager", "superuser"]
)
def test_personas_are_valid_accounts(request, persona):
    account = request.getfixturevalue(persona)
    assert_valid(account)
    assert account.check_password(factories.PASSWORD)
    assert_valid(*OfficerProfile.objects.filter(user=account))


def test_an_officer_is_bound_to_one_district(guideline):
    officer = factories.user("xiaopan", DISTRICT_OFFICER, "panyu")
    assert officer.officer_profile.district.code == "panyu"
    assert list(officer.groups.values_list("name", flat=True)) == [DISTRICT_OFFICER]
    reviewer = factories.user("laowang", BUREAU_REVIEWER)
    assert not OfficerProfile.objects.filter(user=reviewer).exists()
