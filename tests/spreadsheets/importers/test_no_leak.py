"""Import messages never name, or confirm, another district's enterprises or parks.

From the outsider's side: 小海 (海珠) imports rows that touch 黄埔's register.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parks.models import Enterprise, KeyProject
from tests.spreadsheets.conftest import make_enterprise, register_snapshot, uscc, xlsx_bytes

E_IMPORT = "admin:parks_enterprise_import"
P_IMPORT = "admin:parks_keyproject_import"
E_HEADERS = ["统一社会信用代码", "企业名称", "园区代码", "角色", "产业链", "引进日期"]
HUANGPU_WORDS = ("黄埔", "鱼珠", "Huangpu", "Yuzhu", "huangpu")


@pytest.fixture
def huangpu_firms(yuzhu_bay):
    return [make_enterprise(yuzhu_bay, seed, name=f"黄埔秘密企业{seed}") for seed in range(1, 21)]


def refused_page(client, url, rows, **headers):
    """Upload `rows`: refused, nothing changed; the response and its page."""
    before = register_snapshot()
    upload = SimpleUploadedFile("register.xlsx", xlsx_bytes(rows))
    response = client.post(reverse(url), {"import_file": upload}, **headers)
    assert "plan" not in response.context
    assert register_snapshot() == before
    return response, response.content.decode()


def test_another_districts_credit_code_is_answered_without_its_holder(haizhu_client, huangpu_firms):
    row = [huangpu_firms[0].credit_code, "我的企业", "pazhou", "链主企业", "", "2023-01-01"]
    response, html = refused_page(haizhu_client, E_IMPORT, [E_HEADERS, row])
    [error] = response.context["errors"]
    assert error.message == (
        f"统一社会信用代码 {huangpu_firms[0].credit_code} 已在本区以外的园区登记,请联系市工信局。"
    )
    assert "黄埔秘密企业" not in html
    for word in HUANGPU_WORDS:
        assert word not in html


def test_the_english_answer_names_nothing_either(haizhu_client, huangpu_firms):
    row = [huangpu_firms[0].credit_code, "My firm", "pazhou", "链主企业", "", "2023-01-01"]
    response, html = refused_page(
        haizhu_client, E_IMPORT, [E_HEADERS, row], HTTP_ACCEPT_LANGUAGE="en"
    )
    [error] = response.context["errors"]
    assert error.message == (
        f"The unified social credit code {huangpu_firms[0].credit_code} is already registered"
        " in a park outside your district. Please contact the city bureau."
    )
    assert "黄埔秘密企业" not in html and "Yuzhu" not in html


def test_a_file_of_guessed_codes_leaks_no_name(haizhu_client, huangpu_firms):
    # 500 valid codes, 20 of them 黄埔's: the answer tells 小海 only which codes are taken.
    rows = [
        [uscc(seed), f"猜{seed}", "pazhou", "链主企业", "", "2023-01-01"] for seed in range(500)
    ]
    response, html = refused_page(haizhu_client, E_IMPORT, [E_HEADERS, *rows])
    assert "黄埔秘密企业" not in html
    for word in HUANGPU_WORDS:
        assert word not in html
    messages = {error.message for error in response.context["errors"]}
    assert all("黄埔秘密企业" not in message for message in messages)
    assert Enterprise.objects.filter(park__district__code="haizhu").count() == 0


def test_another_districts_park_is_answered_like_a_missing_one(haizhu_client, yuzhu_bay):
    project = KeyProject.objects.filter(park=yuzhu_bay).first()
    rows = [
        ["园区代码", "项目名称", "状态"],
        ["yuzhu-bay", project.name, "建成"],
        ["no-such-park", project.name, "建成"],
    ]
    response, html = refused_page(haizhu_client, P_IMPORT, rows)
    messages = [error.message for error in response.context["errors"]]
    assert messages == [
        "在您可导入的园区中没有“yuzhu-bay”。",
        "在您可导入的园区中没有“no-such-park”。",
    ]
    assert yuzhu_bay.name not in html and "黄埔" not in html


def test_an_enterprise_row_naming_another_districts_park(haizhu_client, yuzhu_bay):
    row = [uscc(900), "新企业", "yuzhu-bay", "链主企业", "", "2023-01-01"]
    response, html = refused_page(haizhu_client, E_IMPORT, [E_HEADERS, row])
    assert [e.message for e in response.context["errors"]] == [
        "在您可导入的园区中没有“yuzhu-bay”。"
    ]
    assert yuzhu_bay.name not in html
