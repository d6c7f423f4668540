/* The legacy shim: writes a distributed array to preprocessed.h5 (dataset
 * "/y", float64, the array's global shape) with parallel HDF5. Called by
 * pipeline.bdsl as
 *
 *   extern fn h5_write_chunks(a: f64[]) -> i32
 *
 * Each rank holds some chunks of the array (any placement, any number,
 * possibly none). Every chunk is one hyperslab of the dataset: start =
 * chunk->start, count = chunk->shape. The writes are collective (MPI-IO
 * collective buffering), so every rank makes the same number of H5Dwrite
 * calls: as many as the rank with the most chunks, the others writing an
 * empty selection when they run out. Returns 0, or 1 when HDF5 reports an
 * error (bridgec then fails the job naming the function). */
#include <hdf5.h>
#include <mpi.h>
#include <stdint.h>

#include <bridge/legacy.h>

int32_t h5_write_chunks(const bridge_array *a, MPI_Comm comm) {
  int ok = 1;
  hsize_t dims[BRIDGE_MAX_DIMS];
  for (int d = 0; d < a->ndim; ++d)
    dims[d] = (hsize_t)a->shape[d];

  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
  hid_t file = H5Fcreate("preprocessed.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  if (file < 0)
    return 1;
  hid_t filespace = H5Screate_simple(a->ndim, dims, NULL);
  hid_t dset = H5Dcreate2(file, "y", H5T_IEEE_F64LE, filespace, H5P_DEFAULT,
                          H5P_DEFAULT, H5P_DEFAULT);
  hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE);

  int64_t mine = a->nchunks, rounds = 0;
  MPI_Allreduce(&mine, &rounds, 1, MPI_INT64_T, MPI_MAX, comm);
  for (int64_t i = 0; i < rounds; ++i) {
    hid_t memspace;
    const void *data = NULL;
    if (i < a->nchunks) {
      const bridge_chunk *c = &a->chunks[i];
      hsize_t start[BRIDGE_MAX_DIMS], count[BRIDGE_MAX_DIMS];
      for (int d = 0; d < a->ndim; ++d) {
        start[d] = (hsize_t)c->start[d];
        count[d] = (hsize_t)c->shape[d];
      }
      H5Sselect_hyperslab(filespace, H5S_SELECT_SET, start, NULL, count, NULL);
      memspace = H5Screate_simple(a->ndim, count, NULL);
      data = c->data;
    } else {
      /* Nothing left on this rank: take part in the collective write with
       * empty selections in memory and in the file. */
      static const double unused = 0.0;
      hsize_t one = 1;
      H5Sselect_none(filespace);
      memspace = H5Screate_simple(1, &one, NULL);
      H5Sselect_none(memspace);
      data = &unused;
    }
    if (H5Dwrite(dset, H5T_NATIVE_DOUBLE, memspace, filespace, dxpl, data) < 0)
      ok = 0;
    H5Sclose(memspace);
  }

  H5Pclose(dxpl);
  H5Dclose(dset);
  H5Sclose(filespace);
  if (H5Fclose(file) < 0)
    ok = 0;
  int all = 0;
  MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, comm);
  return all ? 0 : 1;
}
