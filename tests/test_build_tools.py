"""The build recipes of docs/bibtex.md, run as real projects with make and latexmk.

Each project (``tests/projects/``) builds ``paper.pdf`` from a papers page
copied as text, with bibtex (natbib) and with biber (biblatex). The checks are
the ones a user makes: the first build makes the PDF; a second build does
nothing (every file keeps its bytes and its time stamp); touching the page
reruns at most paperbib and changes no output; editing it rebuilds the PDF
with the new text; the build after that does nothing again. ``paperbib`` is
the one installed in the test environment (its directory leads PATH).
The recipes in docs/bibtex.md are these files, character for character.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SEED, require_tool

pytestmark = pytest.mark.latex

PROJECTS = Path(__file__).parent / "projects"
DOCS = Path(__file__).parent.parent / "docs" / "bibtex.md"
OLD_TITLE = "A Little Help Goes a Long Way"
NEW_TITLE = "A Little Help Goes a Very Long Way"

Snapshot = dict[str, tuple[int, bytes]]


def environment() -> dict[str, str]:
    """The environment with this Python's scripts (its ``paperbib``) first on PATH."""
    scripts = Path(sys.executable).parent
    if not (scripts / "paperbib").exists():
        pytest.fail(f"paperbib is not installed next to {sys.executable}")
    return {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}


def project(tmp: Path, tool: str, backend: str) -> Path:
    """A fresh copy of the *tool* project with the *backend* document and the seed page."""
    shutil.copytree(PROJECTS / tool, tmp, dirs_exist_ok=True)
    shutil.copy(PROJECTS / backend / "paper.tex", tmp / "paper.tex")
    shutil.copy(SEED, tmp / "papers.txt")
    return tmp


def build(tmp: Path, tool: str, *extra: str) -> subprocess.CompletedProcess[str]:
    argv = [require_tool("make")] if tool == "make" else [require_tool("latexmk"), "-pdf"]
    if tool == "latexmk":
        argv += ["-interaction=nonstopmode", *extra, "paper.tex"]
    proc = subprocess.run(
        argv,
        cwd=tmp,
        env=environment(),
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return proc


def idle(proc: subprocess.CompletedProcess[str]) -> bool:
    """Whether a build ran nothing: no paperbib (make echoes it), no LaTeX run (latexmk)."""
    out = proc.stdout + proc.stderr
    return "paperbib convert" not in out and "Run number" not in out


def snapshot(tmp: Path) -> Snapshot:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp.iterdir() if p.is_file()}


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """Files created, removed, rewritten or touched between two snapshots."""
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


def later() -> None:
    """Let the clock move past the file system's time stamp granularity."""
    time.sleep(0.05)


def edit_page(tmp: Path) -> None:
    page = tmp / "papers.txt"
    page.write_text(page.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE), "utf-8")


@pytest.mark.parametrize("backend", ["bibtex", "biber"])
@pytest.mark.parametrize("tool", ["make", "latexmk"])
def test_build_rebuild_and_rest(tmp_path: Path, tool: str, backend: str) -> None:
    require_tool("lualatex")  # latexmk finds it; pdflatex is what runs
    require_tool("pdflatex")
    require_tool(backend)
    tmp = project(tmp_path, tool, backend)
    build(tmp, tool)
    assert (tmp / "paper.pdf").stat().st_size > 1000
    assert OLD_TITLE.lower() in (tmp / "paper.bbl").read_text(encoding="utf-8").lower()

    # Nothing changed: nothing runs, no file is touched.
    first = snapshot(tmp)
    later()
    assert idle(build(tmp, tool))
    assert changed(first, snapshot(tmp)) == []

    # The page touched, not changed: at most the stamp moves; the PDF stays.
    later()
    os.utime(tmp / "papers.txt")
    touched = snapshot(tmp)
    later()
    build(tmp, tool)
    assert changed(touched, snapshot(tmp)) == (["refs.bib.stamp"] if tool == "make" else [])
    rested = snapshot(tmp)
    later()
    assert idle(build(tmp, tool))  # the old Makefile reran paperbib here, forever
    assert changed(rested, snapshot(tmp)) == []

    # The page edited: refs.bib and the PDF are rebuilt with the new title.
    later()
    edit_page(tmp)
    edited = snapshot(tmp)
    later()
    build(tmp, tool)
    rebuilt = snapshot(tmp)
    assert {"refs.bib", "paper.pdf", "paper.bbl"} <= set(changed(edited, rebuilt))
    assert NEW_TITLE in (tmp / "refs.bib").read_text(encoding="utf-8")
    assert NEW_TITLE.lower() in (tmp / "paper.bbl").read_text(encoding="utf-8").lower()
    later()
    assert idle(build(tmp, tool))
    assert changed(rebuilt, snapshot(tmp)) == []


def test_latexmk_clean_runs_no_paperbib(tmp_path: Path) -> None:
    """`latexmk -c` used to run paperbib, because the old recipe ran it when the rc file was read."""
    tmp = project(tmp_path, "latexmk", "bibtex")
    build(tmp, "latexmk")
    (tmp / "refs.bib").unlink()
    before = snapshot(tmp)
    build(tmp, "latexmk", "-c")
    after = snapshot(tmp)
    assert "refs.bib" not in after
    assert set(after) <= set(before)
    assert (tmp / "paper.pdf").exists()


def test_latexmk_fails_when_paperbib_does(tmp_path: Path) -> None:
    tmp = project(tmp_path, "latexmk", "bibtex")
    (tmp / "papers.txt").write_text("", encoding="utf-8")
    proc = subprocess.run(
        [require_tool("latexmk"), "-pdf", "-interaction=nonstopmode", "paper.tex"],
        cwd=tmp,
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode != 0
    assert "paperbib: error: papers.txt: input is empty" in proc.stderr
    assert "paperbib failed" in proc.stdout + proc.stderr
    assert not (tmp / "paper.pdf").exists()


def test_latexmk_pvc_sees_an_edit(tmp_path: Path) -> None:
    """`latexmk -pvc` rebuilds when papers.txt changes (it never did with the old recipe)."""
    tmp = project(tmp_path, "latexmk", "bibtex")
    argv = [require_tool("latexmk"), "-pdf", "-pvc", "-view=none", "-interaction=nonstopmode"]
    watcher = subprocess.Popen(
        [*argv, "paper.tex"],
        cwd=tmp,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        bbl = tmp / "paper.bbl"

        def wait_for(condition: str, seconds: float) -> bool:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if (tmp / "paper.pdf").exists() and bbl.exists():
                    text = re.sub(r"\s+", " ", bbl.read_text(encoding="utf-8", errors="replace"))
                    if condition.lower() in text.lower():
                        return True
                time.sleep(0.5)
            return False

        assert wait_for(OLD_TITLE, 180), "the first build did not finish"
        time.sleep(2)  # latexmk is watching now
        edit_page(tmp)
        assert wait_for(NEW_TITLE, 120), "latexmk -pvc did not rebuild after the edit"
    finally:
        os.killpg(watcher.pid, signal.SIGTERM)
        watcher.wait(timeout=30)


@pytest.mark.parametrize("name", ["make/Makefile", "latexmk/latexmkrc"])
def test_docs_show_the_tested_recipes(name: str) -> None:
    """docs/bibtex.md shows each recipe exactly as it is tested here."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```$", DOCS.read_text(encoding="utf-8"), re.M | re.S)
    assert (PROJECTS / name).read_text(encoding="utf-8") in blocks
