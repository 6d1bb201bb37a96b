"""The README's commands and code are the ones CI runs and they work."""

from __future__ import annotations

import re
import shutil
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
    assert "@misc{pretrained2022language," in out
    assert (tmp_path / "refs.json").read_text(encoding="utf-8").startswith("[\n  {\n")
