"""prepare.py: the trusted generator's runner."""
import json
import subprocess
import textwrap

import pgcodec
from conftest import PYTHON, SANDBOX


def run_prepare(tmp_path, plan):
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    events = tmp_path / "events.jsonl"
    proc = subprocess.run(["/bin/sh", "-c", f'exec "{PYTHON}" -I -B "{SANDBOX}/prepare.py" "{tmp_path / "plan.json"}" 3>"{events}"'],
                          capture_output=True, text=True, timeout=120)
    return proc, [json.loads(line) for line in events.read_text().splitlines()]


def test_prepare_writes_inputs_and_paths(tmp_path):
    (tmp_path / "assignment").mkdir()
    (tmp_path / "inputs").mkdir()
    (tmp_path / "assignment" / "helper.py").write_text("SCALE = 2\n")
    (tmp_path / "assignment" / "cases.py").write_text(textwrap.dedent("""\
        import os
        import numpy as np
        from helper import SCALE

        def generate(seed, workdir, n):
            path = os.path.join(workdir, "data.txt")
            with open(path, "w") as f:
                f.write(str(seed))
            return np.arange(n) * SCALE, (n, seed), path, "/etc/passwd"
    """))
    plan = {"generator": str(tmp_path / "assignment" / "cases.py"), "out_dir": str(tmp_path / "inputs"),
            "calls": [{"id": "g0", "size": {"n": 4}, "seed": 7}]}
    proc, events = run_prepare(tmp_path, plan)
    assert [e["ev"] for e in events] == ["hello", "generated", "done"], (events, proc.stderr)
    raw = json.loads((tmp_path / "inputs" / "g0" / "args.json").read_text())
    assert raw[1:] == [{"$tuple": [4, 7]}, {"$path": "data.txt"}, "/etc/passwd"], raw
    args = pgcodec.decode_file(str(tmp_path / "inputs" / "g0" / "args.json"))
    assert list(args[0]) == [0, 2, 4, 6] and args[2] == str(tmp_path / "inputs" / "g0" / "data.txt")


def test_a_broken_generator_is_reported_whole(tmp_path):
    (tmp_path / "cases.py").write_text("def generate(seed, workdir, n):\n    return 1 / 0\n")
    (tmp_path / "inputs").mkdir()
    proc, events = run_prepare(tmp_path, {"generator": str(tmp_path / "cases.py"), "out_dir": str(tmp_path / "inputs"),
                                          "calls": [{"id": "g1", "size": {"n": 4}, "seed": 7}]})
    assert [e for e in events if e["ev"] == "error"][0]["type"] == "ZeroDivisionError" and proc.returncode == 1
