"""CSL-JSON writer (format ``csl-json``), for pandoc, Zotero, Quarto and citeproc.

The output is an array of items valid against the official CSL-JSON schema
v1.0.2. Preprints are type ``article``, which is what the CSL specification
prescribes for arXiv and other preprint servers. TeX in titles and abstracts
becomes Unicode (``$\\mathcal{B}$`` -> ``ℬ``, ``Moraz\\'an`` -> ``Morazán``); the
words the BibTeX writer brace-protects are wrapped in
``<span class="nocase">`` so styles do not recase them. Data CSL has no
variable for (upvotes, an author count, the organisation, links) goes in
``custom``.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from attrs import frozen

from paperbib._tex import decode_tex_text, math_to_unicode, tex_to_unicode
from paperbib.diagnostics import Diagnostics
from paperbib.models import Bibliography, Entry, EntryKind, PartialDate, Person
from paperbib.writers._case import protected_words
from paperbib.writers._latex import split_math

__all__ = ["CSL_TYPES", "CslJsonWriter"]

CSL_TYPES: dict[EntryKind, str] = {
    EntryKind.PREPRINT: "article",
    EntryKind.JOURNAL_ARTICLE: "article-journal",
    EntryKind.CONFERENCE_PAPER: "paper-conference",
    EntryKind.REPORT: "report",
    EntryKind.DATASET: "dataset",
    EntryKind.WEB_PAGE: "webpage",
    EntryKind.MISC: "document",
}
"""CSL item type for each kind of entry."""

_WHITESPACE = re.compile(r"[ \t\r\f\v]+")
# json.dumps(indent=2) puts every date part on its own line; keep arrays of
# numbers on one line. Raw newlines never occur inside JSON strings, so the
# patterns only ever match indentation.
_NUMBER_ARRAY = re.compile(r"\[\n\s+(-?\d+(?:,\n\s+-?\d+)*)\n\s+\]")
_NESTED_ARRAY = re.compile(r"\[\n\s+(\[[^\[\]\n]*\])\n\s+\]")


def _compact_arrays(text: str) -> str:
    text = _NUMBER_ARRAY.sub(lambda m: "[" + re.sub(r",\n\s+", ", ", m.group(1)) + "]", text)
    return _NESTED_ARRAY.sub(r"[\1]", text)


def _clean(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _nocase(text: str) -> str:
    return f'<span class="nocase">{text}</span>'


def _title(text: str) -> str:
    """Plain Unicode title with the words BibTeX would brace-protect in nocase spans."""
    out: list[str] = []
    for is_math, piece in split_math(_clean(text)):
        if is_math:
            out.append(_nocase(math_to_unicode(piece)))
            continue
        piece = decode_tex_text(piece)
        position = 0
        for start, end in protected_words(piece):
            out.append(piece[position:start] + _nocase(piece[start:end]))
            position = end
        out.append(piece[position:])
    return "".join(out)


def _date(date: PartialDate) -> dict[str, Any]:
    return {"date-parts": [list(date.parts())]}


def _name(person: Person) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    name = {"family": person.family or ""}
    if person.given:
        name["given"] = person.given
    if person.particle:
        name["non-dropping-particle"] = person.particle
    if person.suffix:
        name["suffix"] = person.suffix
    return name


@frozen(kw_only=True)
class CslJsonWriter:
    """Write a CSL-JSON array: UTF-8, two-space indent, stable key order."""

    name: ClassVar[str] = "csl-json"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = "CSL-JSON (.json) for pandoc, Zotero and citeproc processors"

    def write(self, bib: Bibliography, report: Diagnostics) -> str:
        """The JSON text, ending with a newline."""
        items = [self.item(entry) for entry in bib]
        return _compact_arrays(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"

    def item(self, entry: Entry) -> dict[str, Any]:
        """The CSL item for one entry."""
        item: dict[str, Any] = {
            "id": entry.key,
            "citation-key": entry.key,
            "type": CSL_TYPES[entry.kind],
        }
        if entry.title:
            item["title"] = _title(entry.title)
        if entry.authors:
            item["author"] = [_name(person) for person in entry.authors]
        if entry.date is not None:
            item["issued"] = _date(entry.date)
        if entry.abstract:
            item["abstract"] = tex_to_unicode(_clean(entry.abstract))
        if entry.arxiv_id:
            item["publisher"] = "arXiv"
            item["number"] = f"arXiv:{entry.arxiv_id}"
        doi = entry.doi or (f"10.48550/arXiv.{entry.arxiv_id}" if entry.arxiv_id else None)
        if doi:
            item["DOI"] = doi
        url = entry.url or (f"https://arxiv.org/abs/{entry.arxiv_id}" if entry.arxiv_id else None)
        if url:
            item["URL"] = url
        if entry.container_title:
            item["container-title"] = tex_to_unicode(entry.container_title)
        for variable, value in (
            ("volume", entry.volume),
            ("issue", entry.issue),
            ("page", entry.pages),
            ("ISBN", entry.isbn),
        ):
            if value:
                item[variable] = value
        if (entry.publisher or entry.institution) and "publisher" not in item:
            item["publisher"] = entry.publisher or entry.institution
        if entry.report_number and "number" not in item:
            item["number"] = entry.report_number
        if entry.categories:
            item["keyword"] = ", ".join(entry.categories)
        if entry.journal_ref:
            item["note"] = entry.journal_ref
        if entry.accessed is not None:
            item["accessed"] = _date(entry.accessed)
        if entry.source:
            item["source"] = entry.source
        custom: dict[str, Any] = {}
        if entry.author_count is not None and not entry.authors:
            custom["author-count"] = entry.author_count
        if entry.organization:
            custom["organization"] = entry.organization
        if entry.upvotes is not None:
            custom["upvotes"] = entry.upvotes
        if entry.links:
            custom["links"] = list(entry.links)
        if entry.comments:
            custom["comments"] = entry.comments
        if entry.report_number and item.get("number") != entry.report_number:
            custom["report-number"] = entry.report_number
        affiliations = [f"{p}: {p.affiliation}" for p in entry.authors if p.affiliation]
        if affiliations:
            custom["affiliations"] = affiliations
        if entry.revised is not None:
            custom["revised"] = entry.revised.isoformat()
        if entry.listing:
            custom["arxiv-listing"] = entry.listing
        if custom:
            item["custom"] = custom
        return item
