"""Turning untrusted text into LaTeX that typesets as written and executes nothing.

Text from web pages is untrusted: a title may carry ``\\input{/etc/passwd}`` or
``\\immediate\\write18{…}``. The only TeX that survives is ``$…$`` math that is
balanced and uses known, harmless math commands; every other special character
is escaped so it prints as itself.
"""

from __future__ import annotations

import re

from paperbib.writers._case import protected_words

__all__ = ["SAFE_MATH_COMMANDS", "escape_text", "split_math"]

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
    angle triangle top bot ell hbar Re Im aleph prime hat tilde bar vec dot ddot widehat
    widetilde overline underline overrightarrow left right big Big bigg Bigg langle rangle
    lfloor rfloor lceil rceil lvert rvert lVert rVert vert Vert quad qquad colon
    """.split()
)
"""Commands allowed inside ``$…$``; math using anything else is printed as text."""

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
_ESCAPED_BY_SOURCE = frozenset("%&#_${}")
_WHITESPACE = re.compile(r"\s+")


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
    return True


def split_math(text: str) -> list[tuple[bool, str]]:
    """Split *text* into ``(is_math, piece)`` runs; math pieces include their ``$``.

    A ``$`` escaped as ``\\$`` is text. Math must be non-empty, on one line,
    brace-balanced and use only :data:`SAFE_MATH_COMMANDS`; otherwise its
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
        if ch != "$":
            position += 1
            continue
        end = position + 1
        while end < length and text[end] != "$":
            end += 2 if text[end] == "\\" else 1
        if end < length and _math_is_safe(text[position + 1 : end]):
            if start < position:
                pieces.append((False, text[start:position]))
            pieces.append((True, text[position : end + 1]))
            start = position = end + 1
        else:
            position += 1
    if start < length:
        pieces.append((False, text[start:]))
    return pieces


def _unmatched_braces(text: str) -> set[int]:
    """Positions of literal braces (``{``, or ``\\{`` in the source) that have no partner.

    BibTeX counts every brace, escaped or not, so escaped braces must pair up
    too; the unpaired ones get an invisible partner.
    """
    stack: list[int] = []
    unmatched: set[int] = set()
    index = 0
    while index < len(text):
        ch = text[index]
        at = index
        if ch == "\\" and index + 1 < len(text):
            ch = text[index + 1]
            index += 1
        if ch == "{":
            stack.append(at)
        elif ch == "}":
            if stack:
                stack.pop()
            else:
                unmatched.add(at)
        index += 1
    unmatched.update(stack)
    return unmatched


def _escape_plain(text: str, braces: tuple[str, str] | None) -> str:
    """Escape a run of text (no math); with *braces*, protect acronym-like words."""
    protected = dict(protected_words(text)) if braces is not None else {}
    unmatched = _unmatched_braces(text) if "{" in text or "}" in text else set()
    out: list[str] = []
    index = 0
    length = len(text)
    while index < length:
        if index in protected:
            end = protected[index]
            out.append(braces[0] + text[index:end] + braces[1])  # type: ignore[index]
            index = end
            continue
        at = index
        ch = text[index]
        if ch == "\\" and index + 1 < length and text[index + 1] in _ESCAPED_BY_SOURCE:
            # The source escaped a special itself (``50\\%``): it means the character.
            index += 1
            ch = text[index]
        if at in unmatched:
            out.append(r"\{\vphantom{\}}" if ch == "{" else r"\vphantom{\{}\}")
        else:
            out.append(_TEXT_SPECIALS.get(ch, ch))
        index += 1
    return "".join(out)


def escape_text(text: str, *, protect_case: bool = False, double_braces: bool = False) -> str:
    """LaTeX for *text* in a BibTeX field value: prints as written, runs nothing.

    Safe ``$…$`` math is kept; every other TeX special is escaped, so stray
    macros print as text. Whitespace runs, newlines included, become one space.
    With *protect_case*, acronym-like words (``BERT``, ``LeTI``, ``GPT4``,
    ``xPQA``) and math are wrapped in braces so styles do not lowercase them;
    *double_braces* uses two pairs, as Better BibTeX does.
    """
    text = _WHITESPACE.sub(" ", text).strip()
    braces = ("{{", "}}") if double_braces else ("{", "}")
    out: list[str] = []
    for is_math, piece in split_math(text):
        if is_math:
            out.append(braces[0] + piece + braces[1] if protect_case else piece)
        else:
            out.append(_escape_plain(piece, braces if protect_case else None))
    return "".join(out)
