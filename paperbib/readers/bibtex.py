"""Reader for BibTeX and biblatex databases (format ``bibtex``).

The file is cut into blocks by bibtexparser v2's rules
(:mod:`paperbib.readers._bibsplit`: a quick split that gives bibtexparser's
blocks, with bibtexparser itself splitting any block the quick split cannot
read as it would); this module does the rest, as BibTeX and biber would:

- ``@string`` macros, the month macros and ``#`` concatenation are expanded;
- ``crossref`` and ``xdata`` are resolved: an entry takes the fields it lacks
  from its parent (with biblatex's mappings, a book's ``title`` becoming a
  chapter's ``booktitle``), and keeps the ``crossref``/``xdata`` field;
- TeX is read into model text (:mod:`paperbib._tex.bibtex`): accents as
  Unicode, a title's brace-protected words kept as protected;
- names are split by BibTeX's rules (First von Last, von Last, First, von
  Last, Jr, First) as bibtexparser implements them, plain names by a faster
  path with the same results (:mod:`paperbib.readers._bibnames`); ``and
  others`` is kept as the name ``others``, as BibTeX styles expect it;
- each field is read through the writers' tables
  (:mod:`paperbib.formats.bibtex`) the other way. A field no row reads is kept
  as the extra ``bibtex.NAME``, which the BibTeX writers write back under its
  own name, and an entry type the writers would not write for the entry's kind
  as ``bibtex.entrytype``.

Broken blocks are reported where they are and the rest of the file is read:
an entry bibtexparser cannot parse is dropped (an error naming its key and
line), a duplicate key or an unknown entry type is a warning, a field given
twice keeps its first value, a missing comma between fields is repaired.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

import attrs
from attrs import frozen

from paperbib._tex.bibtex import Value, has_tex, read_value
from paperbib.diagnostics import Diagnostics, Origin
from paperbib.formats import Row, rows_by_name
from paperbib.formats.bibtex import (
    BIBLATEX_FIELDS,
    BIBLATEX_TYPES,
    BIBTEX_FIELDS,
    BIBTEX_TYPES,
    MONTHS,
    NAME_FIELDS,
    NAMESPACE,
    READ_TYPES,
    STANDARD_TYPES,
    VERBATIM_FIELDS,
    is_type_name,
)
from paperbib.models import Entry, EntryKind, PartialDate, Person
from paperbib.readers._bibnames import (
    family_given,
    name_parts,
    plain_name_parts,
    split_names,
    split_plain_names,
)
from paperbib.readers._bibsplit import Block, blocks, escaped_group_close, quote_end, split

__all__ = ["BibtexReader", "read_ids"]

_ENTRY_START = re.compile(
    r"^[ \t]*@[ \t]*(?:[A-Za-z]+[ \t]*[{(][ \t]*[^\s,{}()\"#%'=]*[ \t]*,"
    r"|(?:string|preamble|comment)[ \t]*[{(])",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER = re.compile(r"@\s*(\w+)\s*[{(]\s*([^\s,{}()]*)")
_IDENTIFIER = re.compile(r"[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*")
_FIELD_START = re.compile(r"\s*([A-Za-z][\w\-.:+]*)\s*=\s*")
_NUMBER = re.compile(r"[0-9]+")
_YEAR = re.compile(r"\s*(-?[0-9]{1,4})\s*")
_ISO_DATE = re.compile(r"\s*([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\s*")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_VERSION = re.compile(r"v[0-9]+$")
_EXTRA_NAME = re.compile(r"[a-z][a-z0-9_-]*")

_MONTH_MACROS = dict(
    zip(
        MONTHS,
        "January February March April May June July August September October November "
        "December".split(),
        strict=True,
    )
)
_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(MONTHS, start=1)},
    **{full.lower(): number for number, full in enumerate(_MONTH_MACROS.values(), start=1)},
    "sept": 9,
}

_NOT_INHERITED = frozenset(
    """
    ids crossref xref xdata entryset entrysubtype execute label options presort related
    relatedoptions relatedstring relatedtype shorthand shorthandintro sortkey key
    """.split()
)
"""Fields a child does not take from its crossref or xdata parent: biblatex's list, and
``key``, a parent's sort key (which the BibTeX writers make from a title) that BibTeX
itself would pass on."""
# biblatex's inheritance: (parent types, child types, {parent field: child field}).
_MAPPINGS: tuple[tuple[frozenset[str], frozenset[str], dict[str, str | None]], ...] = (
    (
        frozenset({"mvbook", "mvcollection", "mvreference", "mvproceedings"}),
        frozenset(
            "book inbook bookinbook suppbook collection reference incollection inreference "
            "suppcollection proceedings inproceedings".split()
        ),
        {
            "title": "maintitle",
            "subtitle": "mainsubtitle",
            "titleaddon": "maintitleaddon",
            "shorttitle": None,
            "sorttitle": None,
            "indextitle": None,
            "indexsorttitle": None,
        },
    ),
    (
        frozenset({"book", "collection", "reference", "proceedings"}),
        frozenset(
            "inbook bookinbook suppbook incollection inreference suppcollection "
            "inproceedings".split()
        ),
        {
            "title": "booktitle",
            "subtitle": "booksubtitle",
            "titleaddon": "booktitleaddon",
            "shorttitle": None,
            "sorttitle": None,
            "indextitle": None,
            "indexsorttitle": None,
        },
    ),
    (
        frozenset({"periodical"}),
        frozenset({"article", "suppperiodical"}),
        {
            "title": "journaltitle",
            "subtitle": "journalsubtitle",
            "shorttitle": None,
            "sorttitle": None,
            "indextitle": None,
            "indexsorttitle": None,
        },
    ),
)
_BOOK_AUTHOR_CHILDREN = frozenset({"inbook", "bookinbook", "suppbook"})
_DATES = frozenset({"date", "year", "month", "day"})
# Read as an arXiv preprint's fields only with an arXiv prefix; otherwise kept as they are.
_EPRINT_FIELDS = frozenset({"eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass"})


class _Options:
    """The writer options the reader reads rows for: every field a writer may write."""

    abstract = True
    arxiv_note = False
    extras = True


_READ = rows_by_name((BIBTEX_FIELDS, BIBLATEX_FIELDS), _Options(), fold=True)
_TYPES: dict[str, list[EntryKind]] = {}
for _types in (BIBTEX_TYPES, BIBLATEX_TYPES):
    for _type_kind, _type_name in _types.items():
        if _type_kind not in _TYPES.setdefault(_type_name, []):
            _TYPES[_type_name].append(_type_kind)
# Among several kinds with one type, the least specific that is not a preprint.
_FALLBACK = (EntryKind.MISC, EntryKind.WEB_PAGE, EntryKind.DATASET)


class _Record:
    """An entry as the file gives it: type, key, line, and its fields with macros expanded."""

    __slots__ = ("fields", "key", "line", "lines", "origin", "type")

    def __init__(self, type: str, key: str, line: int, origin: Origin) -> None:
        self.type = type
        self.key = key
        self.line = line
        self.origin = origin
        self.fields: dict[str, str] = {}
        self.lines: dict[str, int] = {}


class _Parser:
    """Expands a raw field value (``{…}``, ``"…"``, numbers, macros, ``#``) into its text."""

    __slots__ = ("report", "strings")

    def __init__(self, report: Diagnostics) -> None:
        self.report = report
        self.strings: dict[str, str] = {}

    def value(self, raw: str, line: int, field: str) -> tuple[str, list[tuple[str, str, int]]]:
        """The text of *raw*, and fields found after it when a comma was missing."""
        if raw[:1] == "{" and raw[-1:] == "}" and _one_group(raw):
            return raw[1:-1], []
        if raw[:1] == '"' and raw[-1:] == '"' and raw.count('"') == 2:
            return raw[1:-1], []
        if raw.isdigit():
            return raw, []
        if (text := self.strings.get(raw.lower())) is not None:
            return text, []  # a macro alone
        pieces: list[str] = []
        position, length = 0, len(raw)
        while True:
            position = _skip_space(raw, position)
            if position >= length:
                break
            char = raw[position]
            if char == "{":
                end = _group_end(raw, position)
                pieces.append(raw[position + 1 : end - 1])
            elif char == '"':
                end = _quote_end(raw, position)
                pieces.append(raw[position + 1 : end - 1])
            elif (number := _NUMBER.match(raw, position)) is not None:
                end = number.end()
                pieces.append(number.group())
            elif (name := _IDENTIFIER.match(raw, position)) is not None:
                end = name.end()
                pieces.append(self.macro(name.group(), line, field))
            else:
                self.report.warning(
                    "bad-value",
                    f"{field}: unexpected {raw[position : position + 20]!r}; kept as text",
                    line=line + raw.count("\n", 0, position),
                )
                pieces.append(raw[position:])
                break
            position = _skip_space(raw, end)
            if position >= length:
                break
            if raw[position] == "#":
                position += 1
                continue
            rest = raw[position:]
            if _FIELD_START.match(rest):
                at = line + raw.count("\n", 0, position)
                self.report.warning(
                    "missing-comma",
                    f"{field}: no comma before {rest.split('=')[0].strip()!r}; "
                    "read as the next field",
                    line=at,
                )
                return "".join(pieces), self.fields(rest, at)
            self.report.warning(
                "bad-value",
                f"{field}: unexpected {rest[:20]!r} after the value; kept as text",
                line=line + raw.count("\n", 0, position),
            )
            pieces.append(" " + rest)
            break
        return "".join(pieces), []

    def fields(self, text: str, line: int) -> list[tuple[str, str, int]]:
        """``name = value`` pairs of *text* (what followed a missing comma)."""
        found: list[tuple[str, str, int]] = []
        position = 0
        while (match := _FIELD_START.match(text, position)) is not None:
            name = match.group(1)
            start = match.end()
            end = _value_end(text, start)
            at = line + text.count("\n", 0, match.start(1))
            value, more = self.value(text[start:end].strip(), at, name)
            found.append((name, value, at))
            found.extend(more)
            position = end + 1
        return found

    def macro(self, name: str, line: int, field: str) -> str:
        key = name.lower()
        if key in self.strings:
            return self.strings[key]
        if key in _MONTH_MACROS:
            return _MONTH_MACROS[key]
        self.report.warning(
            "undefined-macro",
            f"{field}: @string {name!r} is not defined (before this line); its name is kept",
            line=line,
        )
        return name


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _group_end(text: str, start: int) -> int:
    """The index after the brace that closes the one at *start* (or the end of *text*).

    As the split delimited the value: a brace after a backslash is text.
    """
    close = escaped_group_close(text, start)
    return close + 1 if close >= 0 else len(text)


def _quote_end(text: str, start: int) -> int:
    """The index after the quote closing the one at *start* (or the end of *text*).

    As the split delimited the value: ``\\"`` and ``{"}`` are quote characters.
    """
    end = quote_end(text, start)
    return end if end >= 0 else len(text)


def _value_end(text: str, start: int) -> int:
    """Where a field value starting at *start* ends: the comma after it, at brace depth 0."""
    depth = 0
    quoted = False
    for position in range(start, len(text)):
        char = text[position]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "," and depth == 0 and not quoted:
            return position
    return len(text)


def _one_group(raw: str) -> bool:
    """Whether *raw* (starting with ``{``) is one brace group and nothing after it."""
    return raw.find("}", 1, len(raw) - 1) < 0 or _group_end(raw, 0) == len(raw)


def _month(text: str) -> int | None:
    word = text.strip().rstrip(".").lower()
    if word.isdecimal():
        number = int(word)
        return number if 1 <= number <= 12 else None
    return _MONTH_NUMBERS.get(word) or _MONTH_NUMBERS.get(word[:3] if len(word) > 3 else "")


_MONTH_DAY = re.compile(r"\s*([0-9]{1,2})\W+([A-Za-z]+)\.?\s*|\s*([A-Za-z]+)\.?\W+([0-9]{1,2})\s*")


def _month_day(text: str) -> tuple[int | None, int | None]:
    """``(month, day)`` of ``10 January`` or ``Jan. 10``, else ``(None, None)``."""
    match = _MONTH_DAY.fullmatch(text)
    if match is None:
        return None, None
    day, word = (
        (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    )
    month = _month(word)
    return (month, int(day)) if month is not None and 1 <= int(day) <= 31 else (None, None)


def _iso_date(text: str) -> PartialDate | None:
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        return PartialDate(year, month, day)  # type: ignore[arg-type]
    except ValueError:
        return None


@frozen(kw_only=True)
class BibtexReader:
    """Read BibTeX and biblatex ``.bib`` files."""

    name: ClassVar[str] = "bibtex"
    suffixes: ClassVar[tuple[str, ...]] = (".bib",)
    description: ClassVar[str] = "BibTeX and biblatex databases (.bib)"

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Whether *text* has a BibTeX entry, ``@string``, ``@preamble`` or ``@comment``."""
        return _ENTRY_START.search(text[:100000]) is not None

    def read(self, text: str, report: Diagnostics) -> list[Entry]:
        """One entry per BibTeX entry, in file order (crossref parents included)."""
        records = list(_records(text, report))
        _resolve(records, report)
        names: dict[str, _Name] = {}
        values: tuple[dict[str, Value], dict[str, Value]] = ({}, {})  # plain, title
        entries = []
        for record in records:
            with report.about(record.origin):
                entries.append(_entry(record, names, report, values))
        return entries


def read_ids(text: str, report: Diagnostics) -> list[Entry] | None:
    """The entries of a ``.bib`` with what identifies their papers, or ``None``.

    For the keys an existing output gives its papers
    (:func:`paperbib.pipeline.existing_keys`), on every rebuild: each entry's
    key, type, ``title``, ``year``/``date``, ``doi``, ``eprint`` and ``url``,
    read by the same rules as :class:`BibtexReader` from the blocks
    :func:`~paperbib.readers._bibsplit.split` finds (which needs no
    bibtexparser, whose import alone is about 11 ms). ``None`` when the file has
    what only the full reader reads right: ``@string``, ``crossref`` or
    ``xdata``, one of those fields given as a macro or concatenation, or
    anything the split leaves to bibtexparser.
    """
    lowered = text.lower()
    if "crossref" in lowered or "xdata" in lowered:
        return None
    found = split(text, only=_ID_FIELDS)  # None: a block is left to bibtexparser
    if found is None:
        return None
    records: list[_Record] = []
    for block in found:
        if block.kind == "string":
            return None
        if block.kind != "entry":
            continue
        line = block.line + 1
        record = _Record(block.type, block.key, line, report.origin(line=line))
        for name, raw, at in block.fields:
            name = name.lower()
            if name in _ID_FIELDS and name not in record.fields:
                value = _plain_value(raw)
                if value is None:
                    return None
                if value.strip():
                    record.fields[name] = value
                    record.lines[name] = at + 1
        records.append(record)
    names: dict[str, _Name] = {}
    cache: tuple[dict[str, Value], dict[str, Value]] = ({}, {})
    return [_entry(record, names, report, cache) for record in records]


_ID_FIELDS = frozenset(
    {"title", "year", "date", "doi", "eprint", "archiveprefix", "eprinttype", "url"}
)


def _plain_value(raw: str) -> str | None:
    """The text of a value in braces, in quotes or a number; ``None`` for anything else."""
    if raw[:1] == "{" and raw[-1:] == "}" and _one_group(raw):
        return raw[1:-1]
    if raw[:1] == '"' and raw[-1:] == '"' and raw.count('"') == 2:
        return raw[1:-1]
    return raw if raw.isdigit() else None


def _records(text: str, report: Diagnostics) -> Iterator[_Record]:
    parser = _Parser(report)
    for block in blocks(text):
        line = block.line + 1
        if block.kind == "string":
            value, more = parser.value(block.value.strip(), line, f"@string {block.key}")
            parser.strings[block.key.lower()] = value  # one defined again: the new value wins
            for name, text, _ in more:  # after a missing comma, as the warning says
                parser.strings[name.lower()] = text
        elif block.kind == "preamble":
            report.warning(
                "preamble",
                "@preamble not converted: paperbib reads entries; "
                "commands it defines are not available to the output",
                line=line,
            )
        elif block.kind == "entry":
            yield _record(block, parser, report)
        else:
            _failed(block.failed, line, report)


def _failed(block: Any, line: int, report: Diagnostics) -> None:
    # The error's traceback holds bibtexparser's frames, and through them the whole
    # library: a cycle that would keep every block alive until the next full collection.
    block.error.__traceback__ = None
    header = _HEADER.match(block.raw.lstrip())
    reason = getattr(block.error, "abort_reason", None) or str(block.error)
    reason = reason.strip().splitlines()[0] if reason.strip() else "unbalanced"
    if header is None or header.group(1).lower() in ("string", "preamble", "comment"):
        what = f"@{header.group(1)}" if header else "text"
        report.error("bad-block", f"{what} cannot be parsed ({reason}); skipped", line=line)
        return
    report.drop(
        "bad-entry",
        f"@{header.group(1)}{{{header.group(2)}, cannot be parsed ({reason}); "
        "entry dropped (look for an unbalanced brace or quote)",
        line=line,
    )


def _record(block: Block, parser: _Parser, report: Diagnostics) -> _Record:
    line = block.line + 1
    record = _Record(block.type, block.key.strip(), line, report.origin(line=line))
    with report.about(record.origin):
        if block.duplicate:
            report.warning(
                "duplicate-key",
                f"key {record.key!r} is used by an earlier entry; this one is merged into it "
                "when it is the same paper, else kept under a new key",
                line=line,
            )
        fields, lines = record.fields, record.lines
        for name, raw, at in block.fields:
            at += 1
            value, more = parser.value(raw.strip(), at, name)
            key = name.lower()
            if key in fields or more or not value.strip():
                _add(record, [(name, value, at), *more], report)
            else:
                fields[key] = value
                lines[key] = at
    return record


def _add(record: _Record, pending: list[tuple[str, str, int]], report: Diagnostics) -> None:
    for name, value, at in pending:
        key = name.lower()
        if not value.strip():
            continue  # an empty field is a missing one, as biber has it
        if key in record.fields:
            report.error(
                "duplicate-field",
                f"{key} given twice (first on line {record.lines[key]}); "
                f"this value is dropped: {value[:60]!r}",
                line=at,
            )
            continue
        record.fields[key] = value
        record.lines[key] = at


# -- crossref and xdata ----------------------------------------------------------------------


def _resolve(records: list[_Record], report: Diagnostics) -> None:
    """Give every entry the fields it lacks from its crossref and xdata parents."""
    by_key = {record.key.lower(): record for record in reversed(records)}
    done: set[int] = set()
    for record in records:
        if "crossref" in record.fields or "xdata" in record.fields:
            _resolve_one(record, (), by_key, done, report)


def _resolve_one(
    record: _Record,
    seen: tuple[int, ...],
    by_key: dict[str, _Record],
    done: set[int],
    report: Diagnostics,
) -> None:
    # A function of the module, not a closure calling itself: that would be a reference
    # cycle keeping every record alive until the next full collection.
    if id(record) in done:
        return
    if id(record) in seen:
        report.warning("crossref-cycle", f"{record.key}: crossref or xdata loops back to it")
        return
    for key in _split_keys(record.fields.get("xdata", "")):
        parent = by_key.get(key.lower())
        if parent is None:
            report.warning(
                "crossref-missing", f"xdata {key!r} is not in the file", line=record.line
            )
            continue
        _resolve_one(parent, (*seen, id(record)), by_key, done, report)
        _inherit(record, parent, mappings=False)
    crossref = record.fields.get("crossref", "").strip()
    if crossref:
        parent = by_key.get(crossref.lower())
        if parent is None:
            report.warning(
                "crossref-missing",
                f"crossref {crossref!r} is not in the file",
                line=record.line,
            )
        else:
            _resolve_one(parent, (*seen, id(record)), by_key, done, report)
            _inherit(record, parent, mappings=True)
    done.add(id(record))


def _split_keys(text: str) -> list[str]:
    return [key.strip() for key in text.split(",") if key.strip()]


def _inherit(child: _Record, parent: _Record, *, mappings: bool) -> None:
    """Copy the fields *child* lacks from *parent*, by biblatex's rules when *mappings*."""
    mapped: dict[str, str | None] = {}
    if mappings:
        for parents, children, fields in _MAPPINGS:
            if parent.type in parents and child.type in children:
                mapped = fields
                break
        if (
            parent.type in ("book", "mvbook")
            and child.type in _BOOK_AUTHOR_CHILDREN
            and "author" in parent.fields
            and "bookauthor" not in child.fields
        ):
            child.fields["bookauthor"] = parent.fields["author"]
            child.lines["bookauthor"] = child.line
    dated = not _DATES.isdisjoint(child.fields)
    for name, value in parent.fields.items():
        if name in _NOT_INHERITED or (dated and name in _DATES):
            continue  # a child with a date of its own takes no part of its parent's
        target: str | None = name
        if name in mapped:
            target = mapped[name]
            if target is not None and target in parent.fields:
                continue  # the parent has that field itself (BibTeX's booktitle): it is copied
        if target is None or target in child.fields:
            continue
        child.fields[target] = value
        child.lines[target] = child.line


# -- one entry -------------------------------------------------------------------------------


def _entry(
    record: _Record,
    names: dict[str, _Name],
    report: Diagnostics,
    cache: tuple[dict[str, Value], dict[str, Value]],
) -> Entry:
    fields = dict(record.fields)
    lines = record.lines
    decoded = _Decoded(report, lines, cache)
    values: dict[str, Any] = {}
    extra: dict[str, str] = {}
    categories: list[str] = []

    arxiv = _arxiv(fields, values, extra)
    primary = None
    if arxiv is not None:
        primary = fields.pop("primaryclass", None) or fields.pop("eprintclass", None)
        if primary:
            categories.append(primary.strip())
    kind = _kind(record, arxiv is not None, extra, report)
    # keywords: the writers' "other-categories", those after an arXiv entry's primary class
    # (all of them without an arXiv id); with an arXiv id but no primary class the writers
    # wrote none, so they are the file's own and kept as written.
    for name in ("categories", "keywords") if arxiv is None or primary else ("categories",):
        if name in fields:
            categories.extend(c.strip() for c in decoded.text(name, fields.pop(name)).split(","))
    _dates(fields, values, extra, decoded, report)

    read = _READ[kind]
    for name, value in fields.items():
        if name in ("author", "editor"):
            people = _people(value, name, names, decoded, report, lines.get(name))
            if people:
                values["authors" if name == "author" else "editors"] = people
            continue
        if name in NAME_FIELDS or name in _EPRINT_FIELDS:
            _keep(name, value, extra, decoded, report, lines.get(name))
            continue
        if not _read_with_rows(name, value, read.get(name, ()), values, decoded):
            _keep(name, value, extra, decoded, report, lines.get(name))

    if "affiliation" in extra and values.get("authors"):
        _affiliations(values, extra)
    if categories:
        values["categories"] = tuple(c for c in categories if c)
    decoded.summarise()
    return Entry(
        key=record.key,
        kind=kind,
        extra={f"{NAMESPACE}.{name}": value for name, value in extra.items()},
        origin=record.origin,
        **values,
    )


class _Decoded:
    """Reads field values as model text and collects what could not be read exactly."""

    __slots__ = ("cache", "lines", "markup", "report", "unknown")

    def __init__(
        self,
        report: Diagnostics,
        lines: dict[str, int],
        cache: tuple[dict[str, Value], dict[str, Value]],
    ) -> None:
        self.report = report
        self.lines = lines
        self.cache = cache
        self.unknown: dict[str, list[str]] = {}
        self.markup: dict[str, list[str]] = {}

    def text(self, field: str, value: str, *, title: bool = False) -> str:
        cache = self.cache[title]
        result = cache.get(value)
        if result is None:
            # Values repeat across a file (journals, publishers, a macro's text): read once.
            result = cache[value] = read_value(value, title=title)
        self.add(field, result.unknown, result.markup)
        return result.text

    def add(self, field: str, unknown: Iterable[str], markup: Iterable[str]) -> None:
        """Note commands of *field* that could not be read (*unknown*) or were *markup*."""
        if unknown:
            self.unknown.setdefault(field, []).extend(unknown)
        if markup:
            self.markup.setdefault(field, []).extend(markup)

    def summarise(self) -> None:
        for field, commands in self.unknown.items():
            shown = " ".join(dict.fromkeys(commands))
            self.report.warning(
                "unknown-command",
                f"{field}: {shown} kept as written (not a command paperbib can read); "
                "the output shows it as text",
                line=self.lines.get(field),
            )
        if self.markup:
            shown = ", ".join(
                f"{field} ({' '.join(dict.fromkeys(commands))})"
                for field, commands in self.markup.items()
            )
            self.report.note(
                "markup",
                f"read as plain text, without its markup: {shown}",
                line=_first(self.lines, self.markup),
            )


def _first(lines: dict[str, int], fields: Iterable[str]) -> int | None:
    found = [lines[f] for f in fields if f in lines]
    return min(found) if found else None


def _arxiv(fields: dict[str, str], values: dict[str, Any], extra: dict[str, str]) -> str | None:
    """The arXiv id of an entry with an arXiv eprint (prefix fields consumed), else ``None``."""
    eprint = fields.get("eprint", "").strip()
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    if not eprint or prefix != "arxiv":
        return None
    fields.pop("eprint")
    for name in ("archiveprefix", "eprinttype"):
        if name in fields and fields[name].strip().lower() == "arxiv":
            del fields[name]
    identifier = _ARXIV_VERSION.sub("", eprint.removeprefix("arXiv:").removeprefix("arxiv:"))
    if identifier != eprint:
        extra["eprint"] = eprint  # the version is the source's; written back as it was
    values["arxiv_id"] = identifier
    return identifier


def _kind(record: _Record, arxiv: bool, extra: dict[str, str], report: Diagnostics) -> EntryKind:
    name = record.type
    candidates = _TYPES.get(name)
    if candidates:
        confirmed = [k for k in candidates if _constants_match(k, record.fields)]
        if arxiv and EntryKind.PREPRINT in candidates:
            kind = EntryKind.PREPRINT
        elif len(candidates) == 1:
            kind = candidates[0]
        elif confirmed:
            kind = confirmed[0]  # @online with pubstate = {prepublished}: a preprint
        else:
            kind = next((k for k in _FALLBACK if k in candidates), candidates[0])
    else:
        kind = READ_TYPES.get(name, EntryKind.MISC)
        if name not in STANDARD_TYPES:
            report.warning(
                "unknown-type",
                f"@{name} is not a BibTeX or biblatex entry type; read as {kind.value}, "
                "and written with its own type",
                line=record.line,
            )
    if name not in (BIBTEX_TYPES[kind], BIBLATEX_TYPES[kind]) and is_type_name(name):
        extra["entrytype"] = name
    return kind


def _constants_match(kind: EntryKind, fields: dict[str, str]) -> bool:
    """Whether the entry has a field a writer writes as a constant for *kind* only."""
    return any(
        name in fields and fields[name].strip().lower() == constant
        for name, constant in _KIND_CONSTANTS[kind]
    )


_KIND_CONSTANTS = {
    kind: [
        (name, row.converter[6:].lower())
        for name, rows in by_name.items()
        for row in rows
        if row.field == "kind" and row.is_constant
    ]
    for kind, by_name in _READ.items()
}
"""For each kind, ``(field, value)`` pairs that tell it apart (``pubstate = prepublished``)."""


def _dates(
    fields: dict[str, str],
    values: dict[str, Any],
    extra: dict[str, str],
    decoded: _Decoded,
    report: Diagnostics,
) -> None:
    """The date from ``date`` (biblatex) or ``year``/``month``/``day``; the rest kept as extras.

    A ``date`` the model cannot hold whole (a range, an uncertain date) is kept
    as written and gives the model its start.
    """
    date = None
    raw_date = fields.pop("date", None)
    if raw_date is not None:
        date = _iso_date(raw_date)
        if date is None:
            date = _iso_date(re.split(r"[/~?%]", raw_date.strip(), maxsplit=1)[0])
            extra["date"] = raw_date.strip()
    year = fields.pop("year", None)
    month = fields.pop("month", None)
    day = fields.pop("day", None)
    year_text = decoded.text("year", year) if year is not None else None
    month_text = decoded.text("month", month) if month is not None else None
    year_number = _year(year_text)
    month_number = _month(month_text) if month_text is not None else None
    day_number = int(day) if day is not None and day.strip().isdecimal() else None
    if month_text is not None and month_number is None and day is None:
        # "10~jan": a day and a month in one field, as xampl.bib writes it.
        month_number, day_number = _month_day(month_text)
    if date is None and year_text is not None:
        if year_number is not None and 1 <= year_number <= 9999:
            try:
                date = PartialDate(year_number, month_number, day_number)
            except ValueError:
                date = PartialDate(year_number, month_number)
        else:
            report.warning(
                "not-a-year",
                f"year: {year_text!r} is not a year; kept as text",
                line=decoded.lines.get("year"),
            )
    # Whatever the model's date does not say is kept as written.
    for name, text, number, own in (
        ("year", year_text, year_number, date.year if date else None),
        ("month", month_text, month_number, date.month if date else None),
        ("day", day, day_number if day is not None else None, date.day if date else None),
    ):
        if text is not None and (number is None or number != own):
            extra[name] = text.strip()
    if month_text is not None and day is None and day_number is not None:
        # "10~jan" gives the model its day, and BibTeX (no day field) its text back.
        extra["month"] = month_text.strip()
    if date is not None:
        values["date"] = date
    if "urldate" in fields:
        accessed = _iso_date(fields["urldate"])
        if accessed is not None:
            values["accessed"] = accessed
            del fields["urldate"]


def _year(text: str | None) -> int | None:
    match = _YEAR.fullmatch(text) if text is not None else None
    return int(match.group(1)) if match is not None else None


_Name = tuple[Person | None, tuple[str, ...], tuple[str, ...]]
"""A name as read: the person, and the unknown commands and the markup its text had."""


def _people(
    value: str,
    field: str,
    cache: dict[str, _Name],
    decoded: _Decoded,
    report: Diagnostics,
    line: int | None,
) -> tuple[Person, ...]:
    people = []
    plain = not has_tex(value)  # no TeX, no braces: each name's parts are its words
    for raw in split_plain_names(value) if plain else split_names(value):
        raw = raw.strip()
        if not raw:
            continue
        found = cache.get(raw)
        if found is None:
            person = _plain_person(raw) if plain or not has_tex(raw) else _UNREAD
            found = (person, (), ())
            if person is _UNREAD:
                # What its text reports is kept with it: every entry with the name reports it.
                own = _Decoded(report, decoded.lines, decoded.cache)
                person = _person(raw, field, own, report, line)
                found = (
                    person,
                    tuple(own.unknown.get(field, ())),
                    tuple(own.markup.get(field, ())),
                )
            cache[raw] = found
        person = found[0]
        decoded.add(field, found[1], found[2])
        if person is not None:
            people.append(person)
        else:
            report.warning("empty-name", f"{field}: {raw!r} reads as no name; left out", line=line)
    return tuple(people)


_UNREAD: Any = object()


def _plain_person(raw: str) -> Person | None:
    """A name without TeX as :func:`_person` reads it, or ``_UNREAD`` for one it must read."""
    simple = family_given(raw)
    if simple is not None:
        return Person(family=simple[0], given=simple[1])
    parts = plain_name_parts(raw)
    if parts is None or raw.lower() == "others":
        return _UNREAD  # type: ignore[no-any-return]
    return Person(
        family=" ".join(parts.last),
        given=" ".join(parts.first) or None,
        particle=" ".join(parts.von) or None,
        suffix=" ".join(parts.jr) or None,
    )


def _person(
    raw: str, field: str, decoded: _Decoded, report: Diagnostics, line: int | None
) -> Person | None:
    if raw.lower() == "others":
        return Person(family="others")
    parts = name_parts(raw)
    if parts is None or not parts.last:
        text = decoded.text(field, raw)
        return Person(literal=text) if text else None
    if not (parts.first or parts.von or parts.jr) and len(parts.last) == 1:
        word = parts.last[0]
        if (
            word.startswith("{")
            and word.endswith("}")
            and _group_end(word, 0) == len(word)
            and word[1:2] != "\\"
        ):
            text = decoded.text(field, word[1:-1])
            return Person(literal=text) if text else None
    if not has_tex(raw):  # each part is its words, as read_value would give them
        return Person(
            family=" ".join(parts.last),
            given=" ".join(parts.first) or None,
            particle=" ".join(parts.von) or None,
            suffix=" ".join(parts.jr) or None,
        )
    family = decoded.text(field, " ".join(parts.last))
    if not family:
        text = decoded.text(field, raw)
        return Person(literal=text) if text else None
    return Person(
        family=family,
        given=decoded.text(field, " ".join(parts.first)) if parts.first else None,
        particle=decoded.text(field, " ".join(parts.von)) if parts.von else None,
        suffix=decoded.text(field, " ".join(parts.jr)) if parts.jr else None,
    )


def _read_with_rows(
    name: str, value: str, rows: Iterable[Row], values: dict[str, Any], decoded: _Decoded
) -> bool:
    """Read *value* through the first row of *rows* that can take it; whether one did."""
    for row in rows:
        converter = row.converter
        if converter.startswith("const:"):
            if value.strip().lower() == converter[6:].lower():
                return True
            continue
        if row.field in values:
            continue
        if converter in ("text", "title"):
            text = decoded.text(name, value, title=converter == "title")
            if text:
                values[row.field] = text
            return True
        if converter == "pages":
            values[row.field] = decoded.text(name, value).replace("–", "-").replace("—", "-")
            return True
        if converter == "verbatim":
            text = value.strip()
            if row.field == "doi":
                text = _DOI_PREFIX.sub("", text)
            if text:
                values[row.field] = text
            return True
        if converter == "verbatim-list":
            values[row.field] = tuple(value.split())
            return True
        if converter == "iso-date":
            date = _iso_date(value)
            if date is None:
                return False
            values[row.field] = date
            return True
    return False


def _keep(
    name: str,
    value: str,
    extra: dict[str, str],
    decoded: _Decoded,
    report: Diagnostics,
    line: int | None,
) -> None:
    """Keep a field no row reads as the extra ``bibtex.NAME``."""
    if _EXTRA_NAME.fullmatch(name) is None:
        report.error(
            "field-dropped",
            f"field {name!r}: a name paperbib cannot keep; its value is dropped: {value[:60]!r}",
            line=line,
        )
        return
    extra[name] = value.strip() if name in VERBATIM_FIELDS else decoded.text(name, value)


def _affiliations(values: dict[str, Any], extra: dict[str, str]) -> None:
    """Give authors back the affiliations the writers join into ``affiliation``."""
    found = {}
    for part in extra["affiliation"].split("; "):
        person, colon, affiliation = part.partition(": ")
        if not colon:
            return
        found[person] = affiliation
    authors = values["authors"]
    if not set(found) <= {str(person) for person in authors}:
        return
    values["authors"] = tuple(attrs.evolve(p, affiliation=found.get(str(p))) for p in authors)
    del extra["affiliation"]
