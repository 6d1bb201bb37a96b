"""arXiv listing pages: ``/list/ARCHIVE/new``, ``/recent``, ``/pastweek``.

Detected by a ``<dl id="articles">``. Each ``<dt>``/``<dd>`` pair in it is one
entry: the arXiv id from the ``<dt>``'s ``/abs/`` link, the rest from the
``div.list-*`` blocks of the ``<dd>``. Raw server HTML (single-quoted attributes,
relative links) and browser copies (absolute links) read alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperbib._text import find_links
from paperbib.models import Entry, EntryKind, Origin, Source
from paperbib.readers._arxiv import arxiv_id, date_from_id
from paperbib.readers._hf import fold
from paperbib.readers.html._page import (
    Page,
    author_links,
    comments,
    find_doi,
    first_of_class,
    has_class,
    subjects,
    text_of,
)

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["detect", "extract"]


def detect(page: Page) -> bool:
    """Whether *page* has a ``<dl id="articles">``."""
    return any(_is_listing(dl) for dl in page.root.iter("dl"))


def extract(page: Page) -> list[Entry]:
    """One entry per ``<dt>``/``<dd>`` pair, in page order; incomplete pairs are skipped."""
    entries: list[Entry] = []
    for dl in page.root.iter("dl"):
        if not _is_listing(dl):
            continue
        dt: HtmlElement | None = None
        for child in dl:
            if child.tag == "dt":
                dt = child
            elif child.tag == "dd" and dt is not None:
                origin = page.origin(dt.sourceline)
                with page.report.about(origin):
                    entry = _entry_from_item(page, dt, child, origin)
                if entry is not None:
                    entries.append(entry)
                dt = None
    return entries


def _is_listing(dl: HtmlElement) -> bool:
    return bool(dl.get("id") == "articles")


def _entry_from_item(page: Page, dt: HtmlElement, dd: HtmlElement, origin: Origin) -> Entry | None:
    """The entry of one listing item, or ``None`` (and an error) without a title or an id."""
    identifier = None
    for a in dt.iter("a"):
        href = a.get("href") or ""
        if "/abs/" in href:
            identifier = arxiv_id(href.rsplit("/abs/", 1)[1])
            break
    if identifier is None:
        identifier = arxiv_id(text_of(dt))
    title = text_of(first_of_class(dd, "div", "list-title"))
    if not title or identifier is None:
        what = "title" if not title else "arXiv identifier"
        page.report.drop(
            "skipped-entry",
            f"listing entry without a {what} skipped",
            line=dt.sourceline,
            origin=origin,
        )
        return None
    authors = author_links(first_of_class(dd, "div", "list-authors"))
    abstract_node = next((p for p in dd.iter("p") if has_class(p, "mathjax")), None)
    abstract = fold(text_of(abstract_node)) if abstract_node is not None else None
    return Entry(
        kind=EntryKind.PREPRINT,
        title=title,
        authors=authors,
        date=date_from_id(identifier),
        abstract=abstract or None,
        arxiv_id=identifier,
        doi=find_doi(text_of(first_of_class(dd, "div", "list-doi"))),
        categories=subjects(first_of_class(dd, "div", "list-subjects")),
        journal_ref=text_of(first_of_class(dd, "div", "list-journal-ref")) or None,
        links=find_links(abstract) if abstract else (),
        source=Source.ARXIV,
        extra=comments(text_of(first_of_class(dd, "div", "list-comments"))),
        origin=origin,
    )
