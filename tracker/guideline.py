"""Loads fixtures/guideline.json: create what is missing, never overwrite what exists.

The bureau edits these rows in the admin after the first load (a target value, a period's
due date); running the loader again must keep those edits, so existing rows are left alone.
"""

import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from parks.models import District, IndustryDirection, KeyProject, Park
from tracker.models import Indicator, Policy, ReportingPeriod, Target

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "guideline.json"


class GuidelineError(Exception):
    """The fixture is missing or does not hold what the loader needs."""


def read_fixture(path=DEFAULT_FIXTURE):
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GuidelineError(f"Fixture not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GuidelineError(f"Fixture {path} is not valid UTF-8 JSON: {exc}") from None


class Loader:
    def __init__(self, data):
        self.data = data
        self.created = {}

    def _create_missing(self, model, lookup, defaults):
        _obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
        if created:
            self.created[model._meta.model_name] = self.created.get(model._meta.model_name, 0) + 1
        return _obj

    def section(self, name):
        try:
            return self.data[name]
        except (KeyError, TypeError):
            raise GuidelineError(f"Fixture has no '{name}' section") from None

    def load(self):
        policy = self.load_policy()
        districts = self.load_districts()
        self.load_parks(districts)
        indicators = self.load_indicators()
        self.load_targets(policy, indicators)
        self.load_periods()
        return self.created

    def load_policy(self):
        record = dict(self.section("policy"))
        code = record.pop("code")
        record["published_on"] = parse_date(record["published_on"])
        return self._create_missing(Policy, {"code": code}, record)

    def load_districts(self):
        districts = {}
        for record in self.section("districts"):
            record = dict(record)
            code = record.pop("code")
            districts[code] = self._create_missing(District, {"code": code}, record)
        return districts

    def load_parks(self, districts):
        for record in self.section("parks"):
            record = dict(record)
            code = record.pop("code")
            industries = record.pop("industries", [])
            projects = record.pop("projects", [])
            try:
                record["district"] = districts[record.pop("district")]
            except KeyError as exc:
                raise GuidelineError(f"Park {code}: unknown district {exc}") from None
            record["area_km2"] = parse_decimal(record["area_km2"], f"park {code} area_km2")
            park = self._create_missing(Park, {"code": code}, record)
            for order, industry in enumerate(industries, start=1):
                industry = dict(industry)
                self._create_missing(
                    IndustryDirection,
                    {"park": park, "name": industry.pop("name")},
                    {**industry, "sort_order": order},
                )
            for order, project in enumerate(projects, start=1):
                project = dict(project)
                self._create_missing(
                    KeyProject,
                    {"park": park, "name": project.pop("name")},
                    {**project, "sort_order": order},
                )

    def load_indicators(self):
        indicators, wholes = {}, {}
        existing = set(Indicator.objects.values_list("code", flat=True))
        for record in self.section("indicators"):
            record = dict(record)
            code = record.pop("code")
            whole = record.pop("part_of", None)
            for bound in ("min_value", "max_value"):
                if record.get(bound) is not None:
                    record[bound] = parse_decimal(record[bound], f"indicator {code} {bound}")
            indicators[code] = self._create_missing(Indicator, {"code": code}, record)
            if whole and code not in existing:
                wholes[code] = whole
        # A new indicator can name a whole listed after it, so link them once all exist.
        for code, whole in wholes.items():
            if whole not in indicators:
                raise GuidelineError(f"Indicator {code}: unknown whole indicator {whole}")
            indicators[code].part_of = indicators[whole]
            indicators[code].save(update_fields=["part_of"])
        return indicators

    def load_targets(self, policy, indicators):
        for record in self.section("targets"):
            record = dict(record)
            code = record.pop("code")
            if not record.get("clause"):
                raise GuidelineError(f"Target {code} has no quoted clause")
            indicator_code = record.pop("indicator", None)
            if indicator_code and indicator_code not in indicators:
                raise GuidelineError(f"Target {code}: unknown indicator {indicator_code}")
            record["indicator"] = indicators.get(indicator_code) if indicator_code else None
            record["milestone"] = parse_date(record["milestone"])
            for number in ("value", "park_level"):
                if record.get(number) is not None:
                    record[number] = parse_decimal(record[number], f"target {code} {number}")
            record["comparator"] = record.get("comparator") or ""
            record["policy"] = policy
            self._create_missing(Target, {"code": code}, record)

    def load_periods(self):
        """The fixture's years, and on through next year (ReportingPeriod.for_quarter's
        dates), as `manage.py ensure_periods` keeps doing afterwards."""
        spec = self.section("periods")
        first, last = int(spec["first_year"]), int(spec["last_year"])
        last = max(last, timezone.localdate().year + 1)
        created = ReportingPeriod.objects.ensure_through(last, first_year=first)
        if created:
            self.created["reportingperiod"] = len(created)


def parse_decimal(text, where):
    try:
        return Decimal(str(text))
    except InvalidOperation:
        raise GuidelineError(f"{where}: {text!r} is not a number") from None


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise GuidelineError(f"{text!r} is not an ISO date") from None


def load_guideline(path=DEFAULT_FIXTURE):
    """Load the guideline in one transaction; returns {model_name: rows created}."""
    data = read_fixture(path)
    with transaction.atomic():
        try:
            return Loader(data).load()
        except (KeyError, TypeError, ValueError) as exc:
            raise GuidelineError(f"Fixture is incomplete or malformed: {exc!r}") from None
