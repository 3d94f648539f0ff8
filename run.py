"""Start Forum Facilitator: `python run.py [--host H] [--port P] [--data-dir D] [--async-mode M]`.

Also `python run.py export|import|purge ...` (see `python run.py --help`).
"""
import sys

from facilitator.config import async_mode  # the standard library only: safe before monkey-patching


def _async_mode(argv: list[str]) -> str:
    if "--async-mode" in argv and argv.index("--async-mode") + 1 < len(argv):
        return argv[argv.index("--async-mode") + 1]
    return async_mode()


# Monkey-patching happens here and nowhere else, before anything else is imported.
OFFLOAD = None
if __name__ == "__main__" and (len(sys.argv) < 2 or sys.argv[1].startswith("-")):
    if _async_mode(sys.argv) == "eventlet":
        import warnings
        warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")
        import eventlet
        eventlet.monkey_patch()
        from eventlet import tpool
        OFFLOAD = tpool.execute  # database commits run in a real thread; the server keeps serving
    elif _async_mode(sys.argv) == "gevent":
        from gevent import monkey
        monkey.patch_all()

from facilitator.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], offload=OFFLOAD))
