"""Find the source files of the raw folder: each a path a person reads, the bytes it holds,
and the document those bytes are.

A source file is named by its path relative to the raw folder, as found there: a symlink
keeps its own name (its target is read), a name that is not UTF-8 (GBK names from archives
unzipped on Chinese Windows) is decoded as GB18030, else shown with its bytes escaped. Two
paths with the same bytes are one document (its id is the hash of the bytes). An entry
that cannot be read (a symlink loop, a dangling link, no permission) is still a source
file, with the reason as its ``problem``, so that it is reported rather than skipped.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat as statmod
from dataclasses import dataclass, field
from pathlib import Path

ID_LENGTH = 16
TEXT_SUFFIXES = frozenset({".txt", ".md"})
PDF_SUFFIXES = frozenset({".pdf"})
# the optional table of each file's source URL and publication date (pipelines/documents/
# sources_table.py); it describes the files and is not one of them
SOURCES_TABLE = "sources.csv"
# what a Dagster partition key may not hold ("..." separates a range; "," and brackets
# separate keys in the UI's selections), and what stands for it
_UNSAFE_IN_KEY = re.compile(r"\.\.\.|[,\[\]\x00-\x1f\x7f]")


class RawFolderUnreadable(OSError):
    """A folder of the raw folder could not be listed (permissions, a failing disk or
    mount): the ingest stops rather than take its files for removed."""


@dataclass(frozen=True)
class DocumentRef:
    """A document to read: the file to open, the name it is known by, its bytes' hash.

    ``source_files`` lists every path of the raw folder holding the same bytes (the first,
    in sorted order, is ``source_file``); ``problem`` says why the file cannot be read at
    all (then ``sha256`` is a hash of that reason and the path).
    """

    document_id: str
    path: Path
    source_file: str
    sha256: str
    size: int
    source_files: tuple[str, ...] = field(default=(), compare=False)
    problem: str | None = None

    @property
    def source_kind(self) -> str:
        """``text``, ``pdf`` or ``other``, by the file's suffix."""
        suffix = self.path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            return "text"
        if suffix in PDF_SUFFIXES:
            return "pdf"
        return "other"


@dataclass(frozen=True)
class SourceFile:
    """One entry of the raw folder: its readable name, the path to open, and what it holds."""

    source_file: str
    path: Path
    sha256: str
    size: int
    problem: str | None = None

    @property
    def document_id(self) -> str:
        """The id of the document these bytes are."""
        return self.sha256[:ID_LENGTH]

    @property
    def partition_key(self) -> str:
        """The Dagster partition of this file: its name, made safe for a partition key."""
        return partition_key(self.source_file)


def partition_key(source_file: str) -> str:
    """``source_file`` as a Dagster partition key: itself, or, where it holds what a key may
    not, that replaced by ``_`` and a short hash of the name appended (keys stay distinct)."""
    safe = _UNSAFE_IN_KEY.sub("_", source_file)
    if safe == source_file:
        return source_file
    return (
        f"{safe}~{hashlib.sha256(source_file.encode('utf-8', 'backslashreplace')).hexdigest()[:8]}"
    )


