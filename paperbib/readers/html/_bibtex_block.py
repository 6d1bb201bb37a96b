"""A BibTeX entry a page shows in its body, read as one more, lowest-priority source.

Some publishers (USENIX, many university repositories) show a ready-made BibTeX
entry on the paper's page, and it can hold what the meta tags lack: the month,
the publisher, the ISBN. The landing-page reader takes from it only fields
no meta tag or JSON-LD gives.

The entry is parsed with bibtexparser, imported only when the page's text holds
something that starts like a BibTeX entry (``@inproceedings{`` …), so other pages
and the start-up of every run do not pay for it.

The block is not handed to the ``bibtex`` reader
(:class:`paperbib.readers.bibtex.BibtexReader`), which reads each field by what the
block's entry type makes of it: the ``publisher`` of a ``@techreport`` or the
``booktitle`` of a ``@misc`` would become ``bibtex.*`` extras, and a ``number`` a report
number rather than an issue. Here the page's tags decide the kind of entry, so
:func:`bibtex_block` takes the fields by name whatever the type, reads their TeX and
drops their braces (an escaped brace, ``\\{``, is lost with them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from paperbib._tex import decode_tex_text
from paperbib._text import MONTHS
from paperbib.models import PartialDate
from paperbib.readers.html._page import Page, clean

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["FIELDS", "bibtex_block", "block_date"]

FIELDS = (
    "author", "title", "booktitle", "journal", "year", "month", "publisher", "address",
    "volume", "number", "pages", "doi", "isbn",
)  # fmt: skip
"""The fields kept from a shown entry, lowercased."""

_ENTRY_START = re.compile(
    r"@\s*(?:article|inproceedings|conference|incollection|inbook|book|misc|techreport|"
    r"phdthesis|mastersthesis|proceedings|online|report|thesis|unpublished)\s*\{",
    re.IGNORECASE,
)
_HOLDERS = ("pre", "code", "textarea", "div", "p")


def _is_holder(element: HtmlElement) -> bool:
    """Whether *element* could hold a shown entry: preformatted text, or a block whose
    class names BibTeX (``bibtex-text-entry``)."""
    if element.tag in ("pre", "code", "textarea"):
        return True
    classes = (element.get("class") or "").lower().split()
    return element.tag in ("div", "p") and any("bib" in name for name in classes)


def bibtex_block(page: Page) -> dict[str, str]:
    """The fields of the first BibTeX entry shown in *page*, lowercased names, TeX read;
    ``{}`` when the page shows none or it cannot be parsed."""
    if not _ENTRY_START.search(page.text):
        return {}
    for element in page.root.iter(*_HOLDERS):
        if not _is_holder(element) or any(_is_holder(a) for a in element.iterancestors()):
            continue
        text = element.text_content()
        if (match := _ENTRY_START.search(text)) is not None:
            return _fields(text[match.start() :])
    return {}


def _fields(text: str) -> dict[str, str]:
    from bibtexparser.entrypoint import parse_string

    try:
        library = parse_string(text)
    except Exception:  # a page's text is not ours to trust: any failure means "no block"
        return {}
    if not library.entries:
        return {}
    found: dict[str, str] = {}
    for field in library.entries[0].fields:
        name = field.key.lower()
        if name in FIELDS and isinstance(field.value, str):
            value = clean(decode_tex_text(field.value).replace("{", "").replace("}", ""))
            if value:
                found[name] = value
    return found


def block_date(fields: dict[str, str]) -> PartialDate | None:
    """Year and month of a shown entry (``month = apr``, ``{April}`` or ``4``)."""
    year = fields.get("year", "")
    if not (year.isdigit() and len(year) == 4):
        return None
    month_text = fields.get("month", "").strip().rstrip(".").lower()
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
    try:
        return PartialDate(int(year), month if month and 1 <= month <= 12 else None)
    except ValueError:
        return None
