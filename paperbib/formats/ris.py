"""The RIS tables: reference types and tags, as Zotero exports them.

Converters (interpreted by :mod:`paperbib.writers.ris`):

``text``
    One line of text, line breaks and runs of spaces folded.
``unicode``
    TeX (accents, math) turned into Unicode, then ``text``.
``names``
    One ``AU`` per person: ``Family, Given, Suffix``, or an organisation.
``affiliations``
    One ``AD`` per person with an affiliation: ``Name: affiliation``.
``date``, ``year``
    ``YYYY/MM/DD/`` with empty parts where unknown; the year alone.
``first-page``, ``last-page``
    The two ends of a page range.
``type``
    The reference type from :data:`RIS_TYPES`.
``label``
    :func:`~paperbib.formats.source_label`: a web page's site name, else the
    source's label (``"arXiv"``).
``arxiv-note``
    ``arXiv:ID [primary category]``.
``labelled:LABEL``
    ``LABEL: value``.
``each``
    One tag per value.
``const:VALUE``
    The fixed text VALUE, when the field is set.

:data:`REPEATABLE` tags take every value given; any other tag takes the first,
and a different value a later row would have written there (unless it is a
``const:``) becomes an ``N1`` note ``field: value``, as extras do (``N1  - hf.upvotes: 12``).
"""

from __future__ import annotations

from paperbib.formats import Row, only
from paperbib.models import EntryKind, Person

__all__ = [
    "NAMESPACE",
    "READ_TAGS",
    "READ_TYPES",
    "REPEATABLE",
    "RIS_FIELDS",
    "RIS_TYPES",
    "TAG_ORDER",
    "UNMAPPED",
    "ris_name",
]

RIS_TYPES: dict[EntryKind, str] = {
    EntryKind.PREPRINT: "GEN",
    EntryKind.JOURNAL_ARTICLE: "JOUR",
    EntryKind.CONFERENCE_PAPER: "CPAPER",
    EntryKind.REPORT: "RPRT",
    EntryKind.DATASET: "DATA",
    EntryKind.WEB_PAGE: "ELEC",
    EntryKind.BOOK: "BOOK",
    EntryKind.CHAPTER: "CHAP",
    EntryKind.THESIS: "THES",
    EntryKind.MISC: "GEN",
}
"""RIS reference type for each kind of entry; RIS has no preprint type (Zotero uses GEN)."""

TAG_ORDER = (
    "TY ID TI AU AD T2 A2 T3 A3 A4 AB C1 C2 C3 C4 C5 C6 CN CY DA PY DO DP ET VL IS SP EP J2 "
    "LA M1 M3 NV OP PB SE SN ST SV UR AN DB Y2 L1 L2 L4 N1 KW ER"
).split()
"""Zotero's export order (with ``ID``, the citation key, after ``TY``)."""

REPEATABLE = frozenset({"AU", "A2", "AD", "N1", "KW"})
"""Tags a record may hold more than once."""

_REPORT = only(EntryKind.REPORT)

NAMESPACE = "ris"
"""The namespace of extras that are RIS tags no row reads (``ris.la``)."""

READ_TYPES: dict[str, EntryKind] = {
    "CONF": EntryKind.CONFERENCE_PAPER,
    "EJOUR": EntryKind.JOURNAL_ARTICLE,
    "JFULL": EntryKind.JOURNAL_ARTICLE,
    "EBOOK": EntryKind.BOOK,
    "EDBOOK": EntryKind.BOOK,
    "ECHAP": EntryKind.CHAPTER,
    "BLOG": EntryKind.WEB_PAGE,
    "WEB": EntryKind.WEB_PAGE,
    "DBASE": EntryKind.DATASET,
}
"""Reference types the writer never writes, read as the nearest kind; any other is ``MISC``."""

READ_TAGS: dict[str, str] = {
    "T1": "TI",
    "CT": "TI",
    "A1": "AU",
    "ED": "A2",
    "JO": "T2",
    "JF": "T2",
    "BT": "T2",
    "N2": "AB",
    "Y1": "PY",
    "L2": "UR",
    "VO": "VL",
}
"""Older or alternative tags, read as the tag the writer uses (``T1`` as ``TI``)."""

RIS_FIELDS: tuple[Row, ...] = (
    Row("kind", "TY", "type"),
    Row("key", "ID", "text"),
    Row("title", "TI", "unicode"),
    Row("authors", "AU", "names"),
    Row("authors", "AD", "affiliations"),
    Row("editors", "A2", "names"),
    Row("container_title", "T2", "unicode"),
    Row("series", "T3", "unicode"),
    Row("abstract", "AB", "unicode"),
    Row("date", "DA", "date"),
    Row("date", "PY", "year"),
    Row("doi", "DO", "text"),
    Row("source", "DP", "label"),
    Row("volume", "VL", "text"),
    Row("issue", "IS", "text"),
    Row("pages", "SP", "first-page"),
    Row("pages", "EP", "last-page"),
    Row("publisher", "PB", "text"),
    Row("institution", "PB", "text"),
    Row("arxiv_id", "PB", "const:arXiv"),
    Row("place", "CY", "unicode"),
    Row("edition", "ET", "text"),
    Row("report_number", "SN", "text", kinds=_REPORT),
    Row("isbn", "SN", "text"),
    Row("url", "UR", "text"),
    Row("accessed", "Y2", "date"),
    Row("note", "N1", "unicode"),
    Row("arxiv_id", "N1", "arxiv-note"),
    Row("journal_ref", "N1", "labelled:Journal-ref"),
    Row("report_number", "N1", "labelled:Report number", skip=_REPORT),
    Row("links", "N1", "labelled:Links"),
    Row("categories", "KW", "each"),
)
"""RIS tags for the model's fields."""

UNMAPPED: dict[str, str] = {}
"""Model fields RIS does not write, with the reason (none: every field has a tag)."""


def ris_name(person: Person) -> str:
    """*person* as an ``AU`` line holds it: ``Family, Given, Suffix``, or the organisation."""
    if person.literal:
        return person.literal
    family = " ".join(p for p in (person.particle, person.family) if p)
    parts = [family]
    if person.given or person.suffix:
        parts.append(person.given or "")
    if person.suffix:
        parts.append(person.suffix)
    return ", ".join(parts)
