"""Doctests run on the installed modules (``cchc_kg.*``); old top-level import names fail the run.

The folders ``kg/``, ``loaders/``, ``queries/``, ``viz/`` and ``ontology/`` are
installed as ``cchc_kg.kg``, ``cchc_kg.loaders`` … (setuptools ``package-dir``),
so their path on disk no longer spells their import name.  pytest's
``--doctest-modules`` would import ``kg/build.py`` by its path, as a second
copy of the module named after the folder; this hook makes the doctest
collector import the one real module, ``cchc_kg.kg.build``, instead.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest
from _pytest.doctest import DoctestModule

ROOF = "cchc_kg"
PACKAGES = ("kg", "loaders", "queries", "viz", "ontology")
_DIRS = pytest.StashKey[dict[Path, str]]()


def _package_dirs() -> dict[Path, str]:
    """Folder on disk → import name, read from the installed package mapping."""
    out: dict[Path, str] = {}
    for name in (ROOF, *(f"{ROOF}.{p}" for p in PACKAGES)):
        mod = importlib.import_module(name)
        for d in getattr(mod, "__path__", []):
            out[Path(d).resolve()] = name
    return out


def module_name(path: Path, dirs: dict[Path, str]) -> str | None:
    """The import name of the source file ``path``, or None outside the packages."""
    path = path.resolve()
    for parent in path.parents:
        if parent in dirs:
            parts = list(path.relative_to(parent).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            return ".".join([dirs[parent], *parts])
    return None


class InstalledDoctestModule(DoctestModule):
    """A DoctestModule that imports its file by the installed module name."""

    import_name: str = ""

    def _getobj(self) -> ModuleType:
        return importlib.import_module(self.import_name)


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector):  # type: ignore[no-untyped-def]
    result = yield
    if file_path.suffix != ".py":
        return result
    out = []
    for node in result:
        if type(node) is DoctestModule:
            if _DIRS not in parent.config.stash:
                parent.config.stash[_DIRS] = _package_dirs()
            dirs = parent.config.stash[_DIRS]
            name = module_name(file_path, dirs)
            if name is not None:
                node = InstalledDoctestModule.from_parent(parent, path=file_path)
                node.import_name = name
        out.append(node)
    return out


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if anything imported a package by its old top-level name (``kg``, ``loaders`` …).

    The checkout's root is on ``sys.path`` under ``python -m pytest``, so a
    stale import of the folder ``kg`` would still work here, and load a second copy of the
    module; installed elsewhere it would fail.
    """
    import sys

    legacy = sorted(m for m in sys.modules if m.split(".")[0] in PACKAGES)
    if legacy:
        tw = session.config.get_terminal_writer()
        tw.line()
        tw.line(
            f"modules imported by their old top-level names (use cchc_kg.<package>): {legacy[:10]}", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


class InstalledPackage(pytest.Package):
    """A package collector whose setup imports the installed package, not a copy named after the folder."""

    import_name: str = ""

    def setup(self) -> None:
        mod = importlib.import_module(self.import_name)
        if any(hasattr(mod, f) for f in ("setup_module", "setUpModule", "teardown_module", "tearDownModule")):
            raise pytest.UsageError(f"{self.import_name}: package-level setup functions are not supported here")


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Package folders of the project collect as :class:`InstalledPackage`; others as usual."""
    if not (path / "__init__.py").is_file():
        return None
    if _DIRS not in parent.config.stash:
        parent.config.stash[_DIRS] = _package_dirs()
    name = module_name(path / "__init__.py", parent.config.stash[_DIRS])
    if name is None:
        return None
    node = InstalledPackage.from_parent(parent, path=path)
    node.import_name = name
    return node
