"""Reading TeX that arrives inside plain text: accents, escapes, simple markup, math.

Sources such as arXiv write names and abstracts with TeX (``Moraz\\'an``,
``50\\%``, ``$\\mathcal{B}$``). Formats that are not TeX (CSL-JSON, RIS) want the
characters those stand for. Only well-known text-mode commands are decoded;
anything else is left exactly as written, so nothing is silently lost.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from paperbib._math import math_to_unicode, split_math

__all__ = ["decode_tex_text", "tex_to_unicode"]

_COMBINING = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ",
    "TH": "Þ", "dj": "đ", "DJ": "Đ", "ng": "ŋ", "NG": "Ŋ",
}  # fmt: skip
_SYMBOLS = {
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^", "textless": "<",
    "textgreater": ">", "textbar": "|", "textendash": "–", "textemdash": "—", "ldots": "…",
    "dots": "…", "textellipsis": "…", "S": "§", "P": "¶", "dag": "†", "ddag": "‡",
    "copyright": "©", "textcopyright": "©", "textregistered": "®", "texttrademark": "™",
    "pounds": "£", "euro": "€", "textdegree": "°", "textquoteleft": "‘", "textquoteright": "’",
    "textquotedblleft": "“", "textquotedblright": "”", "LaTeX": "LaTeX", "TeX": "TeX",
    "BibTeX": "BibTeX",
}  # fmt: skip
_WRAPPERS = (
    "emph|textit|textbf|textsc|texttt|textrm|textsf|textsl|textup|textmd|underline|mbox|text|url"
)
_ACCENT_CHARS = "`'^\"~=.uvHckrdb"


def _accent_arg(n: int) -> str:
    letter = r"\\?[A-Za-z]"
    return (
        rf"(?:\{{\s*(?P<b{n}a>{letter})\s*\}}"  # \'{e}
        rf"|(?<=[`'^\"~=.])\s*(?P<b{n}b>{letter})"  # \'e (symbol accents need no space)
        rf"|\s+(?P<b{n}c>{letter}))"  # \c c
    )


_TOKEN_PATTERN = (
    r"(?P<linebreak>\\\\)"
    rf"|\{{\\(?P<a1>[{_ACCENT_CHARS}]){_accent_arg(1)}\}}"  # {\'e}
    rf"|\\(?P<a2>[{_ACCENT_CHARS}]){_accent_arg(2)}"  # \'e  \'{e}  \c c
    rf"|\{{\\(?P<l1>{'|'.join(_LETTERS)})\}}"  # {\ss}
    # Any other control word; _replace looks the name up. One alternative for
    # all names keeps the pattern small, and compiling it is part of start-up.
    r"|\\(?P<word>[A-Za-z]+)(?:\{(?P<argument>[^{}\\]*)\}|\s?)"
    r"|\\(?P<escaped>[%&_#$\{\}])"
    r"|\\(?P<space>\s)"
)
_WRAPPER_NAMES = frozenset(_WRAPPERS.split("|"))


@functools.cache
def _token() -> re.Pattern[str]:
    return re.compile(_TOKEN_PATTERN)  # compiled on first use: most text has no TeX


def _replace(match: re.Match[str]) -> str:
    group = match.groupdict()
    for n in (1, 2):
        accent = group[f"a{n}"]
        if accent is not None:
            base = group[f"b{n}a"] or group[f"b{n}b"] or group[f"b{n}c"] or ""
            if base in ("\\i", "\\j"):
                base = base[1]  # an accent on a dotless i is an accented i
            elif base.startswith("\\"):
                base = _LETTERS.get(base[1:], base)
            return unicodedata.normalize("NFC", base + _COMBINING[accent])
    if group["l1"] is not None:
        return _LETTERS[group["l1"]]
    word, argument = group["word"], group["argument"]
    if word is not None:
        if word in _WRAPPER_NAMES:
            return match.group() if argument is None else decode_tex_text(argument)
        character = _LETTERS.get(word) or _SYMBOLS.get(word)
        if character is None:
            return match.group()
        # "\o{}" and "\o " end the control word; any other argument stays.
        return character if not argument else f"{character}{{{argument}}}"
    if group["escaped"] is not None:
        return group["escaped"]
    if group["space"] is not None:
        return " "
    return match.group()  # \\ is a line break, not an escaped backslash


def decode_tex_text(text: str) -> str:
    """Decode the text-mode TeX of *text*: ``Moraz\\'an`` -> ``Morazán``, ``50\\%`` -> ``50%``.

    Accents, special letters (``\\ss``, ``\\o``), escaped specials, a few symbols
    and simple markup (``\\emph{x}`` -> ``x``) are decoded; any other command
    (``\\\\`` included), brace or tilde is left as written.
    """
    if "\\" not in text:
        return text
    return _token().sub(_replace, text)


def tex_to_unicode(text: str) -> str:
    """Decode both the math (``$…$`` spans that are safe TeX) and the text-mode TeX of *text*."""
    if "$" not in text:
        return decode_tex_text(text)
    return "".join(
        math_to_unicode(piece) if is_math else decode_tex_text(piece)
        for is_math, piece in split_math(text)
    )
