"""Processes that a test interrupts the way a terminal does."""

from __future__ import annotations

import signal


def ctrl_c_reaches_it() -> None:
    """A Popen ``preexec_fn``: the child takes SIGINT's default action whatever this process does.

    A shell starts a background job (``make test &``, a CI step in the background) with SIGINT
    ignored, the child inherits that, and Python then never raises KeyboardInterrupt: an interrupt
    test would hang instead of testing bookbinder. A terminal's foreground job has the default.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
