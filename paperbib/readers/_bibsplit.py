"""A ``.bib`` file cut into blocks, as bibtexparser v2's splitter cuts it.

bibtexparser's :class:`~bibtexparser.splitter.Splitter` walks the file from one
mark to the next (every brace, quote, comma, ``=`` and line break) in Python,
and is most of the time a conversion of a large ``.bib`` takes: 0.6–0.9 s for
10,000 entries. :func:`split` cuts a file by the same rules but jumps over
values with C-level searches; it gives up (``None``) at anything it does not
read exactly as bibtexparser would: a block in parentheses, an error
bibtexparser would report (a missing ``=`` or comma, an unclosed value, a block
start at the start of a line inside a block, the end of the file inside a
block). :func:`blocks` then has bibtexparser split the whole file, so broken
files get bibtexparser's recovery and messages. A test checks that both give the
same blocks for every ``.bib`` of the test suite and for generated ones.

What is reproduced of bibtexparser, on purpose (its results are the reference):

- a block starts at ``@`` and a word followed by ``{`` or ``(``, anywhere
  outside a block; text between blocks is a comment;
- a brace, quote, comma or ``=`` right after a backslash is not a mark (``\\{``
  is text), and neither is a line break after one (which the line numbers
  therefore do not count);
- inside quotes braces are not counted, inside braces quotes are not, and
  ``{"}`` inside quotes is a quote character;
- ``@comment``, ``@preamble`` and ``@string`` end at the first closing brace at
  depth 0; an entry's fields and values end at a comma or closing brace outside
  quotes and braces;
- an entry is a duplicate when an earlier entry without a repeated field has
  its key (case-sensitive); lines are 0-based, a field's is its ``=``'s.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["Block", "blocks", "escaped_group_close", "group_close", "parsed", "quote_end", "split"]


class Block:
    """One block: an entry, a ``@string``, a ``@preamble``, or one that failed to parse."""

    __slots__ = ("duplicate", "failed", "fields", "key", "kind", "line", "type", "value")

    def __init__(
        self,
        kind: str,
        line: int,
        *,
        type: str = "",
        key: str = "",
        value: str = "",
        fields: list[tuple[str, str, int]] | None = None,
        duplicate: bool = False,
        failed: Any = None,
    ) -> None:
        self.kind = kind
        """``entry``, ``string``, ``preamble`` or ``failed``."""
        self.line = line
        """0-based line of the ``@``."""
        self.type = type
        """An entry's type, lowercase."""
        self.key = key
        """An entry's key or a macro's name."""
        self.value = value
        """A macro's raw value."""
        self.fields = fields or []
        """An entry's ``(name, raw value, 0-based line)``, in file order, repeats included."""
        self.duplicate = duplicate
        """An entry whose key an earlier entry has."""
        self.failed = failed
        """bibtexparser's block for one it could not parse."""

    def __repr__(self) -> str:
        return f"Block({self.kind!r}, {self.line}, {self.type!r}, {self.key!r}, {self.fields!r})"


def blocks(text: str) -> list[Block]:
    """The blocks of *text* (comments left out), by bibtexparser's rules.

    Split by :func:`split`; a block it leaves to bibtexparser is split by
    bibtexparser with what follows it up to the next block that starts a line:
    bibtexparser, which aborts any block at such a start, starts afresh there too.
    """
    found = split(text, fallback=True)
    assert found is not None
    return found


def parsed(text: str, line: int = 0) -> list[Block]:
    """The blocks of *text* as bibtexparser's splitter gives them (comments left out).

    *line* is added to every line (the lines *text* starts after, in a file).
    """
    import logging  # bibtexparser imports it anyway; split does not need it

    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string

    logger = logging.getLogger("bibtexparser.splitter")
    disabled, logger.disabled = logger.disabled, True  # failures are reported by the reader
    try:
        library = parse_string(text, parse_stack=[])
    finally:
        logger.disabled = disabled
    found: list[Block] = []
    for item in library.blocks:
        at = (item.start_line or 0) + line
        duplicate = isinstance(item, model.DuplicateBlockKeyBlock)
        if isinstance(item, (model.DuplicateBlockKeyBlock, model.DuplicateFieldKeyBlock)):
            item = item.ignore_error_block or item
        if isinstance(item, model.String):
            found.append(Block("string", at, key=item.key, value=item.value))
        elif isinstance(item, model.Preamble):
            found.append(Block("preamble", at))
        elif isinstance(item, model.Entry):
            fields = [(f.key, f.value, (f.start_line or 0) + line) for f in item.fields]
            found.append(
                Block(
                    "entry",
                    at,
                    type=item.entry_type.lower(),
                    key=item.key,
                    fields=fields,
                    duplicate=duplicate,
                )
            )
        elif isinstance(item, model.ParsingFailedBlock):
            found.append(Block("failed", at, failed=item))
    return found


