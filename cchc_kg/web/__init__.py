"""``cchc-kg serve``: a read-only web application and JSON API over a store.

:func:`web.app.create_app` builds the FastAPI app; :mod:`web.answers` gives
the same answers as the CLI's ``--json``; :mod:`web.reader` keeps a
read-only snapshot of the store that follows a concurrent build.
See ``docs/web.md`` and ``docs/decisions/0009-web-app.md``.
"""

__all__: list[str] = []
