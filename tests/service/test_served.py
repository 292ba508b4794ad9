"""The served index (service/served.py): what it prepares after a load, before any request."""

import shutil
import time

import numpy as np

from index import Searcher
from index.categories.store import CATEGORIES_FILE, current_rows
from service import ServedIndex


def test_categories_of_an_index_without_them_are_ready_before_the_first_request(corpus_index, tmp_path):
    folder = tmp_path / "index"
    shutil.copytree(corpus_index, folder)
    (folder / CATEGORIES_FILE).unlink()  # as an index built before categories were stored
    served = ServedIndex(folder, tmp_path / "no-corpus", batch=False)
    served.start()
    assert served.status == "ready", served.message
    deadline = time.monotonic() + 60
    while served.searcher._categorised is None and time.monotonic() < deadline:
        time.sleep(0.2)
    codes = served.searcher._category_codes
    assert codes is not None, "categories were not prepared after the load"
    assert np.array_equal(codes, Searcher(corpus_index).category_codes())  # the stored ones, classified again
    assert (codes >= 0).any()
    # 统计 by category reads the same lines: the old index was classified once, not twice
    assert served.searcher._categorised is not None
    rows = served.searcher.store.category_rows
    assert rows is not None and current_rows(served.searcher.store)[0] is rows
    assert not (folder / CATEGORIES_FILE).exists()  # a reader writes nothing: --repair stores them
