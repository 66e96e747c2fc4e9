"""Serve plotly.js (the basic partial bundle that `make install` brings in, see
dashboards/vendor.py) and its license, so the library is neither committed nor fetched from
a CDN: `collectstatic` and whitenoise find them at static/vendor/plotly.min.js and
static/vendor/plotly-LICENSE.txt."""

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from dashboards import vendor

PREFIX = "vendor"
FILES = tuple(vendor.FILES.values())


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(vendor.FOLDER))
        # collectstatic and whitenoise put a storage's files under its prefix.
        self.storage.prefix = PREFIX

    def check(self, **kwargs):
        from django.core.checks import Error

        if vendor.PLOTLY.is_current():
            return []
        return [
            Error(
                f"plotly.js ({vendor.PACKAGE} {vendor.VERSION}) is missing or not the pinned "
                f"version in {vendor.FOLDER}",
                hint="Run `make install` (or `python -m dashboards.vendor`): it brings the "
                "bundle in with npm and checks its checksum.",
                id="dashboards.E001",
            )
        ]

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        for name in FILES:
            if path == f"{PREFIX}/{name}" and (vendor.FOLDER / name).is_file():
                found = str(vendor.FOLDER / name)
                return [found] if find_all else found
        # An empty list, as Django's own finders return, means "not here".
        return []

    def list(self, ignore_patterns):
        for name in FILES:
            if (vendor.FOLDER / name).is_file():
                yield name, self.storage
