"""Finding the same paper read twice and merging the records into one.

Two records are the same paper when they share an arXiv id or a DOI, or, when
neither identifier tells them apart, the same normalised title and year.
Records that carry different citation keys (read from a ``.bib`` or CSL-JSON
file) are never merged: a document may cite either key. The
merged entry keeps the richer data of the two: author names, a full date
over a year, an abstract, identifiers, links and extras from either (the
first record's values win). Runs in linear time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import attrs

from paperbib._startup import LazyPattern
from paperbib.diagnostics import Diagnostics
from paperbib.models import Entry, EntryKind

__all__ = ["conflict", "merge_duplicates", "paper_ids"]

_NOT_WORD = LazyPattern(r"[\W_]+")  # only non-ASCII titles need it
# Text the model marks protected from case changes (paperbib._tex.vocab.NOCASE) is the same text.
_PROTECTED = LazyPattern(r"\\NoCaseChange\{([^{}]*)\}")
_ARXIV_LINK = LazyPattern(
    r"(?:arxiv\.org/(?:abs|pdf)/|10\.48550/arxiv\.)([a-z-]+/[0-9]{7}|[0-9]{4}\.[0-9]{4,5})",
    re.IGNORECASE,
)
_ASCII_PUNCTUATION = str.maketrans(dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", " "))
# The more specific kind wins when two records of one paper disagree.
_SPECIFICITY = {
    EntryKind.MISC: 0,
    EntryKind.WEB_PAGE: 1,
    EntryKind.PREPRINT: 2,
    EntryKind.DATASET: 3,
    EntryKind.REPORT: 3,
    EntryKind.BOOK: 3,
    EntryKind.THESIS: 3,
    EntryKind.CHAPTER: 4,
    EntryKind.CONFERENCE_PAPER: 4,
    EntryKind.JOURNAL_ARTICLE: 4,
}


def _title_key(entry: Entry) -> tuple[str, int] | None:
    if not entry.date or not entry.title:
        return None
    title = entry.title
    if "\\" in title:
        title = _PROTECTED.sub(r"\1", title)
    if title.isascii():
        words = title.lower().translate(_ASCII_PUNCTUATION).split()
    else:
        text = unicodedata.normalize("NFKD", title).casefold()
        words = _NOT_WORD.sub(" ", text).split()
    return (" ".join(words), entry.date.year) if len(words) >= 2 else None


def _doi(entry: Entry) -> str | None:
    return entry.doi.casefold() if entry.doi else None


def conflict(a: Entry, b: Entry, *, keys: bool = True) -> bool:
    """Whether identifiers prove two records are different papers.

    With *keys*, two records with different citation keys (entries of a
    ``.bib`` file) are different too, even when they describe one paper:
    documents cite both keys.
    """
    if keys and a.key and b.key and a.key != b.key:
        return True
    if a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id:
        return True
    return bool(
        a.doi and b.doi and _doi(a) != _doi(b) and not (a.arxiv_id and a.arxiv_id == b.arxiv_id)
    )


def _richer_date(a: Entry, b: Entry) -> Entry:
    if a.date is None:
        return b
    if b.date is None or a.date.year != b.date.year:
        return a
    return b if len(b.date.parts()) > len(a.date.parts()) else a


def _merge(a: Entry, b: Entry) -> Entry:
    """*a* completed with what *b* knows."""
    changes: dict[str, Any] = {}
    for field in attrs.fields(Entry):
        name = field.name
        if name in ("key", "origin", "kind", "date", "authors", "links", "categories", "extra"):
            continue
        if getattr(a, name) in (None, "", ()) and getattr(b, name) not in (None, "", ()):
            changes[name] = getattr(b, name)
    if not a.authors and b.authors:
        changes["authors"] = b.authors
    changes["extra"] = a.extra | b.extra
    changes["date"] = _richer_date(a, b).date
    if _SPECIFICITY[b.kind] > _SPECIFICITY[a.kind]:
        changes["kind"] = b.kind
    changes["links"] = tuple(dict.fromkeys(a.links + b.links))
    changes["categories"] = a.categories or b.categories
    if a.key == "" and b.key:
        changes["key"] = b.key
    return attrs.evolve(a, **changes)


def paper_ids(entry: Entry) -> list[tuple[str, object]]:
    """What identifies *entry*'s paper: its arXiv id, DOI, normalised title and year.

    An entry without an arXiv id whose DOI or URL is arXiv's has that arXiv id
    (a ``.bib`` entry often gives only ``url = {https://arxiv.org/abs/…}``).
    Two records sharing one of these are the same paper, unless identifiers or
    citation keys prove otherwise.
    """
    found: list[tuple[str, object]] = []
    arxiv = entry.arxiv_id or _arxiv_in_links(entry)
    if arxiv:
        found.append(("arxiv", arxiv.casefold()))
    if entry.doi:
        found.append(("doi", _doi(entry)))
    if (title := _title_key(entry)) is not None:
        found.append(("title", title))
    return found


def _arxiv_in_links(entry: Entry) -> str | None:
    for text in (entry.doi, entry.url):
        if text and "arxiv" in text.lower() and (match := _ARXIV_LINK.search(text)):
            return match.group(1)
    return None


def merge_duplicates(
    entries: Sequence[Entry], report: Diagnostics
) -> tuple[list[Entry], list[int]]:
    """The entries with duplicates merged into their first occurrence.

    Returns the merged list and, for every input position, the position of the
    entry it ended up in. Each merge is reported as a ``merged`` note located
    at the later record.
    """
    merged: list[Entry] = []
    where: list[int] = []
    index: dict[tuple[str, object], int] = {}

    for entry in entries:
        own = paper_ids(entry)
        target = next(
            (index[k] for k in own if k in index and not conflict(merged[index[k]], entry)),
            None,
        )
        if target is None:
            target = len(merged)
            merged.append(entry)
            for k in own:
                index.setdefault(k, target)
        else:
            first = merged[target]
            merged[target] = _merge(first, entry)
            origin = entry.origin
            first_at = f" ({first.origin})" if first.origin else ""
            report.note(
                "merged",
                f"same paper as an earlier entry{first_at}: {entry.title[:60]!r}; merged into it",
                source=origin.source if origin else None,
                line=origin.line if origin else None,
                origin=origin,
            )
            for k in paper_ids(merged[target]):
                index.setdefault(k, target)
        where.append(target)
    return merged, where