_BLOCK_START = re.compile(r"@\w*[ \t]*(?=[{(])")
# bibtexparser's marks but the line break, which only counts lines.
_MARKS = re.compile(r"(?<!\\)[{}\",=]|@\w*[ \t]*(?=[{(])")
_LINE_START_BLOCK = re.compile(r"\n\s*(@\w*[ \t]*)[{(]")
# A field's name (no mark, backslash or "@" in it), its "=" and the spaces after it.
_FIELD = re.compile(r'([^{}",=@\\]*)=\s*')
_BARE = re.compile(r'[^{}",=@\\#]*')
_SPACE = re.compile(r"\s*")


class _GiveUp(Exception):
    """What bibtexparser would read otherwise than :class:`_Scanner`."""


def split(
    text: str, *, fallback: bool = False, only: frozenset[str] | None = None
) -> list[Block] | None:
    """The blocks of *text* (comments left out); ``None`` if one is left to bibtexparser.

    With *fallback*, bibtexparser splits those (see :func:`blocks`) and the
    result is never ``None``. With *only*, entries keep just the fields so
    named (lowercase), for a reader that needs no other (their ``duplicate``
    flag then counts only those fields).
    """
    scanner = _Scanner(text, only)
    found: list[Block] = []
    position = 0
    while True:
        try:
            scanner.run(found, position)
            break
        except _GiveUp:
            pass
        # Out of the except clause: bibtexparser's errors would chain to this one, and
        # through its traceback hold every block in a reference cycle.
        if not fallback:
            return None
        start, line = scanner.block_start, scanner.block_line
        after = _LINE_START_BLOCK.search(text, start + 1)
        if after is None:
            found.extend(parsed(text[start:], line))
            break
        # Up to and with the next block's opening brace, so that bibtexparser ends the
        # blocks before it as it would in the whole file; that block, cut short, is dropped.
        found.extend(parsed(text[start : after.end()], line)[:-1])
        position = after.start(1)
        scanner.line, scanner.counted = line, start
    _mark_duplicates(found)
    return found


def _mark_duplicates(found: list[Block]) -> None:
    """Flag each entry whose key an earlier entry has, as bibtexparser's library does.

    An entry with a field given twice is not registered (bibtexparser wraps it in
    an error block first), so it neither is nor makes a duplicate.
    """
    keys: set[str] = set()
    for block in found:
        if block.kind != "entry":
            continue
        if len({field[0] for field in block.fields}) < len(block.fields):
            block.duplicate = False
        else:
            block.duplicate = block.key in keys
            keys.add(block.key)


