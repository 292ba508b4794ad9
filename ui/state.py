"""The app's state: the served index (service.ServedIndex) and the job runner that adds uploads in
the background; the UI and the REST API share both."""

from __future__ import annotations

import logging

from index import SETTINGS
from ingest import SUFFIXES
from service import HeavyQueue, JobRunner, ServedIndex

logger = logging.getLogger(__name__)

UPLOAD_SUFFIXES = (*SUFFIXES, ".zip")
UPLOAD_MAX_BYTES = SETTINGS.upload_max_bytes


class AppState(ServedIndex):
    """The served index and its job runner (uploads and removals, one file at a time, beside the
    reads)."""

    def __init__(self, *args, llm=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.llm = llm  # the summary server (index.summarize.LLMConfig); None: no 总结 blocks
        if llm is not None:
            logger.info("summaries (总结) through %s at %s; retrieved measures are sent there", llm.model, llm.server)
        self.heavy = HeavyQueue()
        self.jobs = JobRunner(self, self.heavy)

    def start(self) -> None:
        super().start()
        for job in self.jobs.recover():
            logger.warning("job %s was interrupted by the last stop; its unfinished files were not added", job.id)
