"""The TeX paperbib reads and writes: one table per vocabulary.

Each vocabulary is written down once, keyed the way it reads best. The
direction a module needs is built from it at import, by a comprehension over
a few dozen entries: the decoder reads ``\\'`` as U+0301 from :data:`ACCENTS`,
the escaper writes U+0301 as ``\\'`` from its inverse. Where reading and
writing differ (``\\S`` is read as §, which is written ``{\\textsection}``),
the entry says both.
"""

from __future__ import annotations

__all__ = [
    "ACCENTS",
    "BIBTEX_QUOTES",
    "BIBTEX_SYMBOLS",
    "BIBTEX_WRAPPERS",
    "FONT_SWITCHES",
    "LETTERS",
    "LOGOS",
    "MATH_ACCENTS",
    "MATH_ALPHABETS",
    "MATH_COMMANDS",
    "MATH_CONTROL_SYMBOLS",
    "MATH_DELIMITERS",
    "MATH_FALLBACKS",
    "MATH_FONTS",
    "MATH_FONT_SWITCHES",
    "MATH_OPERATORS",
    "MATH_SIZES",
    "MATH_STRUCTURES",
    "MATH_SYMBOLS",
    "MATH_SYMBOLS_READ_ONLY",
    "MATH_TEXT",
    "NOCASE",
    "SAFE_MATH_COMMANDS",
    "SCRIPT_SYMBOLS",
    "SUBSCRIPTS",
    "SUPERSCRIPTS",
    "TAKES_ARGUMENT",
    "TAKES_TWO_ARGUMENTS",
    "TEXT_SYMBOLS",
    "TEXT_WRAPPERS",
]

ACCENTS: dict[str, str] = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
"""Text-mode accents (``\\'e``, ``\\c{c}``) and the combining mark each one stands for.

They are also the accents BibTeX treats as part of one "special character" (``{\\'e}``).
"""

LETTERS: dict[str, str] = {
    "ss": "ß", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ",
    "TH": "Þ", "dj": "đ", "DJ": "Đ", "ng": "ŋ", "NG": "Ŋ",
}  # fmt: skip
"""Commands for letters ASCII lacks: read as ``\\ss`` or ``{\\ss}``, written ``{\\ss}``."""

TEXT_SYMBOLS: dict[str, tuple[str, str]] = {
    "\\": (r"{\textbackslash}", "textbackslash"), "{": (r"\{", ""), "}": (r"\}", ""),
    "%": (r"\%", ""), "&": (r"\&", ""), "#": (r"\#", ""), "_": (r"\_", ""), "$": (r"\$", ""),
    "~": (r"{\textasciitilde}", "textasciitilde"), "^": (r"{\textasciicircum}", "textasciicircum"),
    "<": (r"{\textless}", "textless"), ">": (r"{\textgreater}", "textgreater"),
    "|": (r"{\textbar}", "textbar"),
    "\u00a0": ("~", ""), "–": ("--", "textendash"), "—": ("---", "textemdash"),
    "\u2010": ("-", ""), "\u2011": ("-", ""),
    "‘": (r"{\textquoteleft}", "textquoteleft"), "’": (r"{\textquoteright}", "textquoteright"),
    "“": ("``", "textquotedblleft"), "”": ("''", "textquotedblright"),
    "«": (r"{\guillemotleft}", ""), "»": (r"{\guillemotright}", ""), "„": (r"{\quotedblbase}", ""),
    "…": (r"{\ldots}", "ldots dots textellipsis"), "•": (r"{\textbullet}", ""),
    "°": (r"{\textdegree}", "textdegree"), "©": (r"{\textcopyright}", "copyright textcopyright"),
    "®": (r"{\textregistered}", "textregistered"), "™": (r"{\texttrademark}", "texttrademark"),
    "§": (r"{\textsection}", "S"), "¶": (r"{\textparagraph}", "P"),
    "†": (r"{\textdagger}", "dag"), "‡": (r"{\textdaggerdbl}", "ddag"),
    "£": (r"{\textsterling}", "pounds"), "€": (r"{\texteuro}", "euro"), "¥": (r"{\textyen}", ""),
    "µ": (r"{\textmu}", ""), "¢": (r"{\textcent}", ""), "‰": (r"{\textperthousand}", ""),
    "¿": (r"{?`}", ""), "¡": (r"{!`}", ""),
    "¼": (r"{\textonequarter}", ""), "½": (r"{\textonehalf}", ""),
    "¾": (r"{\textthreequarters}", ""), "¹": (r"{\textonesuperior}", ""),
    "²": (r"{\texttwosuperior}", ""), "³": (r"{\textthreesuperior}", ""),
    "ª": (r"{\textordfeminine}", ""), "º": (r"{\textordmasculine}", ""),
}  # fmt: skip
"""TeX specials and text symbols: ``character: (LaTeX written, commands read)``.

The first item is what the escaper writes for the character; the second names
the control words the decoder reads as it, space-separated (maybe none). A
special escaped with a backslash (``\\%``) is read back that way too.
"""

