"""Reader for RIS (format ``ris``): exports of Zotero, EndNote, Mendeley and databases.

Each record is read through the RIS writer's table
(:data:`paperbib.formats.ris.RIS_FIELDS`) the other way: ``TY`` gives the
kind, ``ID`` the key, and each tag the field its row writes. Where several
rows write one tag, the value says which: an ``N1`` note ``arXiv:ID [cs.CL]``
is the arXiv id, ``Journal-ref: …`` the journal reference, ``hf.upvotes: 12``
an extra, and any other note the note; ``PB  - arXiv`` of a record with an
arXiv id is the writer's constant. Older tags are read as the writer's
(``T1`` as ``TI``, ``JO`` as ``T2``, ``N2`` as ``AB``); any other tag is kept as
the extra ``ris.TAG``.

Written by hand rather than with rispy: rispy reports no line numbers, skips
what it does not understand without a word, and its output would need the
same mapping onto the model's fields as the lines themselves.

Lines may end in CRLF, LF or CR (the pipeline makes them LF before reading);
a tag is two characters, one or two spaces and ``-``. A line without a tag
continues the value before it (a new value of a repeatable tag such as ``KW``
or ``AU``, as EndNote writes them).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import attrs
from attrs import frozen

from paperbib.diagnostics import Diagnostics
from paperbib.formats import Row, rows_by_name
from paperbib.formats.ris import (
    NAMESPACE,
    READ_TAGS,
    READ_TYPES,
    REPEATABLE,
    RIS_FIELDS,
    RIS_TYPES,
    ris_name,
)
from paperbib.keys import usable_key
from paperbib.models import SITE_EXTRA, Entry, EntryKind, PartialDate, Person, Source

__all__ = ["RisReader"]

_TAG = re.compile(r"([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$")
_START = re.compile(r"\A\s*(?:[0-9]+\.\s*\n\s*)?TY {1,2}- ")
_NUMBERED = re.compile(r"[0-9]+\.\s*")
_DATE = re.compile(r"\s*([0-9]{4})(?:[/-]([0-9]{1,2})?(?:[/-]([0-9]{1,2})?)?)?(?:[/-].*)?\s*")
_ARXIV_NOTE = re.compile(r"arXiv:(\S+)(?: \[([^\]]+)\])?")
_EXTRA_NOTE = re.compile(r"([a-z][a-z0-9]*\.[a-z][a-z0-9_-]*): (.*)", re.DOTALL)
_FIELD_NOTE = re.compile(r"([a-z][a-z ]*): (.*)", re.DOTALL)
_ISBN = re.compile(r"(?:97[89])?[0-9]{9}[0-9Xx]")

_READ = rows_by_name((RIS_FIELDS,))
# GEN is both a preprint's and a generic record's type: misc, unless it has an arXiv note.
_TYPES = {name: kind for kind, name in RIS_TYPES.items()}
_LABELS = {source.label: source for source in Source}
_LIST_TAGS = REPEATABLE | {"KW", "UR", "A1", "A2", "A3", "A4", "ED"}


@frozen(kw_only=True)
class RisReader:
    """Read RIS records."""

    name: ClassVar[str] = "ris"
    suffixes: ClassVar[tuple[str, ...]] = (".ris",)
    description: ClassVar[str] = "RIS (.ris) from Zotero, EndNote, Mendeley and databases"

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Whether *text* starts with a ``TY`` line (after blank lines or a record number)."""
        return _START.match(text[:4000]) is not None

    def read(self, text: str, report: Diagnostics) -> list[Entry]:
        """One entry per ``TY`` … ``ER`` record, in file order."""
        entries = []
        for line, tags in _records(text, report):
            origin = report.origin(line=line)
            with report.about(origin):
                entries.append(_entry(tags, origin, report, line))
        return entries


def _records(text: str, report: Diagnostics) -> list[tuple[int, list[tuple[str, str, int]]]]:
    """``(line, [(tag, value, line), …])`` for each record."""
    records: list[tuple[int, list[tuple[str, str, int]]]] = []
    current: list[tuple[str, str, int]] | None = None
    outside: list[int] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.lstrip("\ufeff")
        match = _TAG.match(line)
        if match is None:
            if not line.strip():
                continue
            if current:
                tag, value, at = current[-1]
                if tag in _LIST_TAGS:
                    current.append((tag, line.strip(), number))
                else:
                    current[-1] = (tag, f"{value}\n{line.strip()}", at)
            elif not _NUMBERED.fullmatch(line.strip()):
                outside.append(number)
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if current is not None:
                report.warning(
                    "no-er",
                    "record not closed by ER before the next TY; read as it is",
                    line=number,
                )
            current = [(tag, value, number)]
            records.append((number, current))
        elif tag == "ER":
            if current is None:
                outside.append(number)
            current = None
        elif current is None:
            outside.append(number)
        else:
            current.append((tag, value, number))
    if current is not None:
        report.warning("no-er", "last record not closed by ER; read as it is", line=records[-1][0])
    if outside:
        report.warning(
            "outside-record",
            f"{len(outside)} line(s) outside a TY … ER record, not read (the first is this one)",
            line=outside[0],
        )
    return records


