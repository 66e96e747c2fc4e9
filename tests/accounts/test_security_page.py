"""The sign-in security page: password expiry date, authenticator state, new recovery codes
(only in a verified session)."""

import re

from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from .conftest import VERIFY, confirmed_device, log_in, totp_code

SECURITY = reverse("accounts:security")


def test_it_shows_the_expiry_date_and_the_codes_left(client, clock, haizhu_officer):
    confirmed_device(haizhu_officer)
    log_in(client, haizhu_officer)
    device = haizhu_officer.totpdevice_set.get()
    client.post(VERIFY, {"code": totp_code(device)})
    page = client.get(SECURITY).content.decode()
    # clock START is 2025-03-03; 小海's account was made then: 90 days on.
    assert "您的密码须在 2025-06-01 前修改。" in page
    assert "已设置身份验证器应用。您还有 10 个未使用的恢复码。" in page


def test_new_recovery_codes_replace_the_old_ones(client, clock, haizhu_officer):
    device, old_codes = confirmed_device(haizhu_officer)
    log_in(client, haizhu_officer)
    client.post(VERIFY, {"code": old_codes[0]})
    response = client.post(SECURITY)
    new_codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new_codes) == 10
    stored = set(
        StaticToken.objects.filter(device__user=haizhu_officer).values_list("token", flat=True)
    )
    assert stored == set(new_codes)
    assert not stored & set(old_codes)


def test_an_unverified_session_gets_no_codes(client, haizhu_officer):
    log_in(client, haizhu_officer)  # REQUIRE_2FA off, no authenticator
    response = client.post(SECURITY)
    assert response.status_code == 200
    assert "<li><code>" not in response.content.decode()
    assert not StaticToken.objects.exists()
    assert "尚未设置身份验证器应用。" in response.content.decode()


def test_queries(client, haizhu_officer, django_assert_num_queries):
    log_in(client, haizhu_officer)
    client.get(SECURITY)
    # session, user, authenticator set up?, recovery codes left, account security (its
    # password date), the demo banner's "any demo data?"
    with django_assert_num_queries(6):
        client.get(SECURITY)
