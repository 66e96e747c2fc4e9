"""/audit/export.csv: the filtered trail as UTF-8 CSV with BOM; exporting is itself audited."""

import csv
import io

import pytest
from django.urls import reverse

from audit.models import AuditEntry, Event, Result
from tests.audit.conftest import FROZEN_NOW, only_entry

URL = reverse("audit:export")


def rows_of(response):
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def sample(db):
    AuditEntry.objects.create(
        timestamp=FROZEN_NOW,
        username="xiaohai",
        client_address="192.0.2.1",
        event=Event.REPORT_SUBMIT,
        object_type="tracker.parkreport",
        object_id="7",
        object_text="琶洲 2026Q2",
        detail={"from": "draft", "to": "submitted"},
    )
    AuditEntry.objects.create(
        timestamp=FROZEN_NOW,
        username='=HYPERLINK("http://evil.example")',
        client_address="203.0.113.66",
        event=Event.LOGIN_FAILED,
        result=Result.FAILURE,
    )


def test_csv_with_chinese_headers_and_filters(auditor_client, sample):
    response = auditor_client.get(URL, {"event": "report_submit"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    header, *rows = rows_of(response)
    assert header == [
        "时间",
        "用户名",
        "客户端地址",
        "事件",
        "对象类型",
        "对象编号",
        "操作对象",
        "结果",
        "详情",
    ]
    assert rows == [
        [
            "2026-06-30T10:00:00+08:00",
            "xiaohai",
            "192.0.2.1",
            "提交报表",
            "tracker.parkreport",
            "7",
            "琶洲 2026Q2",
            "成功",
            "from: draft; to: submitted",
        ]
    ]


def test_a_formula_in_an_attempted_user_name_stays_text(auditor_client, sample):
    _header, *rows = rows_of(auditor_client.get(URL, {"result": "failure"}))
    assert rows[0][1] == '\'=HYPERLINK("http://evil.example")'


def test_the_export_is_audited(auditor_client, auditor, sample, frozen):
    response = auditor_client.get(URL, {"event": "report_submit", "address": "192.0.2."})
    rows_of(response)
    entry = only_entry("audit_export")
    assert entry.user == auditor
    assert entry.timestamp == frozen
    assert entry.detail == {
        "filters": {"event": "report_submit", "address": "192.0.2."},
        "rows": 1,
    }


def test_bad_filter_exports_nothing(auditor_client, sample):
    response = auditor_client.get(URL, {"end": "yesterday"})
    assert response.status_code == 400
    assert "输入一个有效的日期。" in response.content.decode()
    assert not AuditEntry.objects.filter(event=Event.AUDIT_EXPORT).exists()


def test_page_links_the_export_with_its_filters(auditor_client, sample):
    page = auditor_client.get(reverse("audit:log"), {"event": "login_failed", "page": 1})
    assert f'href="{URL}?event=login_failed"' in page.content.decode()
