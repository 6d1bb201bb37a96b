"""Real LaTeX builds of our .bib files: bibtex with plain.bst, biber with biblatex.

The documents cite everything (``\\nocite{*}``); the biblatex one also typesets
the abstracts, which is where web text is most hostile. A build passes when
every program exits 0, the LaTeX log has no error, and bibtex/biber report no
warning. The hostile fixture is built with lualatex and shell escape switched
ON, to show that nothing in it runs: no file is read, written or executed.
Under CI a missing TeX program fails these tests instead of skipping them.
"""

from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import pytest

from paperbib import PaperbibWarning, dumps, loads

from .conftest import DATA, SEED, SEED_AS_OF, require_tool

EXAMPLE_LOCK = Path(__file__).parent.parent / "examples" / "hf-papers-2025-12-09.lock"

pytestmark = pytest.mark.latex

PLAIN = r"""\documentclass{article}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""
BIBLATEX = r"""\documentclass{article}
\usepackage[backend=biber]{biblatex}
\addbibresource{refs.bib}
\renewbibmacro*{finentry}{\setunit{\adddot\par}\printfield{abstract}\finentry}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""
SECRET = r"\typeout{SECRET-FILE-WAS-READ}" + "\n"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, errors="replace", check=False, timeout=600
    )


def build(
    tmp: Path,
    bib: str,
    *,
    backend: str,
    engine: str,
    shell_escape: bool = False,
    processor_flags: tuple[str, ...] = (),
) -> Path:
    """Compile doc.tex against refs.bib; return the build directory."""
    latex = require_tool(engine)
    processor = require_tool("bibtex" if backend == "bibtex" else "biber")
    (tmp / "refs.bib").write_text(bib, encoding="utf-8")
    (tmp / "doc.tex").write_text(PLAIN if backend == "bibtex" else BIBLATEX, encoding="utf-8")
    (tmp / "secret.tex").write_text(SECRET, encoding="utf-8")
    flag = "-shell-escape" if shell_escape else "-no-shell-escape"
    compile_steps(tmp, [latex, flag], [processor, *processor_flags], backend=backend)
    return tmp


def compile_steps(tmp: Path, latex: list[str], processor: list[str], *, backend: str) -> None:
    """latex, the processor on doc, latex (once more after bibtex); each must succeed."""
    engine = [latex[0], "-interaction=nonstopmode", "-halt-on-error", *latex[1:], "doc.tex"]
    steps = [engine, [*processor, "doc"], engine]
    if backend == "bibtex":
        steps.append(engine)
    for step in steps:
        proc = run(step, tmp)
        log = tmp / ("doc.log" if step is engine else "doc.blg")
        assert proc.returncode == 0, f"{Path(step[0]).name} failed:\n{read(log)[-3000:]}"


def assert_clean(tmp: Path, *, backend: str) -> None:
    log = read(tmp / "doc.log")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert errors == [], log[-3000:]
    blg = read(tmp / "doc.blg")
    if backend == "bibtex":
        assert "Warning--" not in blg, blg
        assert "error message" not in blg, blg
    else:
        assert re.findall(r"^\[\d+\] .*(?:WARN|ERROR) - .*$", blg, re.MULTILINE) == [], blg
    assert (tmp / "doc.pdf").stat().st_size > 1000


def seed_bib(fmt: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return dumps(loads(SEED.read_bytes(), as_of=SEED_AS_OF), fmt)


def hostile_bib(fmt: str) -> str:
    path = DATA / "hostile-digest.txt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return dumps(loads(path.read_bytes(), as_of=SEED_AS_OF), fmt)


def test_seed_with_bibtex_and_plain_bst(tmp_path: Path) -> None:
    build(tmp_path, seed_bib("bibtex"), backend="bibtex", engine="pdflatex")
    assert_clean(tmp_path, backend="bibtex")
    bbl = read(tmp_path / "doc.bbl")
    assert bbl.count("\\bibitem{") == 39
    assert "{LeTI}: Learning to generate from textual interactions" in bbl
    assert "{SPDF}: Sparse pre-training" in bbl
    assert "{\\textbackslash}ewtune" not in bbl  # plain.bst leaves abstracts out


def test_seed_with_biber_and_biblatex(tmp_path: Path) -> None:
    build(tmp_path, seed_bib("biblatex"), backend="biber", engine="pdflatex")
    assert_clean(tmp_path, backend="biber")
    bbl = read(tmp_path / "doc.bbl")
    assert bbl.count("\\entry{") == 39
    assert "{{LeTI}: Learning to Generate from Textual Interactions}" in bbl
    assert "\\field{abstract}" in bbl
    assert "{\\textbackslash}ewtune{\\textasciitilde}adds" in bbl


def test_seed_ascii_bibtex_output_also_builds_with_biber(tmp_path: Path) -> None:
    """The default bibtex output is also what many biblatex users feed biber."""
    build(tmp_path, seed_bib("bibtex"), backend="biber", engine="pdflatex")
    assert_clean(tmp_path, backend="biber")


@pytest.mark.parametrize(("fmt", "backend"), [("bibtex", "bibtex"), ("biblatex", "biber")])
def test_hostile_text_builds_and_runs_nothing(tmp_path: Path, fmt: str, backend: str) -> None:
    build(tmp_path, hostile_bib(fmt), backend=backend, engine="lualatex", shell_escape=True)
    log = read(tmp_path / "doc.log")
    assert [line for line in log.splitlines() if line.startswith("!")] == []
    assert "SECRET-FILE-WAS-READ" not in log
    assert "secret.tex" not in log
    assert "/etc/hostname" not in log.replace("input\\{/etc/hostname\\}", "")
    assert "runsystem" not in log
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "leak.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("doc.")) == [
        "refs.bib",
        "secret.tex",
    ]
    bbl = read(tmp_path / "doc.bbl")
    assert "{\\textbackslash}input\\{/etc/hostname\\}" in bbl
    assert "{\\textbackslash}immediate{\\textbackslash}" in bbl


