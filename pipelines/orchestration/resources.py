"""Dagster resources: where the raw documents are, the readers, and the warehouse."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from pipelines.core import check_safely
from pipelines.documents.discover import DocumentRef, sha256_of
from pipelines.extract.document import extract_safely, quarantined
from pipelines.extract.model import ExtractedDocument
from pipelines.orchestration.executors import steps_in_parallel
from pipelines.orchestration.progress import Progress
from pipelines.orchestration.storage import document_pickles
from pipelines.paths import (
    Lake,
    Warehouse,
    default_document_timeout,
    default_raw_dir,
    default_warehouse,
    default_workers,
    warehouse_location,
)
from pipelines.validate.checks import CheckedDocument
from pipelines.versions import reader_version
from pipelines.workers import WorkerCrashed, WorkerTimeout, worker_pool

DEFAULT_WORKERS = default_workers()
STEP_VALUES = "step_values"  # the IO manager of the values between a graph asset's steps
READS_FOLDER = "reads"  # below the Dagster storage: what each file was read as
CHANGED_WHILE_READ = "the file changed while it was being read: it is read again at the next ingest"


class RawFolder(dg.ConfigurableResource):
    """The folder the documents are found in (``$FISCAL_RAW_DIR`` or ``data/raw``)."""

    path: str

    @property
    def root(self) -> Path:
        """The folder as a resolved path."""
        return Path(self.path).resolve()


class WarehouseFile(dg.ConfigurableResource):
    """The warehouse: a DuckDB file analysts read (runs write its working copy and publish
    it), or ``ducklake:<catalog>`` (runs commit to it directly)."""

    path: str
    lake_data_path: str = ""  # a DuckLake's data folder (default $FISCAL_LAKE_DATA_PATH)

    @property
    def file(self) -> Warehouse:
        """The published file, or the lake."""
        found = warehouse_location(self.path)
        if isinstance(found, Lake) and self.lake_data_path:
            return Lake(catalog=found.catalog, data_path=Path(self.lake_data_path))
        return found

    @classmethod
    def of(cls, warehouse: Warehouse) -> WarehouseFile:
        """The resource naming ``warehouse``."""
        if isinstance(warehouse, Lake):
            return cls(path=str(warehouse), lake_data_path=str(warehouse.data_path))
        return cls(path=str(warehouse))


def _why_not_read(failure: BaseException, timeout: float, step: str = "reading") -> str:
    """Why a document's ``step`` in a worker gave no result."""
    if isinstance(failure, WorkerTimeout):
        return (
            f"{step} it took longer than the time limit of {timeout:g} s "
            "(FISCAL_DOCUMENT_TIMEOUT): it was stopped so that the other documents go on"
        )
    if isinstance(failure, WorkerCrashed):
        return (
            f"the worker process crashed {step} this file, twice: it is damaged in a way "
            "the PDF libraries cannot handle"
        )
    return f"{step} this file failed ({type(failure).__name__}: {failure})"


class Extraction(dg.ConfigurableResource):
    """Reads documents in ``workers`` processes, each within ``timeout_seconds``.

    What a file was read as is kept (under the Dagster storage, per reader version, by its
    bytes and its name, which the reading may use), so that it is never read twice under
    the same reader: re-checked for a new rulebook, re-run from the UI, or run again after
    a failure. ``reuse`` false reads everything anew.
    """

    workers: int = DEFAULT_WORKERS
    timeout_seconds: float = 300.0
    reuse: bool = True
    shards: int = 1  # reading steps a run's files are dealt into (pipelines/defs/assets.py)

    def read(
        self,
        refs: dict[str, DocumentRef],
        storage: Path,
        on_read: Callable[[ExtractedDocument], None] | None = None,
    ) -> dict[str, ExtractedDocument]:
        """Each document read (key -> what was read), a failure quarantining its file."""
        folder = Path(storage) / READS_FOLDER / reader_version()
        found: dict[str, ExtractedDocument] = {}
        to_read: dict[str, DocumentRef] = {}
        for key, ref in refs.items():
            if ref.problem:
                found[key] = quarantined(ref, ref.problem)
            elif self.reuse and (kept := _kept(folder, ref)) is not None:
                found[key] = kept
            else:
                to_read[key] = ref
        for key in found:
            if on_read is not None:
                on_read(found[key])
        keys = list(to_read)

        def done(position: int, result: ExtractedDocument | BaseException) -> None:
            ref = to_read[keys[position]]
            if isinstance(result, BaseException):
                result = quarantined(ref, _why_not_read(result, self.timeout_seconds))
            elif _changed_since(ref):  # what was read may not be the bytes of this id
                result = quarantined(ref, CHANGED_WHILE_READ)
            else:
                _keep(folder, result)
            found[keys[position]] = result
            if on_read is not None:
                on_read(result)

        if keys:
            pool = worker_pool(max(1, min(self.workers, len(keys))))
            pool.run_each(extract_safely, to_read.values(), self.timeout_seconds, done)
        return {key: found[key] for key in refs}

    def check(self, read: dict[str, ExtractedDocument]) -> dict[str, CheckedDocument]:
        """Each document's facts checked against the rulebook (in this process: measured,
        handing the documents to the workers and back costs what it saves)."""
        return {key: check_safely(extracted) for key, extracted in read.items()}


def _changed_since(ref: DocumentRef) -> bool:
    try:
        return sha256_of(ref.path) != ref.sha256
    except OSError:
        return True


def _kept_path(folder: Path, ref: DocumentRef) -> Path:
    name = hashlib.sha256(ref.source_file.encode("utf-8", "backslashreplace")).hexdigest()
    return folder / f"{ref.sha256}-{name[:12]}.pickle"


def _kept(folder: Path, ref: DocumentRef) -> ExtractedDocument | None:
    path = _kept_path(folder, ref)
    try:
        with path.open("rb") as handle:
            kept: ExtractedDocument = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    kept.ref = ref  # the same file: the ref as found now (with all its names)
    return kept


def _keep(folder: Path, extracted: ExtractedDocument) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = _kept_path(folder, extracted.ref)
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    with partial.open("wb") as handle:
        pickle.dump(extracted, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)


def default_resources(
    raw_dir: Path | None = None,
    warehouse: Warehouse | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    *,
    reuse: bool = True,
    parallel_steps: bool | None = None,
) -> dict:
    """The resources of a run: the raw folder, the readers, the warehouse, progress, and
    where intermediate values are kept."""
    # steps in parallel (their own processes, pods or tasks; by default as the configured
    # executor does): a shard of the files each, read by one reader; else one shard, read by
    # ``workers`` readers
    parallel = steps_in_parallel() if parallel_steps is None else parallel_steps
    shards = workers if parallel else 1
    return {
        "raw_folder": RawFolder(path=str(Path(raw_dir or default_raw_dir()).resolve())),
        "extraction": Extraction(
            workers=max(1, workers // shards),
            timeout_seconds=default_document_timeout(),
            reuse=reuse,
            shards=shards,
        ),
        "warehouse": WarehouseFile.of(warehouse_location(warehouse or default_warehouse())),
        "progress": progress or Progress(),
        "io_manager": document_pickles,
        # between the reading's steps: Dagster's own pickles by run and step, under the
        # instance's storage, when the steps are processes of their own; else kept in
        # memory (measured: pickling every reading twice more cost 0.07 s a document)
        STEP_VALUES: dg.FilesystemIOManager() if parallel else dg.InMemoryIOManager(),
    }
