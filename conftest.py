"""Doctests of the package folders run on the installed modules (``cchc_kg.*``).

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


