"""axe-core in the page: the accessibility check every visited page passes (GB/T 37668,
WCAG 2.x AA in substance). axe-core comes from `make browser-deps` (tests/browser/axe_deps.py).
"""

from tests.browser import axe_deps

# WCAG 2.0/2.1/2.2 A and AA, plus the best-practice rules about landmarks and headings that
# screen-reader users navigate by.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = ("serious", "critical")
# Rated moderate by axe, but content outside every landmark and skipped heading levels are
# what made the pages hard to move around in by screen reader: they fail the check too.
ALWAYS = ("region", "heading-order", "landmark-unique")
RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(results => results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')), count: v.nodes.length})))"""


def serious_violations(page):
    """Each serious or critical axe violation on the page (and any of ALWAYS), as
    'rule (nodes): help: first targets'."""
    if not axe_deps.AXE.is_current():
        raise AssertionError(f"axe-core is missing from {axe_deps.FOLDER}: run `make browser-deps`")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, not as a <script> tag (add_script_tag),
        # which the app's Content-Security-Policy rightly refuses as inline script.
        source = axe_deps.SCRIPT.read_text(encoding="utf-8")
        page.evaluate(f"() => {{\n{source}\n}}")
    found = page.evaluate(RUN, TAGS)
    return [
        f"{v['id']} ({v['count']}): {v['help']}: {', '.join(v['targets'])}"
        for v in found
        if v["impact"] in SERIOUS or v["id"] in ALWAYS
    ]
