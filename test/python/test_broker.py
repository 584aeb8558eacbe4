"""broker.py against a hostile box: anything but the frames it asked for ends the run, with the reason."""
import json
import os
import struct
import textwrap

from conftest import PYTHON

BOX_PRELUDE = textwrap.dedent("""\
    import json, os, struct, sys, time
    def frame(header, *parts):
        head = json.dumps(header).encode()
        os.write(5, b"PGA1" + struct.pack("<I", len(head)) + head + b"".join(parts))
    def command():
        line = b""
        while not line.endswith(b"\\n"):
            chunk = os.read(4, 1)
            if not chunk:
                sys.exit(0)
            line += chunk
        return json.loads(line)
""")


def box(job, body: str, windows, **options):
    """Runs the broker with a scripted box (no harness) that plays the protocol as `body` says."""
    script = job.write("box.py", BOX_PRELUDE + textwrap.dedent(body))
    inputs = {call_id: (1,) for ids in windows for call_id in (ids if isinstance(ids, list) else ids[0])}
    return job.serve(None, windows, inputs=inputs, argv=[PYTHON, "-I", "-B", script], **options)


def test_an_honest_box_is_timed_and_its_answers_stored(job):
    served = box(job, """\
        frame({"ready": True})
        while True:
            c = command()
            for i in c["ids"]:
                frame({"id": i, "parts": [["value.json", 2]]}, b"42")
            frame({"ready": True})
    """, [["a"], ["b", "c"]])
    assert served.end["reason"] == "done", served.broker
    assert [w["bytes"] for w in served.windows] == [[2], [2, 2]]
    assert served.answer("c") == 42 and sorted(os.listdir(job.path("answers", served.run))) == ["a", "b", "c"]


def test_garbage_on_the_answer_channel_is_a_protocol_violation(job):
    served = box(job, 'frame({"ready": True}); command(); os.write(5, b"HELLO" * 10); time.sleep(5)', [["a"]])
    assert served.end["reason"] == "protocol" and "not an answer frame" in served.end["detail"], served.broker
    assert served.windows == []


def test_an_answer_to_another_call_or_a_bad_part_is_refused(job):
    served = box(job, 'frame({"ready": True}); command(); frame({"id": "zzz", "parts": [["value.json", 1]]}, b"1"); time.sleep(5)', [["a"]])
    assert served.end["reason"] == "protocol" and "expected the answer to a" in served.end["detail"], served.broker
    for parts in ([["../escape.npy", 1]], [["value.json", 1], ["value.json", 1]], [["0.npy", 1]], [["value.json", -1]]):
        served = box(job, f'frame({{"ready": True}}); command(); frame({{"id": "a", "parts": {parts!r}}}, b"11"); time.sleep(5)', [["a"]])
        assert served.end["reason"] == "protocol", (parts, served.broker)
    assert not os.path.exists(job.path("answers", "escape.npy"))


def test_an_answer_over_the_cap_is_an_output_limit(job):
    served = box(job, 'frame({"ready": True}); command(); frame({"id": "a", "parts": [["value.json", 10**9]]}); time.sleep(5)',
                 [["a"]], max_answer_bytes=1 << 20)
    assert served.end["reason"] == "limit" and served.end["limit"] == "answer_size", served.broker


def test_a_box_that_ends_before_answering_is_closed_not_done(job):
    served = box(job, """\
        frame({"ready": True}); command()
        os.write(3, b'{"ev":"done"}\\n')  # a forged "done" on the event channel changes nothing
        os._exit(0)
    """, [["a"]])
    assert served.end["reason"] == "closed" and served.windows == [], served.broker


def test_each_window_and_the_import_are_held_to_their_clock(job):
    served = box(job, 'frame({"ready": True}); command(); time.sleep(30)', [["a"]], wall_ms=500)
    assert served.end["reason"] == "limit" and served.end["limit"] == "wall_time", served.broker
    served = box(job, 'time.sleep(30)', [["a"]], wall_ms=500)
    assert served.end["reason"] == "limit" and served.end["limit"] == "wall_time"
    # Trickling bytes does not stretch the clock either.
    served = box(job, """\
        frame({"ready": True}); command()
        head = json.dumps({"id": "a", "parts": [["value.json", 1000]]}).encode()
        os.write(5, b"PGA1" + struct.pack("<I", len(head)) + head)
        for _ in range(1000):
            os.write(5, b" "); time.sleep(0.01)
    """, [["a"]], wall_ms=500)
    assert served.end["reason"] == "limit" and served.end["limit"] == "wall_time", served.broker


def test_the_box_is_killed_and_reaped_when_the_run_ends_early(job):
    served = box(job, 'frame({"ready": True}); command(); os.write(5, b"XXXXXXXX"); time.sleep(60)', [["a"]])
    assert served.end["reason"] == "protocol" and served.end["signal"] == "SIGKILL", served.broker
