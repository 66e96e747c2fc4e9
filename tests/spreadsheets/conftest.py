"""Helpers for the spreadsheet tests: build files, upload them through the admin."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from parks.models import Enterprise, KeyProject
from tests.factories import credit_code, enterprise
from tracker.models import ParkReport, ReportingPeriod, ReportValue

FIGURE_HEADERS = [
    "园区代码",
    "园区名称",
    "期间",
    "营收(产值)(亿元)",
    "数字经济核心产业营收(亿元)",
    "5G网络覆盖率(%)",
    "一园一策",
]


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8", bom=False):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def upload(client, url_name, data, filename, **extra):
    payload = {"import_file": SimpleUploadedFile(filename, data), **extra}
    return client.post(reverse(url_name), payload)


def confirm(client, url_name, response):
    token = response.context["session"].token
    return client.post(reverse(url_name), {"token": str(token)})


def figures_snapshot():
    """Everything an import could change, to prove that a refused one changed nothing."""
    return (
        sorted(ParkReport.objects.values_list("park_id", "period_id", "status", "version")),
        sorted(ReportValue.objects.values_list("report_id", "indicator_id", "value")),
        ParkReport.history.count(),
        ReportValue.history.count(),
    )


@pytest.fixture
def period(guideline):
    return ReportingPeriod.objects.get(year=2024, quarter=3)


@pytest.fixture
def previous_period(guideline):
    return ReportingPeriod.objects.get(year=2024, quarter=2)


def uscc(seed):
    """A valid credit code fixed by `seed`, so a test can guess another district's codes."""
    return credit_code(seed)


def make_enterprise(park, seed, **fields):
    return enterprise(
        park, credit_code=uscc(seed), name=fields.pop("name", f"企业{seed}"), **fields
    )


def register_snapshot():
    return (
        sorted(Enterprise.objects.values_list("credit_code", "name", "park_id", "role")),
        sorted(KeyProject.objects.values_list("pk", "status", "note")),
        Enterprise.history.count(),
        KeyProject.history.count(),
    )
