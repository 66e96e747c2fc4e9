"""Every admin changelist and add page renders for a superuser."""

import pytest
from django.contrib import admin
from django.urls import reverse


def admin_urls():
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        if model_admin.has_add_permission.__func__ is not admin.ModelAdmin.has_add_permission:
            continue
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


@pytest.mark.django_db
def test_admin_pages_render_for_superuser(superuser_client):
    assert superuser_client.get(reverse("admin:index")).status_code == 200
    for url in admin_urls():
        response = superuser_client.get(url)
        assert response.status_code == 200, url


def test_park_change_page_renders(superuser_client, pazhou):
    response = superuser_client.get(reverse("admin:parks_park_change", args=[pazhou.pk]))
    assert response.status_code == 200
    assert "移动互联网" in response.content.decode()


def test_admin_requires_login(client, guideline):
    response = client.get(reverse("admin:parks_park_changelist"))
    assert response.status_code == 302


def test_favicon_ico_points_at_the_static_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url == "/static/favicon.svg"
