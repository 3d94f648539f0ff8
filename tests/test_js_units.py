"""The pages' own modules (static/js/lib/) under Node's test runner: `node --test tests/js/`."""
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_page_modules_pass_their_node_tests():
    node = shutil.which("node")
    assert node, "node is not installed (it comes with npm, which `make assets` needs)"
    run = subprocess.run([node, "--test", "--test-reporter=dot", str(ROOT / "tests" / "js")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, f"node --test failed:\n{run.stdout}\n{run.stderr}"
