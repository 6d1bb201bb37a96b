"""Start-up workarounds, in one place, each with its measured reason.

``paperbib convert`` runs inside LaTeX builds (make, latexmk), often once per
build step, so the time before it does any work is paid again and again. The
target is at most 1.5x ``python -c "import attrs, bibtexparser"``; for the
39-paper example the whole run takes 76 ms against 70 ms for those bare
imports (medians of 15 runs, installed wheel, this machine). These are the
measures that keep it there; each was measured when it was introduced:

- **Regular expressions used on rare paths compile on first use**
  (:class:`LazyPattern`, the one idiom for it): sniffing formats, non-ASCII
  titles, TeX in text, math, key patterns, HTML charsets, binary checks.
  Compiling all 16 at import would cost 2.4 ms.
- **argparse without shutil** (:func:`help_width`, which the command line's
  help formatter passes to argparse): argparse asks
  ``shutil.get_terminal_size`` for every formatter it makes, and importing
  ``shutil`` (which loads bz2 and lzma) costs 14.5 ms.
- **Built-in plugins from a table, not an entry-point scan**
  (``paperbib.registry.BUILTINS``): ``importlib.metadata.entry_points`` costs
  about 21 ms after ``import paperbib``; installed plugins are scanned only when
  a name is not a built-in one.
- **Plugin options load on first use** (``paperbib._options``, about 35 µs)
  and the LaTeX renderer only for BibTeX output (``paperbib._tex``, about 1 ms).
- **Heavy libraries only where used**: lxml in the HTML reader (about 35 ms),
  bibtexparser and pybtex nowhere on a digest run. ``tests/test_startup.py``
  holds these to account.
- **The garbage collector skips what the imports made** (:func:`claim_process`,
  called by the ``paperbib convert`` process once its modules are loaded): the collections
  that a large run triggers would otherwise walk every function and class
  object again. 10,000-entry digest to BibTeX: 0.768 s without, 0.718 s with
  (medians of 11 whole runs, interleaved).
- **The process ends without freeing what it made** (:func:`keep_to_exit`,
  :func:`exit_process`): freeing a conversion's objects one by one, then the
  modules', is work the operating system does at once when the process ends.
  mypy ends the same way (``util.hard_exit``). Freeing a 10,000-entry
  conversion to CSL-JSON takes 0.02–0.03 s; for the 39-paper example to
  CSL-JSON the whole run went from 55.8 ms to 52.4 ms with this and
  :func:`paperbib.pipeline.gc_paused`'s hand-over (medians of 15 runs,
  interleaved).
- **Plain classes for readers' scratch records** (the digest reader's blocks
  and cards): an attrs class costs about 0.2 ms to create (three fields, measured
  in-process), paid at import by every run.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import AnyStr, Generic, NoReturn

__all__ = [
    "LazyPattern",
    "claim_process",
    "exit_process",
    "help_width",
    "keep_to_exit",
    "process_claimed",
]


class LazyPattern(Generic[AnyStr]):
    """A regular expression compiled the first time it is used, then kept.

    Has the methods of :class:`re.Pattern` that paperbib uses::

        _SNIFF = LazyPattern(r"^\\\\$", re.MULTILINE)
        if _SNIFF.search(text): ...
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: AnyStr, flags: int = 0) -> None:
        self.pattern: AnyStr = pattern
        self.flags = flags
        self._compiled: re.Pattern[AnyStr] | None = None

    @property
    def compiled(self) -> re.Pattern[AnyStr]:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, string: AnyStr, pos: int = 0) -> re.Match[AnyStr] | None:
        return self.compiled.search(string, pos)

    def match(self, string: AnyStr, pos: int = 0) -> re.Match[AnyStr] | None:
        return self.compiled.match(string, pos)

    def fullmatch(self, string: AnyStr) -> re.Match[AnyStr] | None:
        return self.compiled.fullmatch(string)

    def finditer(self, string: AnyStr) -> Iterator[re.Match[AnyStr]]:
        return self.compiled.finditer(string)

    def findall(self, string: AnyStr) -> list[AnyStr]:
        return self.compiled.findall(string)

    def sub(self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr) -> AnyStr:
        return self.compiled.sub(repl, string)


_kept: list[tuple[object, ...]] | None = None
"""What :func:`keep_to_exit` keeps; ``None`` but in a process :func:`claim_process` claimed."""


def claim_process() -> None:
    """Make this process the command line's own, once its modules are imported.

    Every object alive now moves out of the garbage collector's sight
    (:func:`gc.freeze`): the modules live as long as the process, and
    collections during a run need not walk them. From now on
    :func:`keep_to_exit` keeps what it is given, for :func:`exit_process`.
    Never for a caller's process, whose objects are not ours to keep.
    """
    import gc

    global _kept
    gc.freeze()
    _kept = []


def process_claimed() -> bool:
    """Whether :func:`claim_process` made this process the command line's."""
    return _kept is not None


def keep_to_exit(*objects: object) -> None:
    """Keep *objects* alive till :func:`exit_process`, in a claimed process; else nothing."""
    if _kept is not None:
        _kept.append(objects)


def exit_process(status: int) -> NoReturn:
    """End the process with *status* once the standard streams are flushed, freeing nothing.

    Files are closed (written atomically) by then; the standard streams are the
    only buffers left, and a stream whose reader went away is let go.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


def help_width() -> int:
    """What ``shutil.get_terminal_size`` would give argparse, less its margin of 2."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(columns - 2, 20)
