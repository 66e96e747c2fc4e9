"""Confirming twice (a retry after a worker was killed once the commit went through)
answers what was imported, and imports nothing again."""

from django.contrib.messages import get_messages
from django.urls import reverse

from parks.models import Enterprise
from spreadsheets.importers.enterprises import EnterpriseImporter
from spreadsheets.models import ImportSession
from tests.spreadsheets.conftest import register_snapshot, upload, uscc, xlsx_bytes

E_IMPORT = "admin:parks_enterprise_import"
E_CONFIRM = "admin:parks_enterprise_process_import"
E_HEADERS = ["统一社会信用代码", "企业名称", "园区代码", "角色", "产业链", "引进日期"]


def preview(client):
    rows = [[uscc(n), f"企业{n}", "pazhou", "链主企业", "", "2023-01-01"] for n in (1, 2)]
    return upload(client, E_IMPORT, xlsx_bytes([E_HEADERS, *rows]), "register.xlsx")


def post_confirm(client, token, **headers):
    return client.post(reverse(E_CONFIRM), {"token": str(token)}, follow=True, **headers)


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_second_confirm_says_when_and_by_whom_and_imports_nothing(haizhu_client, pazhou):
    token = preview(haizhu_client).context["session"].token
    first = post_confirm(haizhu_client, token)
    assert "导入完成" in shown_messages(first)[0]
    after_first = register_snapshot()
    assert Enterprise.objects.count() == 2

    second = post_confirm(haizhu_client, token)
    [message] = shown_messages(second)
    session = ImportSession.objects.get(token=token)
    assert message.startswith("该文件已于 ")
    assert "由 xiaohai 导入：新增 2 行，修改 0 行，未变 0 行。本次没有重复导入。" in message
    assert register_snapshot() == after_first
    assert (session.new_count, session.changed_count, session.unchanged_count) == (2, 0, 0)
    assert session.done_at is not None and bytes(session.data) == b""


def test_the_answer_in_english(haizhu_client, pazhou):
    token = preview(haizhu_client).context["session"].token
    post_confirm(haizhu_client, token)
    second = post_confirm(haizhu_client, token, HTTP_ACCEPT_LANGUAGE="en")
    [message] = shown_messages(second)
    assert message.startswith("This file was already imported at ")
    assert message.endswith(
        "by xiaohai: 2 new, 0 changed, 0 unchanged rows. Nothing was imported again."
    )


def test_a_confirm_that_fails_midway_leaves_the_preview_confirmable(
    haizhu_client, pazhou, monkeypatch
):
    token = preview(haizhu_client).context["session"].token
    real_apply = EnterpriseImporter.apply

    def dies_after_writing(self, plan):
        real_apply(self, plan)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(EnterpriseImporter, "apply", dies_after_writing)
    haizhu_client.raise_request_exception = False
    assert post_confirm(haizhu_client, token).status_code == 500
    # Rolled back together: no enterprise, and the preview not marked done.
    assert not Enterprise.objects.exists()
    assert ImportSession.objects.get(token=token).done_at is None

    monkeypatch.setattr(EnterpriseImporter, "apply", real_apply)
    assert "导入完成" in shown_messages(post_confirm(haizhu_client, token))[0]
    assert Enterprise.objects.count() == 2


def test_another_user_cannot_read_the_outcome(haizhu_client, pazhou, huangpu_officer, client):
    token = preview(haizhu_client).context["session"].token
    post_confirm(haizhu_client, token)
    client.force_login(huangpu_officer)
    [message] = shown_messages(post_confirm(client, token))
    assert message == "本次导入已过期或已确认。请重新上传文件。"
