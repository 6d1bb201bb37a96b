"""``--aux``: only the entries a LaTeX document cites, as bibtex and biber find them."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from paperbib import cli, convert
from paperbib.aux import read_aux

from .conftest import DATA, require_tool

XAMPL = DATA / "bibtex" / "xampl.bib"
HF_PAPER = DATA / "hf-json" / "api-papers-2605.13301.json"


def keys_of(path: Path) -> list[str]:
    return [
        line[line.index("{") + 1 : -1]
        for line in path.read_text().splitlines()
        if line.startswith("@")
    ]


def test_bibtex_and_biblatex_citations_and_included_files(tmp_path: Path) -> None:
    (tmp_path / "main.aux").write_text(
        "\\relax\n"
        "\\citation{article-full,book-full}\n"
        "\\abx@aux@cite{li2026achieving}\n"  # biblatex before 3.14
        "\\abx@aux@cite{0}{misc-full}\n"  # biblatex 3.14 and later: refsection, key
        "\\@input{chapter.aux}\n"
    )
    (tmp_path / "chapter.aux").write_text("\\citation{inproceedings-crossref}\n")
    citations = read_aux(tmp_path / "main.aux")
    assert list(citations.keys) == [
        "article-full",
        "book-full",
        "li2026achieving",
        "misc-full",
        "inproceedings-crossref",
    ]
    assert citations.keys["inproceedings-crossref"] == (str(tmp_path / "chapter.aux"), 1)
    assert not citations.everything


def test_only_cited_entries_are_written_with_their_crossref_parents(tmp_path: Path) -> None:
    aux = tmp_path / "main.aux"
    aux.write_text("\\citation{article-full}\n\\citation{inproceedings-crossref,nowhere}\n")
    out = tmp_path / "refs.bib"
    result = convert([XAMPL, HF_PAPER], out, aux=aux)
    assert keys_of(out) == ["article-full", "inproceedings-crossref", "whole-proceedings"]
    assert (result.entries_written, result.entries_not_cited) == (3, 34)
    assert result.entries_read == result.entries_written + result.entries_not_cited
    (missing,) = [d for d in result.diagnostics if d.code == "not-found"]
    assert str(missing) == f"{aux}:2: cited key 'nowhere' is in no input [not-found]"
    # Diagnostics of entries left out are left out too.
    assert {d.key for d in result.diagnostics} <= {
        None,
        "article-full",
        "inproceedings-crossref",
        "whole-proceedings",
    }


def test_nocite_everything(tmp_path: Path) -> None:
    aux = tmp_path / "main.aux"
    aux.write_text("\\citation{*}\n")
    result = convert([XAMPL], tmp_path / "refs.bib", aux=aux)
    assert result.entries_not_cited == 0


def test_command_line_summary(tmp_path: Path, capsys: Any) -> None:
    aux = tmp_path / "main.aux"
    aux.write_text("\\abx@aux@cite{0}{article-full}\n")
    code = cli.main(["convert", str(XAMPL), "--aux", str(aux), "-o", str(tmp_path / "r.bib")])
    assert code == 0
    assert "1 written (35 not cited)" in capsys.readouterr().err.splitlines()[-1]


def test_missing_aux_file_is_an_error(tmp_path: Path, capsys: Any) -> None:
    code = cli.main(["convert", str(XAMPL), "--aux", str(tmp_path / "none.aux")])
    assert code == 1
    assert "none.aux: No such file or directory" in capsys.readouterr().err


@pytest.mark.latex
def test_the_aux_of_a_real_latex_run(tmp_path: Path) -> None:
    """pdflatex writes the .aux; paperbib writes what it cites; bibtex finds every key."""
    latex, bibtex = require_tool("pdflatex"), require_tool("bibtex")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n"
        "\\cite{article-full} and \\cite{inproceedings-crossref}.\n"
        "\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n"
    )
    run = {"cwd": tmp_path, "capture_output": True, "check": False}
    subprocess.run([latex, "-interaction=nonstopmode", "doc.tex"], **run)  # type: ignore[call-overload]
    convert([XAMPL], tmp_path / "refs.bib", aux=tmp_path / "doc.aux")
    done = subprocess.run([bibtex, "doc"], **run)  # type: ignore[call-overload]
    log = (tmp_path / "doc.blg").read_text()
    assert done.returncode == 0, log
    assert "didn't find a database entry" not in log
    assert keys_of(tmp_path / "refs.bib") == [
        "article-full",
        "inproceedings-crossref",
        "whole-proceedings",
    ]