class _Record:
    __slots__ = ("extra", "notes", "report", "values")

    def __init__(self, report: Diagnostics) -> None:
        self.report = report
        self.values: dict[str, Any] = {}
        self.extra: dict[str, str | int] = {}
        self.notes: list[str] = []

    def keep(self, tag: str, value: str) -> None:
        key = f"{NAMESPACE}.{tag.lower()}"
        old = self.extra.get(key)
        self.extra[key] = f"{old}\n{value}" if old else value


def _entry(tags: list[tuple[str, str, int]], origin: Any, report: Diagnostics, line: int) -> Entry:
    record = _Record(report)
    kind = _kind(tags[0][1], record, line)
    read = _READ[kind]
    key = ""
    notes = [value for tag, value, _ in tags if tag == "N1"]
    arxiv = next((m for v in notes if (m := _ARXIV_NOTE.fullmatch(v.strip()))), None)
    if arxiv is not None:
        record.values["arxiv_id"] = arxiv.group(1)
        if kind is EntryKind.MISC and tags[0][1].strip() == RIS_TYPES[EntryKind.PREPRINT]:
            kind = EntryKind.PREPRINT
    people: dict[str, list[Person]] = {}
    pages: dict[str, str] = {}
    seen: dict[str, int] = {}
    urls: list[str] = []
    for tag, value, at in tags[1:]:
        tag = READ_TAGS.get(tag, tag)
        if not value:
            continue
        if tag in ("ID", "SP", "EP"):
            if tag in seen:
                report.warning(
                    "duplicate-tag",
                    f"{tag} given twice (first on line {seen[tag]}); "
                    f"the first is kept, this value left out: {value[:60]!r}",
                    line=at,
                )
                continue
            seen[tag] = at
        if tag == "ID":
            key = _key(value, report, at)
        elif tag in ("AU", "A2"):
            person = _person(value)
            if person is not None:
                people.setdefault(tag, []).append(person)
        elif tag in ("SP", "EP"):
            pages[tag] = value
        elif tag == "UR":
            urls.append(value)
        elif tag == "N1":
            _note(value, record, arxiv is not None)
        elif tag == "KW":
            record.values.setdefault("categories", []).append(value)
        elif tag == "AD":
            record.values.setdefault("_affiliations", []).append(value)
        elif not _read_with_rows(tag, value, read.get(tag, []), record, at):
            record.keep(tag, value)
    if "AU" in people:
        record.values["authors"] = tuple(people["AU"])
    if "A2" in people:
        record.values["editors"] = tuple(people["A2"])
    if pages:
        first, last = pages.get("SP", ""), pages.get("EP", "")
        record.values["pages"] = (
            f"{first}-{last}" if first and last and first != last else first or last
        )
    if urls:
        record.values["url"] = urls[0]
        if len(urls) > 1:
            record.values["links"] = tuple(
                dict.fromkeys([*record.values.get("links", ()), *urls[1:]])
            )
    if "categories" in record.values:
        record.values["categories"] = tuple(record.values["categories"])
    elif arxiv is not None and arxiv.group(2):
        record.values["categories"] = (arxiv.group(2),)
    if record.notes:
        record.values["note"] = "\n".join(record.notes)
    _affiliations(record)
    return Entry(key=key, kind=kind, extra=record.extra, origin=origin, **record.values)


def _kind(name: str, record: _Record, line: int) -> EntryKind:
    name = name.strip().upper()
    if name in _TYPES:
        return _TYPES[name]
    if name in READ_TYPES:
        record.extra[f"{NAMESPACE}.ty"] = name
        return READ_TYPES[name]
    record.extra[f"{NAMESPACE}.ty"] = name
    record.report.warning(
        "type-changed",
        f"reference type {name!r} has no kind in the model; read as misc "
        f"(written as {RIS_TYPES[EntryKind.MISC]})",
        line=line,
    )
    return EntryKind.MISC


