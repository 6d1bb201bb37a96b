"""BibTeX and biblatex writers (formats ``bibtex`` and ``biblatex``).

Both interpret a field table of :mod:`paperbib.formats.bibtex`. arXiv
preprints become ``@misc`` entries with ``eprint``, ``archivePrefix`` and
``primaryClass`` in BibTeX, as arXiv's own export writes them, and ``@online``
entries with ``eprinttype = {arxiv}`` and ``pubstate = {prepublished}`` in
biblatex, as Better BibLaTeX writes them. Text goes through one escaper
(:mod:`paperbib._tex`) so that nothing from the input can break or run in a
LaTeX build; ``url``, ``doi`` and ``eprint`` are verbatim fields and are
written raw. BibTeX output is ASCII by default (``{\\'e}``, which BibTeX sorts
as one letter); biblatex output is UTF-8, which biber reads.

The file is written directly rather than through bibtexparser's writer: paperbib
owns escaping, month macros and field order, and the tests re-parse every
output with bibtexparser and pybtex.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from attrs import frozen

from paperbib._tex import escape_text, fallback_preamble, tex_to_ascii
from paperbib.diagnostics import Diagnostics, Severity
from paperbib.formats import Row, extra_name, report_limit, rows_by_kind, split_pages
from paperbib.formats.bibtex import (
    BIBLATEX_FIELDS,
    BIBLATEX_TYPES,
    BIBTEX_FIELDS,
    BIBTEX_TYPES,
    ENTRY_TYPE,
    FIELD_BYTES,
    IDENTIFIED_TYPES,
    MONTHS,
    NAME_FIELDS,
    NAMESPACE,
    SORT_KEY_LENGTH,
    VERBATIM_FIELDS,
    is_type_name,
)
from paperbib.keys import STOPWORDS
from paperbib.models import Bibliography, Entry, EntryKind, Person
from paperbib.normalise import cut_text

__all__ = ["BiblatexWriter", "BibtexWriter", "sort_label"]

# A verbatim value must still be a well-formed BibTeX value: braces, backslashes
# and whitespace are percent-encoded, which every URL consumer understands.
_VERBATIM = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20", "\t": "%09"})
# A family name with a word that starts lowercase before its last word.
_LOWERCASE_INSIDE = re.compile(r"(?:^|\s)[^\W\d_A-Z]\S*\s")
# What a sort label leaves out: [^A-Za-z0-9 .'-]+|-{2,}, written to start with a
# character class, which the regex engine skips to in C (twice as fast).
_NOT_LABEL = re.compile(r"[^A-Za-z0-9 .'](?:(?<=-)-+|(?<!-)[^A-Za-z0-9 .'-]*)")
_LABEL_END = re.compile(r"[:?!]")


def sort_label(entry: Entry) -> str:
    """The ``key`` field of an entry without authors, or ``""`` if nothing gives one.

    The organisation the page lists the paper under, else the title up to its
    first colon, question or exclamation mark: plain ASCII (``$\\mathcal{B}$-Coder`` reads
    ``B-Coder``), cut after the last whole word that fits in
    :data:`~paperbib.formats.bibtex.SORT_KEY_LENGTH` characters, without
    trailing stopwords.
    """
    organization = entry.extra.get("hf.organization")
    source = organization if isinstance(organization, str) else entry.title
    text = tex_to_ascii(source)
    head = _LABEL_END.split(text, maxsplit=1)[0]
    # Only words within the first SORT_KEY_LENGTH characters are kept, so a word the
    # slice cuts is never one of them (a first word that long is cut anyway).
    words = _NOT_LABEL.sub(" ", (head if head.strip() else text)[: 2 * SORT_KEY_LENGTH]).split()
    label: list[str] = []
    length = -1
    for word in words:
        length += len(word) + 1
        if length > SORT_KEY_LENGTH:
            break
        label.append(word)
    while label and label[-1].lower() in STOPWORDS:
        label.pop()
    if not label and words:
        return words[0][:SORT_KEY_LENGTH].strip(".'-")
    return " ".join(label).strip(".'-")


# A value this long may be over FIELD_BYTES (4 bytes a character at most).
_MAY_BE_TOO_LONG = FIELD_BYTES // 4


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


_EXTRA_NAMES: dict[str, str] = {}
# The entry type and citation key: the entry's header, not fields.
_HEADER = frozenset({"kind", "key"})
_Convert = Callable[[Entry, Any, Diagnostics], str]
_Step = tuple[str, str, _Convert, "str | None", bool]


def _constant(value: str, entry: Entry, field: object, report: Diagnostics) -> str:
    return value


def _verbatim(value: str) -> str:
    return value.strip().translate(_VERBATIM)


def _balanced(value: str) -> bool:
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not value.endswith("\\")


def _verbatim_field(value: str) -> str:
    # A verbatim field read from a .bib (a file path, a raw URL) is written as
    # it was whenever it is a well-formed value; anything else is percent-encoded.
    value = value.strip()
    return value if "\n" not in value and _balanced(value) else _verbatim(value)


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
    fields: ClassVar[tuple[Row, ...]] = BIBTEX_FIELDS

    abstract: bool = True
    """Include abstracts (standard styles do not print them)."""
    unicode: bool = False
    """Keep non-ASCII characters as UTF-8 instead of LaTeX forms."""
    double_braces: bool = False
    """Protect acronym-like words with ``{{…}}`` instead of ``{…}``."""
    arxiv_note: bool = False
    """Also write ``note = {arXiv:ID}``, for venue styles that ignore ``eprint``."""
    extras: bool = True
    """Write paperbib's own fields (``hfupvotes``, ``links``, ``affiliation``, …) too."""

    def write(self, bib: Bibliography, report: Diagnostics) -> str:
        """The ``.bib`` file: one entry per record, a blank line between them.

        When some math needs amsmath or amssymb (``\\mathbb``, ``\\text``), an
        ``@preamble`` first provides plain-LaTeX stand-ins, so the file also
        builds in a document that does not load them.
        """
        plan = self._plan()
        unplaced = self._unplaced()
        left_out: dict[str, int] = {}
        body = "\n".join(
            self._entry(entry, plan[entry.kind], unplaced[entry.kind], report, left_out)
            for entry in bib
        )
        if left_out:
            fields = ", ".join(f"{name} ({count})" for name, count in left_out.items())
            report.note(
                "not-written",
                f"fields biblatex's data model lacks were not written: {fields} "
                "(entries with each); --writer-option extras=yes writes them",
            )
        preamble = fallback_preamble(body)
        return f"{preamble}\n{body}" if preamble else body

    def _text(
        self, entry: Entry, field: str, value: str, report: Diagnostics, case: bool = False
    ) -> str:
        unmapped: list[str] = []
        escaped = escape_text(
            value,
            ascii_only=not self.unicode,
            double_braces=self.double_braces,
            unmapped=unmapped,
            protect_case=case,
        )
        if unmapped:
            shown = ", ".join(f"{c!r} (U+{ord(c[0]):04X})" for c in dict.fromkeys(unmapped))
            report_limit(
                report,
                entry,
                "no-latex-form",
                f"{field}: kept as UTF-8, no LaTeX form: {shown}; "
                "needs a Unicode engine (lualatex, xelatex) or a package that defines them",
            )
        return escaped

    def _names(
        self, field: str, entry: Entry, persons: tuple[Person, ...], report: Diagnostics
    ) -> str:
        return " and ".join(self._name(entry, field, person, report) for person in persons)

    def _name(self, entry: Entry, field: str, person: Person, report: Diagnostics) -> str:
        def part(value: str) -> str:
            escaped = self._text(entry, field, value, report)
            needs_group = "," in value or " and " in f" {value.lower()} "
            return "{" + escaped + "}" if needs_group else escaped

        if person.literal:
            return "{" + self._text(entry, field, person.literal, report) + "}"
        family = part(person.family or "")
        if _LOWERCASE_INSIDE.search(person.family or "") and not family.startswith("{"):
            # "Van de Sompel": BibTeX would read "Van de" as a von part; braced, it
            # reads back as the one family name it is.
            family = "{" + family + "}"
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

    def _plan(self) -> dict[EntryKind, list[_Step]]:
        """For each kind of entry, its rows as ``(field, name, converter, requires, left_out)``."""
        convert = self._converters()

        def step(row: Row, kind: EntryKind) -> _Step:
            name = row.name_for(kind)
            fn: _Convert
            if row.converter == "text":
                fn = partial(self._named_text, name)
            elif row.converter == "names":
                fn = partial(self._names, name)
            elif row.converter.startswith("const:"):
                fn = partial(_constant, row.converter[6:])
            else:
                fn = convert[row.converter]
            # The last item: written only to count it among the fields left out.
            return (row.field, name, fn, row.requires, row.option == "extras" and not self.extras)

        return {
            kind: [step(row, kind) for row in rows]
            for kind, rows in rows_by_kind(self.fields, self, frozenset({"extras"})).items()
        }

    def _unplaced(self) -> dict[EntryKind, tuple[str, ...]]:
        """For each kind of entry, the model fields no row writes (``institution`` of an article).

        The entry type and the key are the entry's header, written whatever the rows say.
        """
        fields = dict.fromkeys(row.field for row in self.fields if row.field not in _HEADER)
        return {
            kind: tuple(
                field
                for field in fields
                if not any(row.field == field and row.applies_to_kind(kind) for row in self.fields)
            )
            for kind in EntryKind
        }

    def _named_text(self, name: str, entry: Entry, value: str, report: Diagnostics) -> str:
        return self._text(entry, name, value, report)

    def _converters(self) -> dict[str, _Convert]:
        text = self._text
        return {
            "title": lambda e, v, r: text(e, "title", v, r, case=True),
            "sort-key": self._sort_key,
            "year": lambda e, v, r: str(v.year),
            "month": lambda e, v, r: MONTHS[v.month - 1] if v.month else "",
            "date": lambda e, v, r: v.isoformat(),
            "iso-date": lambda e, v, r: v.isoformat(),
            "pages": lambda e, v, r: "--".join(
                text(e, "pages", part, r) for part in split_pages(v)
            ),
            "verbatim": lambda e, v, r: _verbatim(v),
            "first-verbatim": lambda e, v, r: _verbatim(v[0]),
            "verbatim-list": lambda e, v, r: " ".join(_verbatim(item) for item in v),
            "other-categories": lambda e, v, r: text(
                e, "categories", ", ".join(v[1:] if e.arxiv_id else v), r
            ),
            "arxiv-note": lambda e, v, r: text(e, "note", f"arXiv:{v}", r),
            "affiliations": lambda e, v, r: text(
                e, "affiliation", "; ".join(f"{p}: {p.affiliation}" for p in v if p.affiliation), r
            ),
        }

    def _sort_key(self, entry: Entry, key: str, report: Diagnostics) -> str:
        # BibTeX styles sort, label and print `key` when there is no author.
        if entry.authors:
            return ""
        # The key is text here, printed by the style: escaped (wang_2021 has a "_").
        return sort_label(entry) or self._text(entry, "key", key, report)

    def _bounded(
        self,
        entry: Entry,
        name: str,
        value: Any,
        convert: _Convert,
        rendered: str,
        report: Diagnostics,
    ) -> str:
        """*rendered*, or if it is over :data:`FIELD_BYTES`, the longest cut of *value* within it.

        Text keeps its first words and ends in ``…``; a list keeps its first
        items, and a name list ends in ``and others``.
        """
        size = _size(rendered)
        if size <= FIELD_BYTES:
            return rendered
        quiet = Diagnostics()  # what the whole value holds was reported already
        others = " and others" if name in NAME_FIELDS else ""

        def render(count: int) -> str:
            if isinstance(value, str):
                return str(convert(entry, cut_text(value, count), quiet))
            return str(convert(entry, value[:count], quiet)) + others

        low, high = 1, len(value) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if _size(render(middle)) <= FIELD_BYTES:
                low = middle
            else:
                high = middle - 1
        bounded = render(low)
        kept = f"{low:,} characters" if isinstance(value, str) else f"the first {low:,}"
        report_limit(
            report,
            entry,
            "field-cut",
            f"{name}: {size:,} bytes of LaTeX, over the {FIELD_BYTES:,}-byte limit; {kept} kept",
        )
        return bounded

    def _type(self, entry: Entry) -> str:
        kind = self.types[entry.kind]
        if kind in IDENTIFIED_TYPES:
            identifiers, fallback = IDENTIFIED_TYPES[kind]
            if not any(getattr(entry, name) for name in identifiers):
                return fallback
        return kind

    def _entry(
        self,
        entry: Entry,
        plan: list[_Step],
        unplaced: tuple[str, ...],
        report: Diagnostics,
        left_out: dict[str, int],
    ) -> str:
        fields: dict[str, str] = {}
        for field, name, convert, requires, left_out_field in plan:
            value = getattr(entry, field)
            if not value or (requires and not getattr(entry, requires)):
                continue
            if left_out_field:
                if convert(entry, value, Diagnostics()):
                    left_out[name] = left_out.get(name, 0) + 1
                continue
            rendered = convert(entry, value, report)
            if not rendered:
                continue
            if len(rendered) > _MAY_BE_TOO_LONG:
                rendered = self._bounded(entry, name, value, convert, rendered, report)
            fields[name] = f"{fields[name]}; {rendered}" if name in fields else rendered
        if "title" not in fields:
            report_limit(report, entry, "no-title", "entry has no title; written without one")
        if entry.date is None:
            report_limit(report, entry, "missing-year", "entry has no date; no year written")
        # A value another row writes is not lost: a report's publisher that
        # normalising made its institution too.
        lost = [f for f in unplaced if getattr(entry, f)]
        if lost:
            written = [getattr(entry, step[0]) for step in plan]
            lost = [f for f in lost if getattr(entry, f) not in written]
        if lost:
            report_limit(
                report,
                entry,
                "not-written",
                f"not written: no {self.name} field of a {entry.kind.value} entry holds "
                + ", ".join(lost),
                Severity.NOTE,
            )
        extras = self.extras
        entry_type = self._type(entry)
        own = NAMESPACE + "."
        for key, value in entry.extra.items():
            if key == ENTRY_TYPE and isinstance(value, str) and is_type_name(value):
                entry_type = value
                continue
            name = _EXTRA_NAMES.get(key) or _EXTRA_NAMES.setdefault(
                key, extra_name(key, own=NAMESPACE)
            )
            # A field read from a .bib (bibtex.*) is the user's own: always written.
            if not extras and not key.startswith(own):
                left_out[name] = left_out.get(name, 0) + 1
            elif isinstance(value, int):
                fields[name] = str(value)
            elif name in VERBATIM_FIELDS and key.startswith(NAMESPACE + "."):
                fields[name] = _verbatim_field(value)
            elif rendered := self._text(entry, name, value, report):
                if len(rendered) > _MAY_BE_TOO_LONG:
                    rendered = self._bounded(
                        entry, name, value, partial(self._named_text, name), rendered, report
                    )
                fields[name] = rendered
        width = max(map(len, fields), default=0)
        lines = [f"@{entry_type}{{{entry.key},"]
        for name, value in fields.items():
            padded = "  " + name.ljust(width)
            bare = name == "month" and value in MONTHS
            lines.append(f"{padded} = {value}," if bare else f"{padded} = {{{value}}},")
        lines.append("}\n")
        return "\n".join(lines)


@frozen(kw_only=True)
class BiblatexWriter(BibtexWriter):
    """Write a ``.bib`` file for biblatex and biber: UTF-8, ISO dates, eprint fields.

    Same options as :class:`BibtexWriter`; *unicode* defaults to true.
    """

    name: ClassVar[str] = "biblatex"
    description: ClassVar[str] = "biblatex database (.bib) for biber, UTF-8"
    types: ClassVar[dict[EntryKind, str]] = BIBLATEX_TYPES
    fields: ClassVar[tuple[Row, ...]] = BIBLATEX_FIELDS

    unicode: bool = True
    """Keep non-ASCII characters as UTF-8 (biber reads it); false for LaTeX forms."""
    extras: bool = False
    """Write paperbib's own fields too, which biber's data model check flags."""
