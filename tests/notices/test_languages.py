"""Mails and in-app notices in the recipient's language (default Simplified Chinese)."""

import pytest
from django.utils import translation

from notices.models import NoticePreference
from tests.notices.conftest import mails_to, notices_of, run_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_officer(open_quarter, addresses, huangpu_officer):
    NoticePreference.objects.create(user=huangpu_officer, language="en")
    return huangpu_officer


def test_without_a_preference_the_mail_is_in_chinese(
    open_quarter, addresses, haizhu_officer, clock, mailoutbox
):
    clock.go(-7)
    run_reminders()
    [message] = mails_to(mailoutbox, haizhu_officer)
    assert message.subject == "珠江沿岸高质量发展带目标进度追踪:1 份报表需要您处理"
    assert "以下园区报表需要您处理" in message.body
    assert (
        "广州人工智能与数字经济试验区琶洲核心区 2025年第3季度:报表应于 2025-10-20 前报送,还剩 7 天。"
        in message.body
    )
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert 'lang="zh-CN"' in html and "报表即将到期" in html


def test_an_english_preference_gets_an_english_mail(english_officer, clock, mailoutbox):
    clock.go(-7)
    run_reminders()
    [message] = mails_to(mailoutbox, english_officer)
    assert message.subject == "Pearl River Belt Tracker: 3 reports need your attention"
    assert "These park reports need your attention:" in message.body
    assert "Yuzhu Bay" in message.body  # the park's English name
    assert "2025 Q3" in message.body
    assert "the report is due on 2025-10-20, in 7 days." in message.body
    assert "报表" not in message.body
    [(html, _mimetype)] = message.alternatives
    assert 'lang="en"' in html and "Report due soon" in html and "Open the report form" in html


def test_plain_text_and_html_carry_the_same_absolute_links(english_officer, clock, mailoutbox):
    clock.go(-7)
    run_reminders()
    [message] = mails_to(mailoutbox, english_officer)
    [(html, _mimetype)] = message.alternatives
    for notice in notices_of(english_officer):
        link = f"http://tracker.test{notice.link}"
        assert link in message.body
        assert link.replace("&", "&amp;") in html


def test_sending_in_english_leaves_the_active_language_alone(english_officer, clock):
    clock.go(-7)
    with translation.override("zh-hans"):
        run_reminders()
        assert translation.get_language() == "zh-hans"


def test_in_app_notices_follow_the_page_language(english_officer, clock):
    clock.go(-7)
    run_reminders()
    notice = notices_of(english_officer)[0]
    with translation.override("zh-hans"):
        assert "还剩 7 天" in notice.text()
    with translation.override("en"):
        assert "in 7 days" in notice.text()
