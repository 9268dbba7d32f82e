"""Where intermediate values (a document's tables, its facts) are kept between steps."""

from __future__ import annotations

import pickle
from typing import Any

import dagster as dg
from upath import UPath


class DocumentPickles(dg.UPathIOManager):
    """One pickle per asset and document under the Dagster instance's storage folder.

    Unlike Dagster's default filesystem IO manager, it stores a run over many documents
    (``BackfillPolicy.single_run``) as one file per document, so a later run of a single
    document finds its inputs.
    """

    extension = ".pickle"

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        """Store a value per document; a run over several documents hands a dict of them."""
        if context.has_asset_partitions and len(context.asset_partition_keys) > 1:
            for key, path in self._get_paths_for_partitions(context).items():
                self.make_directory(path.parent)
                self.dump_to_path(context=context, obj=obj[key], path=path)
            return
        super().handle_output(context, obj)

    def dump_to_path(self, context: dg.OutputContext, obj: Any, path: UPath) -> None:
        """Write one document's value."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            pickle.dump(obj, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load_from_path(self, context: dg.InputContext, path: UPath) -> Any:
        """Read one document's value."""
        with path.open("rb") as handle:
            return pickle.load(handle)


@dg.io_manager(description="One pickle per asset and document in the instance's storage folder.")
def document_pickles(init_context: dg.InitResourceContext) -> DocumentPickles:
    """The IO manager of the asset graph's runs launched from the UI or a schedule."""
    return DocumentPickles(base_path=UPath(init_context.instance.storage_directory()))
