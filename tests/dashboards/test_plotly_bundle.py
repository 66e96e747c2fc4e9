"""plotly.js: the pinned basic bundle, checked when it is brought in, served with its license."""

import json
import re
from dataclasses import replace
from pathlib import Path

import plotly
import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse

from dashboards import staticfiles, vendor
from tests.tarballs import tarball


def bundled_plotly_js_version(text):
    return re.search(r"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)", text[:300]).group(1)


def test_the_served_bundle_is_the_pinned_basic_one():
    found = finders.find("vendor/plotly.min.js")
    assert found == str(vendor.FOLDER / "plotly.min.js")
    head = Path(found).read_text(encoding="utf-8")[:300]
    assert "plotly.js (basic - minified) v4.1.1" in head
    assert finders.find("vendor/plotly.min.js", find_all=True) == [found]
    assert finders.find("vendor/nothing.js") is None


def test_its_plotly_js_version_is_the_one_the_python_package_writes_figures_for():
    python_side = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    served = Path(finders.find("vendor/plotly.min.js"))
    assert bundled_plotly_js_version(served.read_text(encoding="utf-8")) == vendor.VERSION
    assert bundled_plotly_js_version(python_side.read_text(encoding="utf-8")) == vendor.VERSION


def test_the_license_is_served_next_to_it():
    found = finders.find("vendor/plotly-LICENSE.txt")
    text = Path(found).read_text(encoding="utf-8")
    assert "Plotly" in text and "Permission is hereby granted" in text


def test_pages_draw_only_trace_types_the_bundle_holds(manager_client, make_report, pazhou):
    html = manager_client.get(reverse("overview")).content.decode()
    figures = re.findall(r'<script id="figure-[^"]+" type="application/json">(.*?)</script>', html)
    assert figures
    types = {trace["type"] for text in figures for trace in json.loads(text)["data"]}
    assert types <= {"bar", "scatter"}  # the basic bundle: bar, pie, scatter


def test_a_tarball_with_another_checksum_is_refused_and_nothing_written(tmp_path):
    data = tarball({"package/plotly-basic.min.js": b"evil()", "package/LICENSE": b"MIT"})
    with pytest.raises(vendor.VendorError, match="checksum mismatch"):
        vendor.PLOTLY.unpack(data, folder=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_tarball_with_the_pinned_checksum_is_unpacked(tmp_path):
    data = tarball({"package/plotly-basic.min.js": b"plotly()", "package/LICENSE": b"MIT"})
    vendor.PLOTLY.unpack(data, folder=tmp_path, integrity=vendor.integrity_of(data))
    assert (tmp_path / "plotly.min.js").read_bytes() == b"plotly()"
    assert (tmp_path / "plotly-LICENSE.txt").read_bytes() == b"MIT"


def test_the_system_check_says_how_to_bring_a_missing_bundle_in(monkeypatch, tmp_path):
    monkeypatch.setattr(vendor, "PLOTLY", replace(vendor.PLOTLY, folder=tmp_path / "missing"))
    (error,) = staticfiles.PlotlyFinder().check()
    assert error.id == "dashboards.E001"
    assert "make install" in error.hint


def test_collectstatic_stores_gzip_and_brotli_copies(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = [p for p in (tmp_path / "vendor").glob("plotly.min.*.js")]
    assert hashed
    for path in (*hashed, tmp_path / "vendor" / "plotly.min.js"):
        for suffix in (".gz", ".br"):
            compressed = path.with_name(path.name + suffix)
            assert 0 < compressed.stat().st_size < 450_000, compressed
