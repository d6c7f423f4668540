// A size program whose extents come from an HDF5 dataset (sizes-errors.test).
module attributes {bridge.sizes = "file hdf5 path \"t2m.nc\" dataset \"t2m\" dtype 1 ndim 3 @ \"p.bdsl:1:9\"\nfile_dim 0 2 @ \"p.bdsl:1:9\"\n"} {
  func.func @main() {
    %x = task.alloc : !task.dist<[s0], f32, chunks [1000], contiguous>
    task.free %x : !task.dist<[s0], f32, chunks [1000], contiguous>
    return
  }
}
