"""Pages that stand in for the paper: bot checks, login walls and error pages.

A site that does not want to serve a script, or a reader without access, gets
one of these instead of the paper, and a file saved from it looks like any web
page. Detected only when the page has no scholarly metadata at all (no
``citation_*``, Dublin Core, PRISM or JSON-LD), by what such pages share rather
than by site:

- bot checks: Cloudflare's interstitial ("Just a moment...", ``_cf_chl_opt``,
  ``/cdn-cgi/challenge-platform/``, ``challenge-form``) and the other common
  walls (DataDome, PerimeterX, Imperva, DDoS-Guard, "Checking your browser");
- login walls: a password field under a title or heading that asks to log in;
- error pages: a title or heading that is an HTTP status ("404 Not Found",
  "Error 403", "Page not found", "Access Denied").

Reading one gives no entry and a ``not-a-paper`` error that says what the page
is, so the conversion fails with that message instead of citing "Just a moment...".
"""

from __future__ import annotations

import re

from paperbib.models import Entry
from paperbib.readers.html._page import Page, text_of

__all__ = ["detect", "extract", "what_it_is"]

_SCHOLARLY_PREFIXES = ("citation_", "dc.", "dcterms.", "prism.", "eprints.", "bepress_")

_CHALLENGE_MARKERS = (
    "_cf_chl_opt", "/cdn-cgi/challenge-platform/h/", 'id="challenge-form"',
    "cf-browser-verification", "captcha-delivery.com", "px-captcha", "_incapsula_resource",
    "ddos-guard",
)  # fmt: skip
"""Text that bot-check pages carry in their markup (lowercase matching, see ``_markup``)."""

_CHALLENGE_TITLE = re.compile(
    r"just a moment\.*|attention required!?(?: \| cloudflare)?|please wait\.*|"
    r"checking your browser.*|verifying you are human.*|ddos-guard|"
    r"one more step|are you a robot\??|security check",
    re.IGNORECASE,
)
_LOGIN = re.compile(
    r"\b(?:log ?in|sign ?in|sign on|single sign-on|authenticat\w*|institutional (?:login|access)|"
    r"shibboleth|openathens)\b",
    re.IGNORECASE,
)
_STATUS_NAME = (
    r"(?:bad request|unauthori[sz]ed|payment required|forbidden|access denied|"
    r"(?:(?:page|article|document|resource|record|item|file)\s+)?not\s+found|"
    r"method not allowed|not acceptable|request time-?out|conflict|gone|precondition failed|"
    r"(?:payload|request entity) too large|(?:request-)?uri too long|unsupported media type|"
    r"too many requests|unavailable for legal reasons|internal server error|server error|"
    r"not implemented|bad gateway|service (?:temporarily )?unavailable|gateway time-?out|"
    r"error)\.?(?:\s*[|:\-–—].*)?"
)
"""What may follow a status number in an error page's title: the status's name (``Not
Found``, ``Internal Server Error``) or "Error", then only a separator and more (``| Site``),
so that a page titled "500 Ways to Cite a Paper" is no error page."""
_ERROR = re.compile(
    rf"(?:error\s*)?(?:40[0-9]|41[0-9]|429|5\d\d)(?:\s*[|:\-–—.]?\s*\b{_STATUS_NAME})?|"
    r"error\s+(?:40[0-9]|5\d\d)\b.*|"
    r"(?:page|article|document|resource|record|item|file)\s+not\s+found\b.*|"
    r"(?:not found|forbidden|access denied|service unavailable|bad gateway|"
    r"internal server error|too many requests|gateway time-?out)(?:\s*[|:\-–—].*)?",
    re.IGNORECASE,
)


def _has_scholarly_metadata(page: Page) -> bool:
    if any(name.startswith(_SCHOLARLY_PREFIXES) for name in page.metas):
        return True
    return any(
        (script.get("type") or "").strip().lower() == "application/ld+json"
        for script in page.root.iter("script")
    )


def _headings(page: Page) -> list[str]:
    """The page's ``<title>`` and first ``<h1>``, as text."""
    found = [text_of(next(page.root.iter("title"), None))]
    found.append(text_of(next(page.root.iter("h1"), None)))
    return [text for text in found if text]


def what_it_is(page: Page) -> str | None:
    """What kind of stand-in *page* is (a phrase for the message), or ``None`` for a real page."""
    if _has_scholarly_metadata(page):
        return None
    headings = _headings(page)
    shown = f' ("{headings[0]}")' if headings else ""
    markup = page.markup_sample()
    if any(marker in markup for marker in _CHALLENGE_MARKERS) or any(
        _CHALLENGE_TITLE.fullmatch(text) for text in headings
    ):
        return f"a bot-check page{shown}, which the site showed instead of the paper"
    has_password = any(
        (node.get("type") or "").lower() == "password" for node in page.root.iter("input")
    )
    if has_password and any(_LOGIN.search(text) for text in headings):
        return f"a login page{shown}, which the site showed instead of the paper"
    if any(_ERROR.fullmatch(text) for text in headings):
        return f"an error page{shown}, not the paper"
    return None


def detect(page: Page) -> bool:
    """Whether *page* is a bot check, a login wall or an error page without paper metadata."""
    return what_it_is(page) is not None


def extract(page: Page) -> list[Entry]:
    """No entry: a ``not-a-paper`` error saying what the page is."""
    title = next(page.root.iter("title"), None)
    page.report.error(
        "not-a-paper",
        f"this is {what_it_is(page)}; open the address in a browser, get past the page, "
        "and save the paper's page itself",
        line=title.sourceline if title is not None else None,
    )
    return []
