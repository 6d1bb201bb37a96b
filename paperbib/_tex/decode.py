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

__all__ = ["LITERAL_HYPHEN", "decode_tex_text"]

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

# A run of two or more hyphens, written with the literal prefix "--" that the regex
# engine searches for in C: twice as fast as `"--" in text` on an abstract full of
# single hyphens, so decode_tex_text asks it whether there is a run at all.
_HYPHENS = LazyPattern(r"--+")
# Where hyphens are not prose: URLs, and code in TeX. Looked for only in text
# that has a run of hyphens and a sign of either, which is rare.
# \b(?:https?|ftp)://…|\bwww\.…, written to start with a character class, which
# the regex engine skips to in C: about 2.5x faster on abstracts that have a URL.
_URL = LazyPattern(r"[fhw](?<!\w[fhw])(?:(?<=h)ttps?://|(?<=f)tp://|(?<=w)ww\.)[^\s<>\"]*")
_TEX_CODE = LazyPattern(r"\\(?:texttt|url|path)\{[^{}]*\}|\\verb([^A-Za-z\s])[^\n]*?\1")
_BEFORE_OPTION = frozenset(" \t\n([{\"'`")
LITERAL_HYPHEN = "\x03"
"""What :func:`decode_tex_text` writes, with ``dashes=False``, for each hyphen after
the first of a run that is not a dash: the LaTeX renderer writes it as ``{-}``,
which keeps TeX from joining the hyphens into a dash. A control character, which
no text reaching the renderer holds (:func:`~paperbib._tex.latex.escape_text`
removes them first)."""


def _is_option(text: str, start: int, end: int) -> bool:
    """Whether the run at *start*..*end* opens a command-line option (``--help``)."""
    after = text[end : end + 1]
    return (
        end - start == 2
        and (start == 0 or text[start - 1] in _BEFORE_OPTION)
        and after.isascii()
        and after.isalpha()
    )


def _dashes(text: str, *, latex: bool) -> str:
    """*text* with its runs of hyphens read by the dash rule (see the module docstring).

    Prose dashes become – and — (or, with *latex*, stay ``--`` and ``---``, which
    TeX prints as those); other runs stay hyphens (with *latex*, marked by
    :data:`LITERAL_HYPHEN`).
    """
    literal: list[tuple[int, int]] | None = None
    pieces: list[str] = []
    position = 0
    for match in _HYPHENS.finditer(text):
        start, end = match.span()
        if literal is None:
            literal = []
            if "://" in text or "www." in text:
                literal.extend(m.span() for m in _URL.finditer(text))
            if "\\" in text:
                literal.extend(m.span() for m in _TEX_CODE.finditer(text))
        dash = (
            end - start <= 3
            and not _is_option(text, start, end)
            and not any(a <= start and end <= b for a, b in literal)
        )
        if dash and not latex:
            run = "\u2013" if end - start == 2 else "\u2014"
        elif not dash and latex:
            run = "-" + LITERAL_HYPHEN * (end - start - 1)
        else:
            continue
        pieces.append(text[position:start])
        pieces.append(run)
        position = end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


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
            # Dashes were read in the whole text already, code included.
            return _TOKEN.sub(_replace, argument) if "\\" in argument else argument
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


def decode_tex_text(text: str, *, dashes: bool = True) -> str:
    """Decode the text-mode TeX of *text*: ``Moraz\\'an`` -> ``Morazán``, ``50\\%`` -> ``50%``.

    Accents, special letters (``\\ss``, ``\\o``), escaped specials, a few symbols,
    simple markup (``\\emph{x}`` -> ``x``) and dashes (``--`` -> –, ``---`` -> —;
    not in URLs, code or options such as ``--help``) are decoded; any other
    command (``\\\\`` included), brace or tilde is left as written. With
    *dashes* false (the LaTeX renderer's reading), dashes stay ``--`` and
    ``---`` and the hyphens of other runs after the first are
    :data:`LITERAL_HYPHEN`.
    """
    if _HYPHENS.search(text):
        text = _dashes(text, latex=not dashes)
    if "\\" not in text:
        return text
    return _TOKEN.sub(_replace, text)
