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

from paperbib._tex import decode_tex_text
from paperbib.writers._case import protected_words

__all__ = [
    "FALLBACKS",
    "SAFE_MATH_COMMANDS",
    "escape_text",
    "fallback_preamble",
    "has_controls",
    "split_math",
]

# Math-mode commands of LaTeX, amsmath and amssymb that only typeset symbols.
SAFE_MATH_COMMANDS = frozenset(
    """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
    pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta
    Lambda Xi Pi Sigma Upsilon Phi Psi Omega mathcal mathbb mathbf mathrm mathit mathsf mathtt
    mathfrak mathscr boldsymbol bm text textrm textit textbf operatorname frac dfrac tfrac sqrt
    binom log ln exp sin cos tan max min arg argmax argmin lim sup inf det dim ker Pr infty sum
    prod int oint partial nabla cdot cdots ldots dots vdots ddots times div pm mp ast star circ
    bullet oplus otimes odot leq le geq ge neq ne approx sim simeq cong equiv propto ll gg prec
    succ preceq succeq subset subseteq supset supseteq in notin ni cup cap setminus emptyset
    varnothing forall exists neg land lor wedge vee to rightarrow leftarrow leftrightarrow
    Rightarrow Leftarrow Leftrightarrow mapsto implies iff uparrow downarrow mid parallel perp
    angle triangle bigtriangleup lnot top bot ell hbar Re Im aleph prime surd hat tilde bar vec
    dot ddot widehat widetilde overline underline overrightarrow left right big Big bigg Bigg
    langle rangle lfloor rfloor lceil rceil lvert rvert lVert rVert vert Vert quad qquad colon
    """.split()
)
"""Commands allowed inside ``$…$``; math using anything else is printed as text."""

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


_TAKES_ARGUMENT = frozenset(
    """
    mathcal mathbb mathbf mathrm mathit mathsf mathtt mathfrak mathscr boldsymbol bm text textrm
    textit textbf operatorname frac dfrac tfrac sqrt binom hat tilde bar vec dot ddot widehat
    widetilde overline underline overrightarrow
    """.split()
)
_ARGUMENT = re.compile(r"\s*(?:\{|[A-Za-z0-9]|\\[A-Za-z])")
_BAD_SCRIPT = re.compile(
    r"[\^_]\s*(?:$|[\^_}]|\\(?:left|right|[bB]igg?|" + "|".join(_TAKES_ARGUMENT) + r")(?![A-Za-z]))"
)
_MATH_SYMBOLS = frozenset(",;:! {}|")  # \, \; \: \! \  \{ \} \|
_CONTROL = re.compile(r"\\(?:([A-Za-z]+)|(.))", re.DOTALL)
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
_WHITESPACE = re.compile(r"\s+")
# C0 and C1 controls and DEL cannot appear in a TeX file; whitespace is collapsed first.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Accents BibTeX understands as part of one "special character" ({\'e}).
_ACCENTS = {
    "\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=",
    "\u0307": ".", "\u0306": "u", "\u030c": "v", "\u030b": "H", "\u0327": "c", "\u0328": "k",
    "\u030a": "r", "\u0323": "d", "\u0331": "b",
}  # fmt: skip
_BELOW = frozenset("\u0327\u0328\u0323\u0331")  # cedilla, ogonek, dot and bar below
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
_CLUSTER = re.compile(r".[\u0300-\u036f]*", re.DOTALL)


def has_controls(text: str) -> bool:
    """Whether *text* has control characters, which :func:`escape_text` drops."""
    return _CONTROLS.search(text) is not None


def _math_is_safe(body: str) -> bool:
    if not body.strip() or "\n" in body or any(ch in body for ch in "%#&$"):
        return False
    depth = 0
    for ch in body:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    if depth:
        return False
    for match in _CONTROL.finditer(body):
        word, symbol = match.groups()
        if word is not None and word not in SAFE_MATH_COMMANDS:
            return False
        if symbol is not None and symbol not in _MATH_SYMBOLS:
            return False
        if word in _TAKES_ARGUMENT and not _ARGUMENT.match(body, match.end()):
            return False
    # Keep out what would stop a build, not only what would run: a script sign
    # with nothing to apply to, a \left without its \right.
    if _BAD_SCRIPT.search(body) or body.count("\\left") != body.count("\\right"):
        return False
    return _scripts_ok(body)


_MATH_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|.", re.DOTALL)


def _scripts_ok(body: str) -> bool:
    """No atom gets two superscripts or two subscripts (``x^a^b`` stops TeX)."""
    tokens = _MATH_TOKEN.findall(body)
    stack: list[tuple[bool, bool, bool]] = []
    sup = sub = expect = False
    for token in tokens:
        if token.isspace():
            continue
        if token == "{":
            # After the group: the same atom if it was a script's argument, else a new one.
            stack.append((sup, sub, False) if expect else (False, False, False))
            sup = sub = expect = False
            continue
        if token == "}":
            sup, sub, expect = stack.pop()
            continue
        if token in ("^", "_"):
            if expect or (sup if token == "^" else sub):
                return False
            sup, sub = (True, sub) if token == "^" else (sup, True)
            expect = True
        elif expect:
            expect = False
        else:
            sup = sub = False
    return True


