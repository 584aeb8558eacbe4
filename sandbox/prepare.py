"""Generates the inputs of a run (trusted, /assignment mounted): prepare.py <plan.json> (see PROTOCOL.md).

For each call: generate(seed=..., workdir=<out_dir>/<id>, **size) -> positional arguments, written to
<out_dir>/<id>/args.json. Paths the generator returns inside workdir become {"$path": relative}.
"""
import importlib.util
import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves this folder off sys.path
import pgcodec  # noqa: E402
del sys.path[0]


def load_module(path: str, name: str):
    """Imports an assignment file by path, with its folder on sys.path for its own helpers."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def generate_all(plan: dict, events: pgcodec.Events) -> None:
    generate = load_module(plan["generator"], "cases").generate
    out_root = plan.get("out_dir", "/out")
    for call in plan["calls"]:
        call_id = pgcodec.safe_id(call["id"])
        workdir = os.path.join(out_root, call_id)
        os.makedirs(workdir, exist_ok=True)
        args = generate(seed=call["seed"], workdir=workdir, **call.get("size", {}))
        if not isinstance(args, (tuple, list)):
            kind = pgcodec.describe_type(args)
            raise TypeError(f"generate() must return a tuple of positional arguments, not {kind}")
        pgcodec.encode_file(list(args), os.path.join(workdir, "args.json"), keep_tuples=True, path_root=workdir)
        events.emit("generated", id=call_id)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: prepare.py <plan.json>", file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        plan = json.load(f)
    events = pgcodec.Events(3)
    events.emit("hello", python=sys.version.split()[0], role="generator", mode="prepare")
    try:
        generate_all(plan, events)
    except Exception as exc:  # the assignment's generator is broken: report it whole, it is trusted code
        events.emit("error", type=type(exc).__name__, message=str(exc)[:2000], traceback=traceback.format_exc())
        return 1
    events.emit("done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
