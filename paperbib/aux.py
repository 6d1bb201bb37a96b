"""The citations of a LaTeX document, read from its ``.aux`` file.

LaTeX writes one line per citation to the ``.aux`` file: ``\\citation{key}``
for bibtex (``\\citation{a,b}`` for several, ``\\citation{*}`` for
``\\nocite{*}``), and biblatex ``\\abx@aux@cite{key}`` (releases before 3.14) or
``\\abx@aux@cite{refsection}{key}``. A document split with ``\\include`` has
one ``.aux`` per part, named by ``\\@input{part.aux}`` lines, which are followed.
"""

from __future__ import annotations

import os

from attrs import frozen

from paperbib._startup import LazyPattern

__all__ = ["Citations", "read_aux"]

_COMMAND = LazyPattern(
    r"\\(?:citation\{(?P<bibtex>[^}]*)\}"
    r"|abx@aux@cite\{(?P<first>[^}]*)\}(?:\{(?P<second>[^}]*)\})?"
    r"|@input\{(?P<input>[^}]*)\})"
)


@frozen
class Citations:
    """The keys a document cites, each with the file and line of its first citation."""

    keys: dict[str, tuple[str, int]]
    """Cited key -> (``.aux`` file, line)."""
    everything: bool
    """Whether the document cites every entry (``\\nocite{*}``)."""
    files: tuple[str, ...]
    """The ``.aux`` files read, the main one first."""


def read_aux(path: str | os.PathLike[str]) -> Citations:
    """The citations of the ``.aux`` file at *path* and of the files it ``\\@input``s.

    Raises :class:`OSError` when *path* cannot be read; a part's ``.aux`` that
    does not exist yet (a part not compiled) is skipped, as LaTeX skips it.
    """
    keys: dict[str, tuple[str, int]] = {}
    files: list[str] = []
    everything = False
    pending = [os.fspath(path)]
    base = os.path.dirname(os.fspath(path))
    while pending:
        name = pending.pop(0)
        if name in files:
            continue
        try:
            with open(name, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except FileNotFoundError:
            if not files:
                raise
            continue
        files.append(name)
        for number, line in enumerate(text.splitlines(), start=1):
            if "\\" not in line:
                continue
            for match in _COMMAND.finditer(line):
                if match.group("input") is not None:
                    pending.append(os.path.join(base, match.group("input").strip()))
                    continue
                text_keys = match.group("bibtex")
                if text_keys is None:
                    second = match.group("second")
                    text_keys = match.group("first") if second is None else second
                for key in text_keys.split(","):
                    key = key.strip()
                    if key == "*":
                        everything = True
                    elif key:
                        keys.setdefault(key, (name, number))
    return Citations(keys, everything, tuple(files))
