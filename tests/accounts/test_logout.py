"""Logging out ends the session on the server; the header's log-out button is a POST form."""

from django.contrib.sessions.models import Session
from django.urls import reverse

from .conftest import LOGIN, log_in, redirect_path

LOGOUT = reverse("logout")


def test_the_header_logs_out_with_a_post_form(client, haizhu_officer):
    log_in(client, haizhu_officer)
    html = client.get(reverse("park_list")).content.decode()
    assert f'<form action="{LOGOUT}" method="post"' in html


def test_logout_deletes_the_session_record(client, haizhu_officer):
    log_in(client, haizhu_officer)
    key = client.session.session_key
    response = client.post(LOGOUT)
    assert redirect_path(response) == LOGIN
    assert not Session.objects.filter(session_key=key).exists()
    assert redirect_path(client.get(reverse("park_list"))).startswith(LOGIN)


def test_a_get_does_not_log_out(client, haizhu_officer):
    log_in(client, haizhu_officer)
    assert client.get(LOGOUT).status_code == 405
    assert client.get(reverse("park_list")).status_code == 200


def test_the_admin_log_out_ends_the_session_too(client, reviewer):
    log_in(client, reviewer)
    key = client.session.session_key
    client.post(reverse("admin:logout"))
    assert not Session.objects.filter(session_key=key).exists()
