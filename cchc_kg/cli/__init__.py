"""The ``cchc-kg`` command line: the roof of the project.

Nothing in ``cchc_kg.kg``, ``cchc_kg.loaders``, ``cchc_kg.queries`` or
``cchc_kg.viz`` imports it. ``core`` holds the app, the shared options and
the document commands; ``plans``, ``backends``, ``viz`` and ``check`` add
their commands to the same app when imported here.
"""

from __future__ import annotations

from cchc_kg.cli.core import app, main

# each module registers its commands on ``app``; this order is the order of ``--help``
from cchc_kg.cli import plans  # noqa: E402,F401,I001
from cchc_kg.cli import backends  # noqa: E402,F401
from cchc_kg.cli import viz  # noqa: E402,F401
from cchc_kg.cli import check  # noqa: E402,F401
from cchc_kg.cli import query  # noqa: E402,F401
from cchc_kg.cli import office  # noqa: E402,F401
from cchc_kg.cli import serve  # noqa: E402,F401

__all__ = ["app", "main"]
