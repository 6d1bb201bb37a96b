"""The BibTeX and biblatex tables: entry types and fields, in output order.

Converters (interpreted by :mod:`paperbib.writers.bibtex`):

``title``
    TeX-escaped text with acronyms and math brace-protected against recasing.
``text``
    TeX-escaped text.
``names``
    Persons as ``Family, Suffix, Given`` joined by ``and``; organisations braced.
``sort-key``
    For an entry without authors, a short plain label that BibTeX styles sort,
    cut and print in place of the authors: the organisation the page lists the
    paper under (``hf.organization``), else the title up to its first colon,
    question or exclamation mark; its first words, at most
    :data:`SORT_KEY_LENGTH` characters, in ASCII letters, digits, spaces and
    ``- . '`` (else the citation key).
``year``, ``month``
    The date's year; its month as a bare month macro (``feb``).
``date``
    The date in ISO 8601 form (biblatex).
``pages``
    A page range with ``--`` (in UTF-8 output too, for biber's range parsing).
``verbatim``
    Written raw (``url``, ``doi``, ``eprint``), braces and spaces percent-encoded.
``first-verbatim``
    The first of several values, verbatim (the primary arXiv category).
``verbatim-list``
    Several values, each verbatim, separated by a space.
``iso-date``
    A date in ISO 8601 form.
``arxiv-note``
    ``arXiv:ID``.
``other-categories``
    The categories ``primaryClass``/``eprintclass`` does not hold (all of them
    for an entry without an arXiv id), TeX-escaped, joined by ``", "``.
``affiliations``
    ``Name: affiliation`` for each person who has one, joined by ``;``.
``const:VALUE``
    The fixed text VALUE, when the field is set.

Rows naming the same BibTeX field are joined with ``"; "``, in table order.
Extras become a field named by :func:`~paperbib.formats.extra_name`
(``hf.upvotes`` -> ``hfupvotes``). Those fields and the rows marked
``option="extras"`` (``links``, ``reportnumber``, ``affiliation``) are not in
biblatex's data model: the writers write them only with their *extras* option
(on for BibTeX, off for biblatex, whose ``biber --validate-datamodel`` would
flag them), and say once what they left out.
"""

from __future__ import annotations

from paperbib.formats import Row, only
from paperbib.models import EntryKind

__all__ = [
    "BIBLATEX_FIELDS",
    "BIBLATEX_TYPES",
    "BIBTEX_FIELDS",
    "BIBTEX_TYPES",
    "FIELD_BYTES",
    "IDENTIFIED_TYPES",
    "MONTHS",
    "SORT_KEY_LENGTH",
    "UNMAPPED",
]

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

IDENTIFIED_TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "online": (("url", "doi", "arxiv_id"), "misc"),
}
"""Entry types whose data model needs an identifier: the model fields that give
one, and the type an entry with none of them is written as.

biblatex's ``@online`` requires ``url``, ``doi`` or ``eprint`` (``biber
--validate-datamodel`` reports one without), while ``@misc`` requires only a
title and a date, so a preprint or web page known only by its title is ``@misc``.
"""

SORT_KEY_LENGTH = 40
"""The longest ``key`` field (see the ``sort-key`` converter), in characters."""

FIELD_BYTES = 100_000
"""The longest field value written, in bytes of UTF-8.

biber writes each field on one line of the ``.bbl``, which TeX reads into its
input buffer (``buf_size``, 200,000 bytes in TeX Live 2022), and BibTeX styles
hold a printed field in one global string (``glob_str_size``, also 200,000).
Half leaves room for what a style writes around it. Text within the
normalise stage's limits only comes near it when most of its characters have
long LaTeX forms (``{\\textasciitilde}``); a longer value is cut, a name list
to its first names followed by ``and others``.
"""

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros; months are written bare (``month = feb``) so styles can format them."""

_REPORT = only(EntryKind.REPORT)


def _table(
    *,
    sort_key: tuple[Row, ...],
    date: tuple[Row, ...],
    container: dict[EntryKind | None, str],
    report_type: tuple[Row, ...],
    eprint: tuple[Row, ...],
    status: tuple[Row, ...],
) -> tuple[Row, ...]:
    return (
        Row("title", "title", "title"),
        Row("authors", "author", "names"),
        *sort_key,
        Row("container_title", container, "text"),
        *date,
        Row("volume", "volume", "text"),
        Row("report_number", "number", "text", kinds=_REPORT),
        Row("issue", "number", "text", skip=_REPORT),
        Row("pages", "pages", "pages"),
        Row("institution", "institution", "text", kinds=_REPORT),
        *report_type,
        Row("publisher", "publisher", "text", skip=_REPORT),
        Row("isbn", "isbn", "text"),
        *eprint,
        Row("doi", "doi", "verbatim"),
        Row("url", "url", "verbatim"),
        Row("accessed", "urldate", "iso-date"),
        Row("arxiv_id", "note", "arxiv-note", option="arxiv_note"),
        Row("journal_ref", "note", "text"),
        *status,
        Row("abstract", "abstract", "text", option="abstract"),
        Row("links", "links", "verbatim-list", option="extras"),
        Row("report_number", "reportnumber", "text", skip=_REPORT, option="extras"),
        Row("authors", "affiliation", "affiliations", option="extras"),
        Row("categories", "keywords", "other-categories"),
    )


BIBTEX_FIELDS = _table(
    sort_key=(Row("key", "key", "sort-key"),),
    date=(Row("date", "year", "year"), Row("date", "month", "month")),
    container={
        EntryKind.JOURNAL_ARTICLE: "journal",
        EntryKind.CONFERENCE_PAPER: "booktitle",
        None: "howpublished",
    },
    report_type=(),
    eprint=(
        Row("arxiv_id", "eprint", "verbatim"),
        Row("arxiv_id", "archivePrefix", "const:arXiv"),
        Row("categories", "primaryClass", "first-verbatim", requires="arxiv_id"),
    ),
    status=(),
)
"""BibTeX fields, as arXiv's own export and natbib styles expect them."""

BIBLATEX_FIELDS = _table(
    sort_key=(),
    date=(Row("date", "date", "date"),),
    container={
        EntryKind.JOURNAL_ARTICLE: "journaltitle",
        EntryKind.CONFERENCE_PAPER: "booktitle",
        None: "howpublished",
    },
    report_type=(Row("kind", "type", "const:techreport", kinds=_REPORT),),
    eprint=(
        Row("arxiv_id", "eprint", "verbatim"),
        Row("arxiv_id", "eprinttype", "const:arxiv"),
        Row("categories", "eprintclass", "first-verbatim", requires="arxiv_id"),
    ),
    status=(Row("kind", "pubstate", "const:prepublished", kinds=only(EntryKind.PREPRINT)),),
)
"""biblatex fields, as Better BibLaTeX writes arXiv preprints."""

UNMAPPED: dict[str, str] = {
    "source": "no BibTeX field says where a record came from; eprint and url show it",
}
"""Model fields the BibTeX and biblatex tables do not write, with the reason."""
