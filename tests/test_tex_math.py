"""TeX math in running text: which ``$…$`` spans are kept as math, and their Unicode reading."""

from __future__ import annotations

import pytest

from paperbib._tex import math_to_unicode, split_math
from paperbib._tex.math import modern_font_commands
from paperbib._tex.vocab import SAFE_MATH_COMMANDS, TAKES_ARGUMENT


def is_math(text: str) -> bool:
    return split_math(text) == [(True, text)]


@pytest.mark.parametrize(
    "text",
    [
        r"$A \rightarrow B$",  # \rightarrow is not a \right
        r"$\leftarrow$",
        r"$\Leftrightarrow$",
        r"$\left( x \right)$",
        r"$\left\{ x \right\}$",
        r"$\left\langle x \right\rangle$",
        r"$f\left[\frac{a}{b}\right]$",
        r"$\left( \left| x \right| \right)$",
        r"$\big( x \big)$",
        r"$\Bigg\| x \Bigg\|$",
    ],
)
def test_delimiters_kept_as_math(text: str) -> None:
    assert is_math(text)


@pytest.mark.parametrize(
    "text",
    [
        r"$\left( x$",  # no \right
        r"$x \right)$",  # no \left
        r"$\right) x \left($",  # wrong order
        r"$\left x \right)$",  # \left needs a delimiter
        r"$\left( x \right$",  # so does \right
        r"$\big x$",  # and \big
        r"${\left( x} \right)$",  # pairs must share a brace group
        r"$\left\{ x \right.$",  # BibTeX counts \{ as a brace: the field would not balance
    ],
)
def test_broken_delimiters_are_text(text: str) -> None:
    assert not is_math(text)
    assert "".join(piece for _, piece in split_math(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        r"$\frac{1}$",  # pdflatex: Missing } inserted
        r"${\frac{a}}$",  # the second argument must be inside the group
        r"$\dfrac{a}$",
        r"$\tfrac{a}$",
        r"$\binom{n}$",
        r"$\frac{a}^2$",  # a script sign is no argument
        r"$\frac\hat{x}{y}$",  # nor a command that needs one itself
        r"$\sqrt\hat x$",
        r"$\textbf{x^2}$",  # pdflatex: Missing $ inserted
        r"$\text{a_b}$",
        r"$\textrm{\alpha}$",  # math commands are math-only
        r"$\textit{\rm x}$",  # written as \mathrm, which is math-only
        r"$\text^2$",
    ],
)
def test_missing_arguments_and_math_in_text_are_text(text: str) -> None:
    assert not is_math(text)
    assert "".join(piece for _, piece in split_math(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        r"$\frac{1}{2}$",
        r"$\frac 1 2$",
        r"$\frac{a}\alpha$",
        r"${\binom{n}{k}}$",
        r"$\text{\,a\ b\{c\}}$",
        r"$\text{\text{a}\textbf{b}}$",
        r"$x_{\text{max}}$",
    ],
)
def test_complete_arguments_kept_as_math(text: str) -> None:
    assert is_math(text)


@pytest.mark.parametrize(
    ("math", "text"),
    [
        (r"$\mathcal{B}$", "ℬ"),
        (r"$\alpha$", "α"),
        (r"$O(n \log n)$", "O(n log n)"),
        (r"$\mathbb{R}^d$", "ℝᵈ"),
        (r"$x_{i}^{2}$", "xᵢ²"),
        (r"$10^{-3}$", "10⁻³"),
        (r"$W^{Q}$", "W^Q"),  # no superscript capital Q in Unicode
        (r"$\alpha^{\beta}$", "α^β"),
        (r"$\frac{1}{2}$", "1/2"),
        (r"$\sqrt{a+b}$", "√(a+b)"),
        (r"$\hat{y}$", "ŷ"),
        (r"$\mathbf{x}$", "𝐱"),
        (r"$\text{SOTA}$", "SOTA"),
        (r"$\binom{n}{k}$", "C(n, k)"),
        (r"$\left( x \right)$", "( x )"),
        (r"$A \rightarrow B$", "A → B"),
    ],
)
def test_math_to_unicode(math: str, text: str) -> None:
    assert is_math(math)
    assert math_to_unicode(math) == text


@pytest.mark.parametrize("command", sorted(SAFE_MATH_COMMANDS))
def test_every_safe_command_reads_as_text(command: str) -> None:
    """Math paperbib keeps is math it can also show without TeX in CSL-JSON and RIS."""
    if command in ("left", "right"):
        math = r"$\left( x \right)$"
    elif command in ("frac", "dfrac", "tfrac", "binom"):
        math = f"$\\{command}{{a}}{{b}}$"
    elif command in ("big", "Big", "bigg", "Bigg"):
        math = f"$\\{command}( x \\{command})$"
    elif command in TAKES_ARGUMENT:
        math = f"$\\{command}{{x}}$"
    else:
        math = f"$\\{command} x$"
    assert is_math(math)
    text = math_to_unicode(math)
    assert not set(text) & set("\\{}$"), text


@pytest.mark.parametrize("text", [r"$\{}$", r"$x\{}$", r"$x^{\{}}$"])
def test_escaped_brace_closing_a_group_is_text(text: str) -> None:
    """``\\{`` keeps BibTeX's brace count even but opens no TeX group: no math, no crash."""
    assert split_math(text) == [(False, text)]


@pytest.mark.parametrize(
    ("math", "plain", "rich"),
    [
        # The title classes of issue #16: TeX must not reach CSL or RIS.
        (r"$^{12}{\rm C}(p,n)$", "¹²C(p,n)", "¹²C(p,n)"),
        (r"$^{\circ}$", "°", "°"),
        (r"$^\circ$", "°", "°"),
        (r"$f^{\prime}$", "f′", "f′"),
        (r"$x^{\alpha\beta}$", "x^(αβ)", "x<sup>αβ</sup>"),
        (r"$T_{\rm eff}$", "T_(eff)", "T<sub>eff</sub>"),
        (r"$M_{\odot}$", "M_⊙", "M<sub>⊙</sub>"),
    ],
)
def test_scripts_and_old_font_switches(math: str, plain: str, rich: str) -> None:
    assert is_math(math)
    assert math_to_unicode(math) == plain
    assert math_to_unicode(math, rich=True) == rich


@pytest.mark.parametrize(
    ("math", "latex"),
    [
        (r"$^{12}{\rm C}(p,n)$", r"$^{12}{\mathrm{C}}(p,n)$"),
        (r"$\rm C$", r"$\mathrm{C}$"),
        (r"$a_{\rm max} + {\bf x}$", r"$a_{\mathrm{max}} + {\mathbf{x}}$"),
        (r"$\rmfamily$", r"$\rmfamily$"),  # not a font switch
    ],
)
def test_old_font_switches_become_commands_for_latex(math: str, latex: str) -> None:
    assert modern_font_commands(math) == latex
