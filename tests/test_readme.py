"""The README's commands and code are the ones CI runs and they work."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from paperbib import PaperbibWarning

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


def test_ci_runs_the_readme_test_command() -> None:
    test_command = next(block for block in code_blocks("sh") if "pytest" in block).strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_example_command_names_the_bundled_example() -> None:
    run_command = code_blocks("sh")[0]
    assert "examples/hf-papers-2025-12-09.txt" in run_command
    assert (ROOT / "examples" / "hf-papers-2025-12-09.txt").read_bytes() == (
        ROOT / "tests" / "data" / "hf-papers-2025-12-09.txt"
    ).read_bytes()


def test_python_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        exec(code_blocks("python")[0], {})
    out = capsys.readouterr().out
    assert out.startswith("39 Pre-Trained Language Models for Interactive Decision-Making [")
    assert "@misc{li2022pretrained," in out
    assert "  author        = {Li, Shuang and Puig, Xavier and" in out
    assert (tmp_path / "refs.json").read_text(encoding="utf-8").startswith("[\n  {\n")


def test_the_example_command_gives_citable_entries_offline(tmp_path: Path) -> None:
    """The README's first command, run as it is written (the network is closed to tests)."""
    command = code_blocks("sh")[0].strip().split("&& .venv/bin/paperbib ", 1)[1].split()
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    proc = subprocess.run(
        [sys.executable, "-m", "paperbib", *command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    bib = (tmp_path / "refs.bib").read_text(encoding="utf-8")
    assert bib.count("\n  author ") == bib.count("@misc{") == 39
    assert bib.count("\n  eprint ") == 39
    assert proc.stderr.splitlines()[-1] == "paperbib: resolved 39 of 39 (lock 39); 0 requests"
