"""Fail when the German message catalogue has a missing or fuzzy entry.

Usage: ``python -m praevnav.core.i18ncheck path/to/django.po [...]`` (run by ``make test``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def problems(po_text: str) -> list[str]:
    """Return one line per untranslated or fuzzy message of a .po file."""
    found: list[str] = []
    entries = po_text.split("\n\n")
    for entry in entries:
        lines = [ln for ln in entry.strip().splitlines() if ln.strip()]
        if not lines or all(ln.startswith("#~") for ln in lines):
            continue
        msgid = _field(lines, "msgid")
        if msgid == "":
            continue  # the header entry
        if any(ln.startswith("#,") and "fuzzy" in ln for ln in lines):
            found.append(f"fuzzy: {msgid!r}")
            continue
        plural = _field(lines, "msgid_plural")
        if plural is not None:
            translations = [
                _field(lines, f"msgstr[{i}]") for i in range(2) if _field(lines, f"msgstr[{i}]")
            ]
            if len(translations) < 2:
                found.append(f"untranslated: {msgid!r}")
        elif not _field(lines, "msgstr"):
            found.append(f"untranslated: {msgid!r}")
    return found


def _field(lines: list[str], name: str) -> str | None:
    value: list[str] | None = None
    for line in lines:
        if line.startswith(f"{name} "):
            value = [_unquote(line[len(name) + 1 :])]
        elif value is not None and line.startswith('"'):
            value.append(_unquote(line))
        elif value is not None:
            break
    return None if value is None else "".join(value)


def _unquote(text: str) -> str:
    text = text.strip()
    return text[1:-1] if text.startswith('"') and text.endswith('"') else text


def main(argv: list[str]) -> int:
    status = 0
    for name in argv:
        path = Path(name)
        if not path.exists():
            print(f"{name}: catalogue missing")
            status = 1
            continue
        issues = problems(path.read_text(encoding="utf-8"))
        for issue in issues:
            print(f"{name}: {issue}")
        if issues:
            status = 1
    if status == 0:
        print("German message catalogue complete.")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