def _key(value: str, report: Diagnostics, line: int) -> str:
    if usable_key(value):
        return value
    report.note("bad-key", f"ID {value!r} cannot be a citation key; a new key is made", line=line)
    return ""


def _person(value: str) -> Person | None:
    """``Family, Given[, Suffix]``; a name without a comma is an organisation's, kept whole."""
    if "," not in value:
        return Person(literal=value.strip()) if value.strip() else None
    from paperbib.names import parse_name

    return parse_name(value)


def _note(value: str, record: _Record, arxiv: bool) -> None:
    """An ``N1`` note: one the writer made from a field or an extra, else a note."""
    text = value.strip()
    if arxiv and _ARXIV_NOTE.fullmatch(text) is not None:
        return
    for row in _READ[EntryKind.MISC]["N1"]:
        if row.converter.startswith("labelled:"):
            label = row.converter[9:] + ": "
            if text.startswith(label) and row.field not in record.values:
                rest = text[len(label) :]
                record.values[row.field] = tuple(rest.split()) if row.field == "links" else rest
                return
    if (extra := _EXTRA_NOTE.fullmatch(text)) is not None:
        known = record.extra.get(extra.group(1))
        if known is None:
            record.extra[extra.group(1)] = extra.group(2)
            return
        if known == extra.group(2):
            return  # DP said it already (web.site)
    if (field := _FIELD_NOTE.fullmatch(text)) is not None:
        name = field.group(1).replace(" ", "_")
        if name in _TEXT_FIELDS and name not in record.values:
            record.values[name] = field.group(2)
            return
    record.notes.append(text)


_TEXT_FIELDS = frozenset(
    {
        "title", "abstract", "container_title", "volume", "issue", "pages", "publisher",
        "place", "edition", "series", "institution", "report_number", "isbn", "journal_ref",
        "doi", "url",
    }
)  # fmt: skip
"""Fields the writer may write as an ``N1`` note ``field name: value`` when their tag is taken."""


def _read_with_rows(tag: str, value: str, rows: list[Row], record: _Record, line: int) -> bool:
    values = record.values
    # A constant is the writer's whatever the table order (PB  - arXiv of a preprint): tried first.
    for row in sorted(rows, key=lambda row: not row.is_constant):
        converter = row.converter
        if row.is_constant:
            if value == converter[6:] and values.get(row.field):
                return True
            continue
        if converter in ("date", "year") and row.field == "date" and "date" in values:
            date = _date(value)
            if date is not None and date.year == values["date"].year:
                return True  # PY repeats the year of DA
            continue
        if row.field in values:
            continue
        if converter in ("text", "unicode"):
            if (
                row.field == "isbn"
                and _ISBN.fullmatch(value.replace("-", "").replace(" ", "")) is None
            ):
                continue  # an ISSN in SN
            values[row.field] = value
            return True
        if converter in ("date", "year"):
            date = _date(value)
            if date is not None and date != _date(value, whole=True):
                record.report.warning(
                    "bad-date",
                    f"{tag}: {value!r} is not a real date; read as {date}, the rest left out",
                    line=line,
                )
            if date is None:
                return False
            values[row.field] = date
            return True
        if converter == "label":
            values[row.field] = _source(value, record)
            return True
    return False


def _source(label: str, record: _Record) -> Source:
    """The source a label names; any other label is a web site's (or database's) name."""
    source = _LABELS.get(label)
    if source is None:
        record.extra[SITE_EXTRA] = label
        return Source.WEB
    return source


def _date(text: str, *, whole: bool = False) -> PartialDate | None:
    """The date *text* says; its year and month, or year, when its month or day is not real.

    *whole*: the whole date or ``None``.
    """
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    tries = ((year, month, day), (year, month, None), (year, None, None))
    for parts in tries[:1] if whole else tries:
        try:
            return PartialDate(*parts)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
    return None


def _affiliations(record: _Record) -> None:
    found = record.values.pop("_affiliations", None)
    if not found:
        return
    authors = record.values.get("authors", ())
    by_name = {}
    for text in found:
        person, colon, affiliation = text.partition(": ")
        by_name[person] = affiliation if colon else None
    if (
        not authors
        or not set(by_name) <= {ris_name(p) for p in authors}
        or None in by_name.values()
    ):
        for text in found:
            record.keep("AD", text)
        return
    record.values["authors"] = tuple(
        attrs.evolve(p, affiliation=by_name.get(ris_name(p))) for p in authors
    )
