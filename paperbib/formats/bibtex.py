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
flag them), and say once what they left out. Extras in the :data:`NAMESPACE` are
fields the BibTeX reader found no row for: always written, under their own name
(``bibtex.editora`` -> ``editora``), after the rows, so that they take the
place of a row that would write another value there. The BibTeX reader
(:mod:`paperbib.readers.bibtex`) reads these tables the other way.
"""

from __future__ import annotations

from paperbib.formats import Row, only
from paperbib.models import EntryKind

__all__ = [
    "BIBLATEX_FIELDS",
    "BIBLATEX_TYPES",
    "BIBTEX_FIELDS",
    "BIBTEX_TYPES",
    "ENTRY_TYPE",
    "FIELD_BYTES",
    "IDENTIFIED_TYPES",
    "MONTHS",
    "NAMESPACE",
    "NAME_FIELDS",
    "READ_TYPES",
    "SORT_KEY_LENGTH",
    "STANDARD_TYPES",
    "UNMAPPED",
    "VERBATIM_FIELDS",
    "is_type_name",
]

BIBTEX_TYPES: dict[EntryKind, str] = {
    EntryKind.PREPRINT: "misc",
    EntryKind.JOURNAL_ARTICLE: "article",
    EntryKind.CONFERENCE_PAPER: "inproceedings",
    EntryKind.REPORT: "techreport",
    EntryKind.DATASET: "misc",
    EntryKind.WEB_PAGE: "misc",
    EntryKind.BOOK: "book",
    EntryKind.CHAPTER: "incollection",
    EntryKind.THESIS: "phdthesis",
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
    EntryKind.BOOK: "book",
    EntryKind.CHAPTER: "incollection",
    EntryKind.THESIS: "thesis",
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

READ_TYPES: dict[str, EntryKind] = {
    "conference": EntryKind.CONFERENCE_PAPER,
    "inbook": EntryKind.CHAPTER,
    "bookinbook": EntryKind.CHAPTER,
    "suppbook": EntryKind.CHAPTER,
    "suppcollection": EntryKind.CHAPTER,
    "inreference": EntryKind.CHAPTER,
    "mvbook": EntryKind.BOOK,
    "collection": EntryKind.BOOK,
    "mvcollection": EntryKind.BOOK,
    "proceedings": EntryKind.BOOK,
    "mvproceedings": EntryKind.BOOK,
    "reference": EntryKind.BOOK,
    "mvreference": EntryKind.BOOK,
    "mastersthesis": EntryKind.THESIS,
    "electronic": EntryKind.WEB_PAGE,
    "www": EntryKind.WEB_PAGE,
    "software": EntryKind.MISC,
}
"""Entry types the writers never write, read as the nearest kind.

Types in neither table nor here (``manual``, ``unpublished``, ``patent``, …)
are read as :attr:`~paperbib.models.EntryKind.MISC`. Whenever the writers
would write another type for the kind, the reader keeps the type as the extra
:data:`ENTRY_TYPE`, which the BibTeX writers write back.
"""

STANDARD_TYPES = frozenset(
    """
    article book booklet inbook incollection inproceedings conference manual mastersthesis
    misc phdthesis proceedings techreport unpublished mvbook bookinbook suppbook collection
    mvcollection suppcollection dataset online patent periodical suppperiodical mvproceedings
    reference mvreference inreference report set software thesis xdata artwork audio bibnote
    commentary image jurisdiction legislation legal letter movie music performance review
    standard video electronic www
    """.split()
)
"""The entry types of BibTeX and the biblatex data model; any other is reported when read."""

NAMESPACE = "bibtex"
"""The namespace of extras that are BibTeX fields (``bibtex.editora``): written under their name."""

ENTRY_TYPE = "bibtex.entrytype"
"""The extra that keeps an entry type the writers would not write for the entry's kind."""


def is_type_name(name: str) -> bool:
    """Whether *name* can be an entry type: ASCII letters, digits and ``_``, a letter first."""
    return name[:1].isalpha() and name.isascii() and name.replace("_", "").isalnum()


VERBATIM_FIELDS = frozenset(
    {"url", "doi", "eprint", "file", "pdf", "urlraw", "verba", "verbb", "verbc"}
)
"""biblatex's verbatim fields: read and written without TeX decoding or escaping."""

NAME_FIELDS = frozenset(
    """
    author editor editora editorb editorc translator annotator commentator introduction
    foreword afterword bookauthor holder shortauthor shorteditor sortname namea nameb namec
    """.split()
)
"""Fields that hold ``and``-separated name lists."""

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros; months are written bare (``month = feb``) so styles can format them."""

_REPORT = only(EntryKind.REPORT)
_THESIS = only(EntryKind.THESIS)


def _table(
    *,
    sort_key: tuple[Row, ...],
    date: tuple[Row, ...],
    container: dict[EntryKind | None, str],
    institution: dict[EntryKind | None, str],
    place: str,
    report_type: tuple[Row, ...],
    eprint: tuple[Row, ...],
    status: tuple[Row, ...],
) -> tuple[Row, ...]:
    return (
        Row("title", "title", "title"),
        Row("authors", "author", "names"),
        Row("editors", "editor", "names"),
        *sort_key,
        Row("container_title", container, "text"),
        *date,
        Row("volume", "volume", "text"),
        Row("series", "series", "text"),
        Row("report_number", "number", "text", kinds=_REPORT),
        Row("issue", "number", "text", skip=_REPORT),
        Row("pages", "pages", "pages"),
        Row("institution", institution, "text", kinds=_REPORT | _THESIS),
        *report_type,
        Row("publisher", "publisher", "text", skip=_REPORT),
        Row("place", place, "text"),
        Row("edition", "edition", "text"),
        Row("isbn", "isbn", "text"),
        *eprint,
        Row("doi", "doi", "verbatim"),
        Row("url", "url", "verbatim"),
        Row("accessed", "urldate", "iso-date"),
        Row("note", "note", "text"),
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
        EntryKind.CHAPTER: "booktitle",
        None: "howpublished",
    },
    institution={EntryKind.THESIS: "school", None: "institution"},
    place="address",
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
        EntryKind.CHAPTER: "booktitle",
        None: "howpublished",
    },
    institution={None: "institution"},
    place="location",
    report_type=(
        Row("kind", "type", "const:techreport", kinds=_REPORT),
        Row("kind", "type", "const:phdthesis", kinds=_THESIS),
    ),
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
