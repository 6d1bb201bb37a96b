"""Scholarly landing pages (publishers, repositories, proceedings) and any other web page.

Detected always: this kind is tried last and takes every page the others left.
The page is about one paper. Each field is taken from the first source that has
it, in the order of the tables below: Highwire ``citation_*``, Dublin Core
(``dc.*``, ``dcterms.*``), PRISM (``prism.*``), then schema.org JSON-LD (the first
object of a work type, also inside ``mainEntity`` and ``@graph``), then OpenGraph
and plain meta tags. A page with none of them but a ``<title>`` is a web page
entry; a page without any title gives no entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import attrs

from paperbib._startup import LazyPattern
from paperbib.models import SITE_EXTRA, Entry, EntryKind, PartialDate, Person, Source
from paperbib.names import parse_name
from paperbib.readers.html._bibtex_block import bibtex_block, block_date
from paperbib.readers.html._page import Page, clean, find_doi, partial_date, text_of

__all__ = ["detect", "extract"]

# -- vocabularies ------------------------------------------------------------------
# Meta names are lowercased, as Page keys them ("DC.Title" is found as "dc.title").

META: dict[str, tuple[str, ...]] = {
    "title": ("citation_title", "dc.title", "dcterms.title", "prism.title"),
    "date": (
        "citation_publication_date", "citation_date", "citation_cover_date", "dc.date.issued",
        "dcterms.issued", "dc.date", "prism.publicationdate", "prism.coverdate",
        "datepublished", "citation_online_date", "dcterms.date", "dc.date.created",
        "article:published_time",
    ),
    "abstract": ("citation_abstract", "dc.description", "dcterms.abstract", "dcterms.description"),
    "volume": ("citation_volume", "prism.volume"),
    "issue": ("citation_issue", "prism.number", "prism.issueidentifier"),
    "first_page": ("citation_firstpage", "prism.startingpage"),
    "last_page": ("citation_lastpage", "prism.endingpage"),
    "publisher": ("citation_publisher", "dc.publisher", "dcterms.publisher"),
    "institution": ("citation_technical_report_institution", "citation_dissertation_institution"),
    "report_number": ("citation_technical_report_number",),
    "isbn": ("citation_isbn", "prism.isbn"),
    "doi": ("citation_doi", "dc.identifier.doi", "prism.doi", "doi"),
    "url": (
        "citation_abstract_html_url", "citation_fulltext_html_url", "prism.url",
        "dc.identifier.uri", "og:url",
    ),
    "source": ("og:site_name",),
    "site": ("og:site_name", "application-name", "citation_journal_title", "dc.publisher"),
}  # fmt: skip
"""Per field, the meta tags tried in order; the first tag of the first name present wins."""

META_LISTS: dict[str, tuple[str, ...]] = {
    "authors": (
        "dc.creator",
        "dc.creator.personalname",
        "dcterms.creator",
        "dc.contributor",
        "dc.contributor.author",
        "dcterms.contributor",
    ),
    "keywords": ("citation_keywords", "dc.subject"),
}
"""Per field with one value per tag, the names tried in order: every tag of the first name
present. Authors are read from these only when the page has no Highwire authors."""

HIGHWIRE_AUTHOR = "citation_author"
HIGHWIRE_INSTITUTION = "citation_author_institution"
"""Highwire authors: each ``citation_author`` tag, with the institution tags after it."""

DOI_IDENTIFIERS = ("dc.identifier", "dcterms.identifier")
"""Identifier tags of any kind, every one searched for a DOI after ``META["doi"]``."""

DOI_ADDRESSES = ("og:url",)
"""Address tags searched for a DOI last, with the canonical link: only resolver
addresses (``https://doi.org/10…``) count, as a publisher's own address can hold a
DOI-like path that is not the work's."""

JSON_LD: dict[str, tuple[str, ...]] = {
    "title": ("headline", "name"),
    "date": ("datePublished", "dateCreated"),
    "abstract": ("description", "abstract"),
    "volume": ("isPartOf.volumeNumber",),
    "issue": ("issueNumber",),
    "first_page": ("pageStart",),
    "last_page": ("pageEnd",),
    "publisher": ("publisher.name",),
    "doi": ("sameAs", "@id", "url"),
}
"""Per field, the JSON-LD keys tried when no meta tag has it (dots go into nested objects);
for the DOI, each key is searched in turn (``sameAs`` is often another address)."""

SOCIAL: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title"),
    "abstract": ("og:description", "description"),  # for plain web pages only
}
"""Per field, the OpenGraph and plain meta tags tried last, after JSON-LD."""

