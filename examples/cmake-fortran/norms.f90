! A legacy Fortran MPI library: matrix norms of a distributed 2-D array.
! Each routine has the C binding that bridgec links for
! `extern fortran fn NAME(x: f64[]) -> f64` (docs/legacy-abi.md): the array
! by reference, the communicator last as a Fortran handle, and `use mpi` as
! in any Fortran MPI code. The module bridge_legacy points a Fortran array
! at each chunk: the program's row-major x[i, j] is a(j, i), so row i of a
! chunk is the contiguous column a(:, i).

! The maximum absolute row sum. Declared with the `block` layout, so every
! rank holds whole rows (at most one chunk).
real(c_double) function norm_inf(x, comm) bind(C, name="norm_inf")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  use mpi
  implicit none
  type(bridge_array), intent(in) :: x
  integer, value :: comm
  real(c_double), pointer :: a(:, :)
  real(c_double) :: mine
  integer :: k, i, ierr

  mine = 0
  do k = 1, int(x%nchunks)
    call bridge_chunk_f64_2d(x, k, a)
    do i = 1, size(a, 2)
      mine = max(mine, sum(abs(a(:, i))))
    end do
  end do
  ! Every rank takes part, also one that holds no rows.
  call MPI_Allreduce(mine, norm_inf, 1, MPI_DOUBLE_PRECISION, MPI_MAX, &
                     comm, ierr)
end function norm_inf

! The maximum absolute column sum, for any chunking: each chunk adds its
! column sums at its global column offset.
real(c_double) function norm_one(x, comm) bind(C, name="norm_one")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  use mpi
  implicit none
  type(bridge_array), intent(in) :: x
  integer, value :: comm
  type(bridge_chunk), pointer :: chunks(:)
  real(c_double), pointer :: a(:, :)
  real(c_double), allocatable :: mine(:), columns(:)
  integer :: k, j0, ierr

  ! The global shape is known on every rank, also one without chunks.
  allocate (mine(x%shape(2)), columns(x%shape(2)))
  mine = 0
  chunks => bridge_chunks(x)
  do k = 1, size(chunks)
    call bridge_chunk_f64_2d(x, k, a)
    j0 = int(chunks(k)%start(2))
    mine(j0 + 1:j0 + size(a, 1)) = mine(j0 + 1:j0 + size(a, 1)) + &
                                   sum(abs(a), dim=2)
  end do
  call MPI_Allreduce(mine, columns, size(columns), MPI_DOUBLE_PRECISION, &
                     MPI_SUM, comm, ierr)
  norm_one = maxval(columns)
end function norm_one
