"""Every admin path stays inside the officer's district (issue 3, "every path").

Seen from the outsider's side: the 海珠 officer pokes at 黄埔's park, report, values,
enterprise and project by every route, and 黄埔's data is unchanged afterwards.
"""

import json

import pytest
from django.urls import reverse

from parks.models import Enterprise, KeyProject
from tests import factories
from tests.conftest import report_form_data
from tracker.models import ParkReport, ReportValue


@pytest.fixture
def huangpu_rows(yuzhu_bay, quarter):
    report = factories.report(yuzhu_bay, quarter, status="submitted", revenue="321")
    enterprise = factories.enterprise(yuzhu_bay, name="鱼珠测试链主有限公司", role="chain_leader")
    project = KeyProject.objects.filter(park=yuzhu_bay).first()
    return {"report": report, "enterprise": enterprise, "project": project}


def snapshot():
    """Everything of 黄埔's that the outsider could touch."""
    district = {"park__district__code": "huangpu"}
    return {
        "reports": list(ParkReport.objects.filter(**district).values().order_by("pk")),
        "values": list(
            ReportValue.objects.filter(report__park__district__code="huangpu")
            .values()
            .order_by("pk")
        ),
        "enterprises": list(Enterprise.objects.filter(**district).values().order_by("pk")),
        "projects": list(KeyProject.objects.filter(**district).values().order_by("pk")),
    }


@pytest.fixture
def unchanged(huangpu_rows):
    before = snapshot()
    yield huangpu_rows
    assert snapshot() == before


def admin_url(obj, view):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


HUANGPU_NAMES = ["鱼珠湾", "鱼珠测试链主", "黄埔"]


def assert_hidden(response):
    page = response.content.decode()
    for name in HUANGPU_NAMES:
        assert name not in page, name


@pytest.mark.parametrize(
    "model", ["tracker_parkreport", "parks_enterprise", "parks_keyproject", "parks_park"]
)
def test_changelists_show_only_own_district(haizhu_client, unchanged, model):
    response = haizhu_client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    assert_hidden(response)