def readable_name(raw: bytes) -> str:
    """A file name's bytes as text: UTF-8, else GB18030 (Chinese Windows archives), else
    UTF-8 with the undecodable bytes escaped (``\\xNN``)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


def _readable_names(raw_names: list[bytes]) -> dict[bytes, str]:
    """Each of a folder's byte names as text, distinct: a UTF-8 name as itself; another
    decoded (``readable_name``) unless that text is taken (the UTF-8 and the GBK bytes of
    one name), then its bytes escaped."""
    names: dict[bytes, str] = {}
    for raw in raw_names:
        try:
            names[raw] = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
    taken = set(names.values())
    for raw in raw_names:
        if raw not in names:
            name = readable_name(raw)
            names[raw] = name if name not in taken else repr(raw)[2:-1]
            taken.add(names[raw])
    return names


_HASHES: dict[tuple[str, int, int, int, int], str] = {}


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes (remembered per path, inode, size and mtime in this
    process)."""
    stat = path.stat()
    # the change time too: a copy that keeps size and mtime (cp -p, rsync -a) changes it
    key = (os.fsdecode(path), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if key not in _HASHES:
        _HASHES[key] = _hash_file(path)
    return _HASHES[key]


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _problem_file(source_file: str, path: Path, problem: str) -> SourceFile:
    marker = f"unreadable:{source_file}:{problem}".encode("utf-8", "backslashreplace")
    return SourceFile(source_file, path, hashlib.sha256(marker).hexdigest(), 0, problem)


def source_file(path: Path, source_name: str) -> SourceFile:
    """The entry at ``path``, known as ``source_name``: hashed, or with the reason it
    cannot be read."""
    try:
        stat = path.stat()
        if not statmod.S_ISREG(stat.st_mode):  # a named pipe, a socket, a device
            return _problem_file(
                source_name, path, "not a regular file (a named pipe, socket or device)"
            )
        return SourceFile(source_name, path, sha256_of(path), stat.st_size)
    except FileNotFoundError:
        target = os.readlink(path) if path.is_symlink() else "?"
        return _problem_file(
            source_name, path, f"a symbolic link to {target}, which does not exist"
        )
    except PermissionError:
        return _problem_file(source_name, path, "the file cannot be read (permission denied)")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _problem_file(source_name, path, "a symbolic link that loops back on itself")
        return _problem_file(source_name, path, f"the file cannot be read ({exc.strerror or exc})")


def _hidden(name: str) -> bool:
    return name.startswith(".")


def list_raw_folder(raw_dir: Path) -> list[tuple[str, Path, str | None]]:
    """Every entry below ``raw_dir`` as (name, path to open, problem), in order of name,
    without reading any: hidden entries and the sources table skipped, symbolic links
    followed (a folder reached twice, or a link back to one of its own parents, is listed
    with a problem instead of being walked again)."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    found: list[tuple[str, Path, str | None]] = []
    seen_folders: set[tuple[int, int]] = set()

    def walk(folder: Path, prefix: str) -> None:
        stat = folder.stat()
        seen_folders.add((stat.st_dev, stat.st_ino))
        try:
            with os.scandir(os.fsencode(folder)) as entries:
                names = sorted(entry.name for entry in entries)
        except OSError as exc:
            # never taken for an empty folder: its documents would all be retired
            raise RawFolderUnreadable(
                f"the folder {prefix.rstrip('/') or raw_dir} cannot be listed "
                f"({exc.strerror or exc}): nothing was changed in the warehouse"
            ) from exc
        readable = _readable_names(names)
        for raw_name in names:
            name = readable[raw_name]
            if _hidden(name) or (not prefix and name == SOURCES_TABLE):
                continue
            path = folder / os.fsdecode(raw_name)
            shown = prefix + name
            try:
                is_folder = path.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                found.append((shown, path, None))
                continue
            try:
                target = path.stat()
            except OSError as exc:
                found.append((shown, path, f"the folder cannot be opened ({exc.strerror})"))
                continue
            if (target.st_dev, target.st_ino) in seen_folders:
                found.append((shown, path, LOOPED_FOLDER))
                continue
            walk(path, shown + "/")

    walk(raw_dir, "")
    return sorted(found, key=lambda entry: entry[0])


LOOPED_FOLDER = (
    "a symbolic link to a folder already read (a loop, or the same folder twice): not read again"
)


def _entry(name: str, path: Path, problem: str | None) -> SourceFile:
    return _problem_file(name, path, problem) if problem else source_file(path, name)


def scan_raw_folder(raw_dir: Path) -> list[SourceFile]:
    """Every entry below ``raw_dir`` (``list_raw_folder``), each hashed."""
    return [_entry(*entry) for entry in list_raw_folder(raw_dir)]


def find_sources(raw_dir: Path, keys: list[str]) -> dict[str, SourceFile | None]:
    """The entries of ``raw_dir`` whose partition keys are ``keys`` (hashed; None for a key
    whose file is gone), from one listing of the folder."""
    entries = {partition_key(entry[0]): entry for entry in list_raw_folder(raw_dir)}
    return {key: _entry(*entries[key]) if key in entries else None for key in keys}


def documents_of(files: list[SourceFile]) -> list[DocumentRef]:
    """The documents the files are: one per distinct content, named by its first path."""
    by_content: dict[str, list[SourceFile]] = {}
    for file in files:
        by_content.setdefault(file.sha256, []).append(file)
    refs = []
    for sha, group in by_content.items():
        group.sort(key=lambda f: f.source_file)
        first = group[0]
        refs.append(
            DocumentRef(
                document_id=sha[:ID_LENGTH],
                path=first.path,
                source_file=first.source_file,
                sha256=sha,
                size=first.size,
                source_files=tuple(f.source_file for f in group),
                problem=first.problem,
            )
        )
    return sorted(refs, key=lambda r: r.source_file)


def ref_of(file: SourceFile) -> DocumentRef:
    """The document one source file holds (named by that file)."""
    return DocumentRef(
        document_id=file.document_id,
        path=file.path,
        source_file=file.source_file,
        sha256=file.sha256,
        size=file.size,
        source_files=(file.source_file,),
        problem=file.problem,
    )


def document_ref(path: Path, raw_dir: Path) -> DocumentRef:
    """The reference of one file below ``raw_dir`` (named by its path relative to it)."""
    path, raw_dir = Path(path), Path(raw_dir)
    try:
        name = path.relative_to(raw_dir)
    except ValueError:
        name = path.resolve().relative_to(raw_dir.resolve())
    shown = "/".join(readable_name(os.fsencode(part)) for part in name.parts)
    return ref_of(source_file(path, shown))


def find_documents(raw_dir: Path) -> list[DocumentRef]:
    """Every document below ``raw_dir`` (hidden files skipped), one per distinct content:
    the first of its paths in sorted order names it, ``source_files`` lists them all."""
    return documents_of(scan_raw_folder(raw_dir))
