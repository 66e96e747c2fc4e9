"""The key-projects sheet: districts update the status and note of projects the bureau listed."""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from common.values import normalize_text
from parks.models import KeyProject
from spreadsheets import columns as sheet_columns
from spreadsheets.columns import NOTE, PROJECT_NAME, STATUS, chinese_label
from spreadsheets.importers.base import (
    WRITE_BATCH_SIZE,
    CellChange,
    Importer,
    ImportPlan,
    PlannedRow,
    RowError,
    fingerprint,
    shown,
)

MAX_NOTE_LENGTH = 200


class KeyProjectImporter(Importer):
    sheet = sheet_columns.KEY_PROJECTS

    def plan(self, columns, rows):
        plan = ImportPlan(work={"updates": []})
        self.columns = columns
        self.load_parks(columns, rows)
        self.statuses = sheet_columns.choice_lookup(KeyProject.Status)
        self.projects = {
            (project.park_id, project.name): project
            for project in KeyProject.objects.filter(park_id__in=self.allowed_park_ids)
        }
        first_rows, state = {}, []
        for number, cells in rows:
            row_errors = []
            park, project, status, note = self._read_row(number, cells, first_rows, row_errors)
            if row_errors:
                plan.errors.extend(row_errors)
            else:
                state.append((project.pk, project.status, project.note))
                label = f"{park.name} {project.name}"
                self._plan_row(plan, number, label, project, status, note)
        if plan.work["updates"] and not self.user.has_perm("parks.change_keyproject"):
            plan.errors.append(RowError(None, "", "", _("You may not change key projects.")))
        plan.fingerprint = fingerprint(state)
        return plan

    def _read_row(self, number, cells, first_rows, errors):
        """(park, project, status, note) of the row; its problems are added to `errors`."""
        park = self.find_park(self.columns, number, cells, errors)
        name = normalize_text(self.cell(self.columns, cells, PROJECT_NAME))
        status = self._read_status(number, cells, errors)
        project = self.projects.get((park.pk, name)) if park else None
        if park is not None and project is None:
            message = _(
                "The park “%(park)s” has no key project “%(name)s”; new key projects are added by the city bureau."
            ) % {"park": park.name, "name": name}
            errors.append(RowError(number, PROJECT_NAME, name, message))
        if project is not None:
            first = first_rows.setdefault(project.pk, number)
            if first != number:
                message = _("This project already appears in row %(first)d.") % {"first": first}
                errors.append(RowError(number, PROJECT_NAME, name, message))
        note = project.note if project else ""
        if NOTE in self.columns and project is not None:
            note = normalize_text(self.cell(self.columns, cells, NOTE))[:MAX_NOTE_LENGTH]
        return park, project, status, note

    @cached_property
    def status_choices(self):
        # Once per import, not once per bad row.
        return "、".join(
            chinese_label(KeyProject.Status, value) for value in KeyProject.Status.values
        )

    def _read_status(self, number, cells, errors):
        raw = self.cell(self.columns, cells, STATUS)
        status = self.statuses.get(normalize_text(raw).casefold())
        if status is None:
            message = _("Unknown status “%(value)s”; use one of: %(choices)s.") % {
                "value": shown(raw),
                "choices": self.status_choices,
            }
            errors.append(RowError(number, STATUS, shown(raw), message))
        return status

    @staticmethod
    def _plan_row(plan, number, label, project, status, note):
        changes = []
        if project.status != status:
            changes.append(
                CellChange(
                    STATUS,
                    chinese_label(KeyProject.Status, project.status),
                    chinese_label(KeyProject.Status, status),
                )
            )
        if project.note != note:
            changes.append(CellChange(NOTE, project.note, note))
        plan.rows.append(PlannedRow(number, label, "changed" if changes else "unchanged", changes))
        if changes:
            project.status, project.note = status, note
            plan.work["updates"].append(project)

    def apply(self, plan):
        now = timezone.now()
        for project in plan.work["updates"]:
            project.updated_at = now
        bulk_update_with_history(
            plan.work["updates"],
            KeyProject,
            ["status", "note", "updated_at"],
            batch_size=WRITE_BATCH_SIZE,
            default_user=self.user,
            default_change_reason=_("Spreadsheet import"),
        )
