! Fortran routines for `order=F` hand-offs (test/EndToEnd/fortran-order.test):
! an argument declared `order=F` arrives column-major, so a(i, j) is the
! program's x[i, j]; a result declared `order=F` is written so.

! The sum of x[i, j] * (i + 2 j) over the global indices, on any chunking.
real(c_double) function position_weighted(x, comm) &
    bind(C, name="position_weighted")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  use mpi
  implicit none
  type(bridge_array), intent(in) :: x
  integer, value :: comm
  type(bridge_chunk), pointer :: chunks(:)
  real(c_double), pointer :: a(:, :)
  real(c_double) :: mine
  integer :: k, i, j, ierr
  integer(c_int64_t) :: gi, gj

  mine = 0
  chunks => bridge_chunks(x)
  do k = 1, size(chunks)
    call bridge_chunk_f64_2d(x, k, a, order='F')
    do j = 1, size(a, 2)
      gj = chunks(k)%start(2) + j - 1
      do i = 1, size(a, 1)
        gi = chunks(k)%start(1) + i - 1
        mine = mine + a(i, j) * real(gi + 2 * gj, c_double)
      end do
    end do
  end do
  call MPI_Allreduce(mine, position_weighted, 1, MPI_DOUBLE_PRECISION, &
                     MPI_SUM, comm, ierr)
end function position_weighted

! out[i, j] = x[i, j] * (i + 1) - j, both column-major.
subroutine scale_rows(x, out, comm) bind(C, name="scale_rows")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  implicit none
  type(bridge_array), intent(in) :: x, out
  integer, value :: comm
  type(bridge_chunk), pointer :: chunks(:)
  real(c_double), pointer :: a(:, :), o(:, :)
  integer :: k, i, j

  chunks => bridge_chunks(out)
  do k = 1, size(chunks)
    call bridge_chunk_f64_2d(x, k, a, order='F')
    call bridge_chunk_f64_2d(out, k, o, order='F')
    do j = 1, size(o, 2)
      do i = 1, size(o, 1)
        o(i, j) = a(i, j) * real(chunks(k)%start(1) + i, c_double) - &
                  real(chunks(k)%start(2) + j - 1, c_double)
      end do
    end do
  end do
end subroutine scale_rows

! The same on row-major data (no `order=F`): a(j, i) is x[i, j].
subroutine scale_rows_c(x, out, comm) bind(C, name="scale_rows_c")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  implicit none
  type(bridge_array), intent(in) :: x, out
  integer, value :: comm
  type(bridge_chunk), pointer :: chunks(:)
  real(c_double), pointer :: a(:, :), o(:, :)
  integer :: k, i, j

  chunks => bridge_chunks(out)
  do k = 1, size(chunks)
    call bridge_chunk_f64_2d(x, k, a)
    call bridge_chunk_f64_2d(out, k, o)
    do i = 1, size(o, 2)
      do j = 1, size(o, 1)
        o(j, i) = a(j, i) * real(chunks(k)%start(1) + i, c_double) - &
                  real(chunks(k)%start(2) + j - 1, c_double)
      end do
    end do
  end do
end subroutine scale_rows_c

! A column-major 3-D result from a row-major-free view: out[i, j, l] =
! x[i, j, l] + 100 i + 10 j + l, on the block slabs.
subroutine add_position_3d(x, out, comm) bind(C, name="add_position_3d")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  implicit none
  type(bridge_array), intent(in) :: x, out
  integer, value :: comm
  type(bridge_chunk), pointer :: chunks(:)
  integer(c_int32_t), pointer :: a(:, :, :), o(:, :, :)
  integer :: k, i, j, l

  chunks => bridge_chunks(out)
  do k = 1, size(chunks)
    call bridge_chunk_i32_3d(x, k, a, order='F')
    call bridge_chunk_i32_3d(out, k, o, order='F')
    do l = 1, size(o, 3)
      do j = 1, size(o, 2)
        do i = 1, size(o, 1)
          o(i, j, l) = a(i, j, l) + 100 * int(chunks(k)%start(1) + i - 1) + &
                       10 * (j - 1) + (l - 1)
        end do
      end do
    end do
  end do
end subroutine add_position_3d
