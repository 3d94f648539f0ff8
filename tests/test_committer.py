"""The group commit under eventlet: a batch's waiters are woken together, not one pass of the hub each."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Counts the passes of eventlet's hub (a greenlet that only yields) between the end of the one batch's
# write and the last waiter's return. Handing a lock from waiter to waiter costs a pass each.
SCRIPT = textwrap.dedent("""
    import eventlet
    eventlet.monkey_patch()
    import json, sys
    from types import SimpleNamespace
    from facilitator.committer import Committer, Pending

    WAITERS = int(sys.argv[1])
    live = SimpleNamespace(id=1, spoiled=-1, state=SimpleNamespace(code="ABCDE"))
    passes, marks, writes = [0], {}, []

    def write(batch):
        eventlet.sleep(0.05)  # the commit in its worker thread: every waiter is queued by now
        writes.append(len(batch))
        marks["written"] = passes[0]

    committer = Committer(write)

    def ticker():
        while len(marks) < 2:
            passes[0] += 1
            eventlet.sleep(0)

    def waiter(i):
        committer.wait(committer.enqueue(Pending(live, 0, i, [object()], None, None)))
        done.append(i)
        if len(done) == WAITERS:
            marks["acked"] = passes[0]

    done = []
    pool = [eventlet.spawn(waiter, i) for i in range(WAITERS)]
    eventlet.spawn(ticker).wait()
    print(json.dumps({"writes": writes, "passes": marks["acked"] - marks["written"], "done": len(done)}))
""")


def test_a_batch_wakes_all_its_waiters_at_once_under_eventlet():
    out = subprocess.run([sys.executable, "-c", SCRIPT, "400"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["done"] == 400
    assert sum(figures["writes"]) == 400 and len(figures["writes"]) <= 2
    # The convoy took one pass per waiter (400 and more); woken together, they take a handful.
    assert figures["passes"] < 40, figures
