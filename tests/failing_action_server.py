"""run.py with one action broken on purpose (`hand_lower` raises), for tests/test_e2e_refusals.py: a bug in
a handler must still be answered, in the page's language, and logged. Started as run.py is: the same
arguments, eventlet patched first."""
import dataclasses
import sys
from pathlib import Path

import eventlet

eventlet.monkey_patch()
from eventlet import tpool  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from facilitator.actions import ACTIONS  # noqa: E402
from facilitator.cli import main  # noqa: E402


def broken(forum, now, seat, **fields):
    raise RuntimeError("a bug stand-in for tests/test_e2e_refusals.py")


ACTIONS["hand_lower"] = dataclasses.replace(ACTIONS["hand_lower"], decide=broken)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], offload=tpool.execute))
