"""Mail through a real SMTP server (aiosmtpd, started here); failures are logged and retried."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from notices.models import Notice
from tests.notices.conftest import notices_of, run_reminders

pytestmark = pytest.mark.django_db

REFUSED = "xiaohai@haizhu.example.gov.cn"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """Keeps what it receives; refuses the addresses in `refuse` with 550."""

    def __init__(self):
        self.received = []
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for rcpt, message in self.received if rcpt == [address]]


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "tracker@gxj.example.gov.cn"
    return settings


@pytest.fixture
def smtp_server(smtp_settings):
    """Start(), stop(): a server on EMAIL_PORT; not started until asked."""

    class Server:
        mailbox = Mailbox()
        controller = None

        def start(self):
            self.controller = Controller(
                self.mailbox, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT
            )
            self.controller.start()

        def stop(self):
            if self.controller is not None:
                self.controller.stop()
                self.controller = None

    server = Server()
    yield server
    server.stop()


@pytest.fixture
def overdue(open_quarter, addresses, haizhu_officer, huangpu_officer, reviewer, clock):
    clock.go(2)  # two days overdue: both officers get a mail; no escalation yet


def test_a_reminder_arrives_at_a_real_smtp_server_as_text_and_html(
    overdue, smtp_server, huangpu_officer
):
    smtp_server.start()
    run_reminders()
    [message] = smtp_server.mailbox.to(huangpu_officer.email)
    assert message["From"] == "tracker@gxj.example.gov.cn"
    # Django folds the encoded subject onto a continuation line ("Subject: \n =?utf-8?b?…"),
    # which the parser renders with the fold's leading space.
    assert message["Subject"].strip() == "珠江沿岸高质量发展带目标进度追踪:3 份报表需要您处理"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert text.count("已逾期 2 天") == 3
    assert "鱼珠湾商务区" in html
    assert all(n.email_state == "sent" for n in notices_of(huangpu_officer))


def test_server_down_is_logged_the_notices_stay_pending_and_the_next_run_sends_them(
    overdue, smtp_server, huangpu_officer, haizhu_officer, caplog, clock
):
    output = run_reminders()  # nothing listens on EMAIL_PORT
    assert "Failed (retried on the next run): xiaohai, xiaohuang." in output
    assert "Reminder mail to xiaohuang@huangpu.example.gov.cn" in caplog.text
    assert "will retry on the next run" in caplog.text
    pending = notices_of(huangpu_officer)
    assert len(pending) == 3  # the in-app notices exist all the same
    assert {(n.email_state, n.email_attempts) for n in pending} == {("pending", 1)}

    smtp_server.start()
    clock.go(3)
    run_reminders()
    [message] = smtp_server.mailbox.to(huangpu_officer.email)
    # Sent once, with today's figures rather than those of the failed day.
    assert message.get_body(("plain",)).get_content().count("已逾期 3 天") == 3
    assert {(n.email_state, n.email_attempts) for n in notices_of(huangpu_officer)} == {("sent", 2)}
    assert len(smtp_server.mailbox.to(haizhu_officer.email)) == 1

    run_reminders()
    assert len(smtp_server.mailbox.received) == 2


def test_a_refused_recipient_does_not_stop_the_others(
    overdue, smtp_server, huangpu_officer, haizhu_officer, caplog
):
    smtp_server.mailbox.refuse.add(REFUSED)
    smtp_server.start()
    run_reminders()
    assert len(smtp_server.mailbox.to(huangpu_officer.email)) == 1
    assert smtp_server.mailbox.to(REFUSED) == []
    assert f"Reminder mail to {REFUSED}" in caplog.text
    [notice] = notices_of(haizhu_officer)
    assert (notice.email_state, notice.email_attempts) == ("pending", 1)

    smtp_server.mailbox.refuse.clear()
    run_reminders()  # the same day: the retry goes out, nothing else is repeated
    assert len(smtp_server.mailbox.to(REFUSED)) == 1
    assert len(smtp_server.mailbox.to(huangpu_officer.email)) == 1
    notice.refresh_from_db()
    assert notice.email_state == "sent"


def test_an_officer_without_an_address_gets_the_notice_in_the_app_only(
    overdue, smtp_server, haizhu_officer
):
    haizhu_officer.email = ""
    haizhu_officer.save()
    smtp_server.start()
    run_reminders()
    [notice] = notices_of(haizhu_officer)
    assert notice.email_state == "none"
    assert len(smtp_server.mailbox.received) == 1  # 小黄's
    assert Notice.objects.filter(email_state="pending").count() == 0
