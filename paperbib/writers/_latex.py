"""Turning untrusted text into LaTeX that typesets as written and executes nothing.

Text from web pages is untrusted: a title may carry ``\\input{/etc/passwd}`` or
``\\immediate\\write18{…}``. The only TeX that survives is ``$…$`` math that is
balanced and uses known, harmless math commands; every other special character
is escaped so it prints as itself. In ASCII mode non-ASCII characters become
the LaTeX forms BibTeX treats as one letter (``{\\'e}``, ``{$\\alpha$}``).
"""

from __future__ import annotations

import re
import unicodedata

from paperbib._math import split_math
from paperbib._tex import decode_tex_text
from paperbib._text import is_printable
from paperbib.writers._case import protected_words

__all__ = [
    "FALLBACKS",
    "escape_text",
    "fallback_preamble",
]

FALLBACKS = {
    "mathbb": r"\providecommand{\mathbb}[1]{\mathbf{#1}}",
    "mathfrak": r"\providecommand{\mathfrak}[1]{\mathrm{#1}}",
    "mathscr": r"\providecommand{\mathscr}[1]{\mathcal{#1}}",
    "text": r"\providecommand{\text}[1]{\mbox{#1}}",
    "operatorname": r"\providecommand{\operatorname}[1]{\mathop{\mathrm{#1}}}",
    "dfrac": r"\providecommand{\dfrac}{\frac}",
    "tfrac": r"\providecommand{\tfrac}{\frac}",
    "binom": r"\providecommand{\binom}[2]{{#1\choose #2}}",
    "boldsymbol": r"\providecommand{\boldsymbol}[1]{\mathbf{#1}}",
    "bm": r"\providecommand{\bm}[1]{\mathbf{#1}}",
    "lVert": r"\providecommand{\lVert}{\|}",
    "rVert": r"\providecommand{\rVert}{\|}",
    "lvert": r"\providecommand{\lvert}{|}",
    "rvert": r"\providecommand{\rvert}{|}",
    "implies": r"\providecommand{\implies}{\Longrightarrow}",
    "argmax": r"\providecommand{\argmax}{\mathop{\mathrm{arg\,max}}}",
    "argmin": r"\providecommand{\argmin}{\mathop{\mathrm{arg\,min}}}",
    "varnothing": r"\providecommand{\varnothing}{\emptyset}",
}
"""Plain-LaTeX stand-ins for the safe math commands that need amsmath, amssymb or bm.

Written as ``\\providecommand`` in an ``@preamble``, so a document that loads
those packages keeps their definitions and a minimal document still builds.
"""
_COMMAND_NAME = re.compile(r"\\([A-Za-z]+)")


def fallback_preamble(latex: str) -> str:
    """The ``@preamble`` entry *latex* needs, or ``""``: stand-ins for package-only math."""
    used = sorted(set(_COMMAND_NAME.findall(latex)) & FALLBACKS.keys())
    if not used:
        return ""
    return '@preamble{"' + " ".join(FALLBACKS[name] for name in used) + '"}\n'


