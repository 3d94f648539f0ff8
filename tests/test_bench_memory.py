"""bench/memory.py, the accounting of a phone's memory, runs end to end against the real server."""
import re
import subprocess
import sys

import pytest

from tests.e2e_support import ROOT

pytestmark = pytest.mark.e2e


def test_memory_bench_accounts_a_phone_and_finds_two_green_threads_per_phone():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "memory.py"), "--phones", "20"],
                         cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr[-3000:]
    rows = {m.group(1).strip(): [float(x) for x in m.group(2).split()]
            for m in re.finditer(r"^  (\w[\w ]+?)\s+((?:-?[\d.]+\s*){3})$", out.stdout, re.M)}
    assert {"rss", "pymalloc live", "heap used", "other anon rss", "saved stacks"} <= set(rows), out.stdout
    # the wsgi connection's and python-engineio's writer; no third one sleeping through the ping interval
    assert all(1.9 <= g <= 2.5 for g in rows["greenlets"]), rows["greenlets"]
