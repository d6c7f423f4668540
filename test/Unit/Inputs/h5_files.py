"""HDF5 and netCDF-4 files for the runtime's HDF5 lit tests, and checks of the
files it writes, with h5py, netCDF4 and NumPy.

  h5_files.py make DIR    datasets of every element type, 1 to 4 dimensions,
                          contiguous, chunked (unevenly), compressed,
                          big-endian, compact and empty, and netCDF-4
                          variables; DIR/manifest.txt lists them for
                          --bridge-h5-read (FILE DATASET DTYPE SHAPE)
  h5_files.py check DIR   what --bridge-h5-write=DIR wrote reads back in
                          h5py with the expected dtypes, shapes and values,
                          the files it wrote into (copies of make's
                          existing.h5 and t2m.nc) kept their other objects,
                          and no temporary file is left
  h5_files.py bad DIR     files for hdf5-errors.test

Element i (row-major) of each dtype matches npyValue in NpyUtil.h.
"""
import os
import sys

import h5py
import netCDF4
import numpy as np

# The element types, shapes and values of the .npy tests.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from npy_files import DTYPES, SHAPES, values  # noqa: E402


def shape_text(shape):
    return "x".join(str(s) for s in shape)


def uneven_chunks(shape):
    """HDF5 chunks that do not line up with the runtime's."""
    return tuple(max(1, (s + 1) // 2) for s in shape)


def make(directory):
    os.makedirs(directory, exist_ok=True)
    manifest = []

    def add(filename, dataset, name, shape):
        manifest.append("%s %s %s %s" % (os.path.join(directory, filename),
                                          dataset, name, shape_text(shape)))

    with h5py.File(os.path.join(directory, "plain.h5"), "w") as f:
        for name, descr in DTYPES:
            for shape in SHAPES:
                a = values(name, shape)
                stem = "%s_%dd" % (name, len(shape))
                # Contiguous, in a group.
                f.create_dataset("contiguous/" + stem, data=a.astype(descr))
                add("plain.h5", "/contiguous/" + stem, name, shape)
                # Chunked, unevenly, without a leading '/'.
                f.create_dataset("chunked/" + stem, data=a.astype(descr),
                                 chunks=uneven_chunks(shape))
                add("plain.h5", "chunked/" + stem, name, shape)
                # Deflate with shuffle and a checksum.
                f.create_dataset("gzip/" + stem, data=a.astype(descr),
                                 chunks=uneven_chunks(shape),
                                 compression="gzip", compression_opts=6,
                                 shuffle=True, fletcher32=True)
                add("plain.h5", "/gzip/" + stem, name, shape)
                # Big-endian numbers; bool as plain 8-bit integers.
                if name == "bool":
                    f.create_dataset("other/" + stem, data=a.astype("u1") * 7)
                    f.create_dataset("other/i1_" + stem, data=-a.astype("i1"),
                                     chunks=uneven_chunks(shape),
                                     compression="gzip")
                    add("plain.h5", "/other/i1_" + stem, name, shape)
                else:
                    f.create_dataset("other/" + stem,
                                     data=a.astype(descr.replace("<", ">")))
                add("plain.h5", "/other/" + stem, name, shape)
        # Compact storage (in the object header).
        space = h5py.h5s.create_simple((6, 2))
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_layout(h5py.h5d.COMPACT)
        dset = h5py.h5d.create(f.id, b"compact", h5py.h5t.IEEE_F64LE, space,
                               dcpl=dcpl)
        dset.write(h5py.h5s.ALL, h5py.h5s.ALL, values("f64", (6, 2)))
        add("plain.h5", "/compact", "f64", (6, 2))
        # Empty, along one axis.
        f.create_dataset("empty", data=np.zeros((0, 3)))
        add("plain.h5", "/empty", "f64", (0, 3))
        # Larger and compressed, split by the runtime into many chunks.
        a = values("f64", (400, 30))
        f.create_dataset("big", data=a, chunks=(37, 7), compression="gzip")
        add("plain.h5", "/big", "f64", (400, 30))

    # netCDF-4: variables (with dimensions, fill values, deflate) are datasets.
    path = os.path.join(directory, "t2m.nc")
    with netCDF4.Dataset(path, "w", format="NETCDF4") as nc:
        nc.createDimension("time", 5)
        nc.createDimension("lat", 7)
        nc.createDimension("lon", 9)
        t2m = nc.createVariable("t2m", "f4", ("time", "lat", "lon"), zlib=True,
                                complevel=4, chunksizes=(2, 7, 4))
        t2m.units = "K"
        t2m[:] = values("f32", (5, 7, 9))
        lat = nc.createVariable("lat", "f8", ("lat",))
        lat[:] = values("f64", (7,))
        ocean = nc.createGroup("ocean")
        ocean.createDimension("depth", 3)
        n = ocean.createVariable("count", "i8", ("time", "depth"))
        n[:] = values("i64", (5, 3))
        m = ocean.createVariable("mask", "i4", ("lat", "lon"), zlib=True)
        m[:] = values("i32", (7, 9))
    add("t2m.nc", "t2m", "f32", (5, 7, 9))
    add("t2m.nc", "/lat", "f64", (7,))
    add("t2m.nc", "/ocean/count", "i64", (5, 3))
    add("t2m.nc", "ocean/mask", "i32", (7, 9))

    # Files that --bridge-h5-write saves into; check() finds their objects.
    with h5py.File(os.path.join(directory, "existing.h5"), "w") as f:
        f.attrs["title"] = "kept"
        f.create_dataset("keep", data=np.arange(4, dtype="<i4"))
        f["keep"].attrs["units"] = "m"
        f.create_dataset("replace", data=np.ones(3))
        f.create_group("g").attrs["note"] = 7
    with open(os.path.join(directory, "manifest.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")


def expect(f, dataset, name, shape):
    d = f[dataset]
    want = values(name, shape)
    assert d.shape == shape, (dataset, d.shape, shape)
    got = d[()]
    assert got.dtype == want.dtype, (dataset, got.dtype, want.dtype)
    assert d.id.get_create_plist().get_layout() == h5py.h5d.CONTIGUOUS, dataset
    assert np.array_equal(got, want), dataset


def check(out):
    n = 0
    with h5py.File(os.path.join(out, "all.h5"), "r") as f:
        for name, _ in DTYPES:
            for shape in SHAPES:
                expect(f, "%s/%dd" % (name, len(shape)), name, shape)
                n += 1
        # Saved twice: the second one (another type and shape) stands.
        expect(f, "again", "i32", (6, 2))
        n += 1
    with h5py.File(os.path.join(out, "block.h5"), "r") as f:
        expect(f, "x", "f64", (9, 4, 3))
        assert list(f) == ["x"], list(f)
        n += 1
    with h5py.File(os.path.join(out, "split.h5"), "r") as f:
        expect(f, "a/b", "bool", (7, 5))
        n += 1
    with h5py.File(os.path.join(out, "existing.h5"), "r") as f:
        assert f.attrs["title"] == "kept"
        assert np.array_equal(f["keep"][()], np.arange(4)), "keep"
        assert f["keep"].attrs["units"] == "m"
        assert f["g"].attrs["note"] == 7
        expect(f, "replace", "i64", (2, 3))
        assert not f["replace"].attrs.keys(), "a replaced dataset's attributes"
        expect(f, "g/new/deep", "bool", (5,))
        n += 2
    # A netCDF-4 file with one more dataset is still a netCDF-4 file.
    with netCDF4.Dataset(os.path.join(out, "t2m.nc")) as nc:
        assert np.array_equal(nc["t2m"][:], values("f32", (5, 7, 9)))
        assert nc["t2m"].units == "K"
    with h5py.File(os.path.join(out, "t2m.nc"), "r") as f:
        expect(f, "extra", "f64", (5, 7))
        n += 1
    leftovers = [e for e in os.listdir(out) if "tmp-" in e]
    assert not leftovers, "temporary files left: %s" % leftovers
    print("checked %d datasets" % n)


def bad(directory):
    os.makedirs(directory, exist_ok=True)
    p = lambda name: os.path.join(directory, name)
    with h5py.File(p("bad.h5"), "w") as f:
        f.create_dataset("x", data=np.zeros(10))
        f.create_dataset("f32", data=np.zeros(10, "<f4"))
        f.create_dataset("u16", data=np.zeros(10, "<u2"))
        f.create_dataset("u64", data=np.zeros(10, "<u8"))
        f.create_dataset("text", data=np.array([b"a", b"b"]))
        f.create_dataset("scalar", data=1.5)
        f.create_dataset("five", data=np.zeros((1, 2, 1, 2, 1)))
        f.create_dataset("lzf", data=np.zeros((100, 4)), compression="lzf")
        f.create_group("grp/sub")
    with open(p("text.h5"), "w") as f:
        f.write("not an HDF5 file\n")
    # A file in the way of a save, and a large HDF5 file to save into.
    with open(p("notes.txt"), "w") as f:
        f.write("precious\n")
    with h5py.File(p("large.h5"), "w") as f:
        f.create_dataset("x", data=np.zeros(3000000))


if __name__ == "__main__":
    {"check": check, "make": make, "bad": bad}[sys.argv[1]](sys.argv[2])
