"""The enterprise register and key-project status in the admin: USCC checks, district scope,
and history (with no row for a save that changes nothing)."""

import pytest
from django.urls import reverse

from parks.models import Enterprise, KeyProject
from tests import factories
from tests.factories import VALID_CREDIT_CODE

ADD_URL = reverse("admin:parks_enterprise_add")


def enterprise_data(park, **changes):
    return {
        "name": "广州琶洲智算科技有限公司",
        "credit_code": VALID_CREDIT_CODE,
        "park": park.pk,
        "role": "chain_leader",
        "industry_chain": "人工智能",
        "introduced_on": "2024-03-15",
        **changes,
    }


def test_officer_adds_an_enterprise_in_their_park(haizhu_client, haizhu_officer, pazhou):
    response = haizhu_client.post(ADD_URL, enterprise_data(pazhou))
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(credit_code=VALID_CREDIT_CODE)
    assert enterprise.park == pazhou
    assert not enterprise.is_demo
    record = enterprise.history.get()
    assert record.history_type == "+"
    assert record.history_user == haizhu_officer


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91440101MA59ABCDE3", "统一社会信用代码“91440101MA59ABCDE3”校验位错误(应为“M”)。"),
        ("91440101MA59ABCD", "统一社会信用代码应为18位,“91440101MA59ABCD”为16位。"),
        ("91440101ma59abcdem", "统一社会信用代码“91440101ma59abcdem”含小写字母,请使用大写。"),
    ],
)
def test_credit_code_is_checked(haizhu_client, pazhou, code, message):
    response = haizhu_client.post(ADD_URL, enterprise_data(pazhou, credit_code=code))
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["credit_code"]
    assert message in response.content.decode()
    assert not Enterprise.objects.exists()


def test_credit_code_is_unique(haizhu_client, pazhou):
    existing = factories.enterprise(pazhou)
    response = haizhu_client.post(
        ADD_URL, enterprise_data(pazhou, credit_code=existing.credit_code)
    )
    assert response.status_code == 200
    assert "credit_code" in response.context["adminform"].form.errors
    assert Enterprise.objects.count() == 1


def test_unchanged_save_adds_no_history(haizhu_client, pazhou):
    enterprise = factories.enterprise(pazhou)
    url = reverse("admin:parks_enterprise_change", args=[enterprise.pk])
    data = {
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "park": pazhou.pk,
        "role": enterprise.role,
        "industry_chain": enterprise.industry_chain,
        "introduced_on": "2023-05-01",
    }
    assert haizhu_client.post(url, data).status_code == 302
    assert enterprise.history.count() == 1
    assert haizhu_client.post(url, {**data, "role": "downstream"}).status_code == 302
    assert enterprise.history.count() == 2
    latest = enterprise.history.latest("history_date")
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("role", "upstream", "downstream")]


def test_history_page_shows_old_and_new(haizhu_client, pazhou):
    enterprise = factories.enterprise(pazhou)
    enterprise.role = "downstream"
    enterprise.save()
    page = haizhu_client.get(reverse("admin:parks_enterprise_history", args=[enterprise.pk]))
    text = page.content.decode()
    assert "上游企业" in text and "下游企业" in text


def test_deleting_is_kept_in_history(haizhu_client, pazhou):
    enterprise = factories.enterprise(pazhou)
    url = reverse("admin:parks_enterprise_delete", args=[enterprise.pk])
    assert haizhu_client.post(url, {"post": "yes"}).status_code == 302
    assert Enterprise.history.filter(id=enterprise.pk, history_type="-").exists()


# -- key projects ------------------------------------------------------------------------


def project_url(project):
    return reverse("admin:parks_keyproject_change", args=[project.pk])


def test_officer_updates_status_of_own_project(haizhu_client, haizhu_officer, pazhou):
    project = KeyProject.objects.filter(park=pazhou).first()
    name = project.name
    response = haizhu_client.post(
        project_url(project), {"status": "in_operation", "note": "已投产", "name": "改名"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "in_operation"
    assert project.note == "已投产"
    assert project.name == name  # read-only for districts
    assert project.history.latest("history_date").history_user == haizhu_officer


def test_officer_cannot_add_or_delete_projects(haizhu_client, pazhou):
    project = KeyProject.objects.filter(park=pazhou).first()
    assert haizhu_client.get(reverse("admin:parks_keyproject_add")).status_code == 403
    url = reverse("admin:parks_keyproject_delete", args=[project.pk])
    assert haizhu_client.post(url, {"post": "yes"}).status_code == 403
    assert KeyProject.objects.filter(pk=project.pk).exists()


def test_unchanged_project_save_adds_no_history(haizhu_client, pazhou):
    project = KeyProject.objects.filter(park=pazhou).first()
    rows = project.history.count()
    haizhu_client.post(project_url(project), {"status": project.status, "note": project.note})
    assert project.history.count() == rows


def test_reviewer_edits_every_field(reviewer_client, yuzhu_bay):
    project = KeyProject.objects.filter(park=yuzhu_bay).first()
    response = reviewer_client.post(
        project_url(project),
        {
            "park": yuzhu_bay.pk,
            "name": "鱼珠湾新项目",
            "name_en": "",
            "status": "completed",
            "note": "",
            "sort_order": 1,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.status) == ("鱼珠湾新项目", "completed")


def test_manager_is_read_only(manager_client, pazhou):
    project = KeyProject.objects.filter(park=pazhou).first()
    before = project.status
    new_status = "completed" if before != "completed" else "planned"
    assert manager_client.get(project_url(project)).status_code == 200
    response = manager_client.post(project_url(project), {"status": new_status})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == before