LOGOS = frozenset({"LaTeX", "TeX", "BibTeX"})
"""Logo commands, read as their own name."""

TEXT_WRAPPERS = frozenset(
    "emph textit textbf textsc texttt textrm textsf textsl textup textmd underline mbox text url"
    " NoCaseChange".split()
)  # fmt: skip
"""Markup commands whose argument is read as plain text (``\\emph{x}`` -> ``x``)."""

NOCASE = "NoCaseChange"
"""The command (LaTeX's own, since 2022) that marks a span of model text protected from
case changes: a BibTeX brace group (``{B}ayesian``) or a CSL nocase span."""

BIBTEX_WRAPPERS = frozenset(
    "mkbibemph mkbibitalic mkbibbold textsuperscript textsubscript mkbibsuperscript"
    " mkbibsubscript hbox autocap".split()
)  # fmt: skip
"""More commands the BibTeX reader reads as their argument (biblatex's markup, ``\\autocap``)."""

FONT_SWITCHES = frozenset(
    "em it bf sc tt sl sf rm up md itshape bfseries scshape ttfamily slshape sffamily rmfamily"
    " upshape mdseries normalfont".split()
)  # fmt: skip
"""Font declarations (``{\\em x}``), read as nothing: their group's text stays."""

BIBTEX_QUOTES: dict[str, tuple[str, str]] = {
    "mkbibquote": ("“", "”"), "enquote": ("“", "”"), "enquote*": ("‘", "’"),
    "mkbibparens": ("(", ")"), "mkbibbrackets": ("[", "]"),
}  # fmt: skip
"""biblatex commands that put their argument in quotes or brackets: ``name: (open, close)``."""

BIBTEX_SYMBOLS: dict[str, str] = {
    "slash": "/", "textslash": "/", "hyphen": "-", "nobreakdash": "", "protect": "",
    "relax": "", "nobreak": "", "allowbreak": "", "break": "", "newblock": " ",
    "bibrangedash": "–", "textemdash": "—", "textendash": "–", "emdash": "—", "endash": "–",
    "LaTeXe": "LaTeX2e", "MF": "METAFONT", "MP": "METAPOST", "AmS": "AMS",
}  # fmt: skip
"""Commands the BibTeX reader reads as a fixed text (often none: ``\\protect``)."""

