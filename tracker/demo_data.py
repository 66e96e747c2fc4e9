"""Invented, plausible quarterly figures and enterprises for a first run (`manage.py load_demo`).

Everything created here is flagged `is_demo`, so the pages show the demo banner. Only missing
rows are created: a park/period that already has a report, or a credit code already in the
register, is left alone, so real data is never touched and a second run changes nothing.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from parks.models import Enterprise, OfficerProfile, Park
from parks.validators import credit_code_check_character
from tracker.models import DataVersion, Indicator, ParkReport, ReportingPeriod, ReportValue
from tracker.roles import BUREAU_REVIEWER
from tracker.validation import check_values

FIRST_PERIOD = (2022, 1)
LAST_PERIOD = (2026, 3)

# park code: (2022 annual revenue in 亿元, yearly growth, 2022 core-industry share)
PARK_PROFILES = {
    "pazhou": (620, "0.19", "0.62"),
    "yuzhu-core": (180, "0.15", "0.48"),
    "julong-bay": (60, "0.12", "0.30"),
    "huangjinwei": (45, "0.14", "0.55"),
    "university-town": (320, "0.10", "0.45"),
    "suigang": (520, "0.25", "0.40"),
    "west-bank-huawei": (150, "0.18", "0.70"),
    "yuzhu-bay": (95, "0.13", "0.35"),
    "finance-city": (280, "0.11", "0.38"),
    "south-bank": (70, "0.16", "0.42"),
    "nansha-demo-park": (40, "0.20", "0.33"),
    "wuyang": (110, "0.08", "0.44"),
}
DEFAULT_PROFILE = (80, "0.12", "0.40")

# Share of the annual revenue reached by the end of each quarter (year to date).
YTD_SHARE = {1: Decimal("0.22"), 2: Decimal("0.47"), 3: Decimal("0.73"), 4: Decimal("1")}

# The latest demo quarter shows every status; parks not listed are approved.
LATEST_STATUS = {
    "pazhou": None,  # missing: the 海珠 demo officer fills it in
    "julong-bay": None,
    "yuzhu-core": ParkReport.Status.SUBMITTED,
    "university-town": ParkReport.Status.SUBMITTED,
    "west-bank-huawei": ParkReport.Status.SUBMITTED,
    "suigang": ParkReport.Status.RETURNED,
    "nansha-demo-park": ParkReport.Status.RETURNED,
    "yuzhu-bay": ParkReport.Status.DRAFT,
    "huangjinwei": ParkReport.Status.DRAFT,
}
# The quarter before it: still a few awaiting review.
PREVIOUS_STATUS = {"wuyang": ParkReport.Status.SUBMITTED, "south-bank": ParkReport.Status.SUBMITTED}
# One jump the reviewer should be warned about (> 50% against the same quarter last year).
JUMP = ("university-town", LAST_PERIOD, Decimal("1.65"))
RETURN_REASON = "营收(产值)与区统计局快报数不一致,请核实后重新提交。"

DIVISION_CODES = {
    "yuexiu": "440104",
    "tianhe": "440106",
    "liwan": "440103",
    "huangpu": "440112",
    "haizhu": "440105",
    "panyu": "440113",
    "baiyun": "440111",
    "nansha": "440115",
}
NAME_STEMS = [
    "澜图",
    "粤衡",
    "汇芯",
    "星穗",
    "珠擎",
    "云岭",
    "智湾",
    "海曜",
    "穗联",
    "启衡",
    "鹏程",
    "迅川",
]
NAME_TRADES = ["科技", "智能", "信息技术", "数据服务", "软件", "电子", "网络科技", "数字科技"]
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def quantize(value, places="0.01"):
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def demo_periods():
    return [
        period
        for period in ReportingPeriod.objects.order_by("year", "quarter")
        if FIRST_PERIOD <= (period.year, period.quarter) <= LAST_PERIOD
    ]


def park_figures(park, period):
    """{code: Decimal} for one park and quarter; the same numbers on every run."""
    base, growth, core_share = PARK_PROFILES.get(park.code, DEFAULT_PROFILE)
    rng = random.Random(f"{park.code}-{period.year}-{period.quarter}")
    years = period.year - FIRST_PERIOD[0]
    annual = Decimal(base) * (1 + Decimal(growth)) ** years
    ytd = annual * YTD_SHARE[period.quarter] * Decimal(str(1 + rng.uniform(-0.015, 0.015)))
    if (park.code, (period.year, period.quarter)) == JUMP[:2]:
        ytd *= JUMP[2]
    share = min(Decimal(core_share) + Decimal("0.03") * years, Decimal("0.85"))
    quarters = years * 4 + period.quarter - 1
    start = 55 + random.Random(park.code).randint(0, 25)
    coverage = min(Decimal(start + 4 * quarters + rng.randint(0, 2)), Decimal(100))
    return {
        "revenue": quantize(ytd),
        "core_revenue": quantize(ytd * share),
        "coverage_5g": quantize(coverage, "0.1"),
        "one_park_one_policy": Decimal(1 if (period.year, period.quarter) >= (2023, 1) else 0),
    }


def status_for(park, period):
    key = (period.year, period.quarter)
    if key == LAST_PERIOD:
        return LATEST_STATUS.get(park.code, ParkReport.Status.APPROVED)
    if key == previous_quarter(LAST_PERIOD):
        return PREVIOUS_STATUS.get(park.code, ParkReport.Status.APPROVED)
    return ParkReport.Status.APPROVED


def previous_quarter(key):
    year, quarter = key
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def submission_day(park, period):
    """Mostly three days before the due date; about one report in eight before the latest
    quarter came in late, by 1 to 12 days, so that the timeliness table has something to
    show."""
    rng = random.Random(f"submitted-{park.code}-{period.year}-{period.quarter}")
    if rng.random() < 0.125 and (period.year, period.quarter) < LAST_PERIOD:
        return period.due_on + datetime.timedelta(days=rng.randint(1, 12))
    return period.due_on - datetime.timedelta(days=3)


def at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class DemoLoader:
    def __init__(self):
        self.indicators = {i.code: i for i in Indicator.objects.reported()}
        officers = OfficerProfile.objects.select_related("user").order_by("pk")
        self.officer_by_district = {}
        for profile in officers:
            self.officer_by_district.setdefault(profile.district_id, profile.user)
        self.reviewer = (
            get_user_model().objects.filter(groups__name=BUREAU_REVIEWER).order_by("pk").first()
        )

    def load(self):
        with transaction.atomic():
            reports = self.load_reports()
            enterprises = self.load_enterprises()
            DataVersion.bump()  # bulk inserts send no signals
        return {"reports": reports, "enterprises": enterprises}

    # -- reports -------------------------------------------------------------------------

    def load_reports(self):
        parks = list(Park.objects.guideline().order_by("sort_order"))
        periods = demo_periods()
        taken = set(ParkReport.objects.values_list("park_id", "period_id"))
        figures = {(p.pk, q.pk): park_figures(p, q) for p in parks for q in periods}
        new_reports, warnings = [], {}
        for park in parks:
            for period in periods:
                status = status_for(park, period)
                if status is None or (park.pk, period.pk) in taken:
                    continue
                result = self.check(park, period, periods, figures)
                warnings[(park.pk, period.pk)] = result.warnings
                new_reports.append(self.report(park, period, status, bool(result.warnings)))
        if not new_reports:
            return 0
        bulk_create_with_history(new_reports, ParkReport)
        values = []
        for report in self._created_reports(new_reports):
            key = (report.park_id, report.period_id)
            for code, value in figures[key].items():
                values.append(
                    ReportValue(
                        report=report,
                        indicator=self.indicators[code],
                        value=value,
                        warning=warnings[key].get(code, ""),
                    )
                )
        bulk_create_with_history(values, ReportValue, batch_size=500)
        return len(new_reports)

    def _created_reports(self, new_reports):
        # Read back, as not every database returns the new ids from a bulk insert.
        wanted = {(r.park_id, r.period_id) for r in new_reports}
        rows = ParkReport.objects.filter(is_demo=True, park_id__in={k[0] for k in wanted})
        return [report for report in rows if (report.park_id, report.period_id) in wanted]

    def check(self, park, period, periods, figures):
        by_key = {(q.year, q.quarter): q for q in periods}
        key = (period.year, period.quarter)
        before = by_key.get(previous_quarter(key)) if period.quarter > 1 else None
        last_year = by_key.get((period.year - 1, period.quarter))
        return check_values(
            self.indicators,
            figures[(park.pk, period.pk)],
            previous_quarter=figures[(park.pk, before.pk)] if before else None,
            same_quarter_last_year=figures[(park.pk, last_year.pk)] if last_year else None,
        )

    def report(self, park, period, status, has_warnings):
        officer = self.officer_by_district.get(park.district_id)
        created = at(period.opens_on + datetime.timedelta(days=2), 9)
        report = ParkReport(
            park=park,
            period=period,
            status=status,
            is_demo=True,
            has_warnings=has_warnings,
            created_at=created,
            updated_at=created,
            updated_by=officer,
        )
        if status != ParkReport.Status.DRAFT:
            report.submitted_at = at(submission_day(park, period), 10)
            report.first_submitted_at = report.submitted_at
            report.submitted_by = officer
            report.updated_at = report.submitted_at
        if status in (ParkReport.Status.APPROVED, ParkReport.Status.RETURNED):
            reviewed_on = max(period.due_on, submission_day(park, period)) + datetime.timedelta(5)
            report.reviewed_at = at(reviewed_on, 15)
            report.reviewed_by = self.reviewer
            report.updated_at, report.updated_by = report.reviewed_at, self.reviewer
        if status == ParkReport.Status.RETURNED:
            report.reason = RETURN_REASON
        return report

    # -- enterprises ---------------------------------------------------------------------

    def load_enterprises(self):
        existing = set(Enterprise.objects.values_list("credit_code", flat=True))
        new = []
        parks = Park.objects.guideline().select_related("district").prefetch_related("industries")
        for park in parks.order_by("sort_order"):
            for enterprise in self.park_enterprises(park):
                if enterprise.credit_code not in existing:
                    existing.add(enterprise.credit_code)
                    new.append(enterprise)
        bulk_create_with_history(new, Enterprise)
        return len(new)

    def park_enterprises(self, park):
        rng = random.Random(f"enterprises-{park.code}")
        chains = [industry.name for industry in park.industries.all()] or ["数字经济"]
        roles = (
            [Enterprise.Role.CHAIN_LEADER] * rng.randint(1, 2)
            + [Enterprise.Role.UPSTREAM] * rng.randint(2, 4)
            + [Enterprise.Role.DOWNSTREAM] * rng.randint(2, 4)
            + [Enterprise.Role.OTHER]
        )
        division = DIVISION_CODES.get(park.district.code, "440100")
        for index, role in enumerate(roles):
            stem = NAME_STEMS[(index + park.sort_order) % len(NAME_STEMS)]
            trade = NAME_TRADES[rng.randrange(len(NAME_TRADES))]
            chain = chains[index % len(chains)]
            yield Enterprise(
                name=f"广州{stem}{trade}有限公司(演示)",
                credit_code=demo_credit_code(division, park.sort_order * 100 + index),
                park=park,
                role=role,
                industry_chain=chain,
                introduced_on=datetime.date(2022, 1, 1)
                + datetime.timedelta(days=rng.randint(0, 4 * 365 + 240)),
                is_demo=True,
            )


def organization_code(number):
    """A 9-character organisation code (GB 11714): 8 digits and their check character."""
    body = f"{88000000 + number:08d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def demo_credit_code(division, number):
    """91 (company) + division + organisation code + the GB 32100 check character."""
    first17 = f"91{division}{organization_code(number)}"
    return first17 + credit_code_check_character(first17)


def load_demo():
    """Create the missing demo rows; returns {"reports": n, "enterprises": n}."""
    return DemoLoader().load()