def test_unescaped_input_would_have_run(tmp_path: Path) -> None:
    """The check above can fail: the same build with a raw \\input reads the file."""
    bib = "@misc{raw, title = {Raw \\input{secret}}, year = {2024}}\n"
    build(tmp_path, bib, backend="bibtex", engine="lualatex")
    assert "SECRET-FILE-WAS-READ" in read(tmp_path / "doc.log")


def random_hostile_bibliography(count: int = 60, seed: int = 20251209) -> list[str]:
    """Titles mixing TeX specials, commands, math, braces, accents and other scripts."""
    import random

    pieces = [
        *"\\{}$%&#_^~<>|\"'`@,=", "$x$", "$\\alpha_i^2$", "$\\frac{a}{b}$", "$x^a^b$", "$\\left(",
        "\\right)$", "$$", "\\input{x}", "\\def", "\\\\", "\\'e", "{\\\"o}", "--", "BERT", "LeTI",
        "x\u0301", "é", "Łódź", "αβ", "≤", "ℝ", "😀", "שלום", "漢字", "\u200b", "\x07", " and ",
        "Word", "42", "50\\%", "\\%", "\\emph{x}", "\\verb|x|", "^^5c", "\\end{document}",
        "\\iffalse", "\\fi", "\\csname", "\\begin{itemize}", "\\item", "#1", "%comment",
        "$\\rightarrow$", "$\\big(x\\big)$", "$\\big x$", "\\left.", "$\\left x\\right)$",
    ]  # fmt: skip
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(count)]


@pytest.mark.parametrize(("fmt", "backend"), [("bibtex", "bibtex"), ("biblatex", "biber")])
def test_random_hostile_titles_compile(tmp_path: Path, fmt: str, backend: str) -> None:
    """Sixty random mixes of specials, commands and scripts, as titles and abstracts."""
    from paperbib import Bibliography, Entry, PartialDate
    from paperbib.keys import assign_keys

    texts = random_hostile_bibliography()
    entries = [
        Entry(title=text, abstract=text[::-1], date=PartialDate(2024, 1 + i % 12))
        for i, text in enumerate(texts)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        bib = dumps(Bibliography(assign_keys(entries)), fmt)
    build(tmp_path, bib, backend=backend, engine="lualatex", shell_escape=True)
    assert_clean(tmp_path, backend=backend)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("doc.")) == [
        "refs.bib",
        "secret.tex",
    ]


@pytest.mark.parametrize(
    ("fmt", "backend", "engine"),
    [("bibtex", "bibtex", "pdflatex"), ("biblatex", "biber", "lualatex")],
)
def test_every_fixture_page_builds(tmp_path: Path, fmt: str, backend: str, engine: str) -> None:
    """All fixture pages in one bibliography: the kinds of entry HTML pages give."""
    from paperbib import convert

    pages = sorted((DATA / "html").glob("*.html")) + sorted((DATA / "hf-json").glob("*.json"))
    out = tmp_path / "all.bib"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        result = convert(pages, out, to_format=fmt)
    build(tmp_path, out.read_text(encoding="utf-8"), backend=backend, engine=engine)
    assert_clean(tmp_path, backend=backend)
    bbl = read(tmp_path / "doc.bbl")
    assert bbl.count("\\bibitem{" if backend == "bibtex" else "\\entry{") == result.entries_written


