"""pgcodec: values across the boundary, and the caps that make hostile files harmless."""
import os

import numpy as np
import pgcodec
import pytest


def test_round_trips(tmp_path):
    value = [1, -2**70, 2.5, float("nan"), float("inf"), float("-inf"), "héllo \ud800", b"\x00\xff", None, True,
             (1, (2, "x")), {"a": [1, {"b": 2}]}, np.arange(6, dtype=np.int32).reshape(2, 3),
             np.array([1.5, np.nan]), np.array(["a", "bc"]), np.float32(0.25), np.int64(7), np.bool_(True)]
    pgcodec.encode_file(value, str(tmp_path / "v.json"), keep_tuples=True)
    back = pgcodec.decode_file(str(tmp_path / "v.json"))
    assert back[:3] == value[:3] and np.isnan(back[3]) and back[4:6] == value[4:6]
    assert back[6:10] == value[6:10] and back[10] == (1, (2, "x")) and back[11] == value[11]
    assert back[12].dtype == np.int32 and (back[12] == value[12]).all()
    assert np.array_equal(back[13], value[13], equal_nan=True) and list(back[14]) == ["a", "bc"]
    assert back[15:] == [0.25, 7, True] and type(back[16]) is int and type(back[17]) is bool
    pgcodec.encode_file((1, [2]), str(tmp_path / "t.json"))  # outputs: tuples become lists
    assert pgcodec.decode_file(str(tmp_path / "t.json")) == [1, [2]]


def write_parts(folder, parts):
    os.makedirs(folder, exist_ok=True)
    for name, buffers in parts:
        with open(os.path.join(folder, name), "wb") as f:
            for b in buffers:
                f.write(b)


def test_answer_parts_round_trip_without_copying_arrays(tmp_path):
    array = np.arange(12.0).reshape(3, 4)
    value = {"a": array, "b": [array.T, 3], "c": np.zeros((0, 2))}
    parts = pgcodec.encode_parts(value)
    assert [name for name, _ in parts] == ["value.json", "0.npy", "1.npy", "2.npy"]
    assert isinstance(parts[1][1][1], memoryview) and np.shares_memory(parts[1][1][1].obj, array)  # a view, not a copy
    write_parts(tmp_path / "ans", parts)
    back = pgcodec.decode_file(str(tmp_path / "ans" / "value.json"), arrays_once=True)
    assert np.array_equal(back["a"], array) and np.array_equal(back["b"][0], array.T) and back["b"][1] == 3
    assert back["c"].shape == (0, 2)


def test_an_answer_may_use_each_array_once_and_no_more_than_its_cap(tmp_path):
    np.save(tmp_path / "0.npy", np.zeros(1000))
    (tmp_path / "value.json").write_text("[" + ",".join(['{"$ndarray": "0.npy"}'] * 1000) + "]")
    with pytest.raises(pgcodec.CodecError, match="more than once"):
        pgcodec.decode_file(str(tmp_path / "value.json"), arrays_once=True)
    (tmp_path / "value.json").write_text('[{"$ndarray": "0.npy"}]')
    with pytest.raises(pgcodec.CodecError, match="more than 100 bytes"):
        pgcodec.decode_file(str(tmp_path / "value.json"), arrays_once=True, max_total_bytes=100)
    assert pgcodec.decode_file(str(tmp_path / "value.json"), arrays_once=True)[0].shape == (1000,)


def test_inputs_map_arrays_copy_on_write(tmp_path):
    pgcodec.encode_file([np.arange(4.0)], str(tmp_path / "args.json"), keep_tuples=True)
    (mapped,) = pgcodec.decode_file(str(tmp_path / "args.json"), mmap=True)
    assert type(mapped) is np.ndarray and mapped.flags.writeable
    mapped[0] = 9
    assert pgcodec.decode_file(str(tmp_path / "args.json"))[0][0] == 0.0  # the file is untouched


def test_refuses_what_it_must(tmp_path):
    deep: list = []
    for _ in range(150):
        deep = [deep]
    for bad in (np.array([object()]), (x for x in ()), {1: 2}, {"$ndarray": "x"}, 1j, deep, 10 ** 5000):
        with pytest.raises(pgcodec.CodecError):
            pgcodec.encode_file(bad, str(tmp_path / "x.json"))
        with pytest.raises(pgcodec.CodecError):
            pgcodec.encode_parts(bad)
    assert not (tmp_path / "x.json").exists()
    np.save(tmp_path / "obj.npy", np.array([{}, 1], dtype=object), allow_pickle=True)
    np.savez(tmp_path / "z.npy", a=np.zeros(3))
    os.rename(tmp_path / "z.npy.npz", tmp_path / "z.npy")
    (tmp_path / "big.json").write_text("[" + "1," * 1000 + "1]")
    os.symlink(tmp_path / "big.json", tmp_path / "link.json")
    (tmp_path / "short.npy").write_bytes(open_npy_header(np.zeros(10**6)))
    cases = {"obj.npy": '{"$ndarray": "obj.npy"}', "z.npy": '{"$ndarray": "z.npy"}',
             "escape": '{"$ndarray": "../x.npy"}', "path": '{"$path": "../../etc/passwd"}',
             "deep": "[" * 5000 + "]" * 5000, "short": '{"$ndarray": "short.npy"}'}
    for name, text in cases.items():
        (tmp_path / "case.json").write_text(text)
        with pytest.raises(pgcodec.CodecError):
            pgcodec.decode_file(str(tmp_path / "case.json"))
    for path, cap in (("big.json", 100), ("link.json", 10**6)):
        with pytest.raises(pgcodec.CodecError):
            pgcodec.decode_file(str(tmp_path / path), max_json_bytes=cap)


def open_npy_header(array):
    """The header of an array's .npy file without its data: a file that promises far more than it holds."""
    import io
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, np.lib.format.header_data_from_array_1_0(array))
    return buffer.getvalue()
