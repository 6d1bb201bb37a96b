"""BibTeX and biblatex writers (formats ``bibtex`` and ``biblatex``).

arXiv preprints become ``@misc`` entries with ``eprint``, ``archivePrefix`` and
``primaryClass`` in BibTeX, as arXiv's own export writes them, and ``@online``
entries with ``eprinttype = {arxiv}`` and ``pubstate = {prepublished}`` in
biblatex, as Better BibLaTeX writes them. Text goes through one escaper
(:mod:`paperbib.writers._latex`) so that nothing from the input can break or run
in a LaTeX build; ``url``, ``doi`` and ``eprint`` are verbatim fields and are
written raw. BibTeX output is ASCII by default (``{\\'e}``, which BibTeX sorts as
one letter); biblatex output is UTF-8, which biber reads.

The file is written directly rather than through bibtexparser's writer: paperbib
owns escaping, month macros and field order, and the tests re-parse every
output with bibtexparser and pybtex.
"""

from __future__ import annotations

import re
from typing import ClassVar

from attrs import frozen

from paperbib._tex import escape_text, fallback_preamble
from paperbib.diagnostics import Diagnostics
from paperbib.models import Bibliography, Entry, EntryKind, PartialDate, Person
from paperbib.writers._report import warn

__all__ = ["BIBLATEX_TYPES", "BIBTEX_TYPES", "MONTHS", "BiblatexWriter", "BibtexWriter"]

BIBTEX_TYPES: dict[EntryKind, str] = {
    EntryKind.PREPRINT: "misc",
    EntryKind.JOURNAL_ARTICLE: "article",
    EntryKind.CONFERENCE_PAPER: "inproceedings",
    EntryKind.REPORT: "techreport",
    EntryKind.DATASET: "misc",
    EntryKind.WEB_PAGE: "misc",
    EntryKind.MISC: "misc",
}
"""BibTeX entry type for each kind of entry."""

