! For fortran-cyclic.test: a Fortran routine that reads the block-cyclic
! layout fields of bridge_legacy and writes out(i, j) = i * n + j through the
! column-major local matrix, as ScaLAPACK code would index it.
subroutine cyclic_index(a, out, comm) bind(C, name="cyclic_index")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  implicit none
  type(bridge_array), intent(in) :: a, out
  integer, value :: comm
  call fill_index(a, out)
end subroutine cyclic_index

subroutine cyclic_index_2x1(a, out, comm) bind(C, name="cyclic_index_2x1")
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  implicit none
  type(bridge_array), intent(in) :: a, out
  integer, value :: comm
  call fill_index(a, out)
end subroutine cyclic_index_2x1

subroutine fill_index(a, out)
  use, intrinsic :: iso_c_binding
  use bridge_legacy
  implicit none
  type(bridge_array), intent(in) :: a, out
  real(c_double), pointer :: x(:, :)
  integer(c_int64_t) :: l, k, i, j

  if (out%layout /= BRIDGE_LAYOUT_CYCLIC .or. a%layout /= BRIDGE_LAYOUT_CYCLIC) &
      error stop "cyclic_index: not block-cyclic"
  if (out%nchunks == 0) return
  call bridge_chunk_f64_2d(out, 1, x, order='F')
  if (size(x, 1) /= out%local(1) .or. size(x, 2) /= out%local(2) .or. &
      out%lld /= out%local(1)) error stop "cyclic_index: bad local extents"
  do k = 0, out%local(2) - 1
    do l = 0, out%local(1) - 1
      i = (l / out%block(1) * out%grid(1) + out%coords(1)) * out%block(1) + &
          mod(l, out%block(1))
      j = (k / out%block(2) * out%grid(2) + out%coords(2)) * out%block(2) + &
          mod(k, out%block(2))
      x(l + 1, k + 1) = real(i * out%shape(2) + j, c_double)
    end do
  end do
end subroutine fill_index
