"""Global options of ``cchc-kg``: before or after the subcommand, the same meaning.

``--store``, ``--json``, ``--lang``, ``-v/--verbose`` and ``-q/--quiet`` are
accepted as ``cchc-kg --store S docs`` and as ``cchc-kg docs --store S``.
:func:`hoist_globals` moves the options only the root knows (``--lang``,
``-v``, ``-q``) from after the subcommand to before it; the root callback
(:func:`root`) hands ``--store``/``--json`` given before the subcommand down
to it through click's ``default_map`` (a value after the subcommand wins).
The language is ``--lang``, else ``CCHC_KG_LANG``, else Vietnamese.
"""

from __future__ import annotations

import contextvars
from pathlib import Path
from typing import Any, Optional

import typer

from cchc_kg.kg.labels import env_lang, pick_lang

__all__ = ["root", "hoist_globals", "current_lang", "verbosity", "info", "ROOT_ONLY"]

_LANG: contextvars.ContextVar[str | None] = contextvars.ContextVar("cchc_kg_lang", default=None)
_VERBOSITY: contextvars.ContextVar[int] = contextvars.ContextVar("cchc_kg_verbosity", default=0)

#: options only the root has: (flag, takes a value)
ROOT_ONLY: dict[str, bool] = {"--lang": True, "-v": False, "--verbose": False, "-q": False, "--quiet": False,
                              "-vv": False}
#: root options that take a value (to find where the subcommand name is)
_ROOT_VALUED = {"--lang", "--store", "-s", "--show-completion", "--install-completion"}


def current_lang() -> str:
    """The language of this run: ``--lang``, else ``CCHC_KG_LANG``, else ``"vi"``."""
    return _LANG.get() or env_lang()


def verbosity() -> int:
    """-1 with ``-q``, 0 by default, 1+ with ``-v``."""
    return _VERBOSITY.get()


def info(message: str) -> None:
    """A side note for people on stderr (counts, files written); silent with ``-q``."""
    if _VERBOSITY.get() >= 0:
        typer.echo(message, err=True)


def hoist_globals(args: list[str], own: dict[str, set[str]] | None = None,
                  valued: dict[str, set[str]] | None = None) -> list[str]:
    """Move root-only options found after the subcommand to the front of ``args``.

    ``own`` maps a subcommand to the options it declares itself (left in
    place); ``valued`` to those of its options that take a value (the value
    is never mistaken for an option, e.g. ``docs --search -q``).

    >>> hoist_globals(["docs", "--lang", "en", "-q", "--store", "s"])
    ['--lang', 'en', '-q', 'docs', '--store', 's']
    >>> hoist_globals(["--lang=en", "show", "x", "--", "-q"])
    ['--lang=en', 'show', 'x', '--', '-q']
    >>> hoist_globals(["docs", "--search", "-q", "-v"], valued={"docs": {"--search"}})
    ['-v', 'docs', '--search', '-q']
    """
    i = 0
    while i < len(args):  # find the subcommand: the first token that is neither an option nor its value
        a = args[i]
        if a == "--":
            return args
        if a.startswith("-"):
            i += 2 if a in _ROOT_VALUED else 1
            continue
        break
    if i >= len(args):
        return args
    head, cmd, tail = args[:i], args[i], args[i + 1:]
    mine = (own or {}).get(cmd, set())
    takes_value = (valued or {}).get(cmd, set())
    moved: list[str] = []
    rest: list[str] = []
    j = 0
    while j < len(tail):
        a = tail[j]
        if a == "--":
            rest.extend(tail[j:])
            break
        name = a.split("=", 1)[0]
        if name in takes_value and "=" not in a:
            rest.extend(tail[j:j + 2])
            j += 2
            continue
        if name in ROOT_ONLY and name not in mine:
            moved.append(a)
            if ROOT_ONLY[name] and "=" not in a and j + 1 < len(tail):
                moved.append(tail[j + 1])
                j += 1
        else:
            rest.append(a)
        j += 1
    return [*head, *moved, cmd, *rest]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("cchc-kg")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            import cchc_kg

            v = getattr(cchc_kg, "__version__", "?")
        typer.echo(f"cchc-kg {v}")
        raise typer.Exit(0)


def root(
    ctx: typer.Context,
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="Print the version and exit."),
    lang: Optional[str] = typer.Option(None, "--lang", help="vi (default) | en: language of what people read "
                                       "(env CCHC_KG_LANG). JSON keys never change."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More detail (IRIs, keys)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No side notes on stderr (counts, files written)."),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help="Store directory for the subcommand (env CCHC_KG_STORE)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable JSON output from the subcommand."),
) -> None:
    """Knowledge graph of Vietnamese CCHC documents: legal bases, citations, agencies, targets.

    Global options go before or after the subcommand: `cchc-kg --lang en docs` = `cchc-kg docs --lang en`.
    Exit codes: 0 ok, 1 findings/not found, 2 usage or input error.
    """
    if lang is not None and lang.strip().lower() not in ("vi", "en"):
        raise typer.BadParameter(f"vi or en, not {lang!r}", param_hint="--lang")
    _LANG.set(pick_lang(lang) if lang else None)
    _VERBOSITY.set(-1 if quiet else verbose)
    defaults: dict[str, Any] = {}
    if store is not None:
        defaults["store"] = str(store)
    if as_json:
        defaults["as_json"] = True
    if lang:
        defaults["lang"] = pick_lang(lang)
    if defaults and isinstance(ctx.command, typer.core.TyperGroup):
        ctx.default_map = {name: dict(defaults) for name in ctx.command.commands}
