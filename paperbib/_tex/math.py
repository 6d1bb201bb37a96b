"""TeX math in running text: where it is, whether it is safe, what it reads as.

``split_math`` finds ``$…$`` spans the way pandoc pairs dollars and accepts only
math made of known, harmless commands; the BibTeX escaper keeps such math, and
CSL-JSON and RIS show it as Unicode through ``math_to_unicode``. Patterns used
only for math are compiled on first use, as most text has none.
"""

from __future__ import annotations

import re
import unicodedata

from paperbib._startup import LazyPattern
from paperbib._tex.vocab import (
    MATH_ACCENTS,
    MATH_ALPHABETS,
    MATH_COMMANDS,
    MATH_CONTROL_SYMBOLS,
    MATH_DELIMITERS,
    MATH_FONT_SWITCHES,
    MATH_FONTS,
    MATH_OPERATORS,
    MATH_SIZES,
    MATH_TEXT,
    SAFE_MATH_COMMANDS,
    SCRIPT_SYMBOLS,
    SUBSCRIPTS,
    SUPERSCRIPTS,
    TAKES_ARGUMENT,
    TAKES_TWO_ARGUMENTS,
)

__all__ = ["SAFE_MATH_COMMANDS", "math_to_unicode", "modern_font_commands", "split_math"]

_WHITESPACE = re.compile(r"\s+")


_ARGUMENT = LazyPattern(r"\s*(?:\{|[A-Za-z0-9]|\\[A-Za-z])")
# A script sign before nothing, another sign, a closing brace or a command that
# cannot be a script's argument; the command's name is checked against the set.
_SCRIPT_SIGN = LazyPattern(r"[\^_]\s*(?:$|[\^_}]|\\([A-Za-z]+))")
_NOT_A_SCRIPT = MATH_SIZES | TAKES_ARGUMENT
_CONTROL = LazyPattern(r"\\(?:([A-Za-z]+)|(.))", re.DOTALL)


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
        if symbol is not None and symbol not in MATH_CONTROL_SYMBOLS:
            return False
        if word in TAKES_ARGUMENT and not _ARGUMENT.match(body, match.end()):
            return False
    # Keep out what would stop a build, not only what would run: a script sign
    # with nothing to apply to, a \left without its \right, a \big without a delimiter.
    for match in _SCRIPT_SIGN.finditer(body):
        if match.group(1) is None or match.group(1) in _NOT_A_SCRIPT:
            return False
    tokens = [t for t in _MATH_TOKENS.findall(body) if not t.isspace()]
    return _delimiters_ok(tokens) and _scripts_ok(tokens) and _arguments_ok(tokens)


_MATH_TOKENS = LazyPattern(r"\\[A-Za-z]+|\\.|\s+|.", re.DOTALL)
_SIZED = frozenset("\\" + name for name in MATH_SIZES if name.lower().startswith("big"))


def _delimiters_ok(tokens: list[str]) -> bool:
    """Each ``\\left``, ``\\right`` and ``\\big`` (of any size) has a delimiter after it,
    and ``\\left`` and ``\\right`` pair up in order within one brace group."""
    open_at: list[int] = []  # brace depth of each \left not yet closed
    depth = 0
    expect_delimiter = False
    for token in tokens:
        if expect_delimiter:
            if token not in MATH_DELIMITERS:
                return False
            expect_delimiter = False
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif token == "\\left":
            open_at.append(depth)
            expect_delimiter = True
        elif token == "\\right":
            if not open_at or open_at.pop() != depth:
                return False
            expect_delimiter = True
        elif token in _SIZED:
            expect_delimiter = True
    return not open_at and not expect_delimiter


def _scripts_ok(tokens: list[str]) -> bool:
    """No atom gets two superscripts or two subscripts (``x^a^b`` stops TeX)."""
    stack: list[tuple[bool, bool, bool]] = []
    sup = sub = expect = False
    for token in tokens:
        if token == "{":
            # After the group: the same atom if it was a script's argument, else a new one.
            stack.append((sup, sub, False) if expect else (False, False, False))
            sup = sub = expect = False
            continue
        if token == "}":
            if not stack:
                return False  # \{ balances the brace count but opens no group: $\{}$
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


# What text mode takes inside \text{…}: text commands, thin and normal spaces, braces.
_TEXT_MODE_COMMANDS = frozenset(["\\" + name for name in MATH_TEXT] + ["\\,", "\\ ", "\\{", "\\}"])


