"""Reader for saved or fetched web pages (format ``html``).

The page is parsed once (see :mod:`._page`), then the kind of page is recognised
from its content (see ``docs/html.md``): each module of :data:`KINDS` is asked in
turn whether the page is of its kind (``detect``), and the first that says yes
reads it (``extract``); no other kind is tried after it. The order:

1. :mod:`.hf` — Hugging Face papers pages (daily, weekly, search, single paper):
   the JSON in the ``SVELTE_HYDRATER`` element with ``data-target="DailyPapers"``
   or ``"PaperContent"``; if it is missing or broken, the server-rendered cards.
2. :mod:`.arxiv_listing` — arXiv listing pages (``/list/…/new``, ``/recent``,
   ``/pastweek``): the ``<dl id="articles">`` entries.
3. :mod:`.arxiv_abstract` — arXiv abstract pages: ``citation_*`` meta tags, the
   dateline and the metadata table.
4. :mod:`.not_a_paper` — bot checks, login walls and error pages that carry no
   paper metadata: no entry, and a ``not-a-paper`` error saying what the page is.
5. :mod:`.landing` — scholarly landing pages: Highwire ``citation_*``, Dublin
   Core, PRISM, schema.org JSON-LD and microdata, a BibTeX block shown on the
   page and, last, OpenGraph; a page with none of them is a web page entry. It
   takes every page, so it comes last.

Pages are parsed with lxml's HTML parser, which never touches the network,
never loads a DTD and resolves no external entity; parse depth is bounded.
lxml is imported when a page is read, not with this package.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from attrs import frozen

from paperbib.diagnostics import Diagnostics
from paperbib.errors import ParseError
from paperbib.models import Entry
from paperbib.readers.html import arxiv_abstract, arxiv_listing, hf, landing, not_a_paper
from paperbib.readers.html._page import Page, parse, xml_root

__all__ = ["KINDS", "HtmlReader", "PageKind"]


class PageKind(Protocol):
    """What a page-kind module provides."""

    def detect(self, page: Page) -> bool:
        """Whether *page* is of this kind. Cheap, and records no diagnostics."""
        ...

    def extract(self, page: Page) -> list[Entry]:
        """The entries of a page of this kind, in page order; problems go to ``page.report``."""
        ...


KINDS: tuple[PageKind, ...] = (hf, arxiv_listing, arxiv_abstract, not_a_paper, landing)
"""The page kinds, in the order they are asked; the first that detects its page reads it."""


@frozen(kw_only=True)
class HtmlReader:
    """Read a web page: Hugging Face papers pages, arXiv pages, scholarly landing pages."""

    name: ClassVar[str] = "html"
    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml")
    description: ClassVar[str] = (
        "Web pages: Hugging Face papers, arXiv listings and abstracts, publishers"
    )

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Whether *text* is an HTML document."""
        head = text[:4096].lstrip().lower()
        if head.startswith("<?xml"):
            return xml_root(text) == "html"  # XHTML, not a feed or other XML
        return head.startswith(("<!doctype html", "<html")) or (
            "<html" in head or "<head" in head or "<meta " in head
        )

    def read(self, text: str, report: Diagnostics) -> list[Entry]:
        """The papers of the page, in page order."""
        root_name = xml_root(text)
        if root_name not in (None, "html"):
            # lxml's HTML parser would wrap it in a page and read its first title as one entry.
            raise ParseError(
                f"an XML document with root element <{root_name}>, not a web page; "
                "no paperbib reader takes it (see `paperbib formats`)",
                source=report.source,
            )
        page = Page(parse(text, report), report, self.name, text)
        for kind in KINDS:
            if kind.detect(page):
                return kind.extract(page)
        return []
