"""The CSL-JSON tables: item types and variables, in output order.

Converters (interpreted by :mod:`paperbib.writers.csl_json`):

``raw``
    The string as it is.
``unicode``
    TeX (accents, math) turned into Unicode, whitespace folded.
``rich-title``
    Unicode, with the words BibTeX would brace-protect and math in
    ``<span class="nocase">``.
``names``
    CSL name objects (``family``, ``given``, ``non-dropping-particle``,
    ``suffix``, or ``literal``).
``date``
    ``{"date-parts": [[y, m, d]]}``.
``type``
    The item type from :data:`CSL_TYPES`.
``label``
    :func:`~paperbib.formats.source_label`: a web page's site name, else the
    source's label (``"arXiv"``).
``arxiv-number``
    ``arXiv:ID``.
``comma-list``
    Several values joined by ``", "``.
``list``
    Several values as a JSON array.
``affiliations``
    ``Name: affiliation`` for each person who has one, as a JSON array.
``const:VALUE``
    The fixed text VALUE, when the field is set.

A variable is written once: the first row that fills it wins, and a value a
later row would have written there (unless it is a ``const:``) goes to ``custom``
under its model field name (``report_number`` -> ``custom["report-number"]``), as do extras, under
their own keys (``custom["hf.upvotes"]``). CSL-JSON 1.0.2 allows ``custom``.
"""

from __future__ import annotations

from paperbib.formats import Row
from paperbib.models import EntryKind

__all__ = [
    "CSL_FIELDS",
    "CSL_TYPES",
    "CUSTOM",
    "DATE_VARIABLES",
    "NAMESPACE",
    "NAME_VARIABLES",
    "TEXT_VARIABLES",
    "UNMAPPED",
]

CSL_TYPES: dict[EntryKind, str] = {
    EntryKind.PREPRINT: "article",
    EntryKind.JOURNAL_ARTICLE: "article-journal",
    EntryKind.CONFERENCE_PAPER: "paper-conference",
    EntryKind.REPORT: "report",
    EntryKind.DATASET: "dataset",
    EntryKind.WEB_PAGE: "webpage",
    EntryKind.BOOK: "book",
    EntryKind.CHAPTER: "chapter",
    EntryKind.THESIS: "thesis",
    EntryKind.MISC: "document",
}
"""CSL item type for each kind of entry."""

CUSTOM = "custom"
"""The object that holds what CSL has no variable for."""

NAMESPACE = "csl"
"""The namespace of extras that are CSL variables no row reads (``csl.language``)."""

NAME_VARIABLES = frozenset(
    """
    author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director executive-producer guest host illustrator interviewer
    narrator organizer original-author performer producer recipient reviewed-author
    script-writer series-creator translator
    """.split()
)
"""CSL's name variables (lists of name objects)."""

DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split()
)
"""CSL's date variables."""

TEXT_VARIABLES: dict[str, str] = {
    name.lower(): name
    for name in """
    DOI ISBN ISSN PMCID PMID URL abstract annote archive archive-place archive_collection
    archive_location authority call-number chapter-number citation-key citation-label
    collection-number collection-title container-title container-title-short dimensions
    division edition event event-place event-title genre issue journalAbbreviation
    jurisdiction keyword language medium note number number-of-pages number-of-volumes
    original-publisher original-publisher-place original-title page page-first part
    part-title printing publisher publisher-place references reviewed-genre reviewed-title
    scale section shortTitle source status supplement title title-short version volume
    volume-title volume-title-short year-suffix
    """.split()
}
"""CSL's text and number variables (the schema's), by their lowercased name.

A CSL variable no row reads is kept as the extra ``csl.NAME`` (lowercase);
the CSL-JSON writer writes one of these back in place, the others in ``custom``."""

CSL_FIELDS: tuple[Row, ...] = (
    Row("key", "id", "raw"),
    Row("key", "citation-key", "raw"),
    Row("kind", "type", "type"),
    Row("title", "title", "rich-title"),
    Row("authors", "author", "names"),
    Row("editors", "editor", "names"),
    Row("date", "issued", "date"),
    Row("abstract", "abstract", "unicode"),
    Row("arxiv_id", "publisher", "const:arXiv"),
    Row("arxiv_id", "number", "arxiv-number"),
    Row("doi", "DOI", "raw"),
    Row("url", "URL", "raw"),
    Row("container_title", "container-title", "unicode"),
    Row("series", "collection-title", "unicode"),
    Row("volume", "volume", "raw"),
    Row("issue", "issue", "raw"),
    Row("pages", "page", "raw"),
    Row("isbn", "ISBN", "raw"),
    Row("publisher", "publisher", "raw"),
    Row("institution", "publisher", "raw"),
    Row("place", "publisher-place", "unicode"),
    Row("edition", "edition", "raw"),
    Row("report_number", "number", "raw"),
    Row("categories", "keyword", "comma-list"),
    Row("note", "note", "unicode"),
    Row("journal_ref", "note", "raw"),
    Row("accessed", "accessed", "date"),
    Row("source", "source", "label"),
    Row("links", "custom.links", "list"),
    Row("authors", "custom.affiliations", "affiliations"),
)
"""CSL-JSON variables; ``custom.NAME`` is a member of the ``custom`` object."""

UNMAPPED: dict[str, str] = {}
"""Model fields CSL-JSON does not write, with the reason (none: ``custom`` takes the rest)."""
