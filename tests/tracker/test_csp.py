"""Content-Security-Policy on every page, no inline script anywhere, and plotly.js served
from the app's own static files."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import approved_report

PAGES = [
    reverse("overview"),
    reverse("park_detail", args=["pazhou"]),
    reverse("indicator_detail", args=["revenue"]),
    reverse("district_detail", args=["haizhu"]),
    reverse("briefing", args=[2025]),
    reverse("park_list"),
    reverse("admin:index"),
    reverse("admin:tracker_target_changelist"),
    "park-admin-change",
]


def directives(response):
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def scripts(html):
    return re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_forbids_inline_scripts_and_other_origins(superuser_client, pazhou, page):
    approved_report(pazhou, "2024Q4", revenue=100, coverage_5g=90)
    if page == "park-admin-change":
        page = reverse("admin:parks_park_change", args=[pazhou.pk])
    response = superuser_client.get(page)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Inline styles only: plotly.js injects <style> rules and style attributes.
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    # blob: images only: plotly's PNG download loads the drawn chart from a blob: URL.
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert [name for name, sources in policy.items() if "blob:" in sources] == ["img-src"]
    html = response.content.decode()
    for attributes, body in scripts(html):
        if 'type="application/json"' in attributes:
            continue  # data for charts.js, never run
        assert body.strip() == "", f"inline script on {page}: {body[:80]}"
        source = re.search(r'src="([^"]+)"', attributes).group(1)
        assert source.startswith("/") and not source.startswith("//"), source


def test_login_page_has_the_header_too(client, guideline):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_dashboards_load_plotly_and_charts_js_from_static(manager_client):
    html = manager_client.get(reverse("overview")).content.decode()
    sources = [re.search(r'src="([^"]+)"', a).group(1) for a, _b in scripts(html) if "src=" in a]
    assert sources == [
        "/static/vendor/plotly.min.js",
        "/static/js/charts.js",
        "/static/js/session-timeout.js",  # the idle-logout warning, on every signed-in page
    ]


def test_collectstatic_copies_plotly_under_vendor(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    # The basic partial bundle (dashboards/vendor.py), 1.2 MB, not the full 4.8 MB one.
    assert 1_000_000 < (tmp_path / "vendor" / "plotly.min.js").stat().st_size < 2_000_000
    assert (tmp_path / "vendor" / "plotly-LICENSE.txt").exists()
    assert (tmp_path / "js" / "charts.js").exists()
