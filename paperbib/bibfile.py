"""The ``.bib`` file ``paperbib add`` appends to: what it has, and appending without touching it.

Every byte of the file stays as it is; new entries go after the last one, in
the file's line ends and encoding, separated from it by a blank line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from paperbib._files import atomic_write, bom_encoding, decode
from paperbib._startup import LazyPattern
from paperbib.diagnostics import Diagnostic, Diagnostics, Severity
from paperbib.errors import PaperbibError
from paperbib.merge import conflict, paper_ids
from paperbib.models import Entry

__all__ = ["Target"]

# Every entry's key, also of entries the reader cannot parse: no new entry may take one.
_KEYS = LazyPattern(r"@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^\s,{}()\"#%'=]+)[ \t]*,")


class Target:
    """A ``.bib`` file to append to: its bytes, its entries and its keys."""

    __slots__ = ("_index", "data", "encoding", "entries", "keys", "newline", "path")

    def __init__(self, path: str, data: bytes, text: str, encoding: str) -> None:
        from paperbib.readers.bibtex import BibtexReader

        self.path = path
        self.data = data
        self.encoding = encoding
        self.newline = "\r\n" if b"\r\n" in data[:65536] else "\n"
        self.entries: list[Entry] = []
        if text.strip():
            self.entries = BibtexReader().read(text, Diagnostics(path, reader="bibtex"))
        self.keys = {e.key for e in self.entries} | {
            match.group(2)
            for match in _KEYS.finditer(text)
            if match.group(1).lower() not in _NOT_ENTRIES
        }
        self._index: dict[tuple[str, object], list[Entry]] = {}
        for entry in self.entries:
            for identity in paper_ids(entry):
                self._index.setdefault(identity, []).append(entry)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Target:
        """The file at *path* (empty if it does not exist yet)."""
        name = os.fspath(path)
        try:
            with open(name, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return cls(name, b"", "", "utf-8")
        report = Diagnostics(name)
        text = decode(data, report) if data else ""
        encoding = bom_encoding(data) or "utf-8"
        if any(d.code == "not-utf8" for d in report):
            encoding = "cp1252" if "Windows-1252" in str(next(iter(report))) else "latin-1"
        return cls(name, data, text, encoding)

    def find(self, entry: Entry) -> Entry | None:
        """The entry of the file that is *entry*'s paper, if there is one.

        Never one whose identifiers prove it another paper (a title and year
        shared by two papers with different DOIs).
        """
        for identity in paper_ids(entry):
            for found in self._index.get(identity, ()):
                if not conflict(found, entry, keys=False):
                    return found
        return None

    def report_present(self, present: Sequence[tuple[Entry, Entry]]) -> list[Diagnostic]:
        """A note for each paper the file has already, located at the input's entry."""
        notes = []
        for entry, match in present:
            origin = entry.origin
            where = f" (line {match.origin.line})" if match.origin and match.origin.line else ""
            notes.append(
                Diagnostic(
                    severity=Severity.NOTE,
                    code="present",
                    message=f"already in {os.path.basename(self.path)}{where}; not added",
                    source=origin.source if origin else None,
                    line=origin.line if origin else None,
                    key=match.key,
                    origin=origin,
                )
            )
        return notes

    def append(self, text: str) -> bool:
        """Append *text* (entries as a writer wrote them) after the file's last byte."""
        existing = self.data.decode(self.encoding, errors="replace") if self.data else ""
        if text.startswith("@preamble{"):
            first, _, rest = text.partition("\n")
            if first in existing:  # an earlier run added the same stand-ins
                text = rest.lstrip("\n")
        if not text.strip():
            return False
        tail = existing.replace("\r\n", "\n")[-2:] if existing else "\n\n"
        separator = "" if tail == "\n\n" else "\n" if tail.endswith("\n") else "\n\n"
        block = (separator + text).replace("\n", self.newline)
        try:
            encoded = block.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise PaperbibError(
                f"{self.path} is {self.encoding}, which cannot hold {block[exc.start]!r} "
                "of a new entry; convert the file to UTF-8 or add with --ascii"
            ) from None
        return atomic_write(self.path, self.data + encoded)


_NOT_ENTRIES = frozenset({"string", "preamble", "comment"})