BIBLATEX_TYPES: dict[EntryKind, str] = {
    EntryKind.PREPRINT: "online",
    EntryKind.JOURNAL_ARTICLE: "article",
    EntryKind.CONFERENCE_PAPER: "inproceedings",
    EntryKind.REPORT: "report",
    EntryKind.DATASET: "dataset",
    EntryKind.WEB_PAGE: "online",
    EntryKind.MISC: "misc",
}
"""biblatex entry type for each kind of entry."""

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros; months are written bare (``month = feb``) so styles can format them."""

# A verbatim value must still be a well-formed BibTeX value: braces, backslashes
# and whitespace are percent-encoded, which every URL consumer understands.
_VERBATIM = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20", "\t": "%09"})
_PAGE_RANGE = re.compile(r"\s*[-\u2010-\u2015]+\s*")


def _verbatim(value: str) -> str:
    return "{" + value.strip().translate(_VERBATIM) + "}"


def _pages(value: str) -> str:
    return _PAGE_RANGE.sub("--", value.strip())


@frozen(kw_only=True)
class BibtexWriter:
    """Write a ``.bib`` file for bibtex (ASCII by default) that biber, bibtexparser and pybtex read.

    Options: *abstract* (include abstracts), *unicode* (keep UTF-8 instead of
    LaTeX accent forms), *double_braces* (protect acronyms with two pairs of
    braces, as Better BibTeX does), *arxiv_note* (also write ``note =
    {arXiv:ID}`` for ``.bst`` styles that ignore ``eprint``).
    """

    name: ClassVar[str] = "bibtex"
    suffixes: ClassVar[tuple[str, ...]] = (".bib",)
    description: ClassVar[str] = "BibTeX database (.bib) for bibtex and biber"
    types: ClassVar[dict[EntryKind, str]] = BIBTEX_TYPES

    abstract: bool = True
    """Include abstracts (standard styles do not print them)."""
    unicode: bool = False
    """Keep non-ASCII characters as UTF-8 instead of LaTeX forms."""
    double_braces: bool = False
    """Protect acronym-like words with ``{{…}}`` instead of ``{…}``."""
    arxiv_note: bool = False
    """Also write ``note = {arXiv:ID}``, for venue styles that ignore ``eprint``."""

    def write(self, bib: Bibliography, report: Diagnostics) -> str:
        """The ``.bib`` file: one entry per record, a blank line between them.

        When some math needs amsmath or amssymb (``\\mathbb``, ``\\text``), an
        ``@preamble`` first provides plain-LaTeX stand-ins, so the file also
        builds in a document that does not load them.
        """
        body = "\n".join(self._entry(entry, report) for entry in bib)
        preamble = fallback_preamble(body)
        return f"{preamble}\n{body}" if preamble else body

    def _text(self, entry: Entry, field: str, value: str, report: Diagnostics, **kw: bool) -> str:
        unmapped: list[str] = []
        removed: list[str] = []
        escaped = escape_text(
            value,
            ascii_only=not self.unicode,
            double_braces=self.double_braces,
            unmapped=unmapped,
            removed=removed,
            **kw,
        )
        if unmapped:
            shown = ", ".join(f"{c!r} (U+{ord(c[0]):04X})" for c in dict.fromkeys(unmapped))
            warn(
                report,
                entry,
                "no-latex-form",
                f"{field}: kept as UTF-8, no LaTeX form: {shown}; "
                "needs a Unicode engine (lualatex, xelatex) or a package that defines them",
            )
        if removed:
            warn(report, entry, "control-character", f"{field}: control characters removed")
        return "{" + escaped + "}"

    def _name(self, entry: Entry, person: Person, report: Diagnostics) -> str:
        def part(value: str) -> str:
            escaped = self._text(entry, "author", value, report)[1:-1]
            needs_group = "," in value or " and " in f" {value.lower()} "
            return "{" + escaped + "}" if needs_group else escaped

        if person.literal:
            return self._text(entry, "author", person.literal, report)
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

    def _date_fields(self, date: PartialDate) -> list[tuple[str, str]]:
        fields = [("year", f"{{{date.year}}}")]
        if date.month is not None:
            fields.append(("month", MONTHS[date.month - 1]))
        return fields

    def _arxiv_fields(self, entry: Entry) -> list[tuple[str, str]]:
        fields = [("eprint", _verbatim(entry.arxiv_id or "")), ("archivePrefix", "{arXiv}")]
        if entry.categories:
            fields.append(("primaryClass", _verbatim(entry.categories[0])))
        return fields

    def _container_field(self, kind: EntryKind) -> str:
        return {EntryKind.JOURNAL_ARTICLE: "journal", EntryKind.CONFERENCE_PAPER: "booktitle"}.get(
            kind, "howpublished"
        )

    def _fields(self, entry: Entry, report: Diagnostics) -> list[tuple[str, str]]:
        def text(field: str, value: str | None) -> None:
            if value and (rendered := self._text(entry, field, value, report)) != "{}":
                fields.append((field, rendered))

        fields: list[tuple[str, str]] = []
        title = self._text(entry, "title", entry.title, report, protect_case=True)
        if title != "{}":
            fields.append(("title", title))
        else:
            warn(report, entry, "no-title", "entry has no title; written without one")
        if entry.authors:
            names = " and ".join(self._name(entry, p, report) for p in entry.authors)
            fields.append(("author", "{" + names + "}"))
        elif self.name == "bibtex":
            # BibTeX styles sort and label by `key` when there is no author: the
            # title (whose problems are already reported), else the citation key.
            sort_key = self._text(entry, "key", entry.title, Diagnostics())
            fields.append(("key", sort_key if sort_key != "{}" else "{" + entry.key + "}"))
        if entry.container_title:
            text(self._container_field(entry.kind), entry.container_title)
        if entry.date is not None:
            fields.extend(self._date_fields(entry.date))
        else:
            warn(report, entry, "missing-year", "entry has no date; no year written")
        text("volume", entry.volume)
        number = entry.report_number if entry.kind is EntryKind.REPORT else entry.issue
        text("number", number)
        if entry.pages:
            text("pages", _pages(entry.pages))
        if entry.kind is EntryKind.REPORT:
            text("institution", entry.institution or entry.publisher)
            if self.name == "biblatex":
                fields.append(("type", "{techreport}"))
        else:
            text("publisher", entry.publisher)
        text("isbn", entry.isbn)
        if entry.arxiv_id:
            fields.extend(self._arxiv_fields(entry))
        doi = entry.doi or (f"10.48550/arXiv.{entry.arxiv_id}" if entry.arxiv_id else None)
        if doi:
            fields.append(("doi", _verbatim(doi)))
        url = entry.url or (f"https://arxiv.org/abs/{entry.arxiv_id}" if entry.arxiv_id else None)
        if url:
            fields.append(("url", _verbatim(url)))
            if entry.accessed is not None:
                fields.append(("urldate", "{" + entry.accessed.isoformat() + "}"))
        notes = [entry.journal_ref] if entry.journal_ref else []
        if self.arxiv_note and entry.arxiv_id:
            notes.insert(0, f"arXiv:{entry.arxiv_id}")
        text("note", "; ".join(notes))
        fields.extend(self._status_fields(entry))
        if self.abstract:
            text("abstract", entry.abstract)
        # Data no style prints, kept so that nothing paperbib read is lost.
        if entry.author_count is not None and not entry.authors:
            fields.append(("authorcount", f"{{{entry.author_count}}}"))
        text("hforganization", entry.organization)
        if entry.upvotes is not None:
            fields.append(("hfupvotes", f"{{{entry.upvotes}}}"))
        if entry.links:
            fields.append(("links", _verbatim(" ".join(entry.links))))
        text("comments", entry.comments)
        if entry.report_number and entry.kind is not EntryKind.REPORT:
            text("reportnumber", entry.report_number)
        affiliations = [f"{p}: {p.affiliation}" for p in entry.authors if p.affiliation]
        text("affiliation", "; ".join(affiliations))
        return fields

    def _status_fields(self, entry: Entry) -> list[tuple[str, str]]:
        return []

    def _entry(self, entry: Entry, report: Diagnostics) -> str:
        fields = self._fields(entry, report)
        width = max((len(name) for name, _ in fields), default=0)
        lines = [f"@{self.types[entry.kind]}{{{entry.key},"]
        lines.extend(f"  {name:<{width}} = {value}," for name, value in fields)
        lines.append("}")
        return "\n".join(lines) + "\n"


@frozen(kw_only=True)
class BiblatexWriter(BibtexWriter):
    """Write a ``.bib`` file for biblatex and biber: UTF-8, ISO dates, eprint fields.

    Same options as :class:`BibtexWriter`; *unicode* defaults to true.
    """

    name: ClassVar[str] = "biblatex"
    description: ClassVar[str] = "biblatex database (.bib) for biber, UTF-8"
    types: ClassVar[dict[EntryKind, str]] = BIBLATEX_TYPES

    unicode: bool = True
    """Keep non-ASCII characters as UTF-8 (biber reads it); false for LaTeX forms."""

    def _date_fields(self, date: PartialDate) -> list[tuple[str, str]]:
        return [("date", "{" + date.isoformat() + "}")]

    def _arxiv_fields(self, entry: Entry) -> list[tuple[str, str]]:
        fields = [("eprint", _verbatim(entry.arxiv_id or "")), ("eprinttype", "{arxiv}")]
        if entry.categories:
            fields.append(("eprintclass", _verbatim(entry.categories[0])))
        return fields

    def _container_field(self, kind: EntryKind) -> str:
        return {
            EntryKind.JOURNAL_ARTICLE: "journaltitle",
            EntryKind.CONFERENCE_PAPER: "booktitle",
        }.get(kind, "howpublished")

    def _status_fields(self, entry: Entry) -> list[tuple[str, str]]:
        if entry.kind is EntryKind.PREPRINT:
            return [("pubstate", "{prepublished}")]
        return []