_TEXT_SPECIALS = {
    "\\": r"{\textbackslash}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
    "<": r"{\textless}",
    ">": r"{\textgreater}",
    "|": r"{\textbar}",
}
# C0 and C1 controls and DEL cannot appear in a TeX file; whitespace is collapsed first.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Accents BibTeX understands as part of one "special character" ({\'e}).
_ACCENTS = {
    "\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=",
    "\u0307": ".", "\u0306": "u", "\u030c": "v", "\u030b": "H", "\u0327": "c", "\u0328": "k",
    "\u030a": "r", "\u0323": "d", "\u0331": "b",
}  # fmt: skip
_TEXT_CHARS = {
    "ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}", "ø": r"{\o}",
    "Ø": r"{\O}", "å": r"{\aa}", "Å": r"{\AA}", "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}",
    "ȷ": r"{\j}", "đ": r"{\dj}", "Đ": r"{\DJ}", "ð": r"{\dh}", "Ð": r"{\DH}", "þ": r"{\th}",
    "Þ": r"{\TH}", "ŋ": r"{\ng}", "Ŋ": r"{\NG}",
    "\u00a0": "~", "–": "--", "—": "---", "‘": r"{\textquoteleft}",
    "’": r"{\textquoteright}", "“": "``", "”": "''",
    "…": r"{\ldots}", "•": r"{\textbullet}", "°": r"{\textdegree}", "©": r"{\textcopyright}",
    "®": r"{\textregistered}", "™": r"{\texttrademark}", "§": r"{\textsection}",
    "¶": r"{\textparagraph}", "†": r"{\textdagger}", "‡": r"{\textdaggerdbl}",
    "£": r"{\textsterling}", "€": r"{\texteuro}", "¥": r"{\textyen}", "µ": r"{\textmu}",
    "¢": r"{\textcent}", "¿": r"{?`}", "¡": r"{!`}", "‰": r"{\textperthousand}",
    "¼": r"{\textonequarter}", "½": r"{\textonehalf}", "¾": r"{\textthreequarters}",
    "¹": r"{\textonesuperior}", "²": r"{\texttwosuperior}", "³": r"{\textthreesuperior}",
    "ª": r"{\textordfeminine}", "º": r"{\textordmasculine}", "\u2010": "-", "\u2011": "-",
    "«": r"{\guillemotleft}", "»": r"{\guillemotright}", "„": r"{\quotedblbase}",
}  # fmt: skip
_MATH_CHARS = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ϖ": "varpi",
    "ρ": "rho", "ϱ": "varrho", "σ": "sigma", "ς": "varsigma", "τ": "tau", "υ": "upsilon",
    "φ": "varphi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma",
    "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
    "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
    "≤": "leq", "≥": "geq", "≠": "neq", "≈": "approx", "≡": "equiv", "∼": "sim", "≃": "simeq",
    "≅": "cong", "∝": "propto", "≪": "ll", "≫": "gg", "×": "times", "÷": "div", "±": "pm",
    "∓": "mp", "⋅": "cdot", "∞": "infty", "∑": "sum", "∏": "prod", "∫": "int", "√": "surd",
    "∂": "partial", "∇": "nabla", "∈": "in", "∉": "notin", "∋": "ni", "⊂": "subset",
    "⊆": "subseteq", "⊃": "supset", "⊇": "supseteq", "∪": "cup", "∩": "cap",
    "∅": "emptyset", "∀": "forall", "∃": "exists", "¬": "lnot", "∧": "wedge", "∨": "vee",
    "→": "rightarrow", "←": "leftarrow", "↔": "leftrightarrow", "⇒": "Rightarrow",
    "⇐": "Leftarrow", "⇔": "Leftrightarrow", "↦": "mapsto", "↑": "uparrow", "↓": "downarrow",
    "ℓ": "ell", "ℏ": "hbar", "ℵ": "aleph", "′": "prime", "∘": "circ", "⊕": "oplus",
    "⊗": "otimes", "⊙": "odot", "⟨": "langle", "⟩": "rangle", "∗": "ast", "⋆": "star",
    "∣": "mid", "∥": "parallel", "⊥": "perp", "∠": "angle", "△": "bigtriangleup", "−": "-",
    "ℝ": "mathbb{R}", "ℕ": "mathbb{N}", "ℤ": "mathbb{Z}", "ℚ": "mathbb{Q}", "ℂ": "mathbb{C}",
}  # fmt: skip


_BRACE = re.compile(r"[{}]")


def _unmatched_braces(text: str) -> set[int]:
    """Positions of braces that have no partner.

    BibTeX counts every brace, escaped or not, so the escaped braces paperbib
    writes must pair up too; the unpaired ones get an invisible partner.
    """
    stack: list[int] = []
    unmatched: set[int] = set()
    for match in _BRACE.finditer(text):
        if match.group() == "{":
            stack.append(match.start())
        elif stack:
            stack.pop()
        else:
            unmatched.add(match.start())
    unmatched.update(stack)
    return unmatched


