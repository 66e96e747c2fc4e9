"""The enterprise register sheet: one row per enterprise, keyed by its credit code."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.values import ParseError, normalize_text
from parks.models import CREDIT_CODE_REGISTERED_ELSEWHERE, Enterprise, Park
from spreadsheets import columns as sheet_columns
from spreadsheets.columns import (
    CREDIT_CODE,
    ENTERPRISE_NAME,
    INDUSTRY_CHAIN,
    INTRODUCED_ON,
    PARK_CODE,
    ROLE,
    chinese_label,
)
from spreadsheets.importers.base import (
    WRITE_BATCH_SIZE,
    CellChange,
    Importer,
    ImportPlan,
    PlannedRow,
    RowError,
    StaleImport,
    fingerprint,
    shown,
)
from spreadsheets.parsing import parse_date

MAX_NAME_LENGTH = 200


class EnterpriseImporter(Importer):
    sheet = sheet_columns.ENTERPRISES

    def plan(self, columns, rows):
        plan = ImportPlan(work={"creates": [], "updates": []})
        self.columns = columns
        self.load_parks(columns, rows)
        self.roles = sheet_columns.choice_lookup(Enterprise.Role)
        self.registered = self._load_registered(rows)
        first_rows, state = {}, []
        for number, cells in rows:
            row_errors = []
            wanted = self._read_row(number, cells, first_rows, row_errors)
            if row_errors:
                plan.errors.extend(row_errors)
            else:
                state.append(self._plan_row(plan, number, wanted))
        if (plan.work["creates"] or plan.work["updates"]) and not (
            self.user.has_perm("parks.add_enterprise")
            and self.user.has_perm("parks.change_enterprise")
        ):
            plan.errors.append(
                RowError(None, "", "", _("You may not change the enterprise register."))
            )
        plan.fingerprint = fingerprint(state)
        return plan

    def _load_registered(self, rows):
        """{credit code: Enterprise} of the file's codes already registered."""
        codes = {
            normalize_text(self.cell(self.columns, cells, CREDIT_CODE)).upper()
            for _n, cells in rows
        }
        registered = {
            enterprise.credit_code: enterprise
            for enterprise in Enterprise.objects.filter(credit_code__in=codes).select_related(
                "park"
            )
        }
        # The registered enterprises' own parks count too: one may move within the district.
        self.allowed_park_ids |= set(
            Park.objects.for_user(self.user)
            .filter(pk__in={enterprise.park_id for enterprise in registered.values()})
            .values_list("pk", flat=True)
        )
        return registered

    def _read_row(self, number, cells, first_rows, errors):
        """{field: value} of the row's enterprise; its problems are added to `errors`."""
        park = self.find_park(self.columns, number, cells, errors)
        code = normalize_text(self.cell(self.columns, cells, CREDIT_CODE)).upper()
        try:
            Enterprise._meta.get_field("credit_code").run_validators(code)
        except ValidationError as error:
            errors.extend(RowError(number, CREDIT_CODE, code, m) for m in error.messages)
        if code in first_rows:
            message = _("The credit code %(code)s already appears in row %(first)d.") % {
                "code": code,
                "first": first_rows[code],
            }
            errors.append(RowError(number, CREDIT_CODE, code, message))
        first_rows.setdefault(code, number)
        wanted = {
            "credit_code": code,
            "name": self._read_name(number, cells, errors),
            "park": park,
            "role": self._read_role(number, cells, errors),
            "industry_chain": normalize_text(self.cell(self.columns, cells, INDUSTRY_CHAIN))[:100],
            "introduced_on": self._read_date(number, cells, errors),
        }
        enterprise = self.registered.get(code)
        if enterprise is not None and enterprise.park_id not in self.allowed_park_ids:
            # Never the holder's name, park or district (CREDIT_CODE_REGISTERED_ELSEWHERE).
            message = CREDIT_CODE_REGISTERED_ELSEWHERE % {"code": code}
            errors.append(RowError(number, CREDIT_CODE, code, message))
        return wanted

    def _read_name(self, number, cells, errors):
        name = normalize_text(self.cell(self.columns, cells, ENTERPRISE_NAME))
        if not name:
            errors.append(RowError(number, ENTERPRISE_NAME, "", _("The enterprise name is empty.")))
        elif len(name) > MAX_NAME_LENGTH:
            message = _("The enterprise name is longer than 200 characters.")
            errors.append(RowError(number, ENTERPRISE_NAME, name[:40], message))
        return name

    @cached_property
    def role_choices(self):
        # Once per import: a file of many bad rows would otherwise switch languages per row.
        return "、".join(chinese_label(Enterprise.Role, value) for value in Enterprise.Role.values)

    def _read_role(self, number, cells, errors):
        raw = self.cell(self.columns, cells, ROLE)
        role = self.roles.get(normalize_text(raw).casefold())
        if role is None:
            message = _("Unknown role “%(value)s”; use one of: %(choices)s.") % {
                "value": shown(raw),
                "choices": self.role_choices,
            }
            errors.append(RowError(number, ROLE, shown(raw), message))
        return role

    def _read_date(self, number, cells, errors):
        raw = self.cell(self.columns, cells, INTRODUCED_ON)
        try:
            introduced_on = parse_date(raw)
        except ParseError as error:
            errors.append(RowError(number, INTRODUCED_ON, shown(raw), error.message))
            return None
        if introduced_on is None:
            errors.append(RowError(number, INTRODUCED_ON, "", _("The date brought in is empty.")))
        return introduced_on

    def _plan_row(self, plan, number, wanted):
        """Plan a new or changed enterprise; returns its stored state for the fingerprint."""
        code, name = wanted.pop("credit_code"), wanted["name"]
        label = f"{name}({code})"
        enterprise = self.registered.get(code)
        if enterprise is None:
            plan.rows.append(PlannedRow(number, label, "new"))
            plan.work["creates"].append(Enterprise(credit_code=code, **wanted))
            return (code, None)
        state = (
            code,
            enterprise.pk,
            enterprise.name,
            enterprise.park_id,
            enterprise.role,
            enterprise.industry_chain,
            str(enterprise.introduced_on),
        )
        changes = self._changes(enterprise, wanted)
        plan.rows.append(PlannedRow(number, label, "changed" if changes else "unchanged", changes))
        if changes:
            for attribute, value in wanted.items():
                setattr(enterprise, attribute, value)
            plan.work["updates"].append(enterprise)
        return state

    def _changes(self, enterprise, wanted):
        pairs = [
            (ENTERPRISE_NAME, enterprise.name, wanted["name"]),
            (PARK_CODE, enterprise.park.code, wanted["park"].code),
            (
                ROLE,
                chinese_label(Enterprise.Role, enterprise.role),
                chinese_label(Enterprise.Role, wanted["role"]),
            ),
            (INTRODUCED_ON, str(enterprise.introduced_on), str(wanted["introduced_on"])),
        ]
        if INDUSTRY_CHAIN in self.columns:
            pairs.append((INDUSTRY_CHAIN, enterprise.industry_chain, wanted["industry_chain"]))
        else:
            wanted["industry_chain"] = enterprise.industry_chain
        return [CellChange(column, old, new) for column, old, new in pairs if old != new]

    def apply(self, plan):
        reason = _("Spreadsheet import")
        updates = plan.work["updates"]
        if updates:
            current = dict(
                Enterprise.objects.select_for_update()
                .filter(pk__in=[e.pk for e in updates])
                .values_list("pk", "park_id")
            )
            if len(current) != len(updates):
                raise StaleImport
        bulk_create_with_history(
            plan.work["creates"],
            Enterprise,
            batch_size=WRITE_BATCH_SIZE,
            default_user=self.user,
            default_change_reason=reason,
        )
        now = timezone.now()
        for enterprise in updates:
            enterprise.updated_at = now
        bulk_update_with_history(
            updates,
            Enterprise,
            ["name", "park", "role", "industry_chain", "introduced_on", "updated_at"],
            batch_size=WRITE_BATCH_SIZE,
            default_user=self.user,
            default_change_reason=reason,
        )
