"""Files for the runtime's .npy lit tests, and checks of the files it writes.

  npy_files.py check DIR   every DIR/<dtype>_<n>d.npy that --bridge-npy-write
                           made loads with numpy.load, with the expected
                           header, dtype, shape and values, and nothing else
                           (no temporary file) is left in DIR
  npy_files.py make DIR    .npy (format 1.0 and 2.0) and raw files for
                           --bridge-npy-read
  npy_files.py bad DIR     malformed files for npy-errors.test

Element i (row-major) of each dtype matches npyValue in NpyUtil.h.
"""
import os
import sys

import numpy as np

DTYPES = [("f64", "<f8"), ("f32", "<f4"), ("i64", "<i8"), ("i32", "<i4"),
          ("bool", "|b1")]
SHAPES = [(13,), (7, 5), (3, 4, 5), (2, 3, 4, 5)]


def values(name, shape):
    i = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    if name == "f64":
        return i * 0.5 - 3.25
    if name == "f32":
        return (i * 0.25 - 1).astype("<f4")
    if name == "i64":
        return i * 1000003 - 5000000000
    if name == "i32":
        return (i * 7 - 50).astype("<i4")
    return i % 3 == 0


def cases():
    for name, descr in DTYPES:
        for shape in SHAPES:
            yield name, descr, shape, "%s_%dd" % (name, len(shape))


def check(directory):
    expected = set()
    for name, descr, shape, stem in cases():
        path = os.path.join(directory, stem + ".npy")
        expected.add(stem + ".npy")
        with open(path, "rb") as f:
            assert np.lib.format.read_magic(f) == (1, 0), path
            header = np.lib.format.read_array_header_1_0(f)
            assert header == (shape, False, np.dtype(descr)), (path, header)
            assert f.tell() % 64 == 0, (path, f.tell())
            raw = f.read()
        want = values(name, shape)
        assert len(raw) == want.nbytes, (path, len(raw), want.nbytes)
        a = np.load(path)
        assert a.dtype == np.dtype(descr), (path, a.dtype)
        assert a.shape == shape, (path, a.shape)
        assert np.array_equal(a, want), path
    extra = set(os.listdir(directory)) - expected
    assert not extra, "unexpected files: %s" % sorted(extra)
    print("checked %d files" % len(expected))


def make(directory):
    os.makedirs(directory, exist_ok=True)
    for name, descr, shape, stem in cases():
        a = values(name, shape).astype(descr)
        np.save(os.path.join(directory, stem + ".npy"), a)
        with open(os.path.join(directory, stem + "_v2.npy"), "wb") as f:
            np.lib.format.write_array(f, a, version=(2, 0))
        a.tofile(os.path.join(directory, stem + ".raw"))


def bad(directory):
    os.makedirs(directory, exist_ok=True)
    p = lambda name: os.path.join(directory, name)
    np.save(p("f32.npy"), np.zeros(10, "<f4"))
    np.save(p("short.npy"), np.zeros(100))
    np.save(p("trunc.npy"), np.zeros(100))
    with open(p("trunc.npy"), "r+b") as f:
        f.truncate(os.path.getsize(p("trunc.npy")) - 8)
    np.save(p("fortran.npy"), np.asfortranarray(np.zeros((3, 4))))
    np.save(p("big.npy"), np.zeros(10, ">f8"))
    with open(p("garbage.npy"), "wb") as f:
        text = b"{'descr': <f8, 'shape': what"
        text += b" " * (118 - len(text)) + b"\n"
        f.write(b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text)
        f.write(bytes(80))
    with open(p("text.npy"), "w") as f:
        f.write("just some text\n")
    with open(p("bad.raw"), "wb") as f:
        f.write(bytes(79))
    np.save(p("rank0.npy"), np.zeros(10))


if __name__ == "__main__":
    {"check": check, "make": make, "bad": bad}[sys.argv[1]](sys.argv[2])
