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

from paperbib._tex import tex_to_unicode, to_csl_rich_text
from paperbib._text import is_printable
from paperbib.diagnostics import Diagnostics
from paperbib.models import Bibliography, Entry, EntryKind, PartialDate, Person

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
_string = json.encoder.encode_basestring  # C-accelerated; keeps non-ASCII as UTF-8
_ascii_string = json.encoder.encode_basestring_ascii  # the same for ASCII, and twice as fast


def _clean(text: str) -> str:
    # Newlines (paragraph breaks) are kept, and the substitution leaves them alone.
    if "  " in text or not is_printable(text):
        text = _WHITESPACE.sub(" ", text)
    return text.strip()


def _scalar(value: Any) -> str | None:
    """JSON for a string, number or list of numbers, or ``None`` for anything else."""
    if isinstance(value, str):
        return _string(value)
    if type(value) is int:  # not bool, which is an int too
        return str(value)
    if isinstance(value, list) and value and all(type(v) is int for v in value):
        return "[" + ", ".join(map(str, value)) + "]"
    return None


def _format(value: Any, indent: str = "") -> str:
    """JSON as ``json.dumps(indent=2)`` lays it out, but with arrays of numbers on one line.

    Written by hand because the standard encoder is pure Python (and slow) when indenting.
    """
    if (scalar := _scalar(value)) is not None:
        return scalar
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        members = []
        for key, item in value.items():
            text = _scalar(item)
            members.append(
                f"{inner}{_string(key)}: {text if text is not None else _format(item, inner)}"
            )
        return "{\n" + ",\n".join(members) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(isinstance(v, list) for v in value):
            return "[" + ", ".join(_format(v, indent) for v in value) + "]"
        return "[\n" + ",\n".join(inner + _format(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value)


def _one_date(value: Any) -> bool:
    """Whether *value* is ``{"date-parts": [[y, m, d]]}``, the shape paperbib writes."""
    if not isinstance(value, dict) or value.keys() != {"date-parts"}:
        return False
    parts = value["date-parts"]
    return len(parts) == 1 and bool(parts[0]) and all(type(p) is int for p in parts[0])


def _people(value: Any) -> bool:
    """Whether *value* is a non-empty list of non-empty name objects."""
    return isinstance(value, list) and bool(value) and all(isinstance(p, dict) and p for p in value)


def _item_text(item: dict[str, Any]) -> str:
    """One item as :func:`_format` lays it out inside the array, with its common shapes inlined."""
    members = []
    for key, value in item.items():
        if type(value) is str:
            text = _ascii_string(value) if value.isascii() else _string(value)
        elif key in ("issued", "accessed") and _one_date(value):
            text = (
                '{\n      "date-parts": [['
                + ", ".join(map(str, value["date-parts"][0]))
                + "]]\n    }"
            )
        elif key == "author" and _people(value):
            people = (
                "      {\n"
                + ",\n".join(f"        {_string(k)}: {_format(v)}" for k, v in person.items())
                + "\n      }"
                for person in value
            )
            text = "[\n" + ",\n".join(people) + "\n    ]"
        else:
            text = _format(value, "    ")
        members.append(f"    {_string(key)}: {text}")
    return "  {\n" + ",\n".join(members) + "\n  }"


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
        if not bib.entries:
            return "[]\n"
        return "[\n" + ",\n".join(_item_text(self.item(entry)) for entry in bib) + "\n]\n"

    def item(self, entry: Entry) -> dict[str, Any]:
        """The CSL item for one entry."""
        item: dict[str, Any] = {
            "id": entry.key,
            "citation-key": entry.key,
            "type": CSL_TYPES[entry.kind],
        }
        if entry.title:
            item["title"] = to_csl_rich_text(_clean(entry.title))
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