MATH_SYMBOLS: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ϖ": "varpi",
    "ρ": "rho", "ϱ": "varrho", "σ": "sigma", "ς": "varsigma", "τ": "tau", "υ": "upsilon",
    "φ": "varphi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma",
    "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
    "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
    "≤": "leq le", "≥": "geq ge", "≠": "neq ne", "≈": "approx", "≡": "equiv", "∼": "sim",
    "≃": "simeq", "≅": "cong", "∝": "propto", "≪": "ll", "≫": "gg", "×": "times", "÷": "div",
    "±": "pm", "∓": "mp", "⋅": "cdot", "∞": "infty", "∑": "sum", "∏": "prod", "∫": "int",
    "√": "surd", "∂": "partial", "∇": "nabla", "∈": "in", "∉": "notin", "∋": "ni",
    "⊂": "subset", "⊆": "subseteq", "⊃": "supset", "⊇": "supseteq", "∪": "cup", "∩": "cap",
    "∅": "emptyset varnothing", "∀": "forall", "∃": "exists", "¬": "lnot neg",
    "∧": "wedge land", "∨": "vee lor", "→": "rightarrow to", "←": "leftarrow",
    "↔": "leftrightarrow", "⇒": "Rightarrow", "⇐": "Leftarrow", "⇔": "Leftrightarrow",
    "↦": "mapsto", "↑": "uparrow", "↓": "downarrow", "ℓ": "ell", "ℏ": "hbar", "ℵ": "aleph",
    "′": "prime", "∘": "circ", "⊕": "oplus", "⊗": "otimes", "⊙": "odot", "⟨": "langle",
    "⟩": "rangle", "∗": "ast", "⋆": "star", "∣": "mid", "∥": "parallel", "⊥": "perp bot",
    "∠": "angle", "△": "bigtriangleup triangle",
    "−": "-", "ℝ": "mathbb{R}", "ℕ": "mathbb{N}", "ℤ": "mathbb{Z}", "ℚ": "mathbb{Q}",
    "ℂ": "mathbb{C}",
}  # fmt: skip
"""Characters the escaper writes as math (``α`` -> ``{$\\alpha$}``): ``character: commands``.

The escaper writes the first of the space-separated commands; the math reader
reads each of them as the character. The last entries are math but no command:
the minus sign is ``-``, and ``\\mathbb{R}`` is read through :data:`MATH_ALPHABETS`.
"""

MATH_SYMBOLS_READ_ONLY: dict[str, str] = {
    "∮": "oint", "⋯": "cdots", "…": "ldots dots", "⋮": "vdots", "⋱": "ddots", "∙": "bullet",
    "≺": "prec", "≻": "succ", "⪯": "preceq", "⪰": "succeq", "∖": "setminus",
    "⟹": "implies", "⟺": "iff", "⊤": "top", "ℜ": "Re", "ℑ": "Im",
    "⌊": "lfloor", "⌋": "rfloor", "⌈": "lceil", "⌉": "rceil", "‖": "lVert rVert Vert",
    "|": "lvert rvert vert", ":": "colon", " ": "quad", "  ": "qquad",
}  # fmt: skip
"""Math commands read as characters the escaper does not write them for.

ASCII needs no command; the other characters stay as they are in ASCII output
(reported as having no LaTeX form). Moving an entry to :data:`MATH_SYMBOLS`
makes the escaper write it.
"""

MATH_COMMANDS = {
    name: char
    for table in (MATH_SYMBOLS, MATH_SYMBOLS_READ_ONLY)
    for char, names in table.items()
    for name in names.split()
    if name.isalpha()
}
"""Every math symbol command and the character it reads as (``alpha`` -> ``α``)."""

MATH_CONTROL_SYMBOLS: dict[str, str] = {
    ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "|": "‖", "{": "{", "}": "}",
}  # fmt: skip
"""Math control symbols (``\\,``, ``\\{``) and how each reads."""

MATH_OPERATORS = frozenset(
    "log ln exp sin cos tan max min arg argmax argmin lim sup inf det dim ker Pr".split()
)
"""Operator names, read as the name."""

MATH_SIZES = frozenset("left right big Big bigg Bigg".split())
"""Delimiter sizes, read as nothing (the delimiter after one reads as itself)."""

MATH_DELIMITERS = frozenset(
    [*"()[]|./<>", "\\{", "\\}", "\\|"]
    + [
        "\\" + name
        for name in "langle rangle lfloor rfloor lceil rceil lvert rvert lVert rVert vert Vert "
        "uparrow downarrow".split()
    ]
)
"""What may follow ``\\left``, ``\\right`` and ``\\big``, as written."""

