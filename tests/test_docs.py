"""The Python examples of docs/api.md and README.md run, and print what they show."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_examples(path: Path) -> tuple[int, list[str]]:
    """(examples run, failure reports) of the ``>>>`` examples in a markdown file."""
    text = path.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {"__name__": path.stem}, path.name, str(path), 0)
    out: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=out.append, clear_globs=True)
    return runner.tries, out


@pytest.mark.parametrize("name", ["docs/api.md", "README.md"])
def test_markdown_examples_run(name: str, seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the examples are written for a working directory beside ../shared, and write there
    (tmp_path / "shared").symlink_to(seeds_dir.parent, target_is_directory=True)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    tries, failures = run_examples(ROOT / name)
    assert tries >= 4, f"{name}: no examples found"
    assert not failures, "".join(failures)
