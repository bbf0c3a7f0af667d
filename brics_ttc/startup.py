"""What the production entry points (``brics_ttc.asgi``, ``brics_ttc.wsgi``) do once the application is built."""

import gc


def freeze_startup_objects() -> None:
    """Move everything alive after start-up (modules, classes, settings, URL patterns: ~170k+ objects) out of the
    garbage collector's reach, so that its full collections, which stop the whole process, walk only what requests
    create. bench-bids (2 uvicorn processes under 200 bidders) saw full collections of ~250k objects every few
    hundred requests, each holding up every request of the process; Python's documented remedy is ``gc.freeze()``
    (see the ``gc`` module). Garbage left by the imports is collected first so that none of it is kept forever."""
    gc.collect()
    gc.freeze()
