"""arXiv abstract pages (``/abs/ID``), whole or cut down to their ``<head>``.

Detected by a ``citation_arxiv_id`` meta tag holding an arXiv id. The page is
about one paper: ``citation_*`` meta tags give title, authors, date and
abstract; the dateline ("Submitted on 17 Jun 2021", the v1 date) is preferred
for the date; the metadata table gives subjects, comments, journal reference
and DOI. Without the meta tags, the page body's title, authors and abstract are read.
"""

from __future__ import annotations

import re

from paperbib._text import find_links
from paperbib.models import Entry, EntryKind, Source
from paperbib.names import parse_name
from paperbib.readers._arxiv import arxiv_id, date_from_id
from paperbib.readers._hf import fold
from paperbib.readers.html._page import (
    Page,
    author_links,
    clean,
    comments,
    find_doi,
    first_of_class,
    has_class,
    partial_date,
    subjects,
    text_of,
)

__all__ = ["detect", "extract"]

_SUBMITTED = re.compile(r"Submitted on (\d{1,2} \w+ \d{4})")
# Cells of the metadata table read, by class.
_TABLE = ("comments", "jref", "doi", "msc-classes", "acm-classes")


def detect(page: Page) -> bool:
    """Whether *page* has a ``citation_arxiv_id`` meta tag with an arXiv id."""
    return arxiv_id(page.meta("citation_arxiv_id") or "") is not None


def extract(page: Page) -> list[Entry]:
    """The page's paper, or nothing (and an error) when it has no title."""
    identifier = arxiv_id(page.meta("citation_arxiv_id") or "")
    if identifier is None:  # not an arXiv abstract page (detect() is false)
        return []
    with page.one_paper():
        entry = _entry_from_page(page, identifier)
    return [entry] if entry is not None else []


def _entry_from_page(page: Page, identifier: str) -> Entry | None:
    """The entry of the page of paper *identifier*, or ``None`` (and an error) without a title."""
    root = page.root
    line = page.line_of("citation_title", "citation_arxiv_id")
    title = page.meta("citation_title") or text_of(first_of_class(root, "h1", "title"))
    authors = [p for name in page.meta_all("citation_author") if (p := parse_name(name))]
    if not authors:
        authors = author_links(first_of_class(root, "div", "authors"))
    dateline = _SUBMITTED.search(text_of(first_of_class(root, "div", "dateline")))
    date = partial_date(dateline.group(1)) if dateline else None
    date = date or partial_date(page.meta("citation_date")) or date_from_id(identifier)
    abstract_node = first_of_class(root, "blockquote", "abstract")
    abstract = page.meta("citation_abstract") or text_of(abstract_node)
    table = {
        cls: text_of(td)
        for td in root.iter("td")
        for cls in (td.get("class") or "").split()
        if cls in _TABLE
    }
    subject_cell = next((td for td in root.iter("td") if has_class(td, "subjects")), None)
    if not title:
        page.report.drop(
            "missing-title", "arXiv page without a title", line=line, origin=page.about
        )
        return None
    return Entry(
        kind=EntryKind.PREPRINT,
        title=clean(title),
        authors=authors,
        date=date,
        abstract=fold(abstract) if abstract else None,
        arxiv_id=identifier,
        doi=find_doi(page.meta("citation_doi") or table.get("doi")),
        categories=subjects(subject_cell),
        journal_ref=table.get("jref") or None,
        links=find_links(abstract) if abstract else (),
        source=Source.ARXIV,
        extra=comments(table.get("comments")),
        origin=page.origin(line),
    )
