"""Gradio's per-session state without rendering every component's config when a session starts.

Gradio 6.31 makes a ``SessionState`` for each new session (each page load, and each call of its
HTTP API or gradio_client without a session): its constructor renders the config of every block
of the app (``config_for_block``: ``get_config`` and three ``api_info`` calls each, 92 blocks
here), about 3 ms idle, on the server's event loop. That copy is read in two places only:

- ``_update_value_in_config``, when an event sets a block's value, which computes a missing
  block's config itself (Gradio's own fallback);
- ``components``, for the deep-link route (``/gradio_api/deep_link``), which this app does not offer
  but which stays correct: it renders the blocks not yet rendered, from the same block objects, in
  the same order as the eager copy had them.

``install`` replaces the constructor and ``components`` with ones that do the same lazily. It
applies only to the pinned Gradio (``GRADIO``); on any other version it changes nothing and says so.
"""

from __future__ import annotations

import logging
import os
from copy import copy

__all__ = ["GRADIO", "GRADIOS_OWN", "install", "installed"]

GRADIO = "6.31.0"  # the version whose SessionState this was written against (requirements.txt)
_log = logging.getLogger(__name__)
GRADIOS_OWN: dict = {}  # the eager originals, once replaced (the reference of tests/ui/test_sessions.py)


def _init(self, blocks) -> None:
    """``SessionState.__init__`` of Gradio 6.31 with ``config_values`` filled on demand."""
    self.blocks_config = copy(blocks.default_config)
    # The blocks the eager copy would hold, in its order; each rendered when first needed.
    self._lazy_keys = [k for k in self.blocks_config.blocks if k in blocks.blocks]
    self.config_values = {}
    self.state_data = {}
    self._state_ttl = {}
    self.is_closed = False
    self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600


def _components(self):
    """Every block's config, as the eager copy would give it (the same order, the same values)."""
    for k in self._lazy_keys:
        if k not in self.config_values:
            self.config_values[k] = self.blocks_config.config_for_block(k, [], self.blocks_config.blocks[k])
    ordered = {k: self.config_values[k] for k in self._lazy_keys}
    ordered.update(self.config_values)  # blocks added by events, in the order they came
    for config in ordered.values():
        if config:
            yield config


def installed() -> bool:
    from gradio.state_holder import SessionState

    return SessionState.__init__ is _init


def install() -> bool:
    """Make new sessions lazy (idempotent); False, with a log line, on an unexpected Gradio."""
    import gradio
    from gradio.state_holder import SessionState

    if gradio.__version__ != GRADIO:
        _log.warning("ui.sessions: Gradio %s, not %s: sessions left as Gradio makes them", gradio.__version__, GRADIO)
        return False
    if SessionState.__init__ is not _init:
        GRADIOS_OWN.update(init=SessionState.__init__, components=SessionState.components)
    SessionState.__init__ = _init
    SessionState.components = property(_components)
    return True
