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


def test_the_admin_login_page_passes_the_page_on(client, clock, reviewer):
    page = reverse("admin:tracker_parkreport_changelist")
    to_admin_login = redirect_path(client.get(page))
    assert to_admin_login == f"{reverse('admin:login')}?next={page}"
    assert redirect_path(client.get(to_admin_login)) == f"{LOGIN}?next={page}"
    assert redirect_path(log_in(client, reviewer, next_url=page)) == page


def test_a_signed_in_user_outside_the_admin_is_told_so_not_looped(client, django_user_model):
    outsider = django_user_model.objects.create_user("visitor", password="Visitor#2025")
    client.force_login(outsider)
    to_admin_login = redirect_path(client.get(reverse("admin:index")))
    response = client.get(to_admin_login)
    assert response.status_code == 200
    assert "visitor" in response.content.decode()
