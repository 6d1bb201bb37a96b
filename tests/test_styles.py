"""The style matrix: paperbib's output through the styles people build with.

One bibliography holds the seed page, the hostile digest, the hostile sizes
(a 200,000-character abstract, a 5,000-character title word) and the resolved
fixture (the seed's papers with authors, eprint, DOI and URL, assembled from
real records). It goes through bibtex with seven classic styles, biber with
four biblatex styles, and pandoc's citeproc with its default style; one
document per style cites everything. A build passes when every program exits
0, the LaTeX log has no error and bibtex, biber and pandoc warn about nothing
but what the input truly lacks (:data:`ALLOWED`, each with its reason).

lualatex typesets: the hostile digest has characters no LaTeX form gives
(emoji, Hebrew), which pdflatex refuses and lualatex prints as missing glyphs.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import attrs
import pytest

from paperbib import Bibliography, PaperbibWarning, dumps, loads
from paperbib.keys import assign_keys

from .conftest import DATA, SEED, SEED_AS_OF, require_tool, resolved_seed
from .test_latex import compile_steps, read, run

pytestmark = pytest.mark.latex

BIBTEX_STYLES = ["plain", "abbrv", "alpha", "unsrt", "ieeetr", "plainnat", "apalike"]
BIBLATEX_STYLES = ["numeric", "alphabetic", "authoryear", "ieee"]

ALLOWED: dict[str, str] = {}
"""Warnings the input truly causes, as a regular expression and its reason (none so far)."""


def matrix_bibliography() -> Bibliography:
    """The seed, the hostile inputs and the resolved fixture, each entry once, keys unique.

    The resolved entries are the seed's papers again: they are kept apart (not
    merged) so that the same titles go through every style with and without
    author names.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        read = [
            loads(path.read_bytes(), as_of=SEED_AS_OF, source=path.name)
            for path in (SEED, DATA / "hostile-digest.txt", DATA / "hostile-sizes.txt")
        ]
    entries = [entry for bib in [*read, resolved_seed()] for entry in bib]
    return Bibliography(assign_keys(attrs.evolve(entry, key="") for entry in entries))


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    """The matrix bibliography in every format the matrix builds from."""
    bib = matrix_bibliography()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return {fmt: dumps(bib, fmt) for fmt in ("bibtex", "biblatex", "csl-json")}


def compile_document(tmp: Path, tex: str, bib: str, processor: str) -> None:
    latex = require_tool("lualatex")
    program = require_tool(processor)
    (tmp / "refs.bib").write_text(bib, encoding="utf-8")
    (tmp / "doc.tex").write_text(tex, encoding="utf-8")
    compile_steps(tmp, [latex], [program], backend=processor)
    errors = [line for line in read(tmp / "doc.log").splitlines() if line.startswith("!")]
    assert errors == [], read(tmp / "doc.log")[-3000:]


def entry_count(bib: str) -> int:
    return len(re.findall(r"^@(?!preamble)", bib, re.MULTILINE))


def unexpected(warnings_seen: list[str]) -> list[str]:
    return [w for w in warnings_seen if not any(re.search(p, w) for p in ALLOWED)]


@pytest.mark.parametrize("style", BIBTEX_STYLES)
def test_bibtex_styles(tmp_path: Path, outputs: dict[str, str], style: str) -> None:
    package = r"\usepackage{natbib}" if style == "plainnat" else ""
    tex = (
        f"\\documentclass{{article}}\n{package}\n\\begin{{document}}\n\\nocite{{*}}\n"
        f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n\\end{{document}}\n"
    )
    compile_document(tmp_path, tex, outputs["bibtex"], "bibtex")
    blg = read(tmp_path / "doc.blg")
    assert unexpected(re.findall(r"^Warning--.*$", blg, re.MULTILINE)) == [], blg
    assert "error message" not in blg, blg
    bbl = read(tmp_path / "doc.bbl")
    assert bbl.count("\\bibitem") == entry_count(outputs["bibtex"])
    # The key field is plain text: labels and sort keys hold no TeX of the title.
    assert "\\mathcal" not in "".join(re.findall(r"\\bibitem\[[^\]]*\]", bbl))
    if style == "alpha":
        assert "\\bibitem[B-C23]{bcoder2023valuebased}" in bbl
    if style == "plainnat":
        # natbib labels by the key alone (no year) when the key stands for the authors.
        assert "\\bibitem[B-Coder()]{bcoder2023valuebased}\nB-Coder.\n" in bbl


@pytest.mark.parametrize("style", BIBLATEX_STYLES)
def test_biblatex_styles(tmp_path: Path, outputs: dict[str, str], style: str) -> None:
    tex = (
        "\\documentclass{article}\n"
        f"\\usepackage[backend=biber,style={style}]{{biblatex}}\n"
        "\\addbibresource{refs.bib}\n"
        "\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n"
    )
    compile_document(tmp_path, tex, outputs["biblatex"], "biber")
    blg = read(tmp_path / "doc.blg")
    seen = re.findall(r"^\[\d+\] .*(?:WARN|ERROR) - .*$", blg, re.MULTILINE)
    assert unexpected(seen) == [], blg
    bbl = read(tmp_path / "doc.bbl")
    assert bbl.count("\\entry{") == entry_count(outputs["biblatex"])
    assert max(len(line.encode()) for line in bbl.splitlines()) < 200_000


def test_biber_data_model(tmp_path: Path, outputs: dict[str, str]) -> None:
    """`biber --validate-datamodel`: every entry has the fields its type requires,
    and no field is outside biblatex's data model (the biblatex writer leaves
    paperbib's own fields out unless asked).
    """
    tex = (
        "\\documentclass{article}\n\\usepackage[backend=biber]{biblatex}\n"
        "\\addbibresource{refs.bib}\n\\begin{document}\n\\nocite{*}\n\\end{document}\n"
    )
    latex = require_tool("lualatex")
    (tmp_path / "refs.bib").write_text(outputs["biblatex"], encoding="utf-8")
    (tmp_path / "doc.tex").write_text(tex, encoding="utf-8")
    assert run([latex, "-interaction=nonstopmode", "doc.tex"], tmp_path).returncode == 0
    proc = run([require_tool("biber"), "--validate-datamodel", "doc"], tmp_path)
    assert proc.returncode == 0, proc.stdout
    blg = read(tmp_path / "doc.blg")
    problems = re.findall(r"^\[\d+\] .*(?:WARN|ERROR) - .*$", blg, re.MULTILINE)
    assert unexpected(problems) == [], blg


@pytest.mark.parametrize("fmt", ["csl-json", "biblatex"])
def test_pandoc_citeproc(tmp_path: Path, outputs: dict[str, str], fmt: str) -> None:
    """pandoc's default style (Chicago author-date) over CSL-JSON and over the .bib."""
    pandoc = require_tool("pandoc")
    name = "refs.json" if fmt == "csl-json" else "refs.bib"
    (tmp_path / name).write_text(outputs[fmt], encoding="utf-8")
    (tmp_path / "doc.md").write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    proc = run(
        [pandoc, "--citeproc", "--bibliography", name, "-t", "plain", "--wrap=none", "doc.md"],
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert unexpected(proc.stderr.splitlines()) == [], proc.stderr
    text = proc.stdout
    # TeX's dashes print as dashes, from CSL-JSON as from the .bib.
    assert "Scale Them All – Adapting" in text
    assert "Scale Them All --" not in text
