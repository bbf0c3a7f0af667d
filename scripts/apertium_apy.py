"""Start Apertium APy (Debian's `apertium-apy`) listening on 127.0.0.1 only.

APy binds every interface and has no option to change that, so this wrapper narrows tornado's bind to loopback before
handing over to APy's own ``main()``. It runs under Debian's Python (where the ``apertium_apy`` package lives), not
the project's virtualenv:

    LC_ALL=C.UTF-8 /usr/bin/python3 scripts/apertium_apy.py PORT [MODES_DIR]

MODES_DIR defaults to /usr/share/apertium/modes (the language pairs installed from Debian). Used by `make run` and by
the integration tests (tests/translation/conftest.py).
"""

import functools
import os
import sys

LOOPBACK = "127.0.0.1"
DEFAULT_MODES = "/usr/share/apertium/modes"


def main() -> None:
    if len(sys.argv) not in (2, 3) or not sys.argv[1].isdigit():
        sys.exit(f"usage: {sys.argv[0]} PORT [MODES_DIR]")
    port = sys.argv[1]
    modes = sys.argv[2] if len(sys.argv) == 3 else DEFAULT_MODES
    # APy refuses to start in a non-UTF-8 locale; the caller may not have one.
    os.environ.setdefault("LC_ALL", "C.UTF-8")

    import tornado.netutil
    import tornado.tcpserver

    bind_sockets = tornado.netutil.bind_sockets

    @functools.wraps(bind_sockets)
    def loopback_sockets(port, address=None, *args, **kwargs):
        return bind_sockets(port, LOOPBACK, *args, **kwargs)

    # TCPServer.bind looks the function up in its own module's namespace: patch both references.
    tornado.netutil.bind_sockets = loopback_sockets
    tornado.tcpserver.bind_sockets = loopback_sockets

    # This file's own name would shadow the package: import it from Debian's site-packages, not from scripts/.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != here]
    sys.modules.pop("apertium_apy", None)
    # APy reads sys.argv as a default argument when its module is imported: set it first.
    sys.argv = ["apertium-apy", "-p", port, "-j", "1", modes]
    from apertium_apy import apy

    apy.main()


if __name__ == "__main__":
    main()
