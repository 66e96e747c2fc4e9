"""plotly.js for the dashboards: plotly's published "basic" partial bundle (bar, pie and
scatter traces, which is all the pages draw: see dashboards/charts.py), brought in by
`make install` and never fetched at run time.

    python -m dashboards.vendor        # what `make install` runs

Packs the pinned version from the npm registry (`npm pack`), checks the tarball against the
pinned sha512 integrity (what `npm view plotly.js-basic-dist-min@VERSION dist.integrity`
prints) before unpacking anything, and keeps the minified bundle and its MIT LICENSE in
vendor/ (git-ignored). dashboards.staticfiles serves both at static/vendor/.

The version matches the plotly.js that the installed `plotly` Python package bundles
(plotly 7.1 → plotly.js 4.1.1), so the figure JSON the Python side writes and the zh-CN
locale in static/js/charts.js fit the library that draws them. Change VERSION and
INTEGRITY together.
"""

import base64
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "plotly.js-basic-dist-min"
VERSION = "4.1.1"
INTEGRITY = "sha512-1oNF8PeQx2hv/y7tqEVWKD3JGwn/MGEMQ8mL9HUwsaqG9FGy/OU5FHUHvzqbqxN4mnwZGI9abTiE775C4kkjMQ=="
FOLDER = Path(__file__).resolve().parent.parent / "vendor" / PACKAGE
# In the tarball -> kept as (served at static/vendor/<name>).
FILES = {"package/plotly-basic.min.js": "plotly.min.js", "package/LICENSE": "plotly-LICENSE.txt"}


class VendorError(Exception):
    pass


def integrity_of(data):
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@dataclass(frozen=True)
class NpmPackage:
    """A pinned package of the npm registry, of which a few files are kept in `folder`.
    Also used by the browser tests for axe-core (tests/browser/axe_deps.py)."""

    name: str
    version: str
    integrity: str
    folder: Path
    files: dict  # in the tarball -> kept as

    def unpack(self, tarball, folder=None, integrity=None):
        """Check the tarball's bytes, then write the wanted files into `folder`."""
        folder = folder or self.folder
        integrity = integrity or self.integrity
        found = integrity_of(tarball)
        if found != integrity:
            raise VendorError(
                f"{self.name}@{self.version}: checksum mismatch, refusing to unpack "
                f"(expected {integrity}, got {found})"
            )
        folder.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            for member, name in self.files.items():
                source = archive.extractfile(member)
                if source is None:
                    raise VendorError(f"{self.name}@{self.version} has no {member}")
                (folder / name).write_bytes(source.read())
        (folder / "VERSION").write_text(f"{self.version}\n{integrity}\n")

    def is_current(self, folder=None):
        folder = folder or self.folder
        stamp = folder / "VERSION"
        return (
            stamp.is_file()
            and stamp.read_text() == f"{self.version}\n{self.integrity}\n"
            and all((folder / name).is_file() for name in self.files.values())
        )

    def fetch(self):
        """The package tarball's bytes, packed by npm from the registry."""
        npm = shutil.which("npm")
        if npm is None:
            raise VendorError(f"npm is needed once, to bring in {self.name} (Node.js's npm)")
        with tempfile.TemporaryDirectory() as workdir:
            subprocess.run(
                [npm, "pack", f"{self.name}@{self.version}", "--silent"],
                cwd=workdir,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            (tarball,) = Path(workdir).glob("*.tgz")
            return tarball.read_bytes()

    def install(self):
        """Fetch, check and unpack unless already there; the exit status of a command."""
        if self.is_current():
            return 0
        try:
            self.unpack(self.fetch())
        except (VendorError, subprocess.CalledProcessError) as error:
            print(error, file=sys.stderr)
            return 1
        print(f"{self.name}@{self.version} checked and unpacked into {self.folder}")
        return 0


PLOTLY = NpmPackage(PACKAGE, VERSION, INTEGRITY, FOLDER, FILES)

if __name__ == "__main__":
    sys.exit(PLOTLY.install())