@pytest.mark.parametrize("key", ["report", "enterprise", "project"])
def test_change_page_of_other_district_by_guessed_id(haizhu_client, unchanged, key):
    obj = unchanged[key]
    response = haizhu_client.get(admin_url(obj, "change"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    data = report_form_data({"revenue": "1"}, version=1, status="planned", name="改名", note="x")
    response = haizhu_client.post(admin_url(obj, "change"), data)
    assert response.status_code == 302


@pytest.mark.parametrize("key", ["report", "enterprise", "project"])
def test_delete_of_other_district_by_guessed_id(haizhu_client, unchanged, key):
    obj = unchanged[key]
    assert haizhu_client.get(admin_url(obj, "delete")).status_code in (302, 403)
    assert haizhu_client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code in (302, 403)


@pytest.mark.parametrize("key", ["report", "enterprise", "project"])
def test_history_of_other_district_by_guessed_id(haizhu_client, unchanged, key):
    obj = unchanged[key]
    assert haizhu_client.get(admin_url(obj, "history")).status_code == 404
    record = obj.history.first()
    meta = obj._meta
    url = reverse(
        f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[obj.pk, record.pk]
    )
    response = haizhu_client.get(url)
    assert response.status_code in (302, 404)
    assert_hidden(response)


def test_history_of_deleted_other_district_enterprise(haizhu_client, superuser, huangpu_rows):
    enterprise = huangpu_rows["enterprise"]
    enterprise_id = enterprise.pk
    enterprise.delete()
    url = reverse("admin:parks_enterprise_history", args=[enterprise_id])
    assert haizhu_client.get(url).status_code == 404


def test_review_url_of_other_district(haizhu_client, unchanged):
    report = unchanged["report"]
    url = reverse("admin:tracker_parkreport_review", args=[report.pk])
    response = haizhu_client.post(url, {"step": "approve", "version": report.version})
    assert response.status_code == 404


def test_add_form_with_other_park_in_the_query(haizhu_client, yuzhu_bay, quarter, unchanged):
    url = reverse("admin:tracker_parkreport_add") + f"?park={yuzhu_bay.pk}&period={quarter.pk}"
    response = haizhu_client.get(url)
    assert response.status_code == 200
    assert_hidden(response)
    response = haizhu_client.post(
        url, report_form_data(park=yuzhu_bay.pk, period=quarter.pk, _continue="1")
    )
    assert response.status_code == 200
    assert "park" in response.context["adminform"].form.errors


def test_enterprise_fk_choices_and_post(haizhu_client, yuzhu_bay, unchanged):
    url = reverse("admin:parks_enterprise_add") + f"?park={yuzhu_bay.pk}"
    response = haizhu_client.get(url)
    assert_hidden(response)
    response = haizhu_client.post(
        url,
        {
            "name": "越界企业",
            "credit_code": "91440101MA59ABCDEM",
            "park": yuzhu_bay.pk,
            "role": "upstream",
            "industry_chain": "",
            "introduced_on": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "park" in response.context["adminform"].form.errors
    assert not Enterprise.objects.filter(name="越界企业").exists()


def test_raw_id_popup_lookup(haizhu_client, unchanged):
    response = haizhu_client.get(reverse("admin:parks_park_changelist") + "?_to_field=id&_popup=1")
    assert response.status_code == 200
    assert "琶洲" in response.content.decode()
    assert_hidden(response)


@pytest.mark.parametrize(
    "model", ["tracker_parkreport", "parks_enterprise", "parks_keyproject", "parks_park"]
)
def test_list_filter_choices(haizhu_client, unchanged, model):
    response = haizhu_client.get(reverse(f"admin:{model}_changelist"))
    filters = response.context["cl"].filter_specs
    labels = [
        str(choice["display"])
        for spec in filters
        for choice in spec.choices(response.context["cl"])
    ]
    assert not any(name in label for label in labels for name in HUANGPU_NAMES)


@pytest.mark.parametrize("term", ["", "鱼珠", "yuzhu"])
def test_autocomplete_endpoint(haizhu_client, unchanged, term):
    response = haizhu_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "parks", "model_name": "enterprise", "field_name": "park", "term": term},
    )
    assert response.status_code == 200
    texts = [item["text"] for item in json.loads(response.content)["results"]]
    assert all("鱼珠" not in text for text in texts)
    if term == "":
        assert texts == ["广州人工智能与数字经济试验区琶洲核心区"]


def test_bulk_delete_with_tampered_ids(haizhu_client, pazhou, unchanged):
    own = factories.enterprise(pazhou)
    other = unchanged["enterprise"]
    response = haizhu_client.post(
        reverse("admin:parks_enterprise_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Enterprise.objects.filter(pk=own.pk).exists()
    assert Enterprise.objects.filter(pk=other.pk).exists()


def test_bulk_review_action_with_tampered_ids(haizhu_client, unchanged):
    report = unchanged["report"]
    haizhu_client.post(
        reverse("admin:tracker_parkreport_changelist"),
        {"action": "approve_selected", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == ParkReport.Status.SUBMITTED


def test_submissions_page(haizhu_client, unchanged):
    response = haizhu_client.get(reverse("submissions"))
    assert response.status_code == 200
    assert "琶洲" in response.content.decode()
    assert_hidden(response)


def test_history_of_deleted_own_district_enterprise_stays_visible(haizhu_client, pazhou):
    enterprise = factories.enterprise(pazhou)
    enterprise_id = enterprise.pk
    enterprise.delete()
    url = reverse("admin:parks_enterprise_history", args=[enterprise_id])
    assert haizhu_client.get(url).status_code == 200


def test_officer_accounts_are_not_visible_to_officers(haizhu_client, huangpu_officer):
    assert haizhu_client.get(reverse("admin:parks_officerprofile_changelist")).status_code == 403
    profile = huangpu_officer.officer_profile
    url = reverse("admin:parks_officerprofile_change", args=[profile.pk])
    assert haizhu_client.post(url, {"user": profile.user_id, "district": 1}).status_code == 403
    profile.refresh_from_db()
    assert profile.district.code == "huangpu"
