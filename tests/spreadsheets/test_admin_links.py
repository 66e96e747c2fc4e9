"""The change lists offer import, export and the template to those who may use them."""

from django.urls import reverse

CHANGELIST = "admin:tracker_parkreport_changelist"


def test_officer_sees_template_import_and_export_links(haizhu_client, guideline):
    page = haizhu_client.get(reverse(CHANGELIST)).content.decode()
    assert reverse("admin:tracker_parkreport_spreadsheet_template") in page
    assert reverse("admin:tracker_parkreport_import") in page
    assert reverse("admin:tracker_parkreport_export") in page


def test_manager_may_export_but_not_import(manager_client, guideline):
    page = manager_client.get(reverse(CHANGELIST)).content.decode()
    assert reverse("admin:tracker_parkreport_import") not in page
    assert reverse("admin:tracker_parkreport_spreadsheet_template") not in page
    assert reverse("admin:tracker_parkreport_export") in page


def test_register_change_lists_offer_import(haizhu_client, guideline):
    for name in ("parks_enterprise", "parks_keyproject"):
        page = haizhu_client.get(reverse(f"admin:{name}_changelist")).content.decode()
        assert reverse(f"admin:{name}_import") in page


def test_upload_page_explains_the_columns(haizhu_client, guideline):
    page = haizhu_client.get(reverse("admin:tracker_parkreport_import")).content.decode()
    assert "园区代码、期间、园区名称" in page
    assert "导入并提交" in page


def test_upload_page_joins_the_columns_as_english_does(haizhu_client, guideline):
    haizhu_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = haizhu_client.get(reverse("admin:tracker_parkreport_import")).content.decode()
    assert "园区代码, 期间, 园区名称" in page
    assert "园区代码、期间" not in page
