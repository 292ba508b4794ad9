"""Building an index folder: parse the files (through `ingest`), embed, write, append, repair.

`index.store` is the folder format only; this package is the pipeline that fills it, and the
only part of `index` that imports `ingest`'s parsers or loads a model to write vectors.
"""

from .build import build_index
from .options import BuildOptions, BuildReport
from .repair import RepairReport, repair_index

__all__ = ["BuildOptions", "BuildReport", "RepairReport", "build_index", "repair_index"]
