"""The files of an HSDS tabular data package: from a directory or from a .zip upload.

A zip is read in memory, never extracted. Guarded against zip bombs (number of
members, declared and actual uncompressed size) and against path traversal (absolute
names, ``..``): such an archive is refused as a whole.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

MAX_MEMBERS = 200
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_FILE_BYTES = 100 * 1024 * 1024


class PackageError(Exception):
    """The package cannot be read at all; the message is German and names the reason."""


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not (path.is_absolute() or ".." in path.parts or ":" in name)


def _from_zip(data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise PackageError("Die Datei ist kein lesbares ZIP-Archiv.") from error
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise PackageError(
                f"Das ZIP-Archiv enthält {len(members)} Dateien; "
                f"erlaubt sind höchstens {MAX_MEMBERS}."
            )
        unsafe = [m.filename for m in members if not _safe_name(m.filename)]
        if unsafe:
            raise PackageError(
                f"Das ZIP-Archiv enthält einen unzulässigen Dateipfad („{unsafe[0][:80]}“)."
            )
        if sum(m.file_size for m in members) > MAX_TOTAL_BYTES:
            raise PackageError(
                f"Entpackt wäre das ZIP-Archiv größer als {MAX_TOTAL_BYTES // (1024 * 1024)} MB."
            )
        files: dict[str, bytes] = {}
        total = 0
        for member in members:
            if not member.filename.lower().endswith((".csv", ".json")):
                continue
            try:
                with archive.open(member) as handle:
                    # Read one byte past the limit: the declared size may lie.
                    content = handle.read(MAX_FILE_BYTES + 1)
            except (
                zipfile.BadZipFile,
                RuntimeError,
                NotImplementedError,
                OSError,
                EOFError,
            ) as error:
                raise PackageError(
                    f"„{member.filename[:80]}“ im ZIP-Archiv kann nicht gelesen werden "
                    "(beschädigt oder verschlüsselt)."
                ) from error
            total += len(content)
            if len(content) > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                raise PackageError("Das ZIP-Archiv ist entpackt zu groß.")
            files[member.filename.replace("\\", "/")] = content
    return _flatten(files)


def _flatten(files: dict[str, bytes]) -> dict[str, bytes]:
    """File name → content, for the folder holding ``datapackage.json`` or the CSVs."""
    folders = {
        str(PurePosixPath(n).parent) for n in files if n.lower().endswith("datapackage.json")
    }
    if not folders:
        folders = {str(PurePosixPath(n).parent) for n in files if n.lower().endswith(".csv")}
    base = min(folders, key=lambda f: (f.count("/"), f)) if folders else "."
    return {
        PurePosixPath(n).name: c for n, c in files.items() if str(PurePosixPath(n).parent) == base
    }


def _from_directory(directory: Path) -> dict[str, bytes]:
    if not directory.is_dir():
        raise PackageError(f"Das Verzeichnis „{directory}“ gibt es nicht.")
    files: dict[str, bytes] = {}
    total = 0
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.suffix.lower() in (".csv", ".json"):
            size = path.stat().st_size
            total += size
            if size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                raise PackageError(f"„{path.name}“ ist zu groß für den Import.")
            files[path.name] = path.read_bytes()
    return files


def package_files(source: str | Path | bytes) -> dict[str, bytes]:
    """The CSV and JSON files of the package, by file name."""
    if isinstance(source, bytes | bytearray):
        return _from_zip(bytes(source))
    return _from_directory(Path(source))
