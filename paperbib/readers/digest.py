"""Reader for a Hugging Face papers page copied as plain text (format ``digest``).

The layout, as a browser copies it (see ``docs/digest-format.md``)::

    Daily Papers                                  <- page header, then the page date
    byAK and the research community
    Dec 9

    Pre-Trained Language Models for Interactive Decision-Making     <- title
                                                                    <- blank line
    Language model (LM) pre-training is useful in many …            <- abstract
                                                                    <- blank line
      • 14 authors                      <- author count, or an organisation line
    ·
    Feb 3, 2022                         <- date; "Jul 20" in the capture year;
                                           an upvote count may follow: "Oct 31, 2023 1"

The reader works block by block (blank-line separated) and line-aware, so every
diagnostic carries a line number; damaged entries are kept where the title is
known and reported either way.
"""

from __future__ import annotations

import datetime
import re
from typing import ClassVar

from attrs import field, frozen

from paperbib._startup import LazyPattern
from paperbib._text import MONTHS, find_links
from paperbib.diagnostics import Diagnostics
from paperbib.models import Entry, EntryKind, PartialDate, Source

__all__ = ["DigestReader"]

# Page chrome a copy picks up around the paper cards, lowercased.
_CHROME = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "weekly papers",
        "monthly papers",
        "trending papers",
        "byak and the research community",
        "previous",
        "next",
    }
)
_AUTHORS = re.compile(r"(?P<count>\d[\d,]*)\s+authors?", re.IGNORECASE)
_DATE = re.compile(
    r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?"
    r"(?:\s+(?P<upvotes>\d[\d,]*))?"
)
_NUMBER = re.compile(r"\d[\d,]*")
_SNIFF = LazyPattern(
    r"(?im)^[ \t]*•[ \t]*\d[\d,]*[ \t]+authors?[ \t]*$"
    r"|^[ \t]*·[ \t]*\n[ \t]*[A-Za-z]{3,9}\.?[ \t]+\d{1,2}\b"
)
# A title is one short line that does not end like a sentence.
_TITLE_MAX = 300


def _as_date(value: datetime.date | str) -> datetime.date:
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


# Plain classes for the reader's scratch records: attrs would generate their
# methods at import, which the command line pays for on every run.
class _Block:
    __slots__ = ("lines", "start")

    def __init__(self, start: int, lines: list[str]) -> None:
        self.start = start
        self.lines = lines

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def title_like(self) -> bool:
        text = self.text
        return len(self.lines) == 1 and len(text) <= _TITLE_MAX and not text.endswith(".")

    @property
    def chrome(self) -> bool:
        return all(line.lower() in _CHROME for line in self.lines)


class _Date:
    __slots__ = ("day", "line", "month", "text", "year")

    def __init__(self, text: str, line: int, month: str, day: int, year: int | None) -> None:
        self.text, self.line, self.month, self.day, self.year = text, line, month, day, year


class _Meta:
    __slots__ = ("author_count", "date", "lone_date", "organization", "start", "upvotes")

    def __init__(self, start: int) -> None:
        self.start = start
        self.author_count: int | None = None
        self.organization: str | None = None
        self.date: _Date | None = None
        self.upvotes: int | None = None
        self.lone_date = False


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] | None = None
    for number, line in enumerate([raw.strip() for raw in text.split("\n")], start=1):
        if not line:
            current = None
        elif current is None:
            current = [line]
            blocks.append(_Block(number, current))
        else:
            current.append(line)
    return blocks


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _parse_meta(block: _Block) -> _Meta | None:
    """The author/organisation, dot and date lines of a card, or ``None`` if *block* is not one."""
    lines = block.lines
    if len(lines) == 1:
        if len(lines[0]) > 30 and "·" not in lines[0] and "•" not in lines[0]:
            return None  # a title or an abstract: card lines are short or carry a dot
    elif not any("·" in line or "•" in line for line in lines):
        return None
    meta = _Meta(block.start)
    texts: list[str] = []
    saw_dot = saw_counted = False
    known_month = False
    for offset, line in enumerate(block.lines):
        number = block.start + offset
        for index, piece in enumerate(line.split("·")):
            if index:
                saw_dot = True
                if texts:
                    meta.organization = " ".join(texts)
                    texts = []
            piece = piece.strip().lstrip("•").strip()
            if not piece:
                continue
            if texts or (meta.date is not None and meta.upvotes is not None):
                return None
            if (m := _AUTHORS.fullmatch(piece)) is not None and meta.date is None:
                meta.author_count = _int(m["count"])
                saw_counted = True
            elif (m := _DATE.fullmatch(piece)) is not None and meta.date is None:
                text = piece[: m.end("year") if m["year"] else m.end("day")]
                year = int(m["year"]) if m["year"] else None
                meta.date = _Date(text, number, m["month"], int(m["day"]), year)
                known_month = m["month"].lower() in MONTHS
                if m["upvotes"]:
                    meta.upvotes = _int(m["upvotes"])
            elif _NUMBER.fullmatch(piece) and meta.date is not None and meta.upvotes is None:
                meta.upvotes = _int(piece)
            elif meta.date is None and not saw_counted:
                texts.append(piece)
            else:
                return None
    if texts:
        return None
    if not (saw_dot or saw_counted):
        # A lone date line: only trust it when the month is a real one, so that a
        # title such as "Mamba 2" is not taken for a date.
        if meta.date is None or not known_month or meta.organization:
            return None
        meta.lone_date = True
    return meta


