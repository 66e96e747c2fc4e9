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


def unpack(tarball, folder=None, integrity=None):
    """Check the tarball's bytes, then write the wanted files into `folder`."""
    folder = folder or FOLDER
    integrity = integrity or INTEGRITY
    found = integrity_of(tarball)
    if found != integrity:
        raise VendorError(
            f"{PACKAGE}@{VERSION}: checksum mismatch, refusing to unpack "
            f"(expected {integrity}, got {found})"
        )
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member, name in FILES.items():
            source = archive.extractfile(member)
            if source is None:
                raise VendorError(f"{PACKAGE}@{VERSION} has no {member}")
            (folder / name).write_bytes(source.read())
    (folder / "VERSION").write_text(f"{VERSION}\n{integrity}\n")


def is_current(folder=None):
    folder = folder or FOLDER
    stamp = folder / "VERSION"
    return (
        stamp.is_file()
        and stamp.read_text() == f"{VERSION}\n{INTEGRITY}\n"
        and all((folder / name).is_file() for name in FILES.values())
    )


def fetch():
    """The package tarball's bytes, packed by npm from the registry."""
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm is needed once, to bring in plotly.js (Node.js's npm package)")
    with tempfile.TemporaryDirectory() as workdir:
        subprocess.run(
            [npm, "pack", f"{PACKAGE}@{VERSION}", "--silent"],
            cwd=workdir,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(workdir).glob("*.tgz")
        return tarball.read_bytes()


def main():
    if is_current():
        return 0
    try:
        unpack(fetch())
    except (VendorError, subprocess.CalledProcessError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{PACKAGE}@{VERSION} checked and unpacked into {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
