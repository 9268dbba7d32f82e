"""Find source files in the raw folder and give each a stable id from its bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

ID_LENGTH = 16
TEXT_SUFFIXES = frozenset({".txt", ".md"})
PDF_SUFFIXES = frozenset({".pdf"})


@dataclass(frozen=True)
class DocumentRef:
    """A source file: where it is, what its bytes hash to, and its id."""

    document_id: str
    path: Path
    source_file: str
    sha256: str
    size: int

    @property
    def source_kind(self) -> str:
        """``text``, ``pdf`` or ``other``, by the file's suffix."""
        suffix = self.path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            return "text"
        if suffix in PDF_SUFFIXES:
            return "pdf"
        return "other"


_HASHES: dict[tuple[str, int, int], str] = {}


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes (remembered per path, size and mtime in this process)."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _HASHES:
        _HASHES[key] = _hash_file(path)
    return _HASHES[key]


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def document_ref(path: Path, raw_dir: Path) -> DocumentRef:
    """The reference of one file below ``raw_dir``."""
    path = path.resolve()
    sha = sha256_of(path)
    return DocumentRef(
        document_id=sha[:ID_LENGTH],
        path=path,
        source_file=path.relative_to(raw_dir.resolve()).as_posix(),
        sha256=sha,
        size=path.stat().st_size,
    )


def find_documents(raw_dir: Path) -> list[DocumentRef]:
    """Every file below ``raw_dir`` (hidden files skipped), one per distinct content.

    Two files with the same bytes are one document: the first path in sorted order names it.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    refs: dict[str, DocumentRef] = {}
    for path in sorted(raw_dir.rglob("*")):
        relative = path.relative_to(raw_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        ref = document_ref(path, raw_dir)
        refs.setdefault(ref.document_id, ref)
    return list(refs.values())
