! Legacy Fortran MPI routines with the C binding of `extern fortran fn`
! (docs/legacy-abi.md), called by fortran_driver.c. Every weight below is the
! same function of the program's global index [g0, g1, g2, g3], so a chunk
! seen with wrong extents, order or offsets gives another sum.
module weights
  use, intrinsic :: iso_c_binding
  implicit none
contains
  pure function weight(g0, g1, g2, g3) result(w)
    integer(c_int64_t), intent(in) :: g0, g1, g2, g3
    real(c_double) :: w
    w = real(1 + g0 + 3 * g1 + 7 * g2 + 13 * g3, c_double)
  end function weight

  ! The weighted sum of one chunk viewed as a Fortran array of extents e,
  ! its values v in array element order. Row-major data: Fortran dimension m
  ! is the program's axis n - m (0-based); column-major: axis m - 1.
  pure function weigh(v, e, start, column_major) result(s)
    real(c_double), intent(in) :: v(*)
    integer, intent(in) :: e(:)
    integer(c_int64_t), intent(in) :: start(4)
    logical, intent(in) :: column_major
    real(c_double) :: s
    integer(c_int64_t) :: l, rest, g(4)
    integer :: m, n, axis

    n = size(e)
    s = 0
    do l = 0, product(int(e, c_int64_t)) - 1
      rest = l
      g = 0
      do m = 1, n
        if (column_major) then
          axis = m
        else
          axis = n + 1 - m
        end if
        g(axis) = start(axis) + mod(rest, int(e(m), c_int64_t))
        rest = rest / e(m)
      end do
      s = s + v(l + 1) * weight(g(1), g(2), g(3), g(4))
    end do
  end function weigh
end module weights

