"""Clean text: control characters out of stored text, escapes out of the terminal, secrets out of messages.

One owner for "which characters are safe":

* :func:`strip_controls` — applied when a source is read: NUL and every
  C0/C1 control character except tab and newline are removed (``\\r\\n`` and
  lone ``\\r``, vertical tab, form feed, the file/group/record separators,
  NEL and U+2028/U+2029 become ``\\n``; terminal escape sequences go whole).
  The stored text *is* the stripped text, so every evidence span points
  into it and ``text[start:end]`` is the quoted string.
* :func:`terminal_safe` — everything the CLI prints: the same, keeping
  only tab and newline, so an OSC title escape (``ESC ] 0 ; … BEL``) in a
  document title cannot reach the terminal.
* :func:`redact` — ``scheme://user:password@host`` → ``scheme://user:***@host``.

>>> strip_controls("A\\x00B\\x1b]0;owned\\x07C\\r\\nD\\x85E\\tF")
'ABC\\nD\\nE\\tF'
>>> terminal_safe("tiêu đề\\x1b[31m đỏ\\x9b2J")
'tiêu đề đỏ'
>>> redact("cannot reach http://neo4j:s3cret@db:7474/x")
'cannot reach http://neo4j:***@db:7474/x'
"""

from __future__ import annotations

import re

__all__ = ["strip_controls", "terminal_safe", "redact", "has_controls", "CONTROL_CHARS"]

#: C0 (except tab, newline), DEL and C1 controls
CONTROL_CHARS = "[\x00-\x08\x0b-\x1f\x7f-\x9f]"

# whole escape sequences: OSC (ESC ] … BEL or ESC \), DCS/PM/APC/SOS strings,
# CSI (ESC [ params final), 8-bit CSI/OSC, two-character ESC sequences
_ESCAPES = re.compile(
    r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b[P^_X]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[ -/]*[0-~]?"
)
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(CONTROL_CHARS)


def has_controls(text: str) -> bool:
    """True when ``text`` holds a character :func:`strip_controls` would change.

    >>> has_controls("a\\tb\\n"), has_controls("a\\x00")
    (False, True)
    """
    return _CONTROLS.search(text) is not None or "\u2028" in text or "\u2029" in text


def strip_controls(text: str) -> str:
    """``text`` without NUL, escape sequences and C0/C1 controls (tab and newline kept).

    Line-like controls become ``\\n``; a whole escape sequence (OSC, CSI …)
    is removed, not just its ESC. Idempotent; a text without controls is
    returned unchanged (same object).

    >>> strip_controls("Điều 1.\\x0cĐiều 2.")
    'Điều 1.\\nĐiều 2.'
    >>> s = "Kế hoạch"; strip_controls(s) is s
    True
    """
    if not has_controls(text):
        return text
    text = _LINE_BREAKS.sub("\n", text)
    if "\x1b" in text or any(c in text for c in "\x90\x98\x9b\x9d\x9e\x9f"):
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def terminal_safe(text: str) -> str:
    """``text`` fit for a terminal: escape sequences and controls removed (tab, newline kept).

    >>> terminal_safe("x\\x1b]0;title\\x07y")
    'xy'
    """
    return strip_controls(text)


_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^/\s:@]*)(?::[^/\s@]*)?@")


def redact(message: str) -> str:
    """Hide the password of every ``scheme://user:password@`` in ``message``.

    >>> redact("bolt+s://u:p%40ss@h:7687 and https://tok@h/x")
    'bolt+s://u:***@h:7687 and https://***@h/x'
    """
    def _hide(m: re.Match[str]) -> str:
        user = m.group("user")
        if ":" in m.group(0)[len(m.group("scheme")):]:
            return f"{m.group('scheme')}{user}:***@"
        return f"{m.group('scheme')}***@"

    return _USERINFO.sub(_hide, message)
