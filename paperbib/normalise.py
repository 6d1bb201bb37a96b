"""The normalise stage: what every writer would otherwise derive for itself, done once.

- An arXiv preprint without a DOI gets arXiv's DataCite DOI
  (``10.48550/arXiv.ID``), and one without a URL gets its abstract page
  (``https://arxiv.org/abs/ID``).
- A report without an institution takes its publisher as the institution.
- C0 and C1 control characters and DEL, which no output format can hold, are
  removed from text fields with one ``control-character`` warning per field,
  the same whatever the output format.
- Fields are bounded (:data:`FIELD_LIMITS`, :data:`TEXT_LIMIT`): longer text is
  cut after its last whole word that fits, ending in ``…``, with a
  ``field-cut`` warning; a URL, DOI or link that long is no identifier and is
  left out, with a ``field-dropped`` error. Real records are far below the
  limits (arXiv caps abstracts at 1,920 characters); hostile ones would break
  the builds downstream (a 200,000-character abstract overflows TeX's input
  buffer through biber's ``.bbl``).

Values the input gave are never replaced, except by those two clean-ups; only
gaps are filled.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any

import attrs

from paperbib.diagnostics import Diagnostics
from paperbib.models import Entry, EntryKind, Person

__all__ = [
    "ARXIV_DOI_PREFIX",
    "ARXIV_URL_PREFIX",
    "FIELD_LIMITS",
    "TEXT_LIMIT",
    "cut_text",
    "normalise",
]

ARXIV_DOI_PREFIX = "10.48550/arXiv."
"""arXiv's DataCite DOIs are this prefix and the identifier."""
ARXIV_URL_PREFIX = "https://arxiv.org/abs/"
"""arXiv's abstract pages are this prefix and the identifier."""

TEXT_LIMIT = 1_000
"""The longest text field, name part, category or extra, in characters, unless
:data:`FIELD_LIMITS` says otherwise."""

FIELD_LIMITS: dict[str, int] = {"abstract": 10_000, "url": 2_000, "doi": 2_000, "links": 2_000}
"""Fields with a limit of their own, in characters (``links``: each link)."""

_IDENTIFIERS = frozenset({"url", "doi", "links"})
"""Fields cut short would point somewhere else: too long, they are left out."""
_ELLIPSIS = "\u2026"

# Tab, newline and carriage return are layout, which writers fold; the other control
# characters cannot be kept, nor can lone surrogates (JSON's "\\ud800"), which no encoding holds.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
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
    text = _text(entry)
    abstract = len(entry.abstract or "")
    # No field can be over its limit when all but the abstract fit in one field's limit.
    if (len(text) - abstract > TEXT_LIMIT or abstract > FIELD_LIMITS["abstract"]) and _oversized(
        entry
    ):
        entry = attrs.evolve(entry, **_bounded(entry, report))
        text = _text(entry)
    clean = not _controls(text)
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


# attrgetter reads all the fields in one call in C: _text runs for every entry.
_TEXT_VALUES = operator.attrgetter(*_TEXT_FIELDS)
_LIST_VALUES = operator.attrgetter(*_LIST_FIELDS)
_PERSON_VALUES = operator.attrgetter(
    "family", "given", "particle", "suffix", "literal", "affiliation"
)


def _person_parts(people: tuple[Person, ...]) -> Iterator[str]:
    """The name parts and affiliations of *people* that are set, in order."""
    # In C, without a generator per person: every entry's every name goes through here.
    return filter(None, chain.from_iterable(map(_PERSON_VALUES, people)))


def _text(entry: Entry) -> str:
    """All the text of *entry* in one string, for one search and one length."""
    texts = [v for v in _TEXT_VALUES(entry) if v]
    for values in _LIST_VALUES(entry):
        texts += values
    for people in (entry.authors, entry.editors):
        if people:
            # The parts, not str(person): the same characters, each part a whole substring.
            texts += _person_parts(people)
    texts.extend(v for _, v in entry.extra.items() if isinstance(v, str))
    return " ".join(texts)


def _removed(report: Diagnostics, entry: Entry, field: str) -> None:
    _report(report, entry, "control-character", f"{field}: control characters removed")


def _limit(field: str) -> int:
    return FIELD_LIMITS.get(field, TEXT_LIMIT)


