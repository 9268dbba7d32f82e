"""Where intermediate values (a file's tables, its facts) are kept between steps."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import dagster as dg

EXTENSION = ".pickle"


class DocumentPickles(dg.IOManager):
    """One pickle per asset and file (partition) under the Dagster instance's storage folder.

    A run over a batch of files (a range of partitions) hands a dict of values; each is
    stored as its partition's file, so that a later run of one file (a step re-run from
    the UI) finds its inputs. The file is named by a hash of the partition key: a key is a
    path of the raw folder, of any length and any characters.
    """

    def __init__(self, base: Path) -> None:
        self.base = Path(base)

    def path(self, asset_key: dg.AssetKey, partition: str) -> Path:
        """Where one partition's value of an asset is kept."""
        digest = hashlib.sha256(partition.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return self.base.joinpath(*asset_key.path) / f"{digest}{EXTENSION}"

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        """Store a value per partition; a run over several hands a dict of them."""
        keys = context.asset_partition_keys if context.has_asset_partitions else ["__all__"]
        for key in keys:
            value = obj[key] if len(keys) > 1 else obj
            path = self.path(context.asset_key, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}")
            with partial.open("wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, path)

    def load_input(self, context: dg.InputContext) -> Any:
        """One partition's value, or a dict of them for a run over several."""
        keys = context.asset_partition_keys if context.has_asset_partitions else ["__all__"]
        values = {}
        for key in keys:
            path = self.path(context.asset_key, key)
            if not path.exists():
                raise FileNotFoundError(
                    f"no stored value of {context.asset_key.to_user_string()} for {key}: "
                    "run the step before it for this file first"
                )
            with path.open("rb") as handle:
                values[key] = pickle.load(handle)
        return values[keys[0]] if len(keys) == 1 else values


@dg.io_manager(description="One pickle per asset and file in the instance's storage folder.")
def document_pickles(init_context: dg.InitResourceContext) -> DocumentPickles:
    """The IO manager of every run of the asset graph."""
    return DocumentPickles(Path(init_context.instance.storage_directory()))
