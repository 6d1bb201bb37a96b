"""The lock file: what resolving found for each paper, and its citation key.

Plain text, one block per paper, blocks sorted by key, so that a re-run
changes nothing and a new paper adds one block::

    # paperbib lock file: ...

    [li2022pretrained]
    title = Pre-Trained Language Models for Interactive Decision-Making
    year = 2022
    status = resolved
    source = hf arxiv
    id = 2202.01771
    retrieved = 2026-11-30
    checks = title equal; 14 authors; date 0d
    arxiv = 2202.01771
    author = Shuang Li
    author = Xavier Puig

A block belongs to the input entry with the same normalised ``title`` and
``year`` (or, failing that, the same ``arxiv`` id as the input gives). Its
header is the entry's citation key, whatever the input order. The fields after
``checks`` are the values resolving found; they fill what the input lacks, the
same way whether they were just found or read from here, so a build from the
lock gives the resolving run's bytes.

Hand edits are kept: a block with only ``title``, ``year`` and ``arxiv`` pins
that paper's arXiv id (the next ``--resolve`` looks it up by id); a corrected
``author`` line is used as written; a deleted block is resolved again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence

from attrs import field, frozen

from paperbib.errors import ParseError
from paperbib.models import Entry
from paperbib.resolve.match import normal_title

__all__ = ["FIELDS", "HEADER", "Block", "Lock", "LockError"]

HEADER = """\
# paperbib lock file: what `paperbib convert --resolve` found for each paper, and its key.
# Commit it with your document: builds read it and need no network. Hand edits are kept:
# pin an arXiv id (a block with only title, year and arxiv), correct an author line, or
# delete a block to resolve that paper again. Blocks are sorted by citation key.
"""
"""The comment every lock file starts with."""

FIELDS = (
    "title",
    "year",
    "status",
    "source",
    "id",
    "retrieved",
    "checks",
    "arxiv",
    "version",
    "categories",
    "doi",
    "journal-ref",
    "author",
)
"""The fields of a block, in the order they are written; ``author`` repeats."""


class LockError(ParseError):
    """The lock file cannot be read; nothing is written."""


def _tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@frozen(kw_only=True)
class Block:
    """One paper of the lock file."""

    key: str
    """The paper's citation key."""
    title: str
    """The title as the input gives it (what the block is found by)."""
    year: int | None = None
    """The input's year, which with the title finds the block."""
    status: str = ""
    """``resolved``, ``unresolved: REASON``, or empty for a hand-pinned block."""
    source: str = ""
    """The resolvers whose records were accepted, space-separated."""
    id: str = ""
    """The identifier the record was found under."""
    retrieved: str = ""
    """The day the record was retrieved (ISO date)."""
    checks: str = ""
    """The match checks that passed."""
    arxiv: str = ""
    """arXiv identifier."""
    version: int | None = None
    """Latest arXiv version."""
    categories: tuple[str, ...] = field(default=(), converter=_tuple)
    """Subject categories, primary first."""
    doi: str = ""
    """DOI of the published version."""
    journal_ref: str = ""
    """Reference to the published version."""
    authors: tuple[str, ...] = field(default=(), converter=_tuple)
    """Author names as the source displays them, in order."""
    line: int = field(default=0, eq=False)
    """Line of the header in the file it was read from."""

    @property
    def resolved(self) -> bool:
        """Whether the block holds a resolved record (not a pin or a failure)."""
        return self.status == "resolved"

    @property
    def finds(self) -> tuple[str, int | None]:
        """What the block is looked up by: the normalised title and the year."""
        return (normal_title(self.title), self.year)

    def text(self) -> str:
        """The block as it is written in the file."""
        lines = [f"[{self.key}]"]
        values: list[tuple[str, object]] = [
            ("title", self.title),
            ("year", self.year),
            ("status", self.status),
            ("source", self.source),
            ("id", self.id),
            ("retrieved", self.retrieved),
            ("checks", self.checks),
            ("arxiv", self.arxiv),
            ("version", self.version),
            ("categories", " ".join(self.categories)),
            ("doi", self.doi),
            ("journal-ref", self.journal_ref),
            *(("author", name) for name in self.authors),
        ]
        lines.extend(f"{name} = {value}" for name, value in values if value not in ("", None))
        return "\n".join(lines) + "\n"


