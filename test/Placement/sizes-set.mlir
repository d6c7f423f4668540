// Sizes known only when the program runs, at the task level: the module's
// `bridge.sizes` holds the size program (param n: i64 = 1000, the extents of
// rows.npy, min(n, 250) and n - 1); shapes, chunks and move bounds are its
// symbols (s0, s3, s4, s5, s6). bridgec
// models the plan with the sizes --set and the file give, and embeds the
// size program, whose sizes the program evaluates when it starts.
// RUN: rm -rf %t && mkdir -p %t/empty && cd %t
// RUN: %python -c "import numpy as np; np.save('rows.npy', np.zeros((6, 7))); np.save('ints.npy', np.zeros((6, 7), dtype='<i8'))"

// x: [n] in chunks of 250, a: rows.npy (6, 7), y = x[1:]; each y chunk but
// the last reads one element of the next rank's x chunk.
// RUN: cd %t && %bridgec %s --explain-placement --ranks 4 | FileCheck %s --check-prefix=N1000
// RUN: cd %t && %bridgec %s --explain-placement --ranks 4 --set n=1000 | FileCheck %s --check-prefix=N1000
// N1000:      placement on 4 ranks
// N1000:      {{^}} total {{ *}}9 {{ *}}2041 {{ *}}24 {{ *}}24
// N1000:      bytes moved between ranks: 24
// N1000-NEXT: step 3, move sizes-set.mlir:{{[0-9]+}} -> sizes-set.mlir:{{[0-9]+}}: 24 bytes

// One chunk each with n = 100: nothing moves.
// RUN: cd %t && %bridgec %s --explain-placement --ranks 4 --set n=50 --set=n=100 | FileCheck %s --check-prefix=N100
// N100:      {{^}} total {{ *}}3 {{ *}}241 {{ *}}0 {{ *}}0
// N100:      bytes moved between ranks: 0

// RUN: cd %t && %bridgec %s --emit=dot-ranks --ranks 2 --set n=600 | FileCheck %s --check-prefix=DOT
// DOT: digraph plan {
// DOT: s3_r1 -> s{{[0-9]+}}_r0 [label="8 B", color=red

// Errors: the check's place and message, the parameter, the file.
// RUN: cd %t && not %bridgec %s --explain-placement --set n=0 2>&1 | FileCheck %s --check-prefix=POSITIVE
// POSITIVE: p.bdsl:2:18: error: shape entry must be positive, got 0
// RUN: cd %t && not %bridgec %s --explain-placement --set n=1x 2>&1 | FileCheck %s --check-prefix=NOT-I64
// NOT-I64: bridgec: error: parameter 'n': '1x' is not an i64
// RUN: cd %t && not %bridgec %s --explain-placement --set m=1 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: bridgec: error: unknown parameter 'm' (the program's parameters: n)
// RUN: cd %t && not %bridgec %s --explain-placement --set n 2>&1 | FileCheck %s --check-prefix=FORM
// FORM: bridgec: error: --set: 'n' is not NAME=VALUE
// RUN: cd %t/empty && not %bridgec %s --explain-placement 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: p.bdsl:3:9: error: rows.npy: cannot open: No such file or directory
// RUN: cd %t && cp ints.npy empty/rows.npy && cd empty && not %bridgec %s --emit=dot 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: p.bdsl:3:9: error: rows.npy holds i64 elements, but the program reads f64

// The program gets its parameters when it runs; --set elsewhere is noted.
// RUN: cd %t && %bridgec %s --emit=task --set n=5 -o %t/task.mlir 2>&1 | FileCheck %s --check-prefix=UNUSED
// UNUSED: bridgec: warning: --set is used only by --explain-placement and --emit=dot

// The program embeds the size program with its plan and evaluates it when it
// starts: its own --help and --explain-placement see the parameter.
// RUN: cd %t && %bridgec %s --emit=llvm | FileCheck %s --check-prefix=EMBED
// EMBED: bridge-plan 3\0Asize param n i64 default \221000\22 @ \22p.bdsl:1:7\22\0A
// REQUIRES: mpi
// RUN: cd %t && %bridgec %s -o %t/app
// RUN: cd %t && %t/app --help | FileCheck %s --check-prefix=HELP
// HELP: parameters (--set NAME=VALUE):
// HELP-NEXT: n: i64 = 1000  declared at p.bdsl:1:7
// RUN: cd %t && %mpirun -np 4 %t/app --explain-placement --set n=100 | FileCheck %s --check-prefix=N100
// RUN: cd %t && %t/app -n 4 --explain-placement | FileCheck %s --check-prefix=N1000
// RUN: cd %t && not %t/app --explain-placement --set n=-1 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: p.bdsl:2:18: error: shape entry must be positive, got -1

module attributes {bridge.sizes = "param n i64 default \"1000\" @ \"p.bdsl:1:7\"\nfile npy path \"rows.npy\" dataset \"\" dtype 0 ndim 2 @ \"p.bdsl:3:9\"\nparam_value 0 @ \"p.bdsl:1:7\"\nlt 0 s0 @ \"p.bdsl:2:18\"\ncheck s1 @ \"p.bdsl:2:18\" \"shape entry must be positive, got {s0}\"\nfile_dim 0 0 @ \"p.bdsl:3:9\"\nfile_dim 0 1 @ \"p.bdsl:3:9\"\nmin s0 250 @ \"p.bdsl:2:30\"\nsub s0 1 @ \"p.bdsl:4:11\"\n"} {
  func.func @main() {
    %x = task.alloc : !task.dist<[s0], f64, chunks [s5], contiguous>
    %a = task.load "rows.npy" : !task.dist<[s3, s4], f64, chunks [100, s4], contiguous>
    %y = task.alloc : !task.dist<[s6], f64, chunks [s5], contiguous>
    task.redistribute %x into %y dims [0] offsets [1] steps [1] lo [0] hi [s6] : !task.dist<[s0], f64, chunks [s5], contiguous> to !task.dist<[s6], f64, chunks [s5], contiguous>
    task.free %x : !task.dist<[s0], f64, chunks [s5], contiguous>
    task.free %a : !task.dist<[s3, s4], f64, chunks [100, s4], contiguous>
    task.free %y : !task.dist<[s6], f64, chunks [s5], contiguous>
    return
  }
}
