"""The suite's one set of builders: users, reports with figures and a status, enterprises.

Plain functions, called inside a test that has the database (any persona or park fixture
gives it). The guideline's rows (districts, parks, indicators, periods) are loaded once per
test session, so builders look them up and never invent them. Everything built here passes
the models' own validators; tests/test_factories.py holds them to that.
"""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from parks.models import District, Enterprise, OfficerProfile
from parks.validators import credit_code_check_character
from tracker.models import Indicator, ParkReport, Policy, ReportingPeriod, ReportValue, Target

PASSWORD = "persona-pass-2022"

# A well-formed code as an officer would type it (its check character is M).
VALID_CREDIT_CODE = "91440101MA59ABCDEM"

Status = ParkReport.Status

# Fresh credit codes and names come from a counter that starts far above the small serials
# tests pass to credit_code() themselves, so the two never collide.
_serials = itertools.count(500_000_001)


def user(username, role, district_code=None, **extra):
    """A staff account in role `role`; a district officer is bound to `district_code`."""
    account = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, **extra
    )
    account.groups.add(Group.objects.get(name=role))
    if district_code:
        OfficerProfile.objects.create(
            user=account, district=District.objects.get(code=district_code)
        )
    return account


def reporting_period(label):
    """The guideline's period for a label such as "2024Q3"."""
    year, quarter = label.split("Q")
    return ReportingPeriod.objects.get(year=int(year), quarter=int(quarter))


def report(
    park,
    period,
    status=Status.DRAFT,
    updated_by=None,
    submitted_at=None,
    first_submitted_at=None,
    reason=None,
    **figures,
):
    """A report of `park` for `period` (a ReportingPeriod or a label such as "2024Q3") in
    `status`, with figures by indicator code (None for a blank figure).

    A report past draft carries what the workflow leaves on it: when it was submitted
    (`submitted_at`, by default now) and first submitted (by default the same), once reviewed
    when, and a returned one its reason (`reason`, by default a stock one). Values get their
    history rows, as a save through the form or the import gives them.
    """
    if isinstance(period, str):
        period = reporting_period(period)
    now = timezone.now()
    if submitted_at is None and status != Status.DRAFT:
        submitted_at = now
    reviewed = status in (Status.APPROVED, Status.RETURNED)
    if reason is None:
        reason = "请核对营收(产值)数字" if status == Status.RETURNED else ""
    park_report = ParkReport.objects.create(
        park=park,
        period=period,
        status=status,
        updated_by=updated_by,
        submitted_at=submitted_at,
        first_submitted_at=first_submitted_at or submitted_at,
        reviewed_at=now if reviewed else None,
        reason=reason,
    )
    indicators = Indicator.objects.in_bulk(list(figures), field_name="code")
    values = ReportValue.objects.bulk_create(
        ReportValue(report=park_report, indicator=indicators[code], value=as_decimal(value))
        for code, value in figures.items()
    )
    ReportValue.history.bulk_history_create(values, default_user=updated_by)
    return park_report


def approved_report(park, period, **figures):
    """A report whose figures count on the dashboards (the approved-only view)."""
    return report(park, period, status=Status.APPROVED, **figures)


def as_decimal(value):
    """Figures as stored: Decimal, never float (a float goes through its shortest repr)."""
    return None if value is None else Decimal(str(value))


def credit_code(serial=None):
    """A valid unified social credit code: 9 (industry and commerce), 1 (enterprise),
    Guangzhou's region code 440101, a 9-digit organisation code from `serial`, and the check
    character computed by the model's own GB 32100-2015 rule."""
    first17 = f"91440101{next(_serials) if serial is None else serial:09d}"
    return first17 + credit_code_check_character(first17)


def enterprise(park, role=Enterprise.Role.UPSTREAM, introduced_on="2023-05-01", **fields):
    """An enterprise of `park` in the register, brought in on `introduced_on` (a date or
    "YYYY-MM-DD"), with a fresh valid credit code unless one is given."""
    serial = next(_serials)
    if isinstance(introduced_on, str):
        introduced_on = datetime.date.fromisoformat(introduced_on)
    fields.setdefault("name", f"测试企业{serial}有限公司")
    fields.setdefault("credit_code", credit_code(serial))
    return Enterprise.objects.create(park=park, role=role, introduced_on=introduced_on, **fields)


def seed_figures(parks, years, status=Status.APPROVED, scale=1):
    """Quarterly figures for every park and reported indicator over `years`, plus one
    chain-leader and one upstream firm per park and year: data of any size for query-count
    tests. The figures pass the report rules (no error, no jump warning)."""
    for number, park in enumerate(parks, start=1):
        for year in years:
            for quarter in (1, 2, 3, 4):
                revenue = Decimal(number * 50 * quarter * scale) + year - 2000
                report(
                    park,
                    ReportingPeriod.objects.get(year=year, quarter=quarter),
                    status=status,
                    revenue=revenue,
                    core_revenue=revenue * Decimal("0.6"),
                    coverage_5g=min(100, 60 + 10 * (year - 2022) + quarter),
                    one_park_one_policy=1 if year > 2022 else 0,
                )
            enterprise(park, Enterprise.Role.CHAIN_LEADER, datetime.date(year, 2, 1))
            enterprise(park, Enterprise.Role.UPSTREAM, datetime.date(year, 5, 1))


def example_policy(code="example-2030", published_on="2026-06-30", **fields):
    """A second policy, clearly an example (issue 12: never a real next plan), with one
    2030 park target on revenue and one qualitative 2030 target."""
    policy = Policy.objects.create(
        code=code,
        title="示例政策（测试用）",
        issuer="示例发文单位",
        published_on=datetime.date.fromisoformat(published_on),
        **{"status": Policy.Status.PUBLISHED, **fields},
    )
    Target.objects.create(
        policy=policy,
        code=f"{code}-revenue",
        name="园区营收达到500亿元(示例)",
        indicator=Indicator.objects.get(code="revenue"),
        scope=Target.Scope.PARK,
        milestone=datetime.date(2030, 12, 31),
        comparator=Target.Comparator.GE,
        value=Decimal("500"),
        clause="示例条款:园区营收(产值)达到500亿元",
    )
    Target.objects.create(
        policy=policy,
        code=f"{code}-qualitative",
        name="示例定性目标",
        scope=Target.Scope.BELT,
        milestone=datetime.date(2030, 12, 31),
        clause="示例条款:建成示例园区",
    )
    return policy
