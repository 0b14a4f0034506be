"""Helpers for browser tests: axe-core checks, signing in, switching language."""

import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"desktop": (1280, 800), "phone": (375, 667)}


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def axe_check(page, context: str = "") -> None:
    """Run axe-core (WCAG 2.2 A and AA) at 1280 and at 375 px; fail listing every violation.

    The app's CSP forbids inline scripts, so axe is evaluated through the DevTools
    protocol (page.evaluate), which CSP does not block, instead of a <script> tag.
    The viewport is restored afterwards.
    """
    original = page.viewport_size
    failures = []
    try:
        for name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            failures += _axe_violations(page, f"{context} at {width} px ({name})")
    finally:
        if original:
            page.set_viewport_size(original)
    if failures:
        raise AssertionError("\n".join(failures))


def _axe_violations(page, context: str) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate("() => {\n" + _axe_source() + "\n}")
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                          summary: n.failureSummary}))
            }));
        }""",
        WCAG_TAGS,
    )
    if not result:
        return []
    lines = [f"axe found {len(result)} WCAG 2.2 A/AA violation(s) on {page.url} {context}"]
    for violation in result:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    at {node['target']}: {summary[:300]}")
    return lines


def login_as(page, live_server, email: str, password: str) -> None:
    """Sign in through the real form and wait until the front page (or next) loads."""
    page.goto(live_server.url + "/kirjaudu")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit], main form input[type=submit]")


def set_language(page, code: str) -> None:
    """Switch the UI language with the link in the page header (fi, sv or en)."""
    with page.expect_navigation():
        page.click(f"header nav a[hreflang='{code}']")
    assert page.locator("html").get_attribute("lang") == code


def logout(page) -> None:
    """Sign out with the header button."""
    with page.expect_navigation():
        page.click("header form[action$='/kirjaudu-ulos'] button")


def has_horizontal_scroll(page) -> bool:
    """True when the page is wider than the viewport (fails the 320 px reflow rule)."""
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth > document.documentElement.clientWidth"
    )


def path_of(page) -> str:
    """The path (and query) of the current page."""
    return re.sub(r"^https?://[^/]+", "", page.url)