def _argument_end(tokens: list[str], start: int) -> int | None:
    """Where the argument at *start* ends: after a ``{…}`` group or one token; ``None``
    if there is none (the group or the math ends) or it is a script sign or a command
    that needs something after it itself (``\\frac{a}^2``, ``\\sqrt\\hat x``)."""
    if start >= len(tokens):
        return None
    token = tokens[start]
    if token == "{":
        depth = 0
        for index in range(start, len(tokens)):
            depth += (tokens[index] == "{") - (tokens[index] == "}")
            if not depth:
                return index + 1
        return None
    if token in ("}", "^", "_") or (token[0] == "\\" and token[1:] in _NOT_A_SCRIPT):
        return None
    return start + 1


def _arguments_ok(tokens: list[str]) -> bool:
    """Each command has all its arguments within its group (``\\frac{1}`` stops TeX),
    and a text command's argument has no script sign or math command (``\\text{a_b}``)."""
    for index, token in enumerate(tokens):
        name = token[1:]
        if token[0] != "\\" or name not in TAKES_ARGUMENT:
            continue
        start = index + 1
        for _ in range(2 if name in TAKES_TWO_ARGUMENTS else 1):
            end = _argument_end(tokens, start)
            if end is None:
                return False
            if name in MATH_TEXT and any(
                t in ("^", "_") or (t[0] == "\\" and t not in _TEXT_MODE_COMMANDS)
                for t in tokens[start:end]
            ):
                return False
            start = end
    return True


_DOLLAR_OR_ESCAPE = re.compile(r"\\.|\$", re.DOTALL)


def split_math(text: str) -> list[tuple[bool, str]]:
    """Split *text* into ``(is_math, piece)`` runs; math pieces include their ``$``.

    Dollars pair up as in pandoc: an opening ``$`` is followed by a non-space
    character, a closing one preceded by one and not followed by a digit (so
    ``$5 and $10`` is money, not math); ``$$`` and a ``$`` escaped as ``\\$``
    are text. The math must also be on one line, brace-balanced and use only
    :data:`SAFE_MATH_COMMANDS`; otherwise both its dollars are plain text.
    """
    if "$" not in text:
        return [(False, text)] if text else []
    dollars = [m.start() for m in _DOLLAR_OR_ESCAPE.finditer(text) if m.group() == "$"]
    length = len(text)
    pieces: list[tuple[bool, str]] = []
    start = index = 0
    while index < len(dollars):
        opening = dollars[index]
        following = text[opening + 1] if opening + 1 < length else ""
        if following == "$":
            index += 2
            continue
        if not following or following.isspace():
            index += 1
            continue
        closing_index = index + 1
        while closing_index < len(dollars):
            closing = dollars[closing_index]
            after = text[closing + 1] if closing + 1 < length else ""
            if not text[closing - 1].isspace() and not after.isdigit():
                break
            closing_index += 1
        else:
            index += 1
            continue
        closing = dollars[closing_index]
        if _math_is_safe(text[opening + 1 : closing]):
            if start < opening:
                pieces.append((False, text[start:opening]))
            pieces.append((True, text[opening : closing + 1]))
            start = closing + 1
        index = closing_index + 1
    if start < length:
        pieces.append((False, text[start:]))
    return pieces


_MATH_TOKEN = LazyPattern(r"\\([A-Za-z]+)|\\(.)|([{}^_])|(\s+)|([^\\{}^_\s]+)", re.DOTALL)


def _styled(text: str, font: str) -> str:
    """Letters and digits in a Unicode mathematical alphabet (``\\mathbb{R}`` -> ``ℝ``)."""
    upper, lower, digits, holes = MATH_ALPHABETS[font]
    out = []
    for ch in text:
        if ch in holes:
            out.append(holes[ch])
        elif "A" <= ch <= "Z":
            out.append(chr(upper + ord(ch) - 65))
        elif "a" <= ch <= "z":
            out.append(chr(lower + ord(ch) - 97))
        elif digits is not None and "0" <= ch <= "9":
            out.append(chr(digits + ord(ch) - 48))
        else:
            out.append(ch)
    return "".join(out)


def _operand(text: str) -> str:
    """*text* in parentheses unless it is one character or one word (``(a+b)/c``)."""
    return text if len(text) == 1 or text.isalnum() else f"({text})"