def _encode_cluster(cluster: str, unmapped: list[str]) -> str:
    """A non-ASCII letter with its accents as ``{\\'e}``, or the cluster as it is if it has none."""
    if cluster in _TEXT_CHARS:
        return _TEXT_CHARS[cluster]
    if cluster in _MATH_CHARS:
        return "{$\\" + _MATH_CHARS[cluster] + "$}" if cluster != "−" else "{$-$}"
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], decomposed[1:]
    if base.isascii() and not base.isalpha():
        # Accents on a digit or a TeX special: escape the special, keep the marks.
        unmapped.append(marks)
        return _TEXT_SPECIALS.get(base, base) + marks
    # An accented i is ``{\'i}``, not ``{\'{\i}}``: biber decodes \i to U+0131 and a
    # combining accent, which stops pdflatex, while LaTeX's OT1 and T1 encodings set
    # \' \` \^ \" over i with the dotless glyph themselves.
    if base in _TEXT_CHARS and base.isalpha():
        base = _TEXT_CHARS[base][1:-1]
    elif not (base.isascii() and base.isalpha()):
        unmapped.append(cluster)
        return cluster
    if not marks or any(mark not in _ACCENTS for mark in marks):
        unmapped.append(cluster)
        return cluster
    latex = base
    for mark in marks:
        accent = _ACCENTS[mark]
        latex = (
            f"\\{accent}{latex}"
            if not accent.isalpha() and len(latex) == 1
            else (f"\\{accent}{{{latex}}}")
        )
    return "{" + latex + "}"


def _encode_math(math: str, unmapped: list[str]) -> str:
    if math.isascii():
        return math
    out = []
    for index, ch in enumerate(math):
        if ch.isascii():
            out.append(ch)
        elif ch in _MATH_CHARS:
            command = _MATH_CHARS[ch]
            following = math[index + 1 : index + 2]
            # A control word ends at the first non-letter; add a space only if a letter follows.
            space = (
                " " if command[-1].isalpha() and following.isascii() and following.isalpha() else ""
            )
            out.append(command if command == "-" else "\\" + command + space)
        else:
            unmapped.append(ch)
            out.append(ch)
    return "".join(out)


# Stand-ins for braces that have no partner, swapped in before escaping: control
# characters, which escape_text has removed from the text by then.
_LONE_OPEN, _LONE_CLOSE = "\x01", "\x02"
_ESCAPES = {
    **_TEXT_SPECIALS,
    _LONE_OPEN: r"\{\vphantom{\}}",
    _LONE_CLOSE: r"\vphantom{\{}\}",
}
# ASCII characters that TeX text fonts join into ligatures, and the characters
# written as nothing but those (dashes, double quotes).
_LIGATURE_CHARS = frozenset("-`'") | {
    char for char, latex in _TEXT_CHARS.items() if latex and set(latex) <= set("-`'")
}
_LIGATURE_STARTS = _LIGATURE_CHARS | {"!", "?"}
_SPECIALS = re.compile(r"[\\{}%&#_$~^<>|\x01\x02]")
_NOT_SPECIAL_ASCII = bytes(b for b in range(0x80) if chr(b) not in "\\{}%&#_$~^<>|\x01\x02")


def _has_specials(text: str) -> bool:
    # For ASCII, deleting every other byte in C is several times faster than a search.
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _NOT_SPECIAL_ASCII))
    return _SPECIALS.search(text) is not None


_SPECIALS_OR_CLUSTERS = re.compile(
    r"[\\{}%&#_$~^<>|\x01\x02]|[^\x00-\x7f][\u0300-\u036f]*|[A-Za-z][\u0300-\u036f]+"
)


def _escape_run(text: str, ascii_only: bool, unmapped: list[str]) -> str:
    """Escape specials (and, in ASCII mode, encode other characters) in a run of text."""
    if ascii_only and not text.isascii():
        pattern = _SPECIALS_OR_CLUSTERS
    elif not _has_specials(text):
        return text
    else:
        pattern = _SPECIALS

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        escaped = _ESCAPES.get(found)
        if escaped is not None:
            return escaped
        escaped = _encode_cluster(found, unmapped)
        if escaped[0] in _LIGATURE_CHARS and _touches_ligature(match):
            return "{" + escaped + "}"
        return escaped

    return pattern.sub(replace, text)