@frozen(kw_only=True)
class DigestReader:
    """Read a Hugging Face papers page that was copied as text.

    *as_of* is the day the page was captured, or a later day (default: today).
    The page date in the header and entry dates shown without a year ("Jul 20")
    get the latest year that does not put them after the reference date: the
    page date's own (with its year inferred from *as_of* when it has none), or
    *as_of* when the header is missing. Each inference is reported as a note.
    """

    name: ClassVar[str] = "digest"
    suffixes: ClassVar[tuple[str, ...]] = (".txt",)
    description: ClassVar[str] = "Hugging Face papers page copied as text"

    as_of: datetime.date = field(factory=datetime.date.today, converter=_as_date)
    """The capture day or later; dates without a year are placed on or before it."""

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Whether *text* has the author-count or dot-and-date lines of paper cards."""
        if text.lstrip()[:1] in ("<", "{", "["):
            return False  # markup or JSON, even if it quotes such lines
        return "byAK and the research community" in text[:4096] or bool(_SNIFF.search(text))

    def read(self, text: str, report: Diagnostics) -> list[Entry]:
        """The papers of the page, in page order."""
        return _Parse(self.as_of, report).run(text)


class _Parse:
    """State of one read: the page date, the entries so far, the sink."""

    def __init__(self, as_of: datetime.date, report: Diagnostics) -> None:
        self.as_of = as_of
        self.report = report
        self.page_date: datetime.date | None = None
        self.accessed: PartialDate | None = None
        self.entries: list[Entry] = []
        self.started = False

    def run(self, text: str) -> list[Entry]:
        blocks = _blocks(text)
        metas = [_parse_meta(block) for block in blocks]
        if not any(metas):
            return []  # no card at all: this is not a papers page
        pending: list[_Block] = []
        for block, meta in zip(blocks, metas, strict=True):
            if not self.started and not pending and self._header(block, meta):
                continue
            if meta is None:
                pending.append(block)
                continue
            if not pending:
                self.report.drop(
                    "orphan-meta",
                    "author or date lines with no title before them; skipped",
                    line=block.start,
                )
                continue
            self._group(pending, meta)
            pending = []
        if pending and not all(block.chrome for block in pending):
            self._group(pending, None)
        return self.entries

    def _header(self, block: _Block, meta: _Meta | None) -> bool:
        if block.chrome:
            return True
        if meta is not None and meta.lone_date and meta.date is not None:
            date = self._resolve(meta.date, self.as_of, what="page date")
            if date is not None:
                self.page_date = datetime.date(date.year, date.month or 1, date.day or 1)
                self.accessed = date
            return True
        return False

    def _group(self, blocks: list[_Block], meta: _Meta | None) -> None:
        """Turn the blocks before one card's meta lines into entries.

        Normally that is a title and an abstract. A title-like line followed by
        a paragraph starts an entry; title-like lines in a row before it are
        page text (first entry) or entries that lost their abstract.
        """
        first = not self.started
        self.started = True
        segments: list[list[_Block]] = []
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if not segments or (
                block.title_like and following is not None and not following.title_like
            ):
                segments.append([block])
            else:
                segments[-1].append(block)
        if first and len(segments) > 1 and not segments[0][0].title_like:
            # The copy starts inside an earlier card: a paragraph before the first title.
            dropped = segments.pop(0)
            self.report.error(
                "skipped-text",
                f"{len(dropped)} paragraph(s) without a title skipped: {_preview(dropped[0].text)}",
                line=dropped[0].start,
            )
        for segment in segments[:-1]:
            if first and len(segment) == 1:
                self.report.error(
                    "skipped-text",
                    f"text before the first paper skipped: {_preview(segment[0].text)}",
                    line=segment[0].start,
                )
                continue
            self._entry(segment, None)
        if segments:
            self._entry(segments[-1], meta)
        elif meta is not None:
            self.report.drop(
                "orphan-meta", "author or date lines with no title; skipped", line=meta.start
            )

    def _entry(self, blocks: list[_Block], meta: _Meta | None) -> None:
        title_block, paragraphs = blocks[0], blocks[1:]
        line = title_block.start
        origin = self.report.origin(line=line)
        with self.report.about(origin):
            abstract = "\n\n".join(block.text for block in paragraphs) or None
            if meta is None:
                self.report.warning(
                    "missing-meta",
                    "paper has no author and date lines (truncated or damaged copy); "
                    "kept with its title" + (" and abstract" if abstract else ""),
                    line=line,
                )
            elif abstract is None:
                self.report.warning("missing-abstract", "paper has no abstract", line=line)
            date = None
            if meta is not None:
                if meta.date is None:
                    self.report.warning("missing-date", "paper has no date line", line=meta.start)
                else:
                    reference = self.page_date or self.as_of
                    date = self._resolve(meta.date, reference, what="date")
                if meta.author_count is None and meta.organization is None:
                    self.report.warning(
                        "missing-authors",
                        "paper has no author count or organisation",
                        line=meta.start,
                    )
            self.entries.append(
                Entry(
                    kind=EntryKind.PREPRINT,
                    title=title_block.text,
                    abstract=abstract,
                    date=date,
                    links=find_links(abstract) if abstract else (),
                    accessed=self.accessed,
                    source=Source.HUGGING_FACE,
                    extra=_extra(meta),
                    origin=origin,
                )
            )

    def _resolve(self, date: _Date, reference: datetime.date, *, what: str) -> PartialDate | None:
        month = MONTHS.get(date.month.lower())
        if month is None:
            self.report.warning(
                "bad-date",
                f"{what} {date.text!r} has an unknown month; kept without a date",
                line=date.line,
            )
            return None
        if date.year is not None:
            try:
                return PartialDate(date.year, month, date.day)
            except ValueError as exc:
                self.report.warning(
                    "bad-date",
                    f"{what} {date.text!r} is not a real date ({exc}); kept without a date",
                    line=date.line,
                )
                return None
        # The latest year that does not put the date after the reference day;
        # eight years back always reaches a leap year for Feb 29.
        for year in range(reference.year, reference.year - 9, -1):
            try:
                candidate = datetime.date(year, month, date.day)
            except ValueError:
                continue
            if candidate <= reference:
                self.report.note(
                    "year-inferred",
                    f"{what} {date.text!r} has no year; read as {candidate.isoformat()}, "
                    f"the latest such day not after {reference.isoformat()}",
                    line=date.line,
                )
                return PartialDate.from_date(candidate)
        self.report.warning(
            "bad-date",
            f"{what} {date.text!r} is not a real date; kept without a date",
            line=date.line,
        )
        return None


def _extra(meta: _Meta | None) -> dict[str, str | int]:
    """What a card says beyond the bibliographic fields."""
    if meta is None:
        return {}
    extra: dict[str, str | int] = {}
    if meta.author_count is not None:
        extra["hf.authorcount"] = meta.author_count
    if meta.organization:
        extra["hf.organization"] = meta.organization
    if meta.upvotes is not None:
        extra["hf.upvotes"] = meta.upvotes
    return extra


def _preview(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")