class _MathReader:
    """Readable Unicode for the safe subset of math (see :data:`SAFE_MATH_COMMANDS`)."""

    def __init__(self, body: str, rich: bool = False) -> None:
        self.tokens = list(_MATH_TOKEN.finditer(body))
        self.position = 0
        self.rich = rich

    def group(self) -> str:
        """The next argument: a ``{…}`` group, or one token."""
        while self.position < len(self.tokens) and self.tokens[self.position].group(4):
            self.position += 1
        if self.position >= len(self.tokens):
            return ""
        token = self.tokens[self.position]
        if token.group(3) == "{":
            self.position += 1
            return self.sequence(stop="}")
        if token.group(5) and len(token.group(5)) > 1:
            # One character of a run is the argument (x^10 is x¹0 in TeX).
            text = token.group(5)
            self.tokens[self.position] = _MATH_TOKEN.match(text, 1)  # type: ignore[assignment]
            return text[0]
        return self.item()

    def item(self) -> str:
        token = self.tokens[self.position]
        self.position += 1
        command, symbol, special, space, text = token.groups()
        if text is not None:
            return text
        if space is not None:
            return " "
        if symbol is not None:
            return MATH_CONTROL_SYMBOLS.get(symbol, symbol)
        if special == "^" or special == "_":
            argument = self.group()
            if special == "^" and argument in SCRIPT_SYMBOLS:
                return SCRIPT_SYMBOLS[argument]  # 0^{\circ} is 0°
            table = SUPERSCRIPTS if special == "^" else SUBSCRIPTS
            if argument and all(ch in table for ch in argument):
                return "".join(table[ch] for ch in argument)
            if self.rich and argument:
                tag = "sup" if special == "^" else "sub"
                return f"<{tag}>{argument}</{tag}>"
            return special + (argument if len(argument) == 1 else f"({argument})")
        if special == "{":
            return self.sequence(stop="}")
        if special == "}":
            return ""
        if command in MATH_COMMANDS:
            return MATH_COMMANDS[command]
        if command in MATH_OPERATORS:
            return command
        if command in MATH_SIZES or command in MATH_FONT_SWITCHES:
            # The space that ends the command's name is no part of the text: {\rm C}.
            while self.position < len(self.tokens) and self.tokens[self.position].group(4):
                self.position += 1
            return ""
        if command in MATH_ACCENTS:
            argument = self.group()
            return argument + MATH_ACCENTS[command] if len(argument) == 1 else argument
        if command in MATH_FONTS:
            return self.group()
        if command in MATH_ALPHABETS:
            return _styled(self.group(), command)
        if command in ("frac", "dfrac", "tfrac"):
            top, bottom = self.group(), self.group()
            return f"{_operand(top)}/{_operand(bottom)}"
        if command == "binom":
            top, bottom = self.group(), self.group()
            return f"C({top}, {bottom})"
        if command == "sqrt":
            return "√" + _operand(self.group())
        return "\\" + (command or "")

    def sequence(self, stop: str | None = None) -> str:
        out = []
        while self.position < len(self.tokens):
            token = self.tokens[self.position]
            if stop is not None and token.group(3) == stop:
                self.position += 1
                break
            out.append(self.item())
        return "".join(out)


def math_to_unicode(math: str, *, rich: bool = False) -> str:
    """Readable Unicode for a ``$…$`` span: ``$\\mathcal{B}$`` -> ``ℬ``, ``$x^2$`` -> ``x²``,
    ``$0^{\\circ}$`` -> ``0°``, ``$^{12}{\\rm C}$`` -> ``¹²C``.

    Meant for the math :func:`split_math` accepts (known, harmless commands);
    anything else is kept as written. A script Unicode has no characters for is
    ``x^(αβ)``, or with *rich* (CSL-JSON's rich text) ``x<sup>αβ</sup>``. The
    result is NFC-normalised (``$\\hat{y}$`` -> ``ŷ``, one character).
    """
    body = math[1:-1] if len(math) >= 2 and math[0] == math[-1] == "$" else math
    try:
        text = _WHITESPACE.sub(" ", _MathReader(body, rich).sequence()).strip()
    except (IndexError, RecursionError):
        return math
    return text if text.isascii() else unicodedata.normalize("NFC", text)


_FONT_SWITCH = LazyPattern(r"\\(" + "|".join(sorted(MATH_FONT_SWITCHES)) + r")(?![A-Za-z])\s*")


def modern_font_commands(math: str) -> str:
    """*math* with each old font declaration as the command that takes an argument:
    ``{\\rm C}`` -> ``{\\mathrm{C}}``, ``$\\bf x$`` -> ``$\\mathbf{x}$``.

    The declaration holds to the end of its group. KOMA-Script classes refuse the
    old declarations by default; the commands build everywhere.
    """
    if "\\" not in math:
        return math
    match = _FONT_SWITCH.search(math)
    while match is not None:
        start, end = match.span()
        depth, stop = 0, end
        while stop < len(math):
            ch = math[stop]
            if ch == "\\":
                stop += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}" or (ch == "$" and depth == 0):
                if depth == 0:
                    break
                depth -= 1
            stop += 1
        command = "\\math" + match.group(1)
        math = f"{math[:start]}{command}{{{math[end:stop]}}}{math[stop:]}"
        match = _FONT_SWITCH.search(math, start + len(command))
    return math