def _touches_ligature(match: re.Match[str]) -> bool:
    """Whether TeX would merge the ASCII form of *match* with a neighbour.

    Text fonts turn ``--``, ``---``, ``````, ``''``, ``!``` and ``?``` into
    single glyphs, so "-\u2010" written as ``--`` would print an en dash; a
    group (``-{-}``) keeps the characters apart.
    """
    text, (start, end) = match.string, match.span()
    return text[start - 1 : start] in _LIGATURE_STARTS or text[end : end + 1] in _LIGATURE_CHARS


def _mark_lone_braces(text: str) -> str:
    unmatched = _unmatched_braces(text)
    if not unmatched:
        return text
    chars = list(text)
    for index in unmatched:
        chars[index] = _LONE_OPEN if chars[index] == "{" else _LONE_CLOSE
    return "".join(chars)


def _escape_plain(
    text: str, braces: tuple[str, str] | None, ascii_only: bool, unmapped: list[str]
) -> str:
    """Escape a run of text (no math); with *braces*, protect acronym-like words."""
    if "{" in text or "}" in text:
        text = _mark_lone_braces(text)
    if braces is None:
        return _escape_run(text, ascii_only, unmapped)
    spans = list(protected_words(text))
    if not spans:
        return _escape_run(text, ascii_only, unmapped)
    out: list[str] = []
    position = 0
    if (text.isascii() or not ascii_only) and not _has_specials(text):
        # Nothing to escape (the usual title): only the braces go in.
        for start, end in spans:
            out += (text[position:start], braces[0], text[start:end], braces[1])
            position = end
        out.append(text[position:])
        return "".join(out)
    for start, end in spans:
        out.append(_escape_run(text[position:start], ascii_only, unmapped))
        out.append(braces[0] + _escape_run(text[start:end], ascii_only, unmapped) + braces[1])
        position = end
    out.append(_escape_run(text[position:], ascii_only, unmapped))
    return "".join(out)


def escape_text(
    text: str,
    *,
    protect_case: bool = False,
    double_braces: bool = False,
    ascii_only: bool = False,
    unmapped: list[str] | None = None,
    removed: list[str] | None = None,
) -> str:
    """LaTeX for *text* in a BibTeX field value: prints as written, runs nothing.

    Safe ``$…$`` math is kept. Text-mode TeX paperbib knows (``Moraz\\'an``,
    ``50\\%``) is read for what it means; every other TeX special is escaped,
    so stray macros print as text. Whitespace runs, newlines included, become one space;
    control characters are dropped. With *protect_case*, acronym-like words
    (``BERT``, ``LeTI``, ``GPT4``, ``xPQA``) and math are wrapped in braces so
    styles do not lowercase them; *double_braces* uses two pairs, as Better
    BibTeX does. With *ascii_only*, other characters become LaTeX (``{\\'e}``,
    ``{$\\alpha$}``, ``--``); those with no LaTeX form stay as they are and are
    appended to *unmapped*; removed control characters are appended to *removed*.
    """
    unmapped = [] if unmapped is None else unmapped
    if not is_printable(text):  # newlines, tabs, other spaces or control characters
        text = " ".join(text.split())
        if removed is not None:
            removed.extend(_CONTROLS.findall(text))
        text = _CONTROLS.sub("", text)
    elif "  " in text:
        text = " ".join(text.split())
    text = text.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    braces = ("{{", "}}") if double_braces else ("{", "}")
    out: list[str] = []
    for is_math, piece in split_math(text):
        if is_math:
            if ascii_only:
                piece = _encode_math(piece, unmapped)
            out.append(braces[0] + piece + braces[1] if protect_case else piece)
        else:
            piece = decode_tex_text(piece)
            out.append(_escape_plain(piece, braces if protect_case else None, ascii_only, unmapped))
    return "".join(out)
