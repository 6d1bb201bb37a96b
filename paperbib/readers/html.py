"""Reader for saved or fetched web pages (format ``html``).

The kind of page is recognised from its content (see ``docs/html.md``):

1. Hugging Face papers pages (daily, weekly, search, single paper): the JSON in
   the ``SVELTE_HYDRATER`` element with ``data-target="DailyPapers"`` or
   ``"PaperContent"``; if it is missing or broken, the server-rendered cards.
2. arXiv listing pages (``/list/…/new``, ``/recent``, ``/pastweek``): the
   ``<dl id="articles">`` entries.
3. arXiv abstract pages: ``citation_*`` meta tags, the dateline and the
   metadata table.
4. Scholarly landing pages: Highwire ``citation_*``, Dublin Core, PRISM,
   schema.org JSON-LD and, last, OpenGraph; a page with none of them is a web
   page entry.

Pages are parsed with lxml's HTML parser, which never touches the network,
never loads a DTD and resolves no external entity; parse depth is bounded.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
from attrs import frozen

from paperbib._text import find_links, parse_date
from paperbib.diagnostics import Diagnostics
from paperbib.errors import ParseError
from paperbib.models import Entry, EntryKind, Origin, PartialDate, Person
from paperbib.names import parse_name
from paperbib.readers._arxiv import arxiv_id, date_from_id, subject_class
from paperbib.readers._hf import entry_from_record, fold, iso_date, iter_records

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["HtmlReader"]

_HF_TARGETS = ("DailyPapers", "PaperContent")
_WHITESPACE = re.compile(r"\s+")
_AUTHORS = re.compile(r"(\d[\d,]*)\s+authors?\b", re.IGNORECASE)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,7}|#x[0-9A-Fa-f]{2,6});")
_SUBMITTED = re.compile(r"Submitted on (\d{1,2} \w+ \d{4})")


def _clean(text: str | None) -> str:
    return _WHITESPACE.sub(" ", text or "").strip()


def _text(element: HtmlElement | None) -> str:
    """Visible text of *element*, leaving out ``<span class="descriptor">`` labels."""
    if element is None:
        return ""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not _has_class(child, "descriptor"):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return _clean("".join(parts))


def _has_class(element: HtmlElement, name: str) -> bool:
    return name in (element.get("class") or "").split()


def _first(element: HtmlElement, tag: str, cls: str) -> HtmlElement | None:
    for node in element.iter(tag):
        if _has_class(node, cls):
            return node
    return None


def _doi(text: str | None) -> str | None:
    if not text:
        return None
    match = _DOI.search(text.strip())
    return match.group().rstrip(".,;") if match else None


def _date(text: str | None) -> PartialDate | None:
    parts = parse_date(text) if text else None
    if parts is None:
        return None
    try:
        return PartialDate(*parts)
    except ValueError:
        return None


# The first element of an XML document, past its declaration, comments, processing
# instructions and doctype.
_XML_ROOT = re.compile(
    r"<\?xml.*?\?>(?:\s+|<!--.*?-->|<\?.*?\?>|<![^>]*>)*<(?:[\w.-]+:)?([\w.-]+)", re.DOTALL
)


def _xml_root(text: str) -> str | None:
    """The root element's local name, lowercased, when *text* is an XML document."""
    match = _XML_ROOT.match(text[:65536].lstrip())
    return match.group(1).lower() if match else None


def _parse(text: str, report: Diagnostics) -> HtmlElement:
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
            return _xml_root(text) == "html"  # XHTML, not a feed or other XML
        return head.startswith(("<!doctype html", "<html")) or (
            "<html" in head or "<head" in head or "<meta " in head
        )

    def read(self, text: str, report: Diagnostics) -> list[Entry]:
        """The papers of the page, in page order."""
        xml_root = _xml_root(text)
        if xml_root not in (None, "html"):
            # lxml's HTML parser would wrap it in a page and read its first title as one entry.
            raise ParseError(
                f"an XML document with root element <{xml_root}>, not a web page; "
                "no paperbib reader takes it (see `paperbib formats`)",
                source=report.source,
            )
        root = _parse(text, report)
        page = _Page(root, report, self.name)
        lists: tuple[Callable[[], list[Entry] | None], ...] = (
            page.hugging_face,
            page.arxiv_listing,
        )
        for kind in lists:
            entries = kind()
            if entries is not None:
                return entries
        for kind in (page.arxiv_abstract, page.landing):
            with report.about(0):  # a page about one paper
                entries = kind()
            if entries is not None:
                return entries
        return []