# A span the model marks protected (``\NoCaseChange{…}``, read from a .bib) is
# not text: its marker does not count towards a limit.
_MARK = "\\NoCaseChange{"
_UNMARK = re.compile(r"\\NoCaseChange\{([^{}]*)\}")


def _length(value: str) -> int:
    """The length of *value* as a reader sees it (protection markers left out)."""
    if "\\" not in value:
        return len(value)
    return len(value) - value.count(_MARK) * (len(_MARK) + 1)


def _oversized(entry: Entry) -> bool:
    """Whether some field of *entry* is longer than its limit (one pass of ``len``)."""
    for name in _TEXT_FIELDS:
        value = getattr(entry, name)
        if value and _length(value) > _limit(name):
            return True
    if any(len(v) > _limit(name) for name in _LIST_FIELDS for v in getattr(entry, name)):
        return True
    if any(isinstance(v, str) and len(v) > TEXT_LIMIT for v in entry.extra.values()):
        return True
    return any(
        max(map(len, _person_parts(people)), default=0) > TEXT_LIMIT
        for people in (entry.authors, entry.editors)
    )


def cut_text(text: str, limit: int) -> str:
    """*text* in at most *limit* characters: its last whole words that fit, then ``…``.

    A text with no space in the second half of the part that fits is cut
    inside a word.
    """
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip() + _ELLIPSIS


def _bounded(entry: Entry, report: Diagnostics) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        value = getattr(entry, name)
        limit = _limit(name)
        if not value or _length(value) <= limit:
            continue
        if name in _IDENTIFIERS:
            changes[name] = None
            _dropped(report, entry, name, len(value), limit)
        else:
            # A cut could split a marker: a field cut short keeps its words, not their marks.
            plain = _UNMARK.sub(r"\1", value)
            changes[name] = cut_text(plain, limit)
            _cut(report, entry, name, len(plain), limit)
    links = [link for link in entry.links if len(link) <= _limit("links")]
    if len(links) < len(entry.links):
        changes["links"] = tuple(links)
        longest = max(len(link) for link in entry.links)
        _dropped(report, entry, "links", longest, _limit("links"))
    if any(len(c) > TEXT_LIMIT for c in entry.categories):
        longest = max(len(c) for c in entry.categories)
        changes["categories"] = tuple(cut_text(c, TEXT_LIMIT) for c in entry.categories)
        _cut(report, entry, "categories", longest, TEXT_LIMIT)
    for name, label in (("authors", "author"), ("editors", "editor")):
        people = getattr(entry, name)
        longest = max(map(len, _person_parts(people)), default=0)
        if longest > TEXT_LIMIT:
            changes[name] = tuple(_bounded_person(p) for p in people)
            _cut(report, entry, label, longest, TEXT_LIMIT)
    for key, value in entry.extra.items():
        if isinstance(value, str) and len(value) > TEXT_LIMIT:
            changes["extra"] = {
                k: cut_text(v, TEXT_LIMIT) if isinstance(v, str) else v
                for k, v in entry.extra.items()
            }
            _cut(report, entry, key, len(value), TEXT_LIMIT)
    return changes


def _bounded_person(person: Person) -> Person:
    values = {
        name: cut_text(value, TEXT_LIMIT)
        for name in ("family", "given", "particle", "suffix", "literal", "affiliation")
        if isinstance(value := getattr(person, name), str) and len(value) > TEXT_LIMIT
    }
    return attrs.evolve(person, **values) if values else person


def _cut(report: Diagnostics, entry: Entry, field: str, length: int, limit: int) -> None:
    _report(
        report,
        entry,
        "field-cut",
        f"{field}: {length:,} characters, cut to the {limit:,}-character limit",
    )


def _dropped(report: Diagnostics, entry: Entry, field: str, length: int, limit: int) -> None:
    _report(
        report,
        entry,
        "field-dropped",
        f"{field}: {length:,} characters, over the {limit:,}-character limit; left out",
        error=True,
    )


def _report(
    report: Diagnostics, entry: Entry, code: str, message: str, *, error: bool = False
) -> None:
    origin = entry.origin
    (report.error if error else report.warning)(
        code,
        message,
        key=entry.key,
        source=origin.source if origin else None,
        line=origin.line if origin else None,
    )