MATH_ACCENTS: dict[str, str] = {
    "hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303",
    "bar": "\u0304", "overline": "\u0305", "vec": "\u20d7", "overrightarrow": "\u20d7",
    "dot": "\u0307", "ddot": "\u0308", "underline": "\u0332",
}  # fmt: skip
"""Math accents and the combining mark each one reads as over a single character."""

MATH_FONTS = frozenset("mathrm mathit mathsf mathtt text textrm textit textbf operatorname".split())
"""Font and text commands whose argument reads as it is."""

MATH_TEXT = frozenset("text textrm textit textbf".split())
"""The :data:`MATH_FONTS` that set their argument in text mode, where a script sign or a
math command stops LaTeX (``\\text{a_b}``)."""

_CALLIGRAPHIC = dict(zip("BEFHILMRego", "ℬℰℱℋℐℒℳℛℯℊℴ", strict=True))
MATH_ALPHABETS: dict[str, tuple[int, int, int | None, dict[str, str]]] = {
    "mathbf": (0x1D400, 0x1D41A, 0x1D7CE, {}),
    "boldsymbol": (0x1D400, 0x1D41A, 0x1D7CE, {}),
    "bm": (0x1D400, 0x1D41A, 0x1D7CE, {}),
    "mathcal": (0x1D49C, 0x1D4B6, None, _CALLIGRAPHIC),
    "mathscr": (0x1D49C, 0x1D4B6, None, _CALLIGRAPHIC),
    "mathbb": (0x1D538, 0x1D552, 0x1D7D8, dict(zip("CHNPQRZ", "ℂℍℕℙℚℝℤ", strict=True))),
    "mathfrak": (0x1D504, 0x1D51E, None, dict(zip("CHIRZ", "ℭℌℑℜℨ", strict=True))),
}
"""Alphabet commands: the code points of ``A``, ``a`` and ``0`` in Unicode's
mathematical alphabets (``None``: no digits), and the letters whose code point
is elsewhere, in Letterlike Symbols (``\\mathbb{R}`` is ℝ)."""

MATH_STRUCTURES = frozenset("frac dfrac tfrac sqrt binom".split())
"""Commands that lay out their arguments: fractions, roots, binomials."""

TAKES_ARGUMENT = frozenset([*MATH_FONTS, *MATH_ALPHABETS, *MATH_ACCENTS, *MATH_STRUCTURES])
"""Math commands that need an argument after them."""

TAKES_TWO_ARGUMENTS = frozenset("frac dfrac tfrac binom".split())
"""The commands of :data:`TAKES_ARGUMENT` that need two (``\\frac{a}{b}``)."""

MATH_FONT_SWITCHES = frozenset("rm it bf sf tt cal".split())
"""Old font declarations (``{\\rm C}``), harmless in math: they change the font of what
follows and read as nothing."""

SCRIPT_SYMBOLS: dict[str, str] = {"∘": "°", "′": "′", "*": "*"}
"""Symbols that written as a superscript are a character of their own: ``0^{\\circ}`` is
``0°``, not ``0^∘``."""

SAFE_MATH_COMMANDS = frozenset(
    [*MATH_COMMANDS, *MATH_OPERATORS, *MATH_SIZES, *TAKES_ARGUMENT, *MATH_FONT_SWITCHES]
)
"""Math-mode commands of LaTeX, amsmath and amssymb that only typeset symbols.

Commands allowed inside ``$…$``; math using anything else is printed as text.
"""

MATH_FALLBACKS: dict[str, str] = {
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

SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyz",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ",
        strict=True,
    )
)
"""Characters that have a superscript form (``x^2`` reads as ``x²``)."""

SUBSCRIPTS = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
"""Characters that have a subscript form (``x_i`` reads as ``xᵢ``)."""