class _Page:
    def __init__(self, root: HtmlElement, report: Diagnostics, reader: str) -> None:
        self.root = root
        self.report = report
        self.reader = reader
        self.metas = self._metas()

    # -- meta tags -------------------------------------------------------------

    def _metas(self) -> dict[str, list[tuple[str, HtmlElement]]]:
        """``name -> [(content, element)]`` for every meta tag, names lowercased."""
        self.sequence: list[tuple[str, str]] = []
        metas: dict[str, list[tuple[str, HtmlElement]]] = {}
        for meta in self.root.iter("meta"):
            name = meta.get("name") or meta.get("property") or meta.get("itemprop")
            content = meta.get("content")
            if name and content is not None and content.strip():
                if _ENTITY.search(content):
                    # Some publishers escape twice ("In&amp;nbsp;vitro"); undo the second.
                    content = html.unescape(content)
                metas.setdefault(name.strip().lower(), []).append((_clean(content), meta))
                self.sequence.append((name.strip().lower(), _clean(content)))
        return metas

    def meta(self, *names: str) -> str | None:
        """Content of the first of *names* the page has."""
        for name in names:
            if name in self.metas:
                return self.metas[name][0][0]
        return None

    def meta_all(self, name: str) -> list[str]:
        return [content for content, _ in self.metas.get(name, [])]

    def line_of(self, *names: str) -> int | None:
        for name in names:
            if name in self.metas:
                line = self.metas[name][0][1].sourceline
                return int(line) if line else None
        return None

    def origin(self, line: int | None) -> Origin:
        return Origin(reader=self.reader, source=self.report.source, line=line)

    # -- 1. Hugging Face -------------------------------------------------------

    def hugging_face(self) -> list[Entry] | None:
        hydraters = [div for div in self.root.iter("div") if div.get("data-target") in _HF_TARGETS]
        cards = self._hf_cards()
        page_url = self.meta("og:url") or self._canonical() or ""
        papers_page = re.match(r"https?://(?:www\.)?huggingface\.co/papers\b", page_url) is not None
        if not hydraters and not cards and not papers_page:
            return None
        entries: list[Entry] = []
        for div in hydraters:
            line = div.sourceline
            target = div.get("data-target")
            props = div.get("data-props")
            if not props:
                continue
            try:
                data = json.loads(props)
            except (ValueError, RecursionError) as exc:
                self.report.warning(
                    "broken-props",
                    f"the page's paper data ({target} data-props) is not valid JSON: {exc}",
                    line=line,
                    path=f"div[data-target={target}]",
                )
                continue
            accessed = iso_date(data.get("date")) if isinstance(data, dict) else None
            try:
                records = list(iter_records(data))
            except RecursionError:
                records = []
            for path, paper in records:
                with self.report.about(len(entries)):
                    entry = entry_from_record(
                        paper,
                        path=f"{target}:{path}",
                        reader=self.reader,
                        report=self.report,
                        line=line,
                        accessed=accessed,
                    )
                if entry is not None:
                    entries.append(entry)
        if entries:
            return entries
        if cards:
            where = hydraters[0].sourceline if hydraters else cards[0].sourceline
            self.report.warning(
                "cards-only",
                "no usable paper data in the page; read the page's paper cards instead "
                "(titles, arXiv ids, upvotes and author counts, but no abstracts or names)",
                line=where,
            )
            return [entry for card in cards if (entry := self._hf_card(card)) is not None]
        self.report.error(
            "no-paper-data",
            "a Hugging Face papers page without readable paper data or cards (cut short?)",
            line=hydraters[0].sourceline if hydraters else None,
        )
        return []

    def _hf_cards(self) -> list[HtmlElement]:
        return [
            article
            for article in self.root.iter("article")
            if any(
                "/papers/" in (a.get("href") or "")
                for h3 in article.iter("h3")
                for a in h3.iter("a")
            )
        ]

    def _hf_card(self, article: HtmlElement) -> Entry | None:
        link = next(
            a
            for h3 in article.iter("h3")
            for a in h3.iter("a")
            if "/papers/" in (a.get("href") or "")
        )
        title = _text(link)
        identifier = arxiv_id(link.get("href") or "")
        if not title:
            self.report.error(
                "missing-title", "paper card without a title skipped", line=article.sourceline
            )
            return None
        upvotes = None
        for div in article.iter("div"):
            if _has_class(div, "leading-none") and _text(div).isdigit():
                upvotes = int(_text(div))
                break
        count = _AUTHORS.search(_text(article))
        return Entry(
            kind=EntryKind.PREPRINT,
            title=title,
            arxiv_id=identifier,
            date=date_from_id(identifier) if identifier else None,
            upvotes=upvotes,
            author_count=int(count.group(1).replace(",", "")) if count else None,
            source="Hugging Face papers page",
            origin=self.origin(article.sourceline),
        )

    # -- 2. arXiv listings ------------------------------------------------------

    def arxiv_listing(self) -> list[Entry] | None:
        lists = [dl for dl in self.root.iter("dl") if dl.get("id") == "articles"]
        if not lists:
            return None
        entries: list[Entry] = []
        for dl in lists:
            dt: HtmlElement | None = None
            for child in dl:
                if child.tag == "dt":
                    dt = child
                elif child.tag == "dd" and dt is not None:
                    with self.report.about(len(entries)):
                        entry = self._listing_entry(dt, child)
                    if entry is not None:
                        entries.append(entry)
                    dt = None
        return entries

    def _listing_entry(self, dt: HtmlElement, dd: HtmlElement) -> Entry | None:
        identifier = None
        for a in dt.iter("a"):
            href = a.get("href") or ""
            if "/abs/" in href:
                identifier = arxiv_id(href.rsplit("/abs/", 1)[1])
                break
        if identifier is None:
            identifier = arxiv_id(_text(dt))
        title = _text(_first(dd, "div", "list-title"))
        if not title or identifier is None:
            what = "title" if not title else "arXiv identifier"
            self.report.error(
                "skipped-entry", f"listing entry without a {what} skipped", line=dt.sourceline
            )
            return None
        authors = self._author_links(_first(dd, "div", "list-authors"))
        subjects = _first(dd, "div", "list-subjects")
        abstract_node = next((p for p in dd.iter("p") if _has_class(p, "mathjax")), None)
        abstract = fold(_text(abstract_node)) if abstract_node is not None else None
        return Entry(
            kind=EntryKind.PREPRINT,
            title=title,
            authors=authors,
            date=date_from_id(identifier),
            abstract=abstract or None,
            arxiv_id=identifier,
            doi=_doi(_text(_first(dd, "div", "list-doi"))),
            categories=self._subjects(subjects),
            journal_ref=_text(_first(dd, "div", "list-journal-ref")) or None,
            comments=_text(_first(dd, "div", "list-comments")) or None,
            links=find_links(abstract) if abstract else (),
            source="arXiv.org",
            origin=self.origin(dt.sourceline),
        )

    def _author_links(self, element: HtmlElement | None) -> list[Person]:
        if element is None:
            return []
        names = [_text(a) for a in element.iter("a")] or _text(element).split(",")
        return [person for name in names if (person := parse_name(name)) is not None]

    @staticmethod
    def _subjects(element: HtmlElement | None) -> tuple[str, ...]:
        """Primary class first, then the others: ``("astro-ph.CO", "gr-qc")``."""
        if element is None:
            return ()
        primary = _first(element, "span", "primary-subject")
        classes = [subject_class(_text(primary))] if primary is not None else []
        classes += [subject_class(part) for part in _text(element).split(";")]
        return tuple(dict.fromkeys(c for c in classes if c))

    # -- 3. arXiv abstract pages -------------------------------------------------

    def arxiv_abstract(self) -> list[Entry] | None:
        identifier = arxiv_id(self.meta("citation_arxiv_id") or "")
        if identifier is None:
            return None
        line = self.line_of("citation_title", "citation_arxiv_id")
        title = self.meta("citation_title") or _text(_first(self.root, "h1", "title"))
        authors = [p for name in self.meta_all("citation_author") if (p := parse_name(name))]
        if not authors:
            authors = self._author_links(_first(self.root, "div", "authors"))
        dateline = _SUBMITTED.search(_text(_first(self.root, "div", "dateline")))
        date = _date(dateline.group(1)) if dateline else None
        date = date or _date(self.meta("citation_date")) or date_from_id(identifier)
        abstract_node = _first(self.root, "blockquote", "abstract")
        abstract = self.meta("citation_abstract") or _text(abstract_node)
        table = {
            cls: _text(td)
            for td in self.root.iter("td")
            for cls in (td.get("class") or "").split()
            if cls in ("comments", "jref", "doi", "msc-classes", "acm-classes")
        }
        subjects = next((td for td in self.root.iter("td") if _has_class(td, "subjects")), None)
        if not title:
            self.report.error("missing-title", "arXiv page without a title", line=line)
            return []
        return [
            Entry(
                kind=EntryKind.PREPRINT,
                title=_clean(title),
                authors=authors,
                date=date,
                abstract=fold(abstract) if abstract else None,
                arxiv_id=identifier,
                doi=_doi(self.meta("citation_doi") or table.get("doi")),
                categories=self._subjects(subjects),
                journal_ref=table.get("jref") or None,
                comments=table.get("comments") or None,
                links=find_links(abstract) if abstract else (),
                source="arXiv.org",
                origin=self.origin(line),
            )
        ]

    # -- 4. scholarly landing pages and other pages -----------------------------

    def landing(self) -> list[Entry] | None:
        ld = self._json_ld()
        line = self.line_of("citation_title", "dc.title", "og:title")
        title = self.meta("citation_title", "dc.title", "dcterms.title", "prism.title")
        title = title or _ld_str(ld, "headline", "name") or self.meta("og:title", "twitter:title")
        if not title:
            title_element = next(self.root.iter("title"), None)
            title = _text(title_element)
            line = line or (title_element.sourceline if title_element is not None else None)
        if not title:
            return None
        authors = self._landing_authors(ld)
        kind, container = self._kind_and_container(ld)
        date = None
        unreadable = []
        for name in (
            "citation_publication_date", "citation_date", "citation_cover_date", "dc.date.issued",
            "dcterms.issued", "dc.date", "prism.publicationdate", "prism.coverdate",
            "citation_online_date", "dcterms.date", "dc.date.created", "article:published_time",
        ):  # fmt: skip
            if value := self.meta(name):
                if date := _date(value):
                    break
                unreadable.append(f"{name}={value!r}")
        date = date or _date(_ld_str(ld, "datePublished", "dateCreated"))
        if date is None and unreadable:
            self.report.warning(
                "bad-date",
                f"no real date in {', '.join(unreadable)}; kept without a date",
                line=line,
            )
        elif date is None:
            self.report.warning("missing-date", "page gives no publication date", line=line)
        first = self.meta("citation_firstpage", "prism.startingpage") or _ld_str(ld, "pageStart")
        last = self.meta("citation_lastpage", "prism.endingpage") or _ld_str(ld, "pageEnd")
        pages = f"{first}-{last}" if first and last and first != last else first or None
        doi = None
        for candidate in (
            self.meta("citation_doi"), self.meta("dc.identifier.doi"), self.meta("prism.doi"),
            *self.meta_all("dc.identifier"), *self.meta_all("dcterms.identifier"),
            _ld_str(ld, "sameAs", "@id", "url"),
        ):  # fmt: skip
            if doi := _doi(candidate):
                break
        abstract = self.meta(
            "citation_abstract", "dc.description", "dcterms.abstract", "dcterms.description"
        )
        abstract = abstract or _ld_str(ld, "description", "abstract")
        if kind is EntryKind.WEB_PAGE and not abstract:
            abstract = self.meta("og:description", "description")
        url = self.meta(
            "citation_abstract_html_url", "citation_fulltext_html_url", "prism.url",
            "dc.identifier.uri", "og:url",
        ) or self._canonical()  # fmt: skip
        keywords = self.meta_all("citation_keywords") or self.meta_all("dc.subject")
        if not keywords and isinstance(ld, dict) and isinstance(ld.get("keywords"), list):
            keywords = [k for k in ld["keywords"] if isinstance(k, str)]
        publisher = self.meta("citation_publisher", "dc.publisher", "dcterms.publisher") or _ld_str(
            _ld_get(ld, "publisher"), "name"
        )
        return [
            Entry(
                kind=kind,
                title=_clean(title),
                authors=authors,
                date=date,
                abstract=_clean(abstract) or None,
                container_title=container,
                volume=self.meta("citation_volume", "prism.volume")
                or _ld_str(_ld_get(ld, "isPartOf"), "volumeNumber"),
                issue=self.meta("citation_issue", "prism.number", "prism.issueidentifier")
                or _ld_str(ld, "issueNumber"),
                pages=pages,
                publisher=publisher if kind is not EntryKind.REPORT else None,
                institution=self.meta(
                    "citation_technical_report_institution", "citation_dissertation_institution"
                ),
                report_number=self.meta("citation_technical_report_number"),
                isbn=self.meta("citation_isbn", "prism.isbn"),
                doi=doi,
                url=url,
                categories=tuple(dict.fromkeys(_clean(k) for k in keywords if _clean(k))),
                source=self.meta("og:site_name") or publisher or "Web page",
                origin=self.origin(line),
            )
        ]

    def _highwire_authors(self) -> list[Person]:
        """``citation_author`` tags, each with the ``citation_author_institution`` after it."""
        people: list[Person] = []
        institutions: list[list[str]] = []
        for name, content in self.sequence:
            if name == "citation_author" and (person := parse_name(content)) is not None:
                people.append(person)
                institutions.append([])
            elif name == "citation_author_institution" and institutions:
                institutions[-1].append(content)
        return [
            attrs.evolve(person, affiliation="; ".join(found)) if found else person
            for person, found in zip(people, institutions, strict=True)
        ]

    def _landing_authors(self, ld: Any) -> list[Person]:
        highwire = self._highwire_authors()
        if highwire:
            return highwire
        for names in (
            self.meta_all("dc.creator")
            or self.meta_all("dc.creator.personalname")
            or self.meta_all("dcterms.creator"),
        ):
            people = [p for name in names if (p := parse_name(name)) is not None]
            if people:
                return people
        people = []
        authors = _ld_get(ld, "author") or _ld_get(ld, "creator")
        for author in authors if isinstance(authors, list) else [authors] if authors else []:
            if isinstance(author, str):
                person = parse_name(author)
            elif isinstance(author, dict):
                family, given = author.get("familyName"), author.get("givenName")
                if isinstance(family, str) and family.strip():
                    person = Person(
                        family=family.strip(),
                        given=given.strip() if isinstance(given, str) else None,
                    )
                elif isinstance(author.get("name"), str):
                    name = author["name"]
                    types = author.get("@type")
                    is_org = types == "Organization" or (
                        isinstance(types, list) and "Organization" in types
                    )
                    person = (
                        Person(literal=_clean(name))
                        if is_org and _clean(name)
                        else parse_name(name)
                    )
                else:
                    person = None
            else:
                person = None
            if person is not None:
                people.append(person)
        return people

    def _kind_and_container(self, ld: Any) -> tuple[EntryKind, str | None]:
        if self.meta("citation_technical_report_institution", "citation_technical_report_number"):
            return EntryKind.REPORT, None
        conference = self.meta("citation_conference_title", "citation_conference")
        if conference:
            return EntryKind.CONFERENCE_PAPER, conference
        journal = self.meta("citation_journal_title", "prism.publicationname")
        part_of = _ld_get(ld, "isPartOf")
        ld_types = _ld_types(ld)
        if journal:
            return EntryKind.JOURNAL_ARTICLE, journal
        if "Dataset" in ld_types or (self.meta("dc.type") or "").lower() == "dataset":
            return EntryKind.DATASET, None
        if book := self.meta("citation_inbook_title", "citation_book_title"):
            return EntryKind.MISC, book
        if part_of and (name := _ld_str(part_of, "name")):
            return EntryKind.JOURNAL_ARTICLE, name
        if self.meta("citation_title", "dc.title", "dcterms.title") or ld_types & {
            "ScholarlyArticle", "Article", "NewsArticle", "TechArticle", "Report",
        }:  # fmt: skip
            return EntryKind.MISC, None
        return EntryKind.WEB_PAGE, None

    def _canonical(self) -> str | None:
        for link in self.root.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and (href := link.get("href")):
                return href.strip() if href.startswith("http") else None
        return None

    def _json_ld(self) -> Any:
        """The first schema.org object describing a work, from the page's JSON-LD."""
        for script in self.root.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            try:
                data = json.loads(script.text or "")
            except (ValueError, RecursionError):
                self.report.warning(
                    "broken-json-ld",
                    "JSON-LD that is not valid JSON ignored",
                    line=script.sourceline,
                )
                continue
            for item in _walk_ld(data):
                if _ld_types(item) & _WORK_TYPES:
                    return item
        return None


_WORK_TYPES = frozenset(
    {"ScholarlyArticle", "Article", "NewsArticle", "TechArticle", "Report", "Dataset", "Chapter",
     "MedicalScholarlyArticle", "BlogPosting", "Book", "Thesis", "CreativeWork"}
)  # fmt: skip


def _walk_ld(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 20:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("mainEntity", "@graph"):
            if key in data:
                yield from _walk_ld(data[key], depth + 1)


def _ld_types(item: Any) -> set[str]:
    if not isinstance(item, dict):
        return set()
    types = item.get("@type")
    if isinstance(types, str):
        return {types}
    return {t for t in types if isinstance(t, str)} if isinstance(types, list) else set()


def _ld_get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else None


def _ld_str(item: Any, *keys: str) -> str | None:
    for key in keys:
        value = _ld_get(item, key)
        if isinstance(value, list) and value and isinstance(value[0], str):
            value = value[0]
        if isinstance(value, (str, int)) and str(value).strip():
            return _clean(str(value))
    return None
