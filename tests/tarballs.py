"""Gzipped tarballs made in memory, standing in for what `npm pack` brings (the tests of
dashboards/vendor.py and tests/browser/axe_deps.py)."""

import io
import tarfile


def tarball(files):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