! The weighted sum over all ranks, for every element type and rank 1 to 4;
! column_major is a bool parameter (0 or 1) saying how the chunks are laid out.
real(c_double) function weighted_sum(x, column_major, comm) &
    bind(C, name="weighted_sum")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  use mpi
  use weights
  implicit none
  type(bridge_array), intent(in) :: x
  integer(c_int32_t), value :: column_major
  integer, value :: comm
  type(bridge_chunk), pointer :: chunks(:)
  real(c_double), pointer :: f64_1(:), f64_2(:, :), f64_3(:, :, :), f64_4(:, :, :, :)
  real(c_float), pointer :: f32_1(:), f32_2(:, :), f32_3(:, :, :), f32_4(:, :, :, :)
  integer(c_int64_t), pointer :: i64_1(:), i64_2(:, :), i64_3(:, :, :), i64_4(:, :, :, :)
  integer(c_int32_t), pointer :: i32_1(:), i32_2(:, :), i32_3(:, :, :), i32_4(:, :, :, :)
  logical(c_bool), pointer :: b_1(:), b_2(:, :), b_3(:, :, :), b_4(:, :, :, :)
  real(c_double), parameter :: one = 1, zero = 0
  real(c_double) :: mine
  character :: order
  logical :: cm
  integer :: k, ierr

  cm = column_major /= 0
  order = merge('F', 'C', cm)
  chunks => bridge_chunks(x)
  mine = 0
  do k = 1, size(chunks)
    associate (start => chunks(k)%start)
      select case (10 * x%dtype + x%ndim)
      case (10 * BRIDGE_F64 + 1)
        call bridge_chunk_f64_1d(x, k, f64_1, order)
        mine = mine + weigh(f64_1, shape(f64_1), start, cm)
      case (10 * BRIDGE_F64 + 2)
        call bridge_chunk_f64_2d(x, k, f64_2, order)
        mine = mine + weigh(f64_2, shape(f64_2), start, cm)
      case (10 * BRIDGE_F64 + 3)
        call bridge_chunk_f64_3d(x, k, f64_3, order)
        mine = mine + weigh(f64_3, shape(f64_3), start, cm)
      case (10 * BRIDGE_F64 + 4)
        call bridge_chunk_f64_4d(x, k, f64_4, order)
        mine = mine + weigh(f64_4, shape(f64_4), start, cm)
      case (10 * BRIDGE_F32 + 1)
        call bridge_chunk_f32_1d(x, k, f32_1, order)
        mine = mine + weigh(real(f32_1, c_double), shape(f32_1), start, cm)
      case (10 * BRIDGE_F32 + 2)
        call bridge_chunk_f32_2d(x, k, f32_2, order)
        mine = mine + weigh(real(f32_2, c_double), shape(f32_2), start, cm)
      case (10 * BRIDGE_F32 + 3)
        call bridge_chunk_f32_3d(x, k, f32_3, order)
        mine = mine + weigh(real(f32_3, c_double), shape(f32_3), start, cm)
      case (10 * BRIDGE_F32 + 4)
        call bridge_chunk_f32_4d(x, k, f32_4, order)
        mine = mine + weigh(real(f32_4, c_double), shape(f32_4), start, cm)
      ! The generic name, resolved by the type and rank of the pointer.
      case (10 * BRIDGE_I64 + 1)
        call bridge_get_chunk(x, k, i64_1, order)
        mine = mine + weigh(real(i64_1, c_double), shape(i64_1), start, cm)
      case (10 * BRIDGE_I64 + 2)
        call bridge_get_chunk(x, k, i64_2, order)
        mine = mine + weigh(real(i64_2, c_double), shape(i64_2), start, cm)
      case (10 * BRIDGE_I64 + 3)
        call bridge_get_chunk(x, k, i64_3, order)
        mine = mine + weigh(real(i64_3, c_double), shape(i64_3), start, cm)
      case (10 * BRIDGE_I64 + 4)
        call bridge_get_chunk(x, k, i64_4, order)
        mine = mine + weigh(real(i64_4, c_double), shape(i64_4), start, cm)
      case (10 * BRIDGE_I32 + 1)
        call bridge_chunk_i32_1d(x, k, i32_1, order)
        mine = mine + weigh(real(i32_1, c_double), shape(i32_1), start, cm)
      case (10 * BRIDGE_I32 + 2)
        call bridge_chunk_i32_2d(x, k, i32_2, order)
        mine = mine + weigh(real(i32_2, c_double), shape(i32_2), start, cm)
      case (10 * BRIDGE_I32 + 3)
        call bridge_chunk_i32_3d(x, k, i32_3, order)
        mine = mine + weigh(real(i32_3, c_double), shape(i32_3), start, cm)
      case (10 * BRIDGE_I32 + 4)
        call bridge_chunk_i32_4d(x, k, i32_4, order)
        mine = mine + weigh(real(i32_4, c_double), shape(i32_4), start, cm)
      case (10 * BRIDGE_BOOL + 1)
        call bridge_chunk_bool_1d(x, k, b_1, order)
        mine = mine + weigh(merge(one, zero, b_1), shape(b_1), start, cm)
      case (10 * BRIDGE_BOOL + 2)
        call bridge_chunk_bool_2d(x, k, b_2, order)
        mine = mine + weigh(merge(one, zero, b_2), shape(b_2), start, cm)
      case (10 * BRIDGE_BOOL + 3)
        call bridge_chunk_bool_3d(x, k, b_3, order)
        mine = mine + weigh(merge(one, zero, b_3), shape(b_3), start, cm)
      case (10 * BRIDGE_BOOL + 4)
        call bridge_chunk_bool_4d(x, k, b_4, order)
        mine = mine + weigh(merge(one, zero, b_4), shape(b_4), start, cm)
      end select
    end associate
  end do
  ! Every rank is here, also one without chunks.
  call MPI_Allreduce(mine, weighted_sum, 1, MPI_DOUBLE_PRECISION, MPI_SUM, &
                     comm, ierr)
end function weighted_sum

