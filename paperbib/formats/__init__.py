"""Field tables: how the hub model maps to each format, as data.

Each format module (:mod:`~paperbib.formats.bibtex`, :mod:`~paperbib.formats.csl`,
:mod:`~paperbib.formats.ris`) holds its entry-type table and one field table: a
tuple of :class:`Row`, in output order, each naming a model field, the format's
name for it (or one name per entry kind) and a *converter* — a short name such
as ``"text"`` or ``"verbatim"`` that says how the value is written. Writers
interpret the converters; readers of the same formats read the rows the other
way. Neither imports the other: both import these tables.

Source-specific data (:attr:`Entry.extra <paperbib.models.Entry.extra>`) is
mapped by one rule per format, :func:`extra_name`. Every other model field is
placed by some row, or listed with its reason in the format module's
``UNMAPPED`` (a test holds every table to this). When two rows compete for one
place, the writer keeps the other value too (a CSL ``custom`` member, an RIS
``N1`` note, BibTeX fields joined with ``;``), and what a format can hold only
in part is reported through :func:`report_limit`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from paperbib.diagnostics import Diagnostics, Severity
from paperbib.models import SITE_EXTRA, Entry, EntryKind, Source

__all__ = [
    "Row",
    "extra_name",
    "only",
    "report_limit",
    "rows_by_kind",
    "rows_by_name",
    "source_label",
    "split_pages",
]


class Row(NamedTuple):
    """One line of a field table."""

    field: str
    """The model attribute (``"container_title"``)."""
    name: str | Mapping[EntryKind | None, str]
    """The format's name for it, or names by entry kind (``None``: every other kind)."""
    converter: str
    """How the value is written, interpreted by the format's writer (``"text"``)."""
    kinds: frozenset[EntryKind] | None = None
    """Only for these kinds of entry (``None``: all)."""
    skip: frozenset[EntryKind] = frozenset()
    """Not for these kinds of entry."""
    option: str | None = None
    """Only when this writer option is true (``"abstract"``)."""
    requires: str | None = None
    """Only when this other model field is set too (``"arxiv_id"``)."""

    @property
    def is_constant(self) -> bool:
        """Whether the row writes a fixed text (``const:``) rather than the field's value."""
        return self.converter.startswith("const:")

    def name_for(self, kind: EntryKind) -> str:
        """The format's name for this row's field in an entry of *kind*."""
        name = self.name
        if isinstance(name, str):
            return name
        return name.get(kind) or name[None]

    def applies_to_kind(self, kind: EntryKind) -> bool:
        """Whether the row is used for entries of *kind*."""
        return (self.kinds is None or kind in self.kinds) and kind not in self.skip

    def applies(self, entry: Entry) -> bool:
        """Whether the row is used for *entry*: its kind, and the field it requires."""
        return self.applies_to_kind(entry.kind) and (
            self.requires is None or bool(getattr(entry, self.requires))
        )


def rows_by_kind(
    table: tuple[Row, ...], options: object | None = None, keep: frozenset[str] = frozenset()
) -> dict[EntryKind, list[Row]]:
    """The rows of *table* that apply to each kind of entry (and to *options*, a writer).

    Rows whose option is in *keep* stay whatever the option's value (the
    writer decides about them itself). Writers look rows up once per kind
    rather than testing every row on every entry.
    """
    rows = [
        r
        for r in table
        if r.option is None or r.option in keep or getattr(options, r.option, False)
    ]
    return {kind: [r for r in rows if r.applies_to_kind(kind)] for kind in EntryKind}


def rows_by_name(
    tables: tuple[tuple[Row, ...], ...], options: object | None = None, *, fold: bool = False
) -> dict[EntryKind, dict[str, list[Row]]]:
    """For each kind of entry, the rows of *tables* by the format's name for them, in order.

    This is how readers read a table the other way: a field name of the input
    gives the rows that write that name for the entry's kind (several when
    rows share a name, as BibTeX's ``number`` or RIS's ``PB`` do). *fold*
    lowercases the names, for formats whose names ignore case (BibTeX).
    """
    found: dict[EntryKind, dict[str, list[Row]]] = {kind: {} for kind in EntryKind}
    for table in tables:
        for kind, rows in rows_by_kind(table, options).items():
            for row in rows:
                name = row.name_for(kind)
                found[kind].setdefault(name.lower() if fold else name, []).append(row)
    return found


def source_label(entry: Entry) -> str | None:
    """Where the record came from, for a reader: a web page's site name, else the source's label."""
    if entry.source is None:
        return None
    site = entry.extra.get(SITE_EXTRA)
    return site if isinstance(site, str) and entry.source is Source.WEB else entry.source.label


def only(*kinds: EntryKind) -> frozenset[EntryKind]:
    """The set of *kinds*, for :attr:`Row.kinds` and :attr:`Row.skip`."""
    return frozenset(kinds)


def extra_name(key: str, separator: str = "", own: str | None = None) -> str:
    """An extra's name in a format: ``hf.upvotes`` -> ``hfupvotes`` (BibTeX) or as is.

    An extra in the format's *own* namespace is one of the format's fields that
    its reader kept as it was: it gets its own name back (``bibtex.editora`` ->
    ``editora``).
    """
    if own is not None and key.startswith(own) and key[len(own) : len(own) + 1] == ".":
        return key[len(own) + 1 :]
    return key.replace(".", separator)


def report_limit(
    report: Diagnostics,
    entry: Entry,
    code: str,
    message: str,
    severity: Severity = Severity.WARNING,
) -> None:
    """Report what a format cannot hold (or holds only in part), located at the entry's origin.

    Every writer reports through this one function, so the same loss reads
    the same in every format. What a table leaves out by design is a *severity*
    note (``not-written``), which strict mode lets pass.
    """
    origin = entry.origin
    report.add(
        severity,
        code,
        message,
        key=entry.key,
        source=origin.source if origin else None,
        line=origin.line if origin else None,
    )


_PAGE_RANGE = re.compile(r"\s*[-\u2010-\u2015]+\s*")


def split_pages(value: str) -> list[str]:
    """The ends of a page range, whatever dash joins them (``12--15``, ``12–15``, ``12 - 15``)."""
    return _PAGE_RANGE.split(value.strip())
