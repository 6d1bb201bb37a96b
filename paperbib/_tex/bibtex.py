"""Reading BibTeX field values into model text: the TeX read for what it means.

A value in a ``.bib`` file is TeX; the model holds Unicode text in which safe
``$…$`` math is kept as written (see :mod:`paperbib.models`). :func:`read_value`
reads

- accents, special letters, escaped specials and text symbols
  (``{\\"U}ber``, ``\\ss``, ``50\\%``, ``\\textendash``) as the characters they stand for;
- ``--``, ``---``, ````` ``, ``''`` and ``~`` as –, —, “, ” and a no-break space;
- markup (``\\emph{x}``, ``{\\em x}``, ``\\mkbibemph{x}``) as its text, and names the
  markup it read so (the model holds no markup);
- biblatex's quotation commands (``\\mkbibquote{x}``, ``\\enquote{x}``) as quotation marks;
- ``\\url{x}`` as *x*, ``\\(…\\)`` as ``$…$``;
- a brace group at the top level that does not start with a command, which
  BibTeX protects from case changes: in a title, as
  ``\\NoCaseChange{…}`` (:data:`~paperbib._tex.vocab.NOCASE`) unless it is one
  word the writers protect anyway (``{BERT}``); elsewhere as its text;
- any other command as written, and names it (the writers print it as text).

Whitespace runs become one space. Only the BibTeX reader imports this module.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from paperbib._tex.decode import decode_tex_text
from paperbib._tex.segments import needs_protection
from paperbib._tex.vocab import (
    ACCENTS,
    BIBTEX_QUOTES,
    BIBTEX_SYMBOLS,
    BIBTEX_WRAPPERS,
    FONT_SWITCHES,
    LETTERS,
    LOGOS,
    MATH_SYMBOLS,
    NOCASE,
    TEXT_SYMBOLS,
    TEXT_WRAPPERS,
)

__all__ = ["Value", "has_tex", "read_value"]


class Value(NamedTuple):
    """A field value read as model text, with what could not be read exactly."""

    text: str
    """The model text."""
    unknown: tuple[str, ...]
    """Commands kept as written because they mean nothing paperbib knows (``\\cite``)."""
    markup: tuple[str, ...]
    """Markup commands read as plain text (``\\emph``)."""


_TOKEN = re.compile(
    r"""
     (?P<text>(?:[^\\{}$~`'\-]+|-(?!-)|'(?!')|`(?!`))+)
    |(?P<open>\{)
    |(?P<close>\})
    |(?P<word>\\[A-Za-z]+\*?)
    |(?P<math>\$\$.+?\$\$|\$(?:\\.|[^$\\])+\$)
    |(?P<inline>\\\(.+?\\\))
    |(?P<symbol>\\.)
    |(?P<dash>---?)
    |(?P<quote>``|'')
    |(?P<tilde>~)
    |(?P<lone>[$`'])
    """,
    re.VERBOSE | re.DOTALL,
)


def has_tex(value: str) -> bool:
    """Whether *value* has what only the TeX reader reads: ``\\ { } $ ~ -- `` ''``.

    One ``in`` per text (a C-level search each) is several times faster than a
    regular expression over a long abstract.
    """
    return (
        "\\" in value
        or "{" in value
        or "}" in value
        or "$" in value
        or "~" in value
        or "--" in value
        or "``" in value
        or "''" in value
    )


# How the BibTeX writers write a math character in text, braced: {$\alpha$}, {$\mathbb{R}$}.
_MATH_CHARACTERS = {
    f"${name if not name[0].isalpha() else chr(92) + name}$": char
    for char, names in MATH_SYMBOLS.items()
    for name in names.split()
}
_SPACES = re.compile(r"[\t\n\r\f\v][ \t\n\r\f\v]*| [ \t\n\r\f\v]+")
"""Whitespace to collapse to one space: a run that is not just one space."""


def _collapse_spaces(text: str) -> str:
    """*text* stripped, each run of ASCII whitespace made one space."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


_WORD = re.compile(r"[^\W_]+")
_LETTER = re.compile(r"[^\W\d_]")
_MATH = re.compile(r"(\$\$.+?\$\$|\$(?:\\.|[^$\\])+\$)", re.DOTALL)

_NAMED: dict[str, str] = {
    **{name: char for char, (_, names) in TEXT_SYMBOLS.items() for name in names.split()},
    **{logo: logo for logo in LOGOS},
    **LETTERS,
    **BIBTEX_SYMBOLS,
    # A backslash stays TeX in model text, where a bare one would start a command.
    "textbackslash": "\\textbackslash{}",
}
# Control symbols: escaped specials read as themselves; the rest as a space or nothing.
# A dollar stays escaped: in model text a bare one delimits math.
_ESCAPED = {**{c: c for c in "%&#_{}"}, "$": "\\$"}
_CONTROL_SYMBOLS = {**_ESCAPED, "\\": " ", " ": " ", ",": " ", ";": " ", ":": " ", ">": " "}
_SILENT_SYMBOLS = frozenset("-/@!")
_PLAIN_WRAPPERS = frozenset({"mbox", "text", "hbox", "autocap", "url", NOCASE})
# The sorting trick of BibTeX's own documentation: a command defined in @preamble to
# print nothing (``{\noopsort{1973b}}1973``); read as nothing, and named as markup.
_INVISIBLE = frozenset({"noopsort"})
_DELIMITED = frozenset({"path", "url"})
# What the BibTeX writers put next to a brace that has no partner (\{\vphantom{\}}): nothing.
_PHANTOMS = frozenset({"vphantom", "hphantom", "phantom"})
_MARKUP_SWITCHES = frozenset({"em", "it", "bf", "sc", "tt", "sl", "sf"})

# Node kinds of the parse tree.
_TEXT, _MATH_NODE, _INLINE, _WORD_NODE, _SYMBOL, _GROUP, _DASH, _QUOTE, _TILDE = range(9)
_KINDS = {
    "math": _MATH_NODE,
    "inline": _INLINE,
    "word": _WORD_NODE,
    "symbol": _SYMBOL,
    "dash": _DASH,
    "quote": _QUOTE,
    "tilde": _TILDE,
    "text": _TEXT,
    "lone": _TEXT,
}

# A node: (kind, text, start, end, children); children only for groups.
_Node = tuple[int, str, int, int, list["_Node"]]


def _tree(value: str) -> list[_Node]:
    """The value's tokens, brace groups nested; a brace without a partner is text."""
    root: list[_Node] = []
    stack: list[tuple[list[_Node], int]] = []
    current = root
    for match in _TOKEN.finditer(value):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "open":
            stack.append((current, start))
            current = []
        elif kind == "close":
            if not stack:
                current.append((_TEXT, "}", start, end, []))
                continue
            children = current
            current, opened = stack.pop()
            current.append((_GROUP, value[opened:end], opened, end, children))
        else:
            current.append((_KINDS[kind], match.group(), start, end, []))  # type: ignore[index]
    while stack:  # an unclosed group: its brace is text
        children = current
        current, opened = stack.pop()
        current.append((_TEXT, "{", opened, opened + 1, []))
        current.extend(children)
    return root


class _Reader:
    __slots__ = ("markup", "unknown", "value")

    def __init__(self, value: str) -> None:
        self.value = value
        self.unknown: dict[str, None] = {}
        self.markup: dict[str, None] = {}

    def render(self, nodes: list[_Node], top: bool = False, title: bool = False) -> str:
        """The text of *nodes*; at the *top* level, brace groups are BibTeX's protection."""
        out: list[str] = []
        index, count = 0, len(nodes)
        while index < count:
            kind, text, _start, _end, children = nodes[index]
            if kind == _TEXT:
                out.append(text)
            elif kind == _GROUP:
                symbol = _math_symbol(children)
                if symbol is not None:  # {$\alpha$}: a character the BibTeX writers wrote so
                    out.append(symbol)
                else:
                    rendered = self.render(children)
                    # A group starting with a command is a "special character", not protected.
                    special = children and children[0][0] in (_WORD_NODE, _SYMBOL)
                    if top and title and not special:
                        rendered = _protect(rendered, whole_word=_alone(nodes, index))
                    out.append(rendered)
            elif kind == _MATH_NODE:
                out.append(text)
            elif kind == _INLINE:
                out.append("$" + text[2:-2] + "$")
            elif kind == _DASH:
                out.append("–" if len(text) == 2 else "—")
            elif kind == _QUOTE:
                out.append("“" if text == "``" else "”")
            elif kind == _TILDE:
                out.append("\u00a0")
            elif kind == _WORD_NODE:
                rendered, index = self.command(nodes, index)
                out.append(rendered)
                continue
            else:
                rendered, index = self.symbol(nodes, index)
                out.append(rendered)
                continue
            index += 1
        return "".join(out)

    def _argument(self, nodes: list[_Node], index: int) -> tuple[_Node | None, int]:
        """The node after the command at *index* (spaces skipped) and the index after it.

        A text node is returned whole; the caller that takes one letter of it
        (an accent) splits it.
        """
        after = self._spaces(nodes, index)
        if after < len(nodes):
            return nodes[after], after + 1
        return None, index + 1

    def _spaces(self, nodes: list[_Node], index: int) -> int:
        """The index after the command at *index* and the spaces after it (which TeX skips)."""
        after = index + 1
        if after < len(nodes):
            kind, text, _start, end, children = nodes[after]
            if kind == _TEXT and text[:1].isspace():
                rest = text.lstrip()
                if not rest:
                    return after + 1
                nodes[after] = (_TEXT, rest, end - len(rest), end, children)
        return after

    def _gobble(self, nodes: list[_Node], index: int) -> int:
        """After a control word: skip the spaces after it, or an empty group, as TeX does."""
        after = index + 1
        if after < len(nodes) and nodes[after][0] == _GROUP and not nodes[after][4]:
            return after + 1
        return self._spaces(nodes, index)

    def command(self, nodes: list[_Node], index: int) -> tuple[str, int]:
        text = nodes[index][1]
        name = text[1:]
        if name in BIBTEX_QUOTES:
            argument, after = self._argument(nodes, index)
            if argument is not None and argument[0] == _GROUP:
                opening, closing = BIBTEX_QUOTES[name]
                return opening + self.render(argument[4]) + closing, after
        if name.endswith("*"):  # a starred command paperbib has no meaning for
            return self._unknown(nodes, index, name)
        if name in ACCENTS:
            return self._accent(nodes, index, name)
        if name in _NAMED:
            return _NAMED[name], self._gobble(nodes, index)
        if name in FONT_SWITCHES:
            if name in _MARKUP_SWITCHES or name.endswith(("shape", "series")):
                self.markup["\\" + name] = None
            return "", self._gobble(nodes, index)
        if name in _INVISIBLE or name in _PHANTOMS:
            argument, after = self._argument(nodes, index)
            if argument is not None and argument[0] == _GROUP:
                if name in _INVISIBLE:
                    self.markup["\\" + name] = None
                return "", after
        if name in _DELIMITED:
            # \path|x| and \url|x| (url.sty): verbatim between two equal characters.
            end = nodes[index][3]
            delimiter = self.value[end : end + 1]
            if delimiter and delimiter not in "{ " and not delimiter.isalpha():
                close = self.value.find(delimiter, end + 1)
                if close > end:
                    return self.value[end + 1 : close], self._skip_to(nodes, index, close + 1)
        if name in TEXT_WRAPPERS or name in BIBTEX_WRAPPERS:
            argument, after = self._argument(nodes, index)
            if argument is not None and argument[0] == _GROUP:
                if name == "url":
                    return self.value[argument[2] + 1 : argument[3] - 1], after
                if name not in _PLAIN_WRAPPERS:
                    self.markup["\\" + name] = None
                return self.render(argument[4]), after
        return self._unknown(nodes, index, name)

    def _skip_to(self, nodes: list[_Node], index: int, offset: int) -> int:
        """The index of the first node after *offset*, cutting a text node that holds it."""
        after = index + 1
        while after < len(nodes) and nodes[after][3] <= offset:
            after += 1
        if after < len(nodes) and nodes[after][2] < offset:
            kind, text, start, end, children = nodes[after]
            if kind != _TEXT:
                return after + 1
            nodes[after] = (_TEXT, text[offset - start :], offset, end, children)
        return after

    def _unknown(self, nodes: list[_Node], index: int, name: str) -> tuple[str, int]:
        """A command kept as written, with the groups that follow it."""
        self.unknown["\\" + name] = None
        end = index + 1
        while end < len(nodes) and nodes[end][0] == _GROUP:
            end += 1
        return self.value[nodes[index][2] : nodes[end - 1][3]], end

    def _accent(self, nodes: list[_Node], index: int, name: str) -> tuple[str, int]:
        argument, after = self._argument(nodes, index)
        if argument is None:
            self.unknown["\\" + name] = None
            return "\\" + name, index + 1
        kind, text, _start, _end, children = argument
        if kind == _GROUP and children and children[0][0] in (_WORD_NODE, _SYMBOL):
            # An accent over an accented letter (Vietnamese \~{\^e}): the inside first.
            stacked = _stack(self.render(children).strip(), name)
            if stacked is not None:
                return stacked, after
        if kind == _GROUP:
            inner = self.value[argument[2] + 1 : argument[3] - 1].strip()
        elif kind == _WORD_NODE:
            inner = text
        elif kind == _TEXT:
            inner = text[0]
            if len(text) > 1:  # the accent takes one letter; the rest is text
                rest = (_TEXT, text[1:], argument[2] + 1, argument[3], children)
                nodes[after - 1 : after] = [rest]
                after -= 1
        else:
            self.unknown["\\" + name] = None
            return "\\" + name, index + 1
        decoded = decode_tex_text(f"\\{name}{{{inner}}}")
        if "\\" in decoded or "{" in decoded:
            self.unknown["\\" + name] = None
        return decoded, after

    def symbol(self, nodes: list[_Node], index: int) -> tuple[str, int]:
        char = nodes[index][1][1]
        if char in ACCENTS:
            return self._accent(nodes, index, char)
        if char in _CONTROL_SYMBOLS:
            return _CONTROL_SYMBOLS[char], index + 1
        if char in _SILENT_SYMBOLS:
            return "", index + 1
        self.unknown["\\" + char] = None
        return nodes[index][1], index + 1


_DOTLESS = {"ı": "i", "ȷ": "j"}


def _stack(base: str, accent: str) -> str | None:
    """*base* (one letter, maybe accented already) with one more accent, or ``None``."""
    base = _DOTLESS.get(base, base)  # an accent over \i is an accented i
    decomposed = unicodedata.normalize("NFD", base)
    if not decomposed[:1].isalpha() or not all(unicodedata.combining(c) for c in decomposed[1:]):
        return None
    return unicodedata.normalize("NFC", base + ACCENTS[accent])


def _math_symbol(children: list[_Node]) -> str | None:
    """The character a group holding only one symbol's math (``{$\\alpha$}``) stands for."""
    if len(children) != 1 or children[0][0] != _MATH_NODE:
        return None
    return _MATH_CHARACTERS.get(children[0][1])


def _alone(nodes: list[_Node], index: int) -> bool:
    """Whether the group at *index* is a word of its own: no letter, digit or group touches it."""
    before = nodes[index - 1][1][-1:] if index > 0 else ""
    after = nodes[index + 1][1][:1] if index + 1 < len(nodes) else ""
    return not (before.isalnum() or after.isalnum() or after == "{" or before == "}")


def _protect(text: str, *, whole_word: bool = True) -> str:
    """*text* marked protected from case changes, unless the writers protect it anyway."""
    if "$" in text and _MATH.search(text):
        # Math is protected by the writers; mark the text around it.
        return "".join(
            piece if index % 2 else _protect(piece, whole_word=False)
            for index, piece in enumerate(_MATH.split(text))
        )
    if not text.strip() or "\\" in text or "{" in text or "}" in text or "$" in text:
        return text
    core = text.strip()
    if whole_word and _WORD.fullmatch(core) and needs_protection(core):
        return text
    if _LETTER.search(core) is None:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}\\{NOCASE}{{{core}}}{trail}"


def read_value(value: str, *, title: bool = False) -> Value:
    """*value* (a field's text, delimiters removed) as model text; see the module docstring.

    With *title*, BibTeX's case protection is kept as a marker.
    """
    if not has_tex(value):
        return Value(_collapse_spaces(value), (), ())
    reader = _Reader(value)
    text = reader.render(_tree(value), top=True, title=title)
    text = _collapse_spaces(text)
    return Value(text, tuple(reader.unknown), tuple(reader.markup))