! The same for a 2-D f64 array, written the way legacy code indexes: a(j, i)
! is the program's x[i, j] (row-major), a(i, j) with order='F'.
real(c_double) function explicit_sum_2d(x, column_major, comm) &
    bind(C, name="explicit_sum_2d")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  use mpi
  use weights
  implicit none
  type(bridge_array), intent(in) :: x
  integer(c_int32_t), value :: column_major
  integer, value :: comm
  type(bridge_chunk), pointer :: chunks(:)
  real(c_double), pointer :: a(:, :)
  real(c_double) :: mine
  integer(c_int64_t) :: i0, j0, zero = 0
  integer :: k, i, j, ierr

  chunks => bridge_chunks(x)
  mine = 0
  do k = 1, int(x%nchunks)
    i0 = chunks(k)%start(1)
    j0 = chunks(k)%start(2)
    if (column_major /= 0) then
      call bridge_chunk_f64_2d(x, k, a, order='F')
      do j = 1, size(a, 2)
        do i = 1, size(a, 1)
          mine = mine + a(i, j) * weight(i0 + i - 1, j0 + j - 1, zero, zero)
        end do
      end do
    else
      call bridge_chunk_f64_2d(x, k, a)
      do i = 1, size(a, 2)
        do j = 1, size(a, 1)
          mine = mine + a(j, i) * weight(i0 + i - 1, j0 + j - 1, zero, zero)
        end do
      end do
    end if
  end do
  call MPI_Allreduce(mine, explicit_sum_2d, 1, MPI_DOUBLE_PRECISION, MPI_SUM, &
                     comm, ierr)
end function explicit_sum_2d

! How many elements of a 1-D or 2-D f64 array exceed tol in magnitude.
integer(c_int32_t) function count_above(x, tol, comm) &
    bind(C, name="count_above")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  use mpi
  implicit none
  type(bridge_array), intent(in) :: x
  real(c_double), value :: tol
  integer, value :: comm
  real(c_double), pointer :: a1(:), a2(:, :)
  integer :: k, mine, total, ierr

  mine = 0
  do k = 1, int(x%nchunks)
    if (x%ndim == 1) then
      call bridge_chunk_f64_1d(x, k, a1)
      mine = mine + count(abs(a1) > tol)
    else
      call bridge_chunk_f64_2d(x, k, a2)
      mine = mine + count(abs(a2) > tol)
    end if
  end do
  call MPI_Allreduce(mine, total, 1, MPI_INTEGER, MPI_SUM, comm, ierr)
  count_above = total
end function count_above

! A result array: out = alpha * (x - max(x)) + shift, for a 2-D f64 x; out
! holds the same chunks as x.
subroutine affine(x, alpha, shift, out, comm) bind(C, name="affine")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  use mpi
  implicit none
  type(bridge_array), intent(in) :: x, out
  real(c_double), value :: alpha
  integer(c_int64_t), value :: shift
  integer, value :: comm
  real(c_double), pointer :: a(:, :), r(:, :)
  real(c_double) :: mine, top
  integer :: k, ierr

  mine = -huge(mine)
  do k = 1, int(x%nchunks)
    call bridge_chunk_f64_2d(x, k, a)
    mine = max(mine, maxval(a))
  end do
  call MPI_Allreduce(mine, top, 1, MPI_DOUBLE_PRECISION, MPI_MAX, comm, ierr)
  do k = 1, int(out%nchunks)
    call bridge_chunk_f64_2d(x, k, a)
    call bridge_chunk_f64_2d(out, k, r)
    r = alpha * (a - top) + real(shift, c_double)
  end do
end subroutine affine

! Views an f64 array as i32 (mode 0), asks for a chunk past the last (1) or
! for an unknown order (2): each stops the program with a message.
subroutine misuse(x, mode, comm) bind(C, name="misuse")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  implicit none
  type(bridge_array), intent(in) :: x
  integer(c_int32_t), value :: mode
  integer, value :: comm
  integer(c_int32_t), pointer :: n(:, :)
  real(c_double), pointer :: a(:, :)

  select case (mode)
  case (0)
    call bridge_chunk_i32_2d(x, 1, n)
  case (1)
    call bridge_chunk_f64_2d(x, int(x%nchunks) + 1, a)
  case default
    call bridge_chunk_f64_2d(x, 1, a, order='R')
  end select
end subroutine misuse
