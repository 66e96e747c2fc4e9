"""axe-core for the browser tests' accessibility checks (tests/browser/axe.py), brought in by
`make browser-deps` (a prerequisite of `make test`) and never committed.

    python -m tests.browser.axe_deps        # what `make browser-deps` runs

As dashboards/vendor.py does for plotly.js: packs the pinned version from the npm registry
(`npm pack`), checks the tarball against the pinned sha512 integrity (what
`npm view axe-core@VERSION dist.integrity` prints) before unpacking anything, and keeps
axe.min.js and its licences in .browser-deps/axe-core/ (git-ignored). Change VERSION and
INTEGRITY together.
"""

import sys
from pathlib import Path

from dashboards.vendor import NpmPackage, VendorError

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
AxeDepsError = VendorError


AXE = NpmPackage(PACKAGE, VERSION, INTEGRITY, FOLDER, FILES)

if __name__ == "__main__":
    sys.exit(AXE.install())