class _Scanner:
    __slots__ = ("block_line", "block_start", "counted", "escaped", "line", "only", "text")

    def __init__(self, text: str, only: frozenset[str] | None = None) -> None:
        self.text = text
        self.only = only
        self.escaped = "\\\n" in text  # a line break after a backslash is not counted
        self.line = 0
        self.counted = 0
        self.block_start = 0
        self.block_line = 0

    def line_at(self, position: int) -> int:
        """The 0-based line of *position*, as bibtexparser counts (forward only)."""
        text = self.text
        self.line += text.count("\n", self.counted, position)
        if self.escaped:
            self.line -= text.count("\\\n", self.counted, position)
        self.counted = position
        return self.line

    def run(self, found: list[Block], position: int) -> None:
        """Append the blocks from *position* on to *found*; :class:`_GiveUp` at one it cannot.

        :attr:`block_start` and :attr:`block_line` then say where that block starts.
        """
        text = self.text
        while (start := _BLOCK_START.search(text, position)) is not None:
            line = self.line_at(start.start())
            self.block_start, self.block_line = start.start(), line
            if text[start.end()] == "(":
                raise _GiveUp
            name = start.group().lower()
            body = start.end() + 1
            if name.startswith("@comment"):
                position = self.closing(body) + 1
            elif name.startswith("@preamble"):
                position = self.closing(body) + 1
                found.append(Block("preamble", line))
            elif name.startswith("@string"):
                equals = self.mark(body)
                if equals.group() != "=":
                    raise _GiveUp
                end = self.closing(body)
                found.append(
                    Block(
                        "string",
                        line,
                        key=text[body : equals.start()].strip(),
                        value=text[equals.end() : end].strip(),
                    )
                )
                position = end + 1
            else:
                block, position = self.entry(body, name[1:].strip(), line)
                found.append(block)

    def mark(self, position: int) -> re.Match[str]:
        """The next mark at or after *position* (the end of the file inside a block: give up)."""
        found = _MARKS.search(self.text, position)
        if found is None:
            raise _GiveUp
        return found

    def closing(self, body: int) -> int:
        """Where the brace closing a ``@comment``, ``@preamble`` or ``@string`` is.

        *body* is the index after the block's opening brace.
        """
        text = self.text
        end = group_close(text, body - 1)
        if end < 0:
            raise _GiveUp
        if "\\{" in text[body : end + 1] or "\\}" in text[body : end + 1]:
            end = self.walk(body, braces_only=True)
        self.check(body, end)
        return end

    def check(self, start: int, end: int) -> None:
        """Give up when bibtexparser would see a block start between *start* and *end*."""
        text = self.text
        if text.find("@", start, end) >= 0 and _LINE_START_BLOCK.search(text, start - 1, end):
            raise _GiveUp

    def entry(self, body: int, type: str, line: int) -> tuple[Block, int]:
        text = self.text
        after_key = self.mark(body)
        if after_key.group() not in (",", "}"):
            raise _GiveUp
        block = Block("entry", line, type=type, key=text[body : after_key.start()].strip())
        if after_key.group() == "}":
            return block, after_key.end()
        fields = block.fields
        name_start = after_key.end()
        while True:
            field = _FIELD.match(text, name_start)
            if field is not None:  # the usual field: a plain name, "="
                equals = field.end(1)
                start = field.end()
            else:
                mark = self.mark(name_start)
                if mark.group() == "}":
                    if text[name_start : mark.start()].strip():
                        raise _GiveUp  # a name without "="
                    return block, mark.end()
                if mark.group() != "=":
                    raise _GiveUp
                equals = mark.start()
                start = mark.end()
            end = self.value_end(start)
            name = text[name_start:equals].strip()
            if self.only is None or name.lower() in self.only:
                fields.append((name, text[start:end].strip(), self.line_at(equals)))
            if text[end] != ",":
                return block, self.mark(end).end()  # the closing brace
            name_start = end + 1

    def value_end(self, start: int) -> int:
        """Where the value at *start* ends: its comma or the entry's closing brace."""
        text = self.text
        first = text[start : start + 1]
        end = -1
        if first == "{":
            close = group_close(text, start)
            if close >= 0 and (
                text.find("\\", start, close) < 0  # no backslash, no escaped brace
                or (
                    text.find("\\{", start, close + 1) < 0
                    and text.find("\\}", start, close + 1) < 0
                )
            ):
                end = close + 1
        elif first == '"':
            end = quote_end(text, start)
        else:
            # A number or a macro name: no delimiter, no escape, no "@" in it.
            bare = _BARE.match(text, start).end()  # type: ignore[union-attr]
            if text[bare : bare + 1] in (",", "}"):
                return bare
        if end >= 0:
            end = _SPACE.match(text, end).end()  # type: ignore[union-attr]
            if text[end : end + 1] in (",", "}"):
                self.check(start, end)
                return end
        return self.walk(start)

    def walk(self, start: int, *, braces_only: bool = False) -> int:
        """bibtexparser's walk from mark to mark to the end of a value, for any other value.

        With *braces_only*, to the brace closing a block (quotes and commas are text).
        """
        text = self.text
        quoted = False
        depth = 0
        for mark in _MARKS.finditer(text, start):
            char = mark.group()
            if char == '"':
                if depth or braces_only:
                    continue
                at = mark.start()
                if (
                    quoted
                    and text[at - 1] == "{"
                    and text[at + 1 : at + 2] == "}"
                    and at + 2 < len(text)
                ):
                    continue
                quoted = not quoted
            elif char == "{":
                if not quoted:
                    depth += 1
            elif char == "}":
                if not quoted:
                    if depth:
                        depth -= 1
                    else:
                        self.check(start, mark.start())
                        return mark.start()
            elif char == ",":
                if not quoted and not depth and not braces_only:
                    self.check(start, mark.start())
                    return mark.start()
            elif char[0] == "@" and _at_line_start(text, mark.start()):
                raise _GiveUp
        raise _GiveUp


def _at_line_start(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip()


def group_close(text: str, start: int) -> int:
    """The index of the brace closing the one at *start*, counting braces alone; -1 if none."""
    # From one closing brace to the next, counting the opening ones between: two C-level
    # searches for each closing brace instead of a step for every brace (values are long).
    depth = 0
    position = start
    while (close := text.find("}", position)) >= 0:
        depth += text.count("{", position, close) - 1
        if depth == 0:
            return close
        position = close + 1
    return -1


def escaped_group_close(text: str, start: int) -> int:
    """:func:`group_close` by bibtexparser's rule: a brace after a backslash is text."""
    close = group_close(text, start)
    if close < 0 or text.find("\\", start, close) < 0:
        return close
    depth = 0
    for brace in _UNESCAPED_BRACES.finditer(text, start):
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            return brace.start()
    return -1


_UNESCAPED_BRACES = re.compile(r"(?<!\\)[{}]")


def quote_end(text: str, start: int) -> int:
    """The index after the quote closing the one at *start*, as bibtexparser finds it; -1."""
    position = start + 1
    while (quote := text.find('"', position)) >= 0:
        if text[quote - 1] == "\\" or (
            text[quote - 1] == "{" and text[quote + 1 : quote + 2] == "}" and quote + 2 < len(text)
        ):
            position = quote + 1
            continue
        return quote + 1
    return -1
