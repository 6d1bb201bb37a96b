"""The normalise stage: what every writer would otherwise derive for itself, done once.

- An arXiv preprint without a DOI gets arXiv's DataCite DOI
  (``10.48550/arXiv.ID``), and one without a URL gets its abstract page
  (``https://arxiv.org/abs/ID``).
- A report without an institution takes its publisher as the institution.
- C0 and C1 control characters and DEL, which no output format can hold, are
  removed from text fields with one ``control-character`` warning per field,
  the same whatever the output format.

Values the input gave are never replaced; only gaps are filled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from paperbib.diagnostics import Diagnostics
from paperbib.models import Entry, EntryKind, Person

__all__ = ["ARXIV_DOI_PREFIX", "ARXIV_URL_PREFIX", "normalise"]

ARXIV_DOI_PREFIX = "10.48550/arXiv."
"""arXiv's DataCite DOIs are this prefix and the identifier."""
ARXIV_URL_PREFIX = "https://arxiv.org/abs/"
"""arXiv's abstract pages are this prefix and the identifier."""

# Tab, newline and carriage return are layout, which writers fold; the rest cannot be kept.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TEXT_FIELDS = (
    "title",
    "abstract",
    "container_title",
    "volume",
    "issue",
    "pages",
    "publisher",
    "place",
    "edition",
    "series",
    "institution",
    "report_number",
    "isbn",
    "journal_ref",
    "note",
    "doi",
    "url",
)
_LIST_FIELDS = ("links", "categories")


_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _controls(value: str) -> bool:
    if value.isascii():
        # Deleting bytes in C is several times faster than a regular-expression search.
        data = value.encode("ascii")
        return len(data.translate(None, _CONTROL_BYTES)) != len(data)
    return _CONTROLS.search(value) is not None


def _clean_person(person: Person) -> Person:
    # A name made only of control characters keeps a visible stand-in: a person needs a name.
    values = {
        name: _CONTROLS.sub("", value) or "\ufffd"
        for name in ("family", "given", "particle", "suffix", "literal", "affiliation")
        if isinstance(value := getattr(person, name), str) and _controls(value)
    }
    return attrs.evolve(person, **values) if values else person


def normalise(entries: Sequence[Entry], report: Diagnostics) -> tuple[Entry, ...]:
    """The entries with derived identifiers filled in and control characters removed."""
    return tuple(_normalise(entry, report) for entry in entries)


def _normalise(entry: Entry, report: Diagnostics) -> Entry:
    clean = _clean(entry)
    if clean and entry.arxiv_id is None and entry.kind is not EntryKind.REPORT:
        return entry
    changes: dict[str, Any] = {}
    if entry.arxiv_id:
        if not entry.doi:
            changes["doi"] = ARXIV_DOI_PREFIX + entry.arxiv_id
        if not entry.url:
            changes["url"] = ARXIV_URL_PREFIX + entry.arxiv_id
    if entry.kind is EntryKind.REPORT and entry.publisher and not entry.institution:
        changes["institution"] = entry.publisher
    if not clean:
        changes.update(_without_controls(entry, report))
    return attrs.evolve(entry, **changes) if changes else entry


def _without_controls(entry: Entry, report: Diagnostics) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        value = getattr(entry, name)
        if value and _controls(value):
            changes[name] = _CONTROLS.sub("", value)
            _removed(report, entry, name)
    for name in _LIST_FIELDS:
        values = getattr(entry, name)
        if any(_controls(v) for v in values):
            cleaned = (_CONTROLS.sub("", v) for v in values)
            changes[name] = tuple(v for v in cleaned if v)
            _removed(report, entry, name)
    for name, label in (("authors", "author"), ("editors", "editor")):
        people = getattr(entry, name)
        if any(_controls(f"{p} {p.affiliation or ''}") for p in people):
            changes[name] = tuple(_clean_person(p) for p in people)
            _removed(report, entry, label)
    extra = entry.extra
    if any(isinstance(v, str) and _controls(v) for v in extra.values()):
        changes["extra"] = {
            k: _CONTROLS.sub("", v) if isinstance(v, str) else v for k, v in extra.items()
        }
        _removed(report, entry, "extra")
    return changes


def _clean(entry: Entry) -> bool:
    """Whether *entry* holds no control character (one search over all its text)."""
    texts = [v for name in _TEXT_FIELDS if (v := getattr(entry, name))]
    texts.extend(v for name in _LIST_FIELDS for v in getattr(entry, name))
    texts.extend(f"{p} {p.affiliation or ''}" for p in (*entry.authors, *entry.editors))
    texts.extend(v for v in entry.extra.values() if isinstance(v, str))
    return not _controls(" ".join(texts))


def _removed(report: Diagnostics, entry: Entry, field: str) -> None:
    origin = entry.origin
    report.warning(
        "control-character",
        f"{field}: control characters removed",
        key=entry.key,
        source=origin.source if origin else None,
        line=origin.line if origin else None,
    )
