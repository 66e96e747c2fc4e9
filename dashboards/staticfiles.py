"""Serve plotly.js from the installed `plotly` package, so the library is neither committed
nor fetched from a CDN: `collectstatic` and whitenoise find it at static/vendor/plotly.min.js."""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor"
FILES = ("plotly.min.js",)
PACKAGE_DATA = Path(plotly.__file__).resolve().parent / "package_data"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(PACKAGE_DATA))
        # collectstatic and whitenoise put a storage's files under its prefix.
        self.storage.prefix = PREFIX

    def check(self, **kwargs):
        from django.core.checks import Error

        missing = [name for name in FILES if not (PACKAGE_DATA / name).is_file()]
        return [
            Error(f"plotly's {name} is missing from {PACKAGE_DATA}", id="dashboards.E001")
            for name in missing
        ]

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        for name in FILES:
            if path == f"{PREFIX}/{name}":
                found = str(PACKAGE_DATA / name)
                return [found] if find_all else found
        # An empty list, as Django's own finders return, means "not here".
        return []

    def list(self, ignore_patterns):
        for name in FILES:
            yield name, self.storage