LINE = ("citation_title", "dc.title", "og:title")
"""The meta tags whose line locates the entry (else the ``<title>`` element's)."""

KIND_META: dict[str, tuple[str, ...]] = {
    "report": ("citation_technical_report_institution", "citation_technical_report_number"),
    "conference": ("citation_conference_title", "citation_conference"),
    "journal": ("citation_journal_title", "prism.publicationname"),
    "type": ("dc.type",),  # "Dataset" makes a dataset
    "book": ("citation_inbook_title", "citation_book_title"),
    "scholarly": ("citation_title", "dc.title", "dcterms.title"),
}
"""Meta tags that decide the kind of entry, and give its container; see ``_kind_and_container``."""

SCHEMA_ORG = ("https://schema.org/", "http://schema.org/", "schema:")
"""Prefixes of full schema.org addresses (``"@type": "https://schema.org/Dataset"``)."""

WORK_TYPES = frozenset(
    {"ScholarlyArticle", "Article", "NewsArticle", "TechArticle", "Report", "Dataset", "Chapter",
     "MedicalScholarlyArticle", "BlogPosting", "Book", "Thesis", "CreativeWork"}
)  # fmt: skip
"""JSON-LD ``@type`` values of the object read: the first of these types on the page."""

ARTICLE_TYPES = frozenset({"ScholarlyArticle", "Article", "NewsArticle", "TechArticle", "Report"})
"""JSON-LD ``@type`` values that make a titled page without a container a work (misc)."""


# -- the page kind ---------------------------------------------------------------------


def detect(page: Page) -> bool:
    """Always true: the last resort for pages no other kind takes."""
    return True


def extract(page: Page) -> list[Entry]:
    """The page's work, or nothing when the page has no title at all."""
    with page.one_paper():
        entry = _entry_from_page(page)
    return [entry] if entry is not None else []


def _entry_from_page(page: Page) -> Entry | None:
    """The entry of the page, or ``None`` when it has no title."""
    ld = _json_ld(page)
    line = page.line_of(*LINE)
    title = (
        page.meta(*META["title"]) or _ld_str(ld, *JSON_LD["title"]) or page.meta(*SOCIAL["title"])
    )
    if not title:
        title_element = next(page.root.iter("title"), None)
        title = text_of(title_element)
        line = line or (title_element.sourceline if title_element is not None else None)
    title = _clean_title(page, title)
    if not title:
        return None
    shown = bibtex_block(page)  # lowest priority: only what the tags above lack
    authors = _authors(page, ld)
    doi = _doi(page, ld) or shown.get("doi")
    kind, container = _kind_and_container(page, ld, doi=doi)
    if container is None and kind is not EntryKind.WEB_PAGE:
        container = shown.get("booktitle") or shown.get("journal")
    first = _lookup(page, ld, "first_page")
    last = _lookup(page, ld, "last_page")
    pages = f"{first}-{last}" if first and last and first != last else first or None
    pages = pages or shown.get("pages")
    volume = _lookup(page, ld, "volume") or shown.get("volume")
    issue = _lookup(page, ld, "issue") or shown.get("number")
    if kind is EntryKind.MISC and container is None and (volume or issue or pages):
        kind, container = _journal_from_site(page, kind)
    date = _date(page, ld, line, shown)
    abstract = _lookup(page, ld, "abstract")
    if kind is EntryKind.WEB_PAGE and not abstract:
        abstract = page.meta(*SOCIAL["abstract"])
    url = page.meta(*META["url"]) or page.canonical()
    keywords = _meta_list(page, "keywords")
    ld_keywords = _ld_get(ld, "keywords")
    if not keywords and isinstance(ld_keywords, list):
        keywords = [k for k in ld_keywords if isinstance(k, str)]
    publisher = _lookup(page, ld, "publisher") or shown.get("publisher")
    if kind in SCHOLARLY_KINDS and not authors:
        page.report.warning("missing-author", "page names no author", line=line)
    return Entry(
        kind=kind,
        title=title,
        authors=authors,
        date=date,
        abstract=clean(abstract) or None,
        container_title=container,
        volume=volume,
        issue=issue,
        pages=pages,
        publisher=publisher,
        institution=page.meta(*META["institution"]),
        report_number=page.meta(*META["report_number"]),
        isbn=page.meta(*META["isbn"]) or shown.get("isbn"),
        doi=doi,
        url=url,
        categories=tuple(dict.fromkeys(clean(k) for k in keywords if clean(k))),
        source=Source.WEB,
        extra={SITE_EXTRA: site} if (site := page.meta(*META["source"])) else {},
        origin=page.origin(line),
    )


