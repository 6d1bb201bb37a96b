"""Reading text-mode TeX that arrives inside plain text: accents, escapes, dashes, simple markup.

Sources such as arXiv write names and abstracts with TeX (``Moraz\\'an``,
``50\\%``, ``\\emph{x}``). Formats that are not TeX (CSL-JSON, RIS) want the
characters those stand for, and the BibTeX escaper reads them before it
writes its own LaTeX. Only well-known text-mode commands are decoded; anything
else is left exactly as written, so nothing is silently lost.

Dashes follow TeX, in which titles on arXiv are written: ``--`` is an en dash
(–) and ``---`` an em dash (—), except where the hyphens are not prose: in a
URL (``https://…``, ``www.…``), in code (``\\texttt{…}``, ``\\url{…}``,
``\\verb|…|``, a command-line option such as ``--help``) and in a run of four
or more. Math is never read here. :func:`decode_tex_text` is the one place
that rule lives; every writer reads text through it.
"""

from __future__ import annotations

import re
import unicodedata

from paperbib._startup import LazyPattern
from paperbib._tex.vocab import ACCENTS, LETTERS, LOGOS, TEXT_SYMBOLS, TEXT_WRAPPERS

__all__ = ["decode_tex_text"]

_NAMED = {
    **{name: char for char, (_, names) in TEXT_SYMBOLS.items() for name in names.split()},
    **{logo: logo for logo in LOGOS},
    **LETTERS,
}
_ACCENT_CHARS = re.escape("".join(ACCENTS))
_SYMBOL_ACCENTS = re.escape("".join(accent for accent in ACCENTS if not accent.isalpha()))
_ESCAPED = re.escape("".join(c for c, (latex, _) in TEXT_SYMBOLS.items() if latex == "\\" + c))


def _accent_arg(n: int) -> str:
    letter = r"\\?[A-Za-z]"
    return (
        rf"(?:\{{\s*(?P<b{n}a>{letter})\s*\}}"  # \'{e}
        rf"|(?<=[{_SYMBOL_ACCENTS}])\s*(?P<b{n}b>{letter})"  # \'e (symbol accents need no space)
        rf"|\s+(?P<b{n}c>{letter}))"  # \c c
    )


_TOKEN_PATTERN = (
    r"(?P<linebreak>\\\\)"
    rf"|\{{\\(?P<a1>[{_ACCENT_CHARS}]){_accent_arg(1)}\}}"  # {\'e}
    rf"|\\(?P<a2>[{_ACCENT_CHARS}]){_accent_arg(2)}"  # \'e  \'{e}  \c c
    rf"|\{{\\(?P<l1>{'|'.join(LETTERS)})\}}"  # {\ss}
    # Any other control word; _replace looks the name up. One alternative for
    # all names keeps the pattern small, and compiling it is part of start-up.
    r"|\\(?P<word>[A-Za-z]+)(?:\{(?P<argument>[^{}\\]*)\}|\s?)"
    rf"|\\(?P<escaped>[{_ESCAPED}])"
    r"|\\(?P<space>\s)"
)


_TOKEN = LazyPattern(_TOKEN_PATTERN)  # most text has no TeX

_CODE = frozenset({"texttt", "url"})
"""Wrappers whose argument is code or a URL, where hyphens stay hyphens."""

# Hyphens that are not dashes come first, so the dash alternative never sees them.
_DASHES = LazyPattern(
    r"(?P<keep>"
    r"\b(?:https?|ftp)://[^\s<>\"]*"  # a URL
    r"|\bwww\.[^\s<>\"]*"
    r"|\\(?:texttt|url|path)\{[^{}]*\}"  # code in TeX
    r"|\\verb(?P<delimiter>[^A-Za-z\s])[^\n]*?(?P=delimiter)"
    r"|(?<![^\s(\[{\"'`])--[A-Za-z][\w-]*"  # a command-line option: --help
    r"|-{4,}"
    r")"
    r"|(?P<dash>-{2,3})"
)


def _replace(match: re.Match[str]) -> str:
    group = match.groupdict()
    for n in (1, 2):
        accent = group[f"a{n}"]
        if accent is not None:
            base = group[f"b{n}a"] or group[f"b{n}b"] or group[f"b{n}c"] or ""
            if base in ("\\i", "\\j"):
                base = base[1]  # an accent on a dotless i is an accented i
            elif base.startswith("\\"):
                base = LETTERS.get(base[1:], base)
            return unicodedata.normalize("NFC", base + ACCENTS[accent])
    if group["l1"] is not None:
        return LETTERS[group["l1"]]
    word, argument = group["word"], group["argument"]
    if word is not None:
        if word in TEXT_WRAPPERS:
            if argument is None:
                return match.group()
            # Code keeps its hyphens: \texttt{--} is two of them.
            return _decode(argument, dashes=word not in _CODE)
        character = _NAMED.get(word)
        if character is None:
            return match.group()
        # "\o{}" and "\o " end the control word; any other argument stays.
        return character if not argument else f"{character}{{{argument}}}"
    if group["escaped"] is not None:
        return group["escaped"]
    if group["space"] is not None:
        return " "
    return match.group()  # \\ is a line break, not an escaped backslash


def _dash(match: re.Match[str]) -> str:
    dash = match.group("dash")
    if dash is None:
        return match.group()
    return "\u2013" if len(dash) == 2 else "\u2014"


def decode_tex_text(text: str) -> str:
    """Decode the text-mode TeX of *text*: ``Moraz\\'an`` -> ``Morazán``, ``50\\%`` -> ``50%``.

    Accents, special letters (``\\ss``, ``\\o``), escaped specials, a few symbols,
    simple markup (``\\emph{x}`` -> ``x``) and dashes (``--`` -> –, ``---`` -> —;
    not in URLs, code or options such as ``--help``) are decoded; any other
    command (``\\\\`` included), brace or tilde is left as written.
    """
    return _decode(text, dashes=True)


def _decode(text: str, *, dashes: bool) -> str:
    if dashes and "--" in text:
        text = _DASHES.sub(_dash, text)
    if "\\" not in text:
        return text
    return _TOKEN.sub(_replace, text)