@pytest.mark.parametrize(
    ("fmt", "backend", "engine", "unicode"),
    [
        ("bibtex", "bibtex", "pdflatex", False),
        # UTF-8 (biblatex's default) holds Greek, which pdflatex cannot typeset by default.
        ("biblatex", "biber", "lualatex", True),
        ("biblatex", "biber", "pdflatex", False),
    ],
    ids=["bibtex", "biblatex-lualatex", "biblatex-ascii-pdflatex"],
)
@pytest.mark.parametrize(
    ("path", "as_of", "count"),
    [
        (DATA / "arxiv" / "cs-daily-2024-11-07.eml", None, 180),
        (DATA / "hf-papers-2026-08-21.txt", "2026-08-21", 17),
    ],
    ids=["arxiv-mailing", "held-out-digest"],
)
def test_other_inputs_build(
    tmp_path: Path,
    fmt: str,
    backend: str,
    engine: str,
    unicode: bool,
    path: Path,
    as_of: str | None,
    count: int,
) -> None:
    """A daily arXiv mailing and a held-out papers page pass the same checks as the seed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        options = {"as_of": as_of} if as_of else {}
        bib = dumps(loads(path.read_bytes(), **options), fmt, unicode=unicode)
    build(tmp_path, bib, backend=backend, engine=engine)
    assert_clean(tmp_path, backend=backend)
    bbl = read(tmp_path / "doc.bbl")
    assert bbl.count("\\bibitem{" if backend == "bibtex" else "\\entry{") == count


def resolved_example(fmt: str) -> str:
    """The bundled page, completed offline from the shipped lock file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        bib = loads(SEED.read_bytes(), source=SEED.name, as_of=SEED_AS_OF, lock=EXAMPLE_LOCK)
        return dumps(bib, fmt)


def test_resolved_example_builds_with_bibtex_and_plain(tmp_path: Path) -> None:
    build(tmp_path, resolved_example("bibtex"), backend="bibtex", engine="pdflatex")
    assert_clean(tmp_path, backend="bibtex")
    bbl = read(tmp_path / "doc.bbl")
    assert bbl.count("\\bibitem{") == 39
    assert "Patrick Schramowski, Cigdem Turan" in bbl  # names, not titles, lead each item
    assert "{\\em Tiny language models}" not in bbl


def test_resolved_example_passes_bibers_data_model_check(tmp_path: Path) -> None:
    build(
        tmp_path,
        resolved_example("biblatex"),
        backend="biber",
        engine="lualatex",
        processor_flags=("--validate-datamodel",),
    )
    assert_clean(tmp_path, backend="biber")
    blg = read(tmp_path / "doc.blg")
    assert "WARN" not in blg, blg
    assert "Datamodel validation complete" in blg


@pytest.mark.parametrize(
    ("fmt", "backend", "engine"),
    [("bibtex", "bibtex", "pdflatex"), ("biblatex", "biber", "lualatex")],
)
def test_old_font_switches_in_title_math_build(
    tmp_path: Path, fmt: str, backend: str, engine: str
) -> None:
    """``$^{12}{\\rm C}(p,n)$`` is written with ``\\mathrm``, which every class accepts."""
    from paperbib import Bibliography, Entry, EntryKind, PartialDate, Person

    entry = Entry(
        key="tex2007",
        kind=EntryKind.PREPRINT,
        title=r"The $^{12}{\rm C}(p,n)$ reaction at 0$^{\circ}$ and $T_{\rm eff}$",
        authors=(
            Person(family="De Napoli", given="M."),
            Person(family="Van de Sompel", given="H."),
        ),
        date=PartialDate(2007, 4),
        arxiv_id="0704.0227",
    )
    build(tmp_path, dumps(Bibliography([entry]), fmt), backend=backend, engine=engine)
    assert_clean(tmp_path, backend=backend)
    bbl = read(tmp_path / "doc.bbl")
    assert "mathrm" in bbl
    assert "\\rm " not in bbl


BROKEN_MATH = [
    r"$\frac{1}$",
    r"${\frac{a}}$",
    r"$\binom{n}$",
    r"$\frac{a}^2$",
    r"$\textbf{x^2}$",
    r"$\text{a_b}$",
    r"$\textrm{\alpha}$",
]


@pytest.mark.parametrize("math", BROKEN_MATH)
def test_math_that_would_stop_latex_is_written_as_text(tmp_path: Path, math: str) -> None:
    """A missing argument or a script in \\text{…} stops pdflatex; such math is text."""
    from paperbib import Bibliography, Entry, PartialDate

    entry = Entry(key="math2024", title=f"Title {math} end", date=PartialDate(2024, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        bib = dumps(Bibliography([entry]), "bibtex")
    build(tmp_path, bib, backend="bibtex", engine="pdflatex")
    assert_clean(tmp_path, backend="bibtex")
    assert "{$" not in bib