SCHOLARLY_KINDS = frozenset(
    {EntryKind.JOURNAL_ARTICLE, EntryKind.CONFERENCE_PAPER, EntryKind.REPORT, EntryKind.PREPRINT}
)
"""Kinds of entry whose page is expected to name its authors (``missing-author`` otherwise)."""


# -- fields ----------------------------------------------------------------------------

_DOI_RESOLVER = re.compile(r"https?://(?:dx\.)?doi\.org/10\.", re.IGNORECASE)
# Inline markup some sites put in titles, escaped (shown as text) or not.
_SCRIPT_TAG = LazyPattern(r"<(sub|sup)>([^<>]{1,20})</\1>", re.IGNORECASE)
_TAG = LazyPattern(r"</?(?:[a-z][a-z0-9]*:)?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " : ")


def _clean_title(page: Page, title: str | None) -> str:
    """*title* without inline HTML (``<sub>2</sub>`` becomes ``$_{2}$``) and without the
    site's name that page titles add (``Title - Journal``, ``Site | Title``)."""
    title = clean(title)
    if "<" in title and ">" in title:
        title = _SCRIPT_TAG.sub(
            lambda m: f"${'^' if m.group(1).lower() == 'sup' else '_'}{{{m.group(2)}}}$", title
        )
        title = clean(_TAG.sub("", title))
    names = {clean(name).casefold() for name in map(page.meta, META["site"]) if name}
    for separator in _SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head and tail.casefold() in names:
            return head.strip()
        head, found, tail = title.partition(separator)
        if found and tail and head.casefold() in names:
            return tail.strip()
    return title


def _lookup(page: Page, ld: Any, field: str) -> str | None:
    """*field* from the first of its meta tags the page has, else from its JSON-LD keys."""
    return page.meta(*META[field]) or _ld_str(ld, *JSON_LD[field])


def _meta_list(page: Page, field: str) -> list[str]:
    """Every tag's content of the first of *field*'s list names the page has."""
    return next((found for name in META_LISTS[field] if (found := page.meta_all(name))), [])


def _date(page: Page, ld: Any, line: int | None, shown: dict[str, str]) -> PartialDate | None:
    """The first readable date of the date tags, else JSON-LD's, else the BibTeX block's
    (whose month also completes a bare year of the same year); a warning when there is none."""
    date = None
    unreadable = []
    for name in META["date"]:
        if value := page.meta(name):
            if date := partial_date(value):
                break
            unreadable.append(f"{name}={value!r}")
    date = date or partial_date(_ld_str(ld, *JSON_LD["date"]))
    from_block = block_date(shown)
    if date is None or (date.month is None and from_block and from_block.year == date.year):
        date = from_block
    if date is None and unreadable:
        page.report.warning(
            "bad-date",
            f"no real date in {', '.join(unreadable)}; kept without a date",
            line=line,
        )
    elif date is None:
        page.report.warning("missing-date", "page gives no publication date", line=line)
    return date


def _doi(page: Page, ld: Any) -> str | None:
    """The first DOI in the DOI tags, the identifier tags, then JSON-LD's identifiers."""
    candidates = (
        *(page.meta(name) for name in META["doi"]),
        *(value for name in DOI_IDENTIFIERS for value in page.meta_all(name)),
        *(_ld_str(ld, key) for key in JSON_LD["doi"]),
    )
    for candidate in candidates:
        if doi := find_doi(candidate):
            return doi
    for address in (*(page.meta(name) for name in DOI_ADDRESSES), page.canonical()):
        if address and _DOI_RESOLVER.match(address) and (doi := find_doi(address)):
            return doi
    return None


def _highwire_authors(page: Page) -> list[Person]:
    """``citation_author`` tags, each with the ``citation_author_institution`` after it."""
    people: list[Person] = []
    institutions: list[list[str]] = []
    for name, content in page.sequence:
        if name == HIGHWIRE_AUTHOR and (person := parse_name(content)) is not None:
            people.append(person)
            institutions.append([])
        elif name == HIGHWIRE_INSTITUTION and institutions:
            institutions[-1].append(content)
    return [
        attrs.evolve(person, affiliation="; ".join(found)) if found else person
        for person, found in zip(people, institutions, strict=True)
    ]


def _authors(page: Page, ld: Any) -> list[Person]:
    """Highwire authors, else Dublin Core creators, else JSON-LD's author or creator."""
    highwire = _highwire_authors(page)
    if highwire:
        return highwire
    people = [p for name in _meta_list(page, "authors") if (p := parse_name(name)) is not None]
    if people:
        return people
    authors = _ld_get(ld, "author") or _ld_get(ld, "creator")
    for author in authors if isinstance(authors, list) else [authors] if authors else []:
        if (person := _ld_person(author)) is not None:
            people.append(person)
    return people


def _ld_person(author: Any) -> Person | None:
    """A JSON-LD author: a name, or a Person/Organization object."""
    if isinstance(author, str):
        return parse_name(author)
    if not isinstance(author, dict):
        return None
    family, given = _ld_get(author, "familyName"), _ld_get(author, "givenName")
    if isinstance(family, str) and family.strip():
        return Person(
            family=family.strip(), given=given.strip() if isinstance(given, str) else None
        )
    name = _ld_get(author, "name")
    if isinstance(name, str):
        is_org = "Organization" in _ld_types(author)
        return Person(literal=clean(name)) if is_org and clean(name) else parse_name(name)
    return None


def _kind_and_container(
    page: Page, ld: Any, *, doi: str | None = None
) -> tuple[EntryKind, str | None]:
    """The kind of work, and the journal, proceedings or book it is part of.

    A page with a DOI is a work (misc) even when its only other metadata is a title.
    """
    if page.meta(*KIND_META["report"]):
        return EntryKind.REPORT, None
    if conference := page.meta(*KIND_META["conference"]):
        return EntryKind.CONFERENCE_PAPER, conference
    if journal := page.meta(*KIND_META["journal"]):
        return EntryKind.JOURNAL_ARTICLE, journal
    ld_types = _ld_types(ld)
    if "Dataset" in ld_types or (page.meta(*KIND_META["type"]) or "").lower() == "dataset":
        return EntryKind.DATASET, None
    if book := page.meta(*KIND_META["book"]):
        return EntryKind.MISC, book
    if (part_of := _ld_get(ld, "isPartOf")) and (name := _ld_str(part_of, "name")):
        return EntryKind.JOURNAL_ARTICLE, name
    if page.meta(*KIND_META["scholarly"]) or ld_types & ARTICLE_TYPES or doi:
        return EntryKind.MISC, None
    return EntryKind.WEB_PAGE, None


def _journal_from_site(page: Page, kind: EntryKind) -> tuple[EntryKind, str | None]:
    """A work with a volume, issue or pages but no journal named: the site's name is
    the journal's when the page gives one (``og:site_name``), with a note saying so."""
    site = page.meta("og:site_name")
    if not site:
        return kind, None
    page.report.note(
        "container-from-site",
        f"no journal named; the site's name {site!r} (og:site_name) taken as the journal",
        line=page.line_of("og:site_name"),
    )
    return EntryKind.JOURNAL_ARTICLE, site


# -- JSON-LD ---------------------------------------------------------------------------


def _json_ld(page: Page) -> Any:
    """The first schema.org object describing a work, from the page's JSON-LD."""
    for script in page.root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            page.report.warning(
                "broken-json-ld",
                "JSON-LD that is not valid JSON ignored",
                line=script.sourceline,
            )
            continue
        for item in _walk_ld(data):
            if _ld_types(item) & WORK_TYPES:
                return item
    return None


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


def _schema_name(value: str) -> str:
    """``"https://schema.org/Dataset"`` -> ``"Dataset"``."""
    for prefix in SCHEMA_ORG:
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def _ld_types(item: Any) -> set[str]:
    if not isinstance(item, dict):
        return set()
    types = _ld_get(item, "@type")
    if isinstance(types, str):
        return {_schema_name(types)}
    if isinstance(types, list):
        return {_schema_name(t) for t in types if isinstance(t, str)}
    return set()


def _ld_get(item: Any, key: str) -> Any:
    """*key* of a JSON-LD object, also when written as a full schema.org address."""
    if not isinstance(item, dict):
        return None
    if key in item or key.startswith("@"):
        return item.get(key)
    return next((item[p + key] for p in SCHEMA_ORG if p + key in item), None)


def _ld_str(item: Any, *keys: str) -> str | None:
    """The first of *keys* that holds a string or number (or a list starting with a string).

    A dotted key goes into nested objects: ``"publisher.name"``.
    """
    for key in keys:
        *parents, last = key.split(".")
        holder = item
        for parent in parents:
            holder = _ld_get(holder, parent)
        value = _ld_get(holder, last)
        if isinstance(value, list) and value and isinstance(value[0], str):
            value = value[0]
        if isinstance(value, (str, int)) and str(value).strip():
            return clean(str(value))
    return None
