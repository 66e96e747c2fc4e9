"""axe-core for the browser tests' accessibility checks (tests/browser/axe.py), brought in by
`make browser-deps` (a prerequisite of `make test`) and never committed.

    python -m tests.browser.axe_deps        # what `make browser-deps` runs

As dashboards/vendor.py does for plotly.js: packs the pinned version from the npm registry
(`npm pack`), checks the tarball against the pinned sha512 integrity (what
`npm view axe-core@VERSION dist.integrity` prints) before unpacking anything, and keeps
axe.min.js and its licences in .browser-deps/axe-core/ (git-ignored). Change VERSION and
INTEGRITY together.
"""

import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from dashboards.vendor import integrity_of

PACKAGE = "axe-core"
VERSION = "4.14.1"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
FOLDER = Path(__file__).resolve().parents[2] / ".browser-deps" / PACKAGE
# In the tarball -> kept as.
FILES = {
    "package/axe.min.js": "axe.min.js",
    "package/LICENSE": "LICENSE",
    "package/LICENSE-3RD-PARTY.txt": "LICENSE-3RD-PARTY.txt",
}
SCRIPT = FOLDER / "axe.min.js"


class AxeDepsError(Exception):
    pass


def unpack(tarball, folder=None, integrity=None):
    """Check the tarball's bytes, then write the wanted files into `folder`."""
    folder = folder or FOLDER
    integrity = integrity or INTEGRITY
    found = integrity_of(tarball)
    if found != integrity:
        raise AxeDepsError(
            f"{PACKAGE}@{VERSION}: checksum mismatch, refusing to unpack "
            f"(expected {integrity}, got {found})"
        )
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member, name in FILES.items():
            source = archive.extractfile(member)
            if source is None:
                raise AxeDepsError(f"{PACKAGE}@{VERSION} has no {member}")
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
        raise AxeDepsError("npm is needed once, to bring in axe-core (Node.js's npm package)")
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
    except (AxeDepsError, subprocess.CalledProcessError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{PACKAGE}@{VERSION} checked and unpacked into {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
