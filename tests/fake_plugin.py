"""A third-party style plugin, loaded through a real importlib EntryPoint in the tests."""

from __future__ import annotations

from typing import ClassVar

from attrs import frozen

from paperbib import Bibliography, Diagnostics, Entry


@frozen(kw_only=True)
class KeysWriter:
    """Writes one citation key per line."""

    name: ClassVar[str] = "keys"
    suffixes: ClassVar[tuple[str, ...]] = (".keys",)
    description: ClassVar[str] = "citation keys, one per line"

    upper: bool = False

    def write(self, bib: Bibliography, report: Diagnostics) -> str:
        keys = [e.key.upper() if self.upper else e.key for e in bib]
        return "".join(k + "\n" for k in keys)


@frozen(kw_only=True)
class LinesReader:
    """Every line starting with 'paper:' is a title."""

    name: ClassVar[str] = "lines"
    suffixes: ClassVar[tuple[str, ...]] = (".lines", ".txt")
    description: ClassVar[str] = "one 'paper: title' per line"

    @classmethod
    def sniff(cls, text: str) -> bool:
        return text.startswith("paper:")

    def read(self, text: str, report: Diagnostics) -> list[Entry]:
        return [
            Entry(title=line[6:].strip()) for line in text.splitlines() if line.startswith("paper:")
        ]