class Lock:
    """The blocks of one lock file, found by title and year or by arXiv id."""

    def __init__(self, blocks: Iterable[Block] = (), path: str | None = None) -> None:
        self.path = path
        """Where the lock was read from, or will be written."""
        self.blocks: dict[str, Block] = {}
        """The blocks by key."""
        self._finds: dict[tuple[str, int | None], Block] = {}
        self._arxiv: dict[str, Block] = {}
        for block in blocks:
            self.add(block)

    def add(self, block: Block) -> None:
        """Add or replace the block for *block*'s paper."""
        old = self.find_block(block.finds, block.arxiv)
        if old is not None:
            self.blocks.pop(old.key, None)
        self.blocks[block.key] = block
        self._finds[block.finds] = block
        if block.arxiv:
            self._arxiv[block.arxiv] = block

    def find_block(self, finds: tuple[str, int | None], arxiv: str | None) -> Block | None:
        found = self._finds.get(finds)
        if found is None and arxiv:
            found = self._arxiv.get(arxiv)
        return found if found is not None and self.blocks.get(found.key) is found else None

    def find(self, entry: Entry) -> Block | None:
        """The block of *entry*'s paper, if the lock has one."""
        year = entry.date.year if entry.date else None
        return self.find_block((normal_title(entry.title), year), entry.arxiv_id)

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks[key] for key in sorted(self.blocks))

    def __len__(self) -> int:
        return len(self.blocks)

    def text(self) -> str:
        """The whole file: the header comment, then the blocks sorted by key."""
        return HEADER + "".join("\n" + block.text() for block in self)

    @classmethod
    def parse(cls, text: str, path: str | None = None) -> Lock:
        """Read a lock file; raises :class:`LockError` with the line of the first problem."""
        blocks: list[Block] = []
        seen: set[str] = set()
        current: dict[str, list[str]] | None = None
        start = 0

        def close() -> None:
            if current is None:
                return
            blocks.append(_block(current, start, path))

        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                close()
                key = line[1:-1].strip()
                if not key or any(c.isspace() or c in "{}(),=\\#%'\"" for c in key):
                    raise LockError(f"{key!r} is not a citation key", source=path, line=number)
                if key in seen:
                    raise LockError(f"key {key!r} has two blocks", source=path, line=number)
                seen.add(key)
                current, start = {"key": [key]}, number
                continue
            name, equals, value = line.partition("=")
            name = name.strip()
            if not equals or current is None:
                raise LockError("expected '[key]' or 'field = value'", source=path, line=number)
            if name not in FIELDS:
                raise LockError(
                    f"unknown field {name!r} (known: {', '.join(FIELDS)})", source=path, line=number
                )
            if name != "author" and name in current:
                raise LockError(f"field {name!r} given twice", source=path, line=number)
            current.setdefault(name, []).append(value.strip())
        close()
        return cls(blocks, path)

    def updated(self, blocks: Sequence[Block]) -> Lock:
        """A lock with *blocks* added or replacing those of the same papers."""
        lock = Lock(self, self.path)
        for block in blocks:
            lock.add(block)
        return lock


def _block(values: dict[str, list[str]], line: int, path: str | None) -> Block:
    def one(name: str) -> str:
        return values.get(name, [""])[0]

    def number(name: str) -> int | None:
        text = one(name)
        if not text:
            return None
        if not text.isdigit():
            raise LockError(f"{name} must be a whole number, not {text!r}", source=path, line=line)
        return int(text)

    if not one("title"):
        raise LockError(f"block [{one('key')}] has no title", source=path, line=line)
    retrieved = one("retrieved")
    if retrieved:
        try:
            datetime.date.fromisoformat(retrieved)
        except ValueError:
            raise LockError(
                f"retrieved must be a date (YYYY-MM-DD), not {retrieved!r}", source=path, line=line
            ) from None
    return Block(
        key=one("key"),
        title=one("title"),
        year=number("year"),
        status=one("status"),
        source=one("source"),
        id=one("id"),
        retrieved=retrieved,
        checks=one("checks"),
        arxiv=one("arxiv"),
        version=number("version"),
        categories=one("categories").split(),
        doi=one("doi"),
        journal_ref=one("journal-ref"),
        authors=values.get("author", []),
        line=line,
    )
