"""/notices/settings/: each user sets their own address, language and the notices they want."""

import pytest

from notices.models import NoticePreference
from tests.notices.conftest import mails_to, notices_of, run_reminders

pytestmark = pytest.mark.django_db

OFFICER_FORM = {"email": "xiaohai@haizhu.example.gov.cn", "language": "en"}


def test_the_page_offers_an_officer_the_district_kinds(haizhu_client):
    page = haizhu_client.get("/notices/settings/").content.decode()
    for label in ("报表即将到期", "报表逾期未报", "报表被退回"):
        assert label in page
    assert "报表待审核" not in page and "逾期报表督办" not in page


def test_the_page_offers_a_reviewer_the_review_kinds(reviewer_client):
    page = reviewer_client.get("/notices/settings/").content.decode()
    assert "报表待审核" in page and "逾期报表督办" in page
    assert "报表即将到期" not in page


def test_a_manager_is_told_that_the_role_gets_no_reminders(manager_client):
    page = manager_client.get("/notices/settings/").content.decode()
    assert "您的角色不接收提醒" in page


def test_saving_address_language_and_kinds(haizhu_client, haizhu_officer):
    response = haizhu_client.post(
        "/notices/settings/", {**OFFICER_FORM, "kinds": ["overdue", "returned"]}, follow=True
    )
    # The page follows the browser's language, not the notices' language just chosen.
    assert "通知设置已保存。" in response.content.decode()
    haizhu_officer.refresh_from_db()
    assert haizhu_officer.email == "xiaohai@haizhu.example.gov.cn"
    preference = NoticePreference.objects.get(user=haizhu_officer)
    assert preference.language == "en"
    assert sorted(preference.kinds) == ["awaiting_review", "escalation", "overdue", "returned"]


def test_an_invalid_address_is_refused_clearly_and_nothing_changes(haizhu_client, haizhu_officer):
    haizhu_officer.email = "old@haizhu.example.gov.cn"
    haizhu_officer.save()
    response = haizhu_client.post(
        "/notices/settings/",
        {"email": "xiaohai at haizhu", "language": "en", "kinds": ["overdue"]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“xiaohai at haizhu”不是有效的电子邮箱地址" in page
    assert "未保存任何内容" in page
    haizhu_officer.refresh_from_db()
    assert haizhu_officer.email == "old@haizhu.example.gov.cn"
    assert not NoticePreference.objects.filter(user=haizhu_officer).exists()


def test_the_refusal_is_in_english_for_an_english_page(haizhu_client, haizhu_officer):
    haizhu_client.cookies["django_language"] = "en"
    page = haizhu_client.post(
        "/notices/settings/", {"email": "a@", "language": "zh-hans"}
    ).content.decode()
    assert "“a@” is not a valid email address (for example name@example.gov.cn)." in page


def test_an_unknown_language_or_kind_is_refused(haizhu_client, haizhu_officer):
    for data in (
        {"email": "", "language": "fr"},
        {"email": "", "language": "en", "kinds": ["escalation"]},  # not an officer's kind
    ):
        response = haizhu_client.post("/notices/settings/", data)
        assert response.status_code == 200
        assert "选择一个有效的选项" in response.content.decode()
    assert not NoticePreference.objects.filter(user=haizhu_officer).exists()


def test_the_settings_need_a_login(client):
    response = client.get("/notices/settings/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_only_ever_edits_the_signed_in_user(
    haizhu_client, haizhu_officer, huangpu_officer
):
    huangpu_officer.email = "xiaohuang@huangpu.example.gov.cn"
    huangpu_officer.save()
    haizhu_client.post(
        "/notices/settings/?user=xiaohuang", {**OFFICER_FORM, "user": huangpu_officer.pk}
    )
    huangpu_officer.refresh_from_db()
    assert huangpu_officer.email == "xiaohuang@huangpu.example.gov.cn"
    assert not NoticePreference.objects.filter(user=huangpu_officer).exists()


def test_unticked_kinds_are_neither_noticed_nor_mailed(
    open_quarter, haizhu_client, haizhu_officer, clock, mailoutbox
):
    haizhu_client.post("/notices/settings/", {**OFFICER_FORM, "kinds": ["returned"]})
    clock.go(-7)
    run_reminders()
    clock.go(1)
    run_reminders()
    assert notices_of(haizhu_officer) == []
    assert mails_to(mailoutbox, haizhu_officer) == []


def test_removing_the_address_keeps_the_notices_in_the_app(
    open_quarter, haizhu_client, haizhu_officer, clock, mailoutbox
):
    haizhu_officer.email = "xiaohai@haizhu.example.gov.cn"
    haizhu_officer.save()
    haizhu_client.post(
        "/notices/settings/", {"email": "", "language": "zh-hans", "kinds": ["due_soon"]}
    )
    clock.go(-7)
    run_reminders()
    [notice] = notices_of(haizhu_officer)
    assert notice.email_state == "none"
    assert [m for m in mailoutbox if "xiaohai@haizhu.example.gov.cn" in m.to] == []
