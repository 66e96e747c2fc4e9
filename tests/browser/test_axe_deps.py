"""axe-core for the browser tests: the pinned package, checked before it is unpacked."""

from dataclasses import replace

import pytest

from dashboards.vendor import integrity_of
from tests.browser import axe_deps
from tests.tarballs import tarball

FILES = {
    "package/axe.min.js": b"axe()",
    "package/LICENSE": b"MPL-2.0",
    "package/LICENSE-3RD-PARTY.txt": b"others",
}


def test_a_tarball_with_another_checksum_is_refused_and_nothing_written(tmp_path):
    with pytest.raises(axe_deps.AxeDepsError, match="checksum mismatch"):
        axe_deps.AXE.unpack(tarball(FILES), folder=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_tarball_with_the_pinned_checksum_is_unpacked_and_stamped(tmp_path, monkeypatch):
    data = tarball(FILES)
    monkeypatch.setattr(axe_deps, "AXE", replace(axe_deps.AXE, integrity=integrity_of(data)))
    axe_deps.AXE.unpack(data, folder=tmp_path)
    assert (tmp_path / "axe.min.js").read_bytes() == b"axe()"
    assert (tmp_path / "LICENSE").read_bytes() == b"MPL-2.0"
    assert axe_deps.AXE.is_current(tmp_path)
    (tmp_path / "VERSION").write_text("4.0.0\nsha512-other\n")
    assert not axe_deps.AXE.is_current(tmp_path)


def test_make_browser_deps_brought_in_the_pinned_version():
    assert axe_deps.AXE.is_current()
    head = axe_deps.SCRIPT.read_text(encoding="utf-8")[:200]
    assert f"axe v{axe_deps.VERSION}" in head
