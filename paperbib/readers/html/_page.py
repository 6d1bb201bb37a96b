"""A parsed web page and the DOM helpers every page kind uses.

:func:`parse` reads the text with lxml's HTML parser, which never touches the
network, never loads a DTD and resolves no external entity; parse depth is
bounded. lxml is imported there, when a page is read, never when the package is.

:class:`Page` is what each page-kind module's ``detect`` and ``extract`` receive:
the document root, its meta tags by name, and where diagnostics go.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import attrs

from paperbib._text import parse_date
from paperbib.diagnostics import Diagnostics
from paperbib.errors import ParseError
from paperbib.models import Origin, PartialDate, Person
from paperbib.names import parse_name
from paperbib.readers._arxiv import subject_class

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "Page",
    "author_links",
    "clean",
    "find_doi",
    "first_of_class",
    "has_class",
    "parse",
    "partial_date",
    "subjects",
    "text_of",
    "xml_root",
]

_WHITESPACE = re.compile(r"\s+")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,7}|#x[0-9A-Fa-f]{2,6});")
# The first element of an XML document, past its declaration, comments, processing
# instructions and doctype.
_XML_ROOT = re.compile(
    r"<\?xml.*?\?>(?:\s+|<!--.*?-->|<\?.*?\?>|<![^>]*>)*<(?:[\w.-]+:)?([\w.-]+)", re.DOTALL
)


# -- parsing -------------------------------------------------------------------


def xml_root(text: str) -> str | None:
    """The root element's local name, lowercased, when *text* is an XML document."""
    match = _XML_ROOT.match(text[:65536].lstrip())
    return match.group(1).lower() if match else None


def parse(text: str, report: Diagnostics) -> HtmlElement:
    """The document root of *text*, parsed without network, DTDs or external entities."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not a readable HTML page ({exc})", source=report.source) from None
    return root


# -- text and elements -----------------------------------------------------------


def clean(text: str | None) -> str:
    """*text* with each run of whitespace one space, trimmed; ``""`` for ``None``."""
    return _WHITESPACE.sub(" ", text or "").strip()


def text_of(element: HtmlElement | None) -> str:
    """Visible text of *element*, leaving out ``<span class="descriptor">`` labels."""
    if element is None:
        return ""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not has_class(child, "descriptor"):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return clean("".join(parts))


def has_class(element: HtmlElement, name: str) -> bool:
    """Whether *element*'s ``class`` attribute lists *name*."""
    return name in (element.get("class") or "").split()


def first_of_class(element: HtmlElement, tag: str, cls: str) -> HtmlElement | None:
    """The first ``<tag class="… cls …">`` inside *element* (or *element* itself)."""
    for node in element.iter(tag):
        if has_class(node, cls):
            return node
    return None


def find_doi(text: str | None) -> str | None:
    """The first DOI in *text* (prefixes and resolver URLs left out), without end punctuation."""
    if not text:
        return None
    match = _DOI.search(text.strip())
    return match.group().rstrip(".,;") if match else None


def partial_date(text: str | None) -> PartialDate | None:
    """The date *text* gives, or ``None`` when it gives none or an impossible one."""
    parts = parse_date(text) if text else None
    if parts is None:
        return None
    try:
        return PartialDate(*parts)
    except ValueError:
        return None


# -- arXiv markup, shared by listing and abstract pages ----------------------------


def author_links(element: HtmlElement | None) -> list[Person]:
    """One person per link in *element*, else per comma-separated name in its text."""
    if element is None:
        return []
    names = [text_of(a) for a in element.iter("a")] or text_of(element).split(",")
    return [person for name in names if (person := parse_name(name)) is not None]


def subjects(element: HtmlElement | None) -> tuple[str, ...]:
    """Primary class first, then the others: ``("astro-ph.CO", "gr-qc")``."""
    if element is None:
        return ()
    primary = first_of_class(element, "span", "primary-subject")
    classes = [subject_class(text_of(primary))] if primary is not None else []
    classes += [subject_class(part) for part in text_of(element).split(";")]
    return tuple(dict.fromkeys(c for c in classes if c))


# -- the page --------------------------------------------------------------------


class Page:
    """A parsed page: its root, its meta tags, and the diagnostics sink."""

    def __init__(self, root: HtmlElement, report: Diagnostics, reader: str, text: str = "") -> None:
        self.root = root
        self.text = text
        """The page's source text, for markers no element holds (script bodies)."""
        self.report = report
        self.reader = reader
        self.about: Origin | None = None
        self.metas: dict[str, list[tuple[str, HtmlElement]]] = {}
        """``name -> [(content, element)]`` for every meta tag, names lowercased."""
        self.sequence: list[tuple[str, str]] = []
        """``(name, content)`` for every meta tag, in page order."""
        for meta in root.iter("meta"):
            # D-Lib and other hand-made pages name meta tags by id (<meta id="DOI" …>).
            name = (
                meta.get("name") or meta.get("property") or meta.get("itemprop") or meta.get("id")
            )
            content = meta.get("content")
            if name and content is not None and content.strip():
                if _ENTITY.search(content):
                    # Some publishers escape twice ("In&amp;nbsp;vitro"); undo the second.
                    content = html.unescape(content)
                self.metas.setdefault(name.strip().lower(), []).append((clean(content), meta))
                self.sequence.append((name.strip().lower(), clean(content)))

    def meta(self, *names: str) -> str | None:
        """Content of the first of *names* the page has."""
        for name in names:
            if name in self.metas:
                return self.metas[name][0][0]
        return None

    def meta_all(self, name: str) -> list[str]:
        """Content of every meta tag called *name*, in page order."""
        return [content for content, _ in self.metas.get(name, [])]

    def line_of(self, *names: str) -> int | None:
        """Line of the first meta tag of the first of *names* the page has."""
        for name in names:
            if name in self.metas:
                line = self.metas[name][0][1].sourceline
                return int(line) if line else None
        return None

    def markup_sample(self) -> str:
        """The start of the page's source, lowercased: enough for the markers of a
        stand-in page, which are small."""
        return self.text[:65536].lower()

    def canonical(self) -> str | None:
        """The ``<link rel="canonical">`` address, when it is an absolute http(s) one."""
        for link in self.root.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and (href := link.get("href")):
                return href.strip() if href.startswith("http") else None
        return None

    def origin(self, line: int | None) -> Origin:
        """Where an entry read at *line* of this page comes from.

        Inside :meth:`one_paper` that is the page's one origin; otherwise each
        call hands out a new one.
        """
        if self.about is not None:
            return attrs.evolve(self.about, line=line)
        return self.report.origin(line=line)

    @contextmanager
    def one_paper(self) -> Iterator[Origin]:
        """Attach what is reported inside the block to the page's one paper."""
        self.about = self.report.origin()
        try:
            with self.report.about(self.about):
                yield self.about
        finally:
            self.about = None


def comments(text: str | None) -> dict[str, str | int]:
    """arXiv's Comments line as an extra."""
    return {"arxiv.comments": text} if text else {}
