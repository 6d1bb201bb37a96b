"""BibTeX writer (format ``bibtex``).

arXiv preprints become ``@misc`` entries with ``eprint``, ``archivePrefix`` and
``primaryClass``, as arXiv's own export writes them. Text fields go through
one escaper (:mod:`paperbib.writers._latex`) so that nothing from the input can
break or execute in a LaTeX build; ``url``, ``doi`` and ``eprint`` are
verbatim fields and are written raw.
"""

from __future__ import annotations

from typing import ClassVar

from attrs import frozen

from paperbib.diagnostics import Diagnostics
from paperbib.models import Bibliography, Entry, EntryKind, Person
from paperbib.writers._latex import escape_text

__all__ = ["ENTRY_TYPES", "BibtexWriter"]

ENTRY_TYPES: dict[EntryKind, str] = {
    EntryKind.PREPRINT: "misc",
    EntryKind.JOURNAL_ARTICLE: "article",
    EntryKind.CONFERENCE_PAPER: "inproceedings",
    EntryKind.REPORT: "techreport",
    EntryKind.DATASET: "misc",
    EntryKind.WEB_PAGE: "misc",
    EntryKind.MISC: "misc",
}
"""BibTeX entry type for each kind of entry."""

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros; months are written bare (``month = feb``) so styles can format them."""

# A verbatim value must still be a well-formed BibTeX value: braces and
# whitespace are percent-encoded, which every URL consumer understands.
_VERBATIM = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20", "\t": "%09"})


def _verbatim(value: str) -> str:
    return "{" + value.strip().translate(_VERBATIM) + "}"


def _text(value: str, *, title: bool = False) -> str:
    return "{" + escape_text(value, protect_case=title) + "}"


def _name(person: Person) -> str:
    if person.literal:
        return "{" + escape_text(person.literal) + "}"

    def part(value: str) -> str:
        escaped = escape_text(value)
        needs_group = "," in value or " and " in f" {value.lower()} "
        return "{" + escaped + "}" if needs_group else escaped

    family = part(person.family or "")
    if person.particle:
        family = f"{part(person.particle)} {family}"
    pieces = [family]
    if person.suffix:
        pieces.append(part(person.suffix))
    if person.given:
        pieces.append(part(person.given))
    elif person.suffix:
        pieces.append("")
    return ", ".join(pieces)


@frozen(kw_only=True)
class BibtexWriter:
    """Write a ``.bib`` file that bibtex, biber, bibtexparser and pybtex read."""

    name: ClassVar[str] = "bibtex"
    suffixes: ClassVar[tuple[str, ...]] = (".bib",)
    description: ClassVar[str] = "BibTeX database (.bib) for bibtex and biber"

    abstract: bool = True
    """Include abstracts (styles do not print them; biblatex users may)."""

    def write(self, bib: Bibliography, report: Diagnostics) -> str:
        """The ``.bib`` file: one entry per record, a blank line between them."""
        return "\n".join(self._entry(entry) for entry in bib)

    def _fields(self, entry: Entry) -> list[tuple[str, str]]:
        fields: list[tuple[str, str]] = []
        if entry.title:
            fields.append(("title", _text(entry.title, title=True)))
        if entry.authors:
            names = " and ".join(_name(person) for person in entry.authors)
            fields.append(("author", "{" + names + "}"))
        if entry.date is not None:
            fields.append(("year", f"{{{entry.date.year}}}"))
            if entry.date.month is not None:
                fields.append(("month", MONTHS[entry.date.month - 1]))
        if entry.arxiv_id:
            fields.append(("eprint", _verbatim(entry.arxiv_id)))
            fields.append(("archivePrefix", "{arXiv}"))
            if entry.categories:
                fields.append(("primaryClass", _verbatim(entry.categories[0])))
        doi = entry.doi or (f"10.48550/arXiv.{entry.arxiv_id}" if entry.arxiv_id else None)
        if doi:
            fields.append(("doi", _verbatim(doi)))
        url = entry.url or (f"https://arxiv.org/abs/{entry.arxiv_id}" if entry.arxiv_id else None)
        if url:
            fields.append(("url", _verbatim(url)))
        if self.abstract and entry.abstract:
            fields.append(("abstract", _text(entry.abstract)))
        return fields

    def _entry(self, entry: Entry) -> str:
        fields = self._fields(entry)
        width = max((len(name) for name, _ in fields), default=0)
        lines = [f"@{ENTRY_TYPES[entry.kind]}{{{entry.key},"]
        lines.extend(f"  {name:<{width}} = {value}," for name, value in fields)
        lines.append("}")
        return "\n".join(lines) + "\n"
