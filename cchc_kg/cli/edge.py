"""The CLI's one error edge and its safe terminal.

Every command runs inside :class:`EdgeGroup`, which turns each *known*
failure that escaped a command — a library :class:`~cchc_kg.kg.errors.CchcError`,
an ``OSError`` (disk full, permission, FIFO …), a damaged store reported
by RocksDB, a killed worker — into one line ``error: <what happened>:
<what to do>`` on stderr and exit code 2. Messages go through
:func:`cchc_kg.kg.sanitize.redact` (no password from a URL is ever printed) and
:func:`cchc_kg.kg.sanitize.terminal_safe` (no escape sequence from a document
reaches the terminal). Unknown exceptions (bugs) keep their traceback.

While a command runs, ``sys.stdout``/``sys.stderr`` are wrapped by
:class:`SafeText`, so every text line a command prints is sanitised, in
whatever module it is printed; binary output (``sys.stdout.buffer``,
used by ``export -o -``) passes untouched.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from cchc_kg.kg.errors import CchcError, StoreDamagedError
from cchc_kg.kg.sanitize import redact, strip_controls

__all__ = ["EdgeGroup", "SafeText", "failure_message", "say_error", "store_argument"]


def say_error(message: str, code: int = 2) -> NoReturn:
    """Print ``lỗi: message`` (``error:`` in English; redacted, sanitised) to stderr and exit with ``code``.

    The common library messages are reworded in Vietnamese (:func:`cchc_kg.kg.labels.translate_message`).
    """
    from cchc_kg.cli.options import current_lang
    from cchc_kg.kg.labels import say, translate_message

    lang = current_lang()
    first, _, rest = message.partition("\n")
    text = translate_message(first, lang) + (f"\n{rest}" if rest else "")
    typer.echo(f"{say(lang, 'error')}: {strip_controls(redact(text))}", err=True)
    raise typer.Exit(code)


def store_argument(args: list[str]) -> str:
    """The ``--store``/``-s`` value of a command line (env ``CCHC_KG_STORE``, else ``.cchc-kg``).

    >>> store_argument(["docs", "--store", "st"]), store_argument(["docs", "-s=x"])
    ('st', 'x')
    """
    for i, a in enumerate(args):
        if a in ("--store", "-s") and i + 1 < len(args):
            return args[i + 1]
        for flag in ("--store=", "-s="):
            if a.startswith(flag):
                return a[len(flag):]
    return os.environ.get("CCHC_KG_STORE", ".cchc-kg")


def _os_message(e: OSError) -> str:
    name = e.filename if isinstance(e.filename, str) else None
    what = f" ({name})" if name else ""
    if e.errno == errno.ENOSPC or e.errno == errno.EDQUOT:
        return f"no space left on the device{what}: free some space and run again (files written before are intact)"
    if e.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied{what}: check the permissions or choose another path"
    if e.errno == errno.EROFS:
        return f"read-only file system{what}: choose a writable path"
    if e.errno == errno.ENOENT:
        return f"no such file or folder{what}: check the path"
    if e.errno == errno.EISDIR:
        return f"is a folder{what}: name a file"
    if e.errno == errno.ENOTDIR:
        return f"not a folder{what}: check the path"
    if e.errno == errno.ENOMEM:
        return "out of memory: run with smaller inputs or fewer workers (-j 1)"
    return f"{e.strerror or type(e).__name__}{what}"


def failure_message(exc: BaseException, args: list[str]) -> str | None:
    """One line for a known failure (``None`` for an unknown one, a bug).

    >>> failure_message(OSError(28, "No space left on device", "out.nq"), [])
    'no space left on the device (out.nq): free some space and run again (files written before are intact)'
    >>> failure_message(OSError("Corruption: block checksum mismatch"), ["docs", "--store", "st"])
    'the store at st is damaged: rebuild it with `cchc-kg build --force PATH… --store st` (or delete the folder and build again)'
    """
    from concurrent.futures.process import BrokenProcessPool

    from cchc_kg.kg.store import is_corruption

    if isinstance(exc, CchcError):
        return str(exc)
    if isinstance(exc, (OSError, RuntimeError)) and is_corruption(exc):
        return str(StoreDamagedError(store_argument(args)))
    if isinstance(exc, BrokenProcessPool):
        return "a worker process was killed (by the system, perhaps out of memory): run again with -j 1"
    if isinstance(exc, MemoryError):
        return "out of memory: run with smaller inputs or fewer workers (-j 1)"
    if isinstance(exc, UnicodeDecodeError):
        return f"input is not UTF-8 text ({exc.reason}): convert it to UTF-8"
    if isinstance(exc, OSError):
        return _os_message(exc)
    return None


class SafeText:
    """A text stream that sanitises every ``write`` (tab, newline, carriage return kept).

    >>> import io
    >>> buf = io.StringIO(); _ = SafeText(buf).write("a\\x1b]0;x\\x07b\\n"); buf.getvalue()
    'ab\\n'
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, s: Any) -> int:
        if not isinstance(s, str):
            return self._stream.write(s)  # bytes: the real stream decides (text streams refuse)
        if "\r" in s:
            return self._stream.write("\r".join(strip_controls(part) for part in s.split("\r")))
        return self._stream.write(strip_controls(s))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class EdgeGroup(TyperGroup):
    """The root command group: known failures become one line and exit 2.

    Global options after the subcommand are moved before it
    (:func:`cchc_kg.cli.options.hoist_globals`).
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from cchc_kg.cli.options import hoist_globals

        own = {name: {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)} for name, cmd in self.commands.items()}
        valued = {name: {o for p in cmd.params if getattr(p, "param_type_name", "") == "option"
                         and not getattr(p, "is_flag", False) and not getattr(p, "count", False) for o in p.opts}
                  for name, cmd in self.commands.items()}
        return super().parse_args(ctx, hoist_globals(list(args), own, valued))

    def invoke(self, ctx: Any) -> Any:
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = SafeText(out), SafeText(err)
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
            raise
        except BrokenPipeError:  # the reader stopped early (`| head`): nothing left to say, like any filter
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
            except (OSError, ValueError, AttributeError):  # not a real file (tests)
                pass
            raise typer.Exit(0) from None
        except Exception as e:  # noqa: BLE001 - only known failures are handled below
            if type(e).__module__.startswith(("typer", "click")):
                raise
            message = failure_message(e, args)
            if message is None:
                raise
            say_error(message, getattr(e, "exit_code", 2) if isinstance(e, CchcError) else 2)
        finally:
            sys.stdout, sys.stderr = out, err
