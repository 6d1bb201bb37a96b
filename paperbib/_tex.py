"""Reading TeX that arrives inside plain text: accents, escapes, simple markup, math.

Sources such as arXiv write names and abstracts with TeX (``Moraz\\'an``,
``50\\%``, ``$\\mathcal{B}$``). Formats that are not TeX (CSL-JSON, RIS) want the
characters those stand for. Only well-known text-mode commands are decoded;
anything else is left exactly as written, so nothing is silently lost.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["decode_tex_text", "math_to_unicode", "tex_to_unicode"]

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
_ACCENT_ARG = r"(?:\{\s*(\\?[A-Za-z])\s*\}|(?<=[`'^\"~=.])\s*(\\?[A-Za-z])|\s+(\\?[A-Za-z]))"
_TOKEN = re.compile(
    rf"""\{{\\([`'^"~=.uvHckrdb]){_ACCENT_ARG}\}}"""  # {\'e}
    rf"""|\\([`'^"~=.uvHckrdb]){_ACCENT_ARG}"""  # \'e  \'{e}  \c c
    rf"|\{{\\({'|'.join(_LETTERS)})\}}"  # {\ss}
    rf"|\\({'|'.join(sorted(_LETTERS, key=len, reverse=True))})(?![A-Za-z])(?:\{{\}}|\s?)"
    rf"|\\({'|'.join(_SYMBOLS)})(?![A-Za-z])(?:\{{\}}|\s?)"
    rf"|\\({_WRAPPERS})\{{([^{{}}\\]*)\}}"
    r"|\\([%&_#$\{\}])"
    r"|\\(\s)",
    re.VERBOSE,
)


def _letter(text: str) -> str:
    if text.startswith("\\"):
        return _LETTERS.get(text[1:], "ı" if text == "\\i" else text[1:])
    return text


def _replace(match: re.Match[str]) -> str:
    groups = match.groups()
    for offset in (0, 4):
        accent = groups[offset]
        if accent is not None:
            base = _letter(next(g for g in groups[offset + 1 : offset + 4] if g is not None))
            if base == "i" and accent in "'`^\"~=":
                base = "ı"
            composed = unicodedata.normalize("NFC", base + _COMBINING[accent])
            return composed.replace("ı" + _COMBINING[accent], "i" + _COMBINING[accent])
    letter = groups[8] or groups[9]
    if letter is not None:
        return _LETTERS[letter]
    if groups[10] is not None:
        return _SYMBOLS[groups[10]]
    if groups[11] is not None:
        return decode_tex_text(groups[12])
    if groups[13] is not None:
        return groups[13]
    return " "  # a control space


def decode_tex_text(text: str) -> str:
    """Decode the text-mode TeX of *text*: ``Moraz\\'an`` -> ``Morazán``, ``50\\%`` -> ``50%``.

    Accents, special letters (``\\ss``, ``\\o``), escaped specials, a few symbols
    and simple markup (``\\emph{x}`` -> ``x``) are decoded; any other command,
    brace or tilde is left as written.
    """
    if "\\" not in text:
        return text
    return _TOKEN.sub(_replace, text)


def math_to_unicode(math: str) -> str:
    """Readable Unicode for a ``$…$`` span: ``$\\mathcal{B}$`` -> ``ℬ``, ``$\\alpha$`` -> ``α``."""
    from pylatexenc.latex2text import LatexNodes2Text

    body = math.strip("$")
    try:
        converter = LatexNodes2Text(math_mode="text", strict_latex_spaces="based-on-source")
        return str(converter.latex_to_text(body)).strip()
    except Exception:  # pylatexenc on hostile input: keep the text as written
        return math


def tex_to_unicode(text: str) -> str:
    """Decode both the math (``$…$`` spans that are safe TeX) and the text-mode TeX of *text*."""
    from paperbib.writers._latex import split_math

    if "$" not in text:
        return decode_tex_text(text)
    return "".join(
        math_to_unicode(piece) if is_math else decode_tex_text(piece)
        for is_math, piece in split_math(text)
    )
