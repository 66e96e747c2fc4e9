"""Importing and exporting the enterprise register and key-project statuses."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from parks.models import Enterprise, KeyProject
from tests.factories import credit_code, enterprise
from tests.spreadsheets.conftest import (
    confirm,
    csv_bytes,
    register_snapshot,
    upload,
    uscc,
    xlsx_bytes,
)

E_IMPORT = "admin:parks_enterprise_import"
E_CONFIRM = "admin:parks_enterprise_process_import"
E_EXPORT = "admin:parks_enterprise_export"
P_IMPORT = "admin:parks_keyproject_import"
P_CONFIRM = "admin:parks_keyproject_process_import"
P_EXPORT = "admin:parks_keyproject_export"
E_HEADERS = ["统一社会信用代码", "企业名称", "园区代码", "角色", "产业链", "引进日期"]


def refused(client, url, data, filename="register.xlsx"):
    before = register_snapshot()
    response = upload(client, url, data, filename)
    assert "plan" not in response.context
    assert register_snapshot() == before
    return response.context["errors"]


def test_enterprise_import_creates_and_updates_with_history(haizhu_client, haizhu_officer, pazhou):
    existing = enterprise(
        pazhou, name="企业1", credit_code=credit_code(1), introduced_on="2023-01-01"
    )
    data = csv_bytes(
        [
            E_HEADERS,
            [credit_code(1), "企业1", "pazhou", "链主企业", "人工智能", "2023-01-01"],
            [credit_code(2), "新企业", "pazhou", "downstream", "", "2024年3月5日"],
        ],
        "gb18030",
    )
    response = upload(haizhu_client, E_IMPORT, data, "register.csv")
    plan = response.context["plan"]
    assert [row.status for row in plan.rows] == ["changed", "new"]
    assert [(c.column, c.old, c.new) for c in plan.rows[0].changes] == [
        ("角色", "上游企业", "链主企业"),
        ("产业链", "", "人工智能"),
    ]
    confirm(haizhu_client, E_CONFIRM, response)
    existing.refresh_from_db()
    assert existing.role == Enterprise.Role.CHAIN_LEADER
    created = Enterprise.objects.get(credit_code=credit_code(2))
    assert (created.role, created.introduced_on) == ("downstream", datetime.date(2024, 3, 5))
    imported = Enterprise.history.filter(history_change_reason="表格导入")
    assert sorted(imported.values_list("history_type", "history_user")) == [
        ("+", haizhu_officer.pk),
        ("~", haizhu_officer.pk),
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["914401010000000001", "甲", "pazhou", "链主企业", "", "2023-01-01"],
            "统一社会信用代码",
            "914401010000000001",
        ),
        ([credit_code(3), "", "pazhou", "链主企业", "", "2023-01-01"], "企业名称", "企业名称为空"),
        ([credit_code(3), "甲", "pazhou", "龙头", "", "2023-01-01"], "角色", "未知角色“龙头”"),
        (
            [credit_code(3), "甲", "pazhou", "链主企业", "", "明年"],
            "引进日期",
            "无法识别的日期“明年”",
        ),
        (
            [credit_code(3), "甲", "yuzhu-bay", "链主企业", "", "2023-01-01"],
            "园区代码",
            "在您可导入的园区中没有",
        ),
    ],
)
def test_enterprise_row_errors(haizhu_client, pazhou, row, column, message):
    errors = refused(haizhu_client, E_IMPORT, xlsx_bytes([E_HEADERS, row]))
    assert [e.column for e in errors] == [column]
    assert message in errors[0].message or message == errors[0].value


def test_duplicate_credit_codes_in_the_file_and_in_another_district(
    haizhu_client, pazhou, yuzhu_bay
):
    enterprise(yuzhu_bay, name="黄埔企业", credit_code=credit_code(7))
    data = xlsx_bytes(
        [
            E_HEADERS,
            [credit_code(5), "甲", "pazhou", "链主企业", "", "2023-01-01"],
            [credit_code(5), "乙", "pazhou", "链主企业", "", "2023-01-01"],
            [credit_code(7), "丙", "pazhou", "链主企业", "", "2023-01-01"],
        ]
    )
    errors = refused(haizhu_client, E_IMPORT, data)
    assert [(e.row, e.column) for e in errors] == [(3, "统一社会信用代码"), (4, "统一社会信用代码")]
    assert "已在第 2 行出现" in errors[0].message
    assert errors[1].message == (
        f"统一社会信用代码 {uscc(7)} 已在本区以外的园区登记,请联系市工信局。"
    )  # never the holder's name, park or district


def test_enterprise_round_trip_and_scoped_export(haizhu_client, pazhou, yuzhu_bay):
    enterprise(
        pazhou, name="=cmd|' /C calc'!A0", credit_code=credit_code(11), industry_chain="集成电路"
    )
    enterprise(yuzhu_bay, credit_code=credit_code(12))
    content = haizhu_client.get(reverse(E_EXPORT), {"file_format": "xlsx"}).content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [credit_code(11)]
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    for file_format in ("xlsx", "csv"):
        content = haizhu_client.get(reverse(E_EXPORT), {"file_format": file_format}).content
        plan = upload(haizhu_client, E_IMPORT, content, f"e.{file_format}").context["plan"]
        assert [row.status for row in plan.rows] == ["unchanged"]


def test_key_project_status_import(huangpu_client, huangpu_officer, yuzhu_bay):
    project = KeyProject.objects.filter(park=yuzhu_bay).first()
    data = xlsx_bytes(
        [
            ["园区代码", "项目名称", "状态", "备注"],
            ["yuzhu-bay", project.name, "在建", "主体结构封顶"],
        ]
    )
    response = upload(huangpu_client, P_IMPORT, data, "projects.xlsx")
    assert response.context["plan"].changed_count == 1
    confirm(huangpu_client, P_CONFIRM, response)
    project.refresh_from_db()
    assert (project.status, project.note) == ("under_construction", "主体结构封顶")
    assert project.history.first().history_user == huangpu_officer


def test_key_project_errors(huangpu_client, yuzhu_bay, pazhou):
    project = KeyProject.objects.filter(park=yuzhu_bay).first()
    foreign = KeyProject.objects.filter(park=pazhou).first()
    data = xlsx_bytes(
        [
            ["园区代码", "项目名称", "状态"],
            ["yuzhu-bay", project.name, "烂尾"],
            ["yuzhu-bay", "不存在的项目", "在建"],
            ["pazhou", foreign.name, "在建"],
            ["yuzhu-bay", project.name, "在建"],
        ]
    )
    errors = refused(huangpu_client, P_IMPORT, data)
    assert [(e.row, e.column) for e in errors] == [
        (2, "状态"),
        (3, "项目名称"),
        (4, "园区代码"),
        (5, "项目名称"),
    ]
    assert "未知状态“烂尾”" in errors[0].message
    assert "新的重点项目由市工信局添加" in errors[1].message
    assert "已在第 2 行出现" in errors[3].message


def test_key_project_round_trip(huangpu_client):
    content = huangpu_client.get(reverse(P_EXPORT), {"file_format": "csv"}).content
    assert content.startswith(b"\xef\xbb\xbf")
    plan = upload(huangpu_client, P_IMPORT, content, "p.csv").context["plan"]
    assert plan.rows and {row.status for row in plan.rows} == {"unchanged"}
    assert all(
        row.label.split(" ")[0]
        in {
            "鱼珠湾商务区",
            "广州人工智能与数字经济试验区鱼珠核心片区",
            "穗港智造合作区—智能智造合作园区",
        }
        for row in plan.rows
    )
