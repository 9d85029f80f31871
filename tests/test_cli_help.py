"""Every command has help with an example (sqlite-utils rule)."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from cchc_kg.cli.core import _register_extensions, app

_register_extensions()
ROOT = get_command(app)


def is_group(cmd: object) -> bool:
    return hasattr(cmd, "commands")


def all_commands(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    if is_group(group):
        for name, cmd in group.commands.items():  # type: ignore[attr-defined]
            out.append(prefix + (name,))
            out.extend(all_commands(cmd, prefix + (name,)))
    return out


COMMANDS = all_commands(ROOT)


def test_there_are_commands() -> None:
    assert {("build",), ("docs",), ("show",), ("bases",), ("cited-by",), ("export",), ("query",)} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_help_has_example(path: tuple[str, ...]) -> None:
    res = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert res.exit_code == 0, res.output
    cmd = ROOT
    for p in path:
        cmd = cmd.commands[p]  # type: ignore[attr-defined]
    if is_group(cmd):
        return
    assert "Example:" in (cmd.help or ""), f"{' '.join(path)} help lacks an example"
    assert "cchc-kg " + path[0] in (cmd.help or "")
