"""RIS writer (format ``ris``), for Zotero, EndNote, Mendeley and review tools.

Records follow the RIS specification as Zotero writes it: ``TY`` first and
``ER`` last, the other tags in Zotero's export order, one value per line with
CRLF line ends (the specification's; ``eol="lf"`` for tools that want LF),
UTF-8 without a byte order mark, no folding of long lines and no newline inside
a value. RIS has no preprint type: preprints are ``GEN``, as Zotero exports them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from attrs import field, frozen
from attrs.validators import in_

from paperbib._tex import tex_to_unicode
from paperbib._text import is_printable
from paperbib.diagnostics import Diagnostics
from paperbib.formats import Row, rows_by_kind, source_label, split_pages
from paperbib.formats.ris import REPEATABLE, RIS_FIELDS, RIS_TYPES, TAG_ORDER, ris_name
from paperbib.models import Bibliography, Entry, PartialDate

__all__ = ["RisWriter"]

# Line breaks and other control characters cannot appear inside a RIS value.
_BREAKS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_SPACES = re.compile(r" {2,}")


def _value(text: str) -> str:
    if not is_printable(text):
        text = _BREAKS.sub(" ", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def _ris_date(date: PartialDate) -> str:
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/"


def _pages(value: str) -> tuple[str, str]:
    first, *rest = split_pages(value)
    return _value(first), _value("-".join(rest))


def _arxiv_note(entry: Entry, value: str) -> str:
    primary = f" [{entry.categories[0]}]" if entry.categories else ""
    return f"arXiv:{value}{primary}"


_CONVERTERS: dict[str, Callable[[Entry, Any], str | list[str]]] = {
    "text": lambda e, v: _value(v),
    "unicode": lambda e, v: _value(tex_to_unicode(v)),
    "names": lambda e, v: [_value(ris_name(p)) for p in v],
    "affiliations": lambda e, v: [
        _value(f"{ris_name(p)}: {p.affiliation}") for p in v if p.affiliation
    ],
    "date": lambda e, v: _ris_date(v),
    "year": lambda e, v: f"{v.year:04d}",
    "first-page": lambda e, v: _pages(v)[0],
    "last-page": lambda e, v: _pages(v)[1],
    "type": lambda e, v: RIS_TYPES[v],
    "label": lambda e, v: source_label(e) or "",
    "arxiv-note": _arxiv_note,
    "each": lambda e, v: [_value(x) for x in v],
}


def _convert(row: Row) -> Callable[[Entry, Any], str | list[str]]:
    converter = row.converter
    if converter.startswith("const:"):
        constant = converter[6:]
        return lambda entry, value: constant
    if converter.startswith("labelled:"):
        label = converter[9:]
        return lambda entry, value: (
            f"{label}: {_value(' '.join(value) if isinstance(value, tuple) else value)}"
        )
    return _CONVERTERS[converter]


_PLAN = {
    kind: [
        (row.field, row.name_for(kind), _convert(row), row.requires, row.is_constant)
        for row in rows
    ]
    for kind, rows in rows_by_kind(RIS_FIELDS).items()
}
_ORDER = {tag: index for index, tag in enumerate(TAG_ORDER)}


@frozen(kw_only=True)
class RisWriter:
    """Write RIS records, one per entry, a blank line after each."""

    name: ClassVar[str] = "ris"
    suffixes: ClassVar[tuple[str, ...]] = (".ris",)
    description: ClassVar[str] = "RIS (.ris) for Zotero, EndNote, Mendeley and review tools"

    eol: Literal["crlf", "lf"] = field(default="crlf", validator=in_(("crlf", "lf")))
    """Line ends: ``"crlf"`` as the RIS specification says, or ``"lf"``."""

    def write(self, bib: Bibliography, report: Diagnostics) -> str:
        """The RIS file."""
        newline = "\r\n" if self.eol == "crlf" else "\n"
        records = []
        for entry in bib:
            lines = [f"{tag}  - {value}" for tag, value in self.tags(entry)]
            records.append(newline.join(lines) + newline)
        return newline.join(records)

    def tags(self, entry: Entry) -> list[tuple[str, str]]:
        """The ``(tag, value)`` pairs of one record, ``TY`` first and ``ER`` last."""
        tags: list[tuple[str, str]] = []
        single: dict[str, str] = {}
        for field_name, tag, convert, requires, constant in _PLAN[entry.kind]:
            value = getattr(entry, field_name)
            if not value or (requires and not getattr(entry, requires)):
                continue
            rendered = convert(entry, value)
            if isinstance(rendered, list):
                tags.extend((tag, v) for v in rendered)
            elif not rendered:
                continue
            elif tag in REPEATABLE:
                tags.append((tag, rendered))
            elif tag not in single:
                single[tag] = rendered
                tags.append((tag, rendered))
            elif single[tag] != rendered and not constant:
                tags.append(("N1", f"{field_name.replace('_', ' ')}: {rendered}"))
        tags.extend(("N1", f"{key}: {_value(str(value))}") for key, value in entry.extra.items())
        tags.append(("ER", ""))
        return sorted(tags, key=lambda pair: _ORDER[pair[0]])
