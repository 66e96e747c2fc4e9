"""After a timeout, logging in again lands the user back on the page they were on."""

from django.urls import reverse

from .conftest import LOGIN, log_in, redirect_path


def test_back_to_the_page_after_logging_in_again(client, clock, haizhu_officer, pazhou):
    page = reverse("park_detail", args=[pazhou.code]) + "?include=submitted"
    log_in(client, haizhu_officer)
    clock.shift(31 * 60)
    to_login = redirect_path(client.get(page))
    assert to_login == f"{LOGIN}?next=/parks/pazhou/%3Finclude%3Dsubmitted"
    login_page = client.get(to_login).content.decode()
    assert 'name="next" value="/parks/pazhou/?include=submitted"' in login_page
    response = log_in(client, haizhu_officer, next_url="/parks/pazhou/?include=submitted")
    assert redirect_path(response) == page
    assert client.get(page).status_code == 200


def test_back_to_an_admin_page(client, clock, reviewer):
    page = reverse("admin:tracker_parkreport_changelist")
    log_in(client, reviewer)
    clock.shift(31 * 60)
    assert redirect_path(client.get(page)) == f"{LOGIN}?next={page}"
    assert redirect_path(log_in(client, reviewer, next_url=page)) == page


def test_next_never_leaves_the_site(client, clock, reviewer):
    response = log_in(client, reviewer, next_url="https://evil.example/")
    assert redirect_path(response) == "/"
