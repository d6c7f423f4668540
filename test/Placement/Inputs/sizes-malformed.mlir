// A `bridge.sizes` attribute that is not a size program (sizes-errors.test).
module attributes {bridge.sizes = "param n i64 @ \"p.bdsl:1:7\"\nadd s3 1 @ \"p.bdsl:2:1\"\n"} {
  func.func @main() {
    return
  }
}