def _closing_dollar(text: str, start: int) -> int:
    """Index of the ``$`` that closes math opened just before *start*, or -1.

    pandoc's rule for ``$…$`` in running text: the closing ``$`` follows a
    non-space character and is not followed by a digit (so ``$5 and $10`` is
    money, not math).
    """
    position = start
    length = len(text)
    while position < length:
        ch = text[position]
        if ch == "\\":
            position += 2
            continue
        if ch == "$":
            follows_digit = position + 1 < length and text[position + 1].isdigit()
            if position > start and not text[position - 1].isspace() and not follows_digit:
                return position
        position += 1
    return -1


def split_math(text: str) -> list[tuple[bool, str]]:
    """Split *text* into ``(is_math, piece)`` runs; math pieces include their ``$``.

    Dollars pair up as in pandoc: an opening ``$`` is followed by a non-space
    character, a closing one preceded by one and not followed by a digit; a
    ``$`` escaped as ``\\$`` is text. The math must also be on one line,
    brace-balanced and use only :data:`SAFE_MATH_COMMANDS`; otherwise both its
    dollars are plain text.
    """
    pieces: list[tuple[bool, str]] = []
    start = 0
    position = 0
    length = len(text)
    while position < length:
        ch = text[position]
        if ch == "\\":
            position += 2
            continue
        opens = ch == "$" and position + 1 < length and not text[position + 1].isspace()
        if not opens or text[position + 1] == "$":
            position += (
                2 if ch == "$" and position + 1 < length and text[position + 1] == "$" else 1
            )
            continue
        end = _closing_dollar(text, position + 1)
        if end < 0:
            position += 1
        elif _math_is_safe(text[position + 1 : end]):
            if start < position:
                pieces.append((False, text[start:position]))
            pieces.append((True, text[position : end + 1]))
            start = position = end + 1
        else:
            position = end + 1
    if start < length:
        pieces.append((False, text[start:]))
    return pieces


def _unmatched_braces(text: str) -> set[int]:
    """Positions of braces that have no partner.

    BibTeX counts every brace, escaped or not, so the escaped braces paperbib
    writes must pair up too; the unpaired ones get an invisible partner.
    """
    stack: list[int] = []
    unmatched: set[int] = set()
    for index, ch in enumerate(text):
        if ch == "{":
            stack.append(index)
        elif ch == "}":
            if stack:
                stack.pop()
            else:
                unmatched.add(index)
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
    if base in "ij" and marks and not set(marks) & _BELOW:
        base = "\\" + base  # an accent above i or j replaces its dot
    elif base in _TEXT_CHARS and base.isalpha():
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


def _encode_non_ascii(text: str, unmapped: list[str]) -> str:
    if text.isascii():
        return text
    return "".join(
        cluster if cluster.isascii() else _encode_cluster(cluster, unmapped)
        for cluster in _CLUSTER.findall(text)
    )


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


def _escape_plain(
    text: str, braces: tuple[str, str] | None, ascii_only: bool, unmapped: list[str]
) -> str:
    """Escape a run of text (no math); with *braces*, protect acronym-like words."""
    protected = dict(protected_words(text)) if braces is not None else {}
    unmatched = _unmatched_braces(text) if "{" in text or "}" in text else set()
    out: list[str] = []
    index = 0
    length = len(text)
    while index < length:
        if index in protected:
            end = protected[index]
            word = text[index:end]
            if ascii_only:
                word = _encode_non_ascii(word, unmapped)
            out.append(braces[0] + word + braces[1])  # type: ignore[index]
            index = end
            continue
        ch = text[index]
        if index in unmatched:
            out.append(r"\{\vphantom{\}}" if ch == "{" else r"\vphantom{\{}\}")
        elif not ascii_only:
            out.append(_TEXT_SPECIALS.get(ch, ch))
        else:
            end = index + 1
            while end < length and "\u0300" <= text[end] <= "\u036f":
                end += 1
            if end == index + 1 and ch.isascii():
                out.append(_TEXT_SPECIALS.get(ch, ch))
            else:  # a non-ASCII character, or a letter with combining accents
                out.append(_encode_cluster(text[index:end], unmapped))
            index = end
            continue
        index += 1
    return "".join(out)


def escape_text(
    text: str,
    *,
    protect_case: bool = False,
    double_braces: bool = False,
    ascii_only: bool = False,
    unmapped: list[str] | None = None,
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
    appended to *unmapped*.
    """
    unmapped = [] if unmapped is None else unmapped
    text = _CONTROLS.sub("", _WHITESPACE.sub(" ", text)).strip()
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
