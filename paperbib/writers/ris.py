"""RIS writer (format ``ris``), for Zotero, EndNote, Mendeley and review tools.

Records follow the RIS specification as Zotero writes it: ``TY`` first and
``ER`` last, the other tags in Zotero's export order, one value per line with
CRLF line ends (the specification's; ``eol="lf"`` for tools that want LF),
UTF-8 without a byte order mark, no folding of long lines and no newline inside
a value. RIS has no preprint type: preprints are ``GEN``, as Zotero exports them.
"""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from attrs import field, frozen
from attrs.validators import in_

from paperbib._tex import tex_to_unicode
from paperbib._text import is_printable
from paperbib.diagnostics import Diagnostics
from paperbib.models import Bibliography, Entry, EntryKind, PartialDate, Person

__all__ = ["TAG_ORDER", "TYPES", "RisWriter"]

TYPES: dict[EntryKind, str] = {
    EntryKind.PREPRINT: "GEN",
    EntryKind.JOURNAL_ARTICLE: "JOUR",
    EntryKind.CONFERENCE_PAPER: "CPAPER",
    EntryKind.REPORT: "RPRT",
    EntryKind.DATASET: "DATA",
    EntryKind.WEB_PAGE: "ELEC",
    EntryKind.MISC: "GEN",
}
"""RIS reference type for each kind of entry."""

TAG_ORDER = (
    "TY TI AU AD T2 A2 T3 A3 A4 AB C1 C2 C3 C4 C5 C6 CN CY DA PY DO DP ET VL IS SP EP J2 LA M1 M3 "
    "NV OP PB SE SN ST SV UR AN DB Y2 L1 L2 L4 N1 KW ER"
).split()
"""Zotero's export order; records list their tags in this order."""

# Line breaks and other control characters cannot appear inside a RIS value.
_BREAKS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_SPACES = re.compile(r" {2,}")


def _value(text: str) -> str:
    if not is_printable(text):
        text = _BREAKS.sub(" ", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def _ris_date(date: PartialDate) -> str:
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/"


def _name(person: Person) -> str:
    if person.literal:
        return person.literal
    family = " ".join(p for p in (person.particle, person.family) if p)
    parts = [family]
    if person.given or person.suffix:
        parts.append(person.given or "")
    if person.suffix:
        parts.append(person.suffix)
    return ", ".join(parts)


@frozen(kw_only=True)
class RisWriter:
    """Write RIS records, one per entry, a blank line after each."""

    name: ClassVar[str] = "ris"
    suffixes: ClassVar[tuple[str, ...]] = (".ris",)
    description: ClassVar[str] = "RIS (.ris) for Zotero, EndNote, Mendeley and review tools"

    eol: Literal["crlf", "lf"] = field(default="crlf", validator=in_(("crlf", "lf")))
    """Line ends: ``"crlf"`` as the RIS specification says, or ``"lf"``."""

    def write(self, bib: Bibliography, report: Diagnostics) -> str:
        """The RIS file."""
        newline = "\r\n" if self.eol == "crlf" else "\n"
        records = []
        for entry in bib:
            lines = [f"{tag}  - {value}" for tag, value in self.tags(entry)]
            records.append(newline.join(lines) + newline)
        return newline.join(records)

    def tags(self, entry: Entry) -> list[tuple[str, str]]:
        """The ``(tag, value)`` pairs of one record, ``TY`` first and ``ER`` last."""
        tags: list[tuple[str, str]] = [("TY", TYPES[entry.kind])]
        if entry.title:
            tags.append(("TI", _value(tex_to_unicode(entry.title))))
        tags.extend(("AU", _value(_name(person))) for person in entry.authors)
        tags.extend(
            ("AD", _value(f"{_name(person)}: {person.affiliation}"))
            for person in entry.authors
            if person.affiliation
        )
        if entry.container_title:
            tags.append(("T2", _value(tex_to_unicode(entry.container_title))))
        if entry.abstract:
            tags.append(("AB", _value(tex_to_unicode(entry.abstract))))
        if entry.date is not None:
            tags.append(("DA", _ris_date(entry.date)))
            tags.append(("PY", f"{entry.date.year:04d}"))
        doi = entry.doi or (f"10.48550/arXiv.{entry.arxiv_id}" if entry.arxiv_id else None)
        if doi:
            tags.append(("DO", _value(doi)))
        if entry.source:
            tags.append(("DP", _value(entry.source)))
        tags.extend((tag, _value(v)) for tag, v in (("VL", entry.volume), ("IS", entry.issue)) if v)
        if entry.pages:
            first, _, last = entry.pages.replace("–", "-").partition("-")
            tags.append(("SP", _value(first)))
            if last.strip():
                tags.append(("EP", _value(last)))
        publisher = entry.publisher or entry.institution or ("arXiv" if entry.arxiv_id else None)
        if publisher:
            tags.append(("PB", _value(publisher)))
        # RIS keeps the report number, or else the ISBN, in SN.
        serial = entry.report_number if entry.kind is EntryKind.REPORT else entry.isbn
        if serial:
            tags.append(("SN", _value(serial)))
        url = entry.url or (f"https://arxiv.org/abs/{entry.arxiv_id}" if entry.arxiv_id else None)
        if url:
            tags.append(("UR", _value(url)))
        if entry.accessed is not None:
            tags.append(("Y2", _ris_date(entry.accessed)))
        tags.extend(("N1", note) for note in self.notes(entry))
        tags.extend(("KW", _value(category)) for category in entry.categories)
        tags.append(("ER", ""))
        order = {tag: index for index, tag in enumerate(TAG_ORDER)}
        return sorted(tags, key=lambda pair: order[pair[0]])

    def notes(self, entry: Entry) -> list[str]:
        """``N1`` notes: the arXiv reference and what RIS has no tag for."""
        notes = []
        if entry.arxiv_id:
            primary = f" [{entry.categories[0]}]" if entry.categories else ""
            notes.append(f"arXiv:{entry.arxiv_id}{primary}")
        if entry.journal_ref:
            notes.append(f"Journal-ref: {_value(entry.journal_ref)}")
        if entry.comments:
            notes.append(f"Comments: {_value(entry.comments)}")
        if entry.report_number and entry.kind is not EntryKind.REPORT:
            notes.append(f"Report number: {_value(entry.report_number)}")
        if entry.revised is not None:
            notes.append(f"Revised: {entry.revised.isoformat()}")
        if entry.author_count is not None and not entry.authors:
            plural = "s" if entry.author_count != 1 else ""
            notes.append(f"{entry.author_count} author{plural} (names not given by the source)")
        if entry.organization:
            notes.append(f"Organization: {_value(entry.organization)}")
        if entry.upvotes is not None:
            notes.append(f"Hugging Face upvotes: {entry.upvotes}")
        if entry.links:
            notes.append("Links: " + " ".join(_value(link) for link in entry.links))
        return notes
