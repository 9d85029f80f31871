"""Run a script with the ``cchc_kg`` package taken from another checkout (e.g. the code before a change).

    python bench/run_at.py CHECKOUT SCRIPT [ARGS…]

``CHECKOUT`` is a worktree of this repository at another commit (``git
worktree add --detach /tmp/base 2f3082f``); its package folders (``cchc_kg``,
``kg``, ``loaders``, ``queries``, ``viz``, ``ontology`` — the package-dir map
of ``pyproject.toml``) replace the installed ones for this process, so the
same venv runs the old code side by side with the new
(``bench_reports.py --old-code CHECKOUT``).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import runpy
import sys
from pathlib import Path

__all__ = ["main"]

PACKAGES = {"cchc_kg": "cchc_kg", "cchc_kg.kg": "kg", "cchc_kg.loaders": "loaders", "cchc_kg.queries": "queries",
            "cchc_kg.viz": "viz", "cchc_kg.ontology": "ontology"}


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self, root: Path) -> None:
        self.map = {name: str(root / folder) for name, folder in PACKAGES.items()}

    def find_spec(self, fullname, path=None, target=None):  # noqa: ANN001, ANN201
        if fullname in self.map:
            init = Path(self.map[fullname]) / "__init__.py"
            return importlib.util.spec_from_file_location(fullname, init, submodule_search_locations=[self.map[fullname]])
        parent = fullname.rpartition(".")[0]
        if parent in self.map:
            return importlib.machinery.PathFinder.find_spec(fullname, [self.map[parent]])
        return None


def main() -> None:
    import importlib.util  # noqa: F401  (used by the finder)

    root, script, *args = sys.argv[1:]
    # drop the installed editable finder, put the checkout's packages first
    sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "__name__", "") != "_EditableFinder"
                        and "editable" not in type(f).__module__]
    sys.meta_path.insert(0, _Finder(Path(root).resolve()))
    sys.path.append(str(Path(script).resolve().parents[1]))  # the script's own repository (bench.harness …), last
    sys.argv = [script, *args]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
