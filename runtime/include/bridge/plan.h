//===- bridge/plan.h - The placement plan of a generated program -*- C++ -*-===//
//
// A compact description of what a program does to which arrays, in program
// order, independent of the rank count. The compiler writes it (and embeds it
// in every program); `bridgec --explain-placement`, `bridgec --emit=dot` and a
// program's own `--explain-placement` model it for a given rank count: which
// rank owns what, which bytes cross between ranks, and each rank's memory peak.
//
// Its sizes may be known only when the program runs: any of them may be a
// symbol of the plan's size program (bridge/sizes.h). resolve() gives the
// concrete plan of one run, which is what the model takes.
// Plain C++: no MPI, no LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_PLAN_H
#define BRIDGE_PLAN_H

#include "bridge/sizes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bridge::plan {

/// A distributed array: its global shape, how chunks tile it, and how chunks
/// map to ranks. Shape and chunk entries are sizes (constants or symbols).
struct Array {
  std::string name; // where the program defines it, e.g. "pipeline.bdsl:8"
  int64_t elementBytes = 8;
  bool block = false; // one slab of axis 0 per rank; else contiguous runs
  std::vector<int64_t> shape, chunks;
  int haloAxis = -1; // chunks also hold haloWidth neighbours on this axis
  int64_t haloWidth = 0;
};

/// bridge_rt_axis_map: destination coordinate t reads source coordinate
/// offset + step * t of source dimension srcDim, for t in [lo, hi). Offset,
/// lo and hi are sizes; the step is a constant.
struct AxisMap {
  int srcDim = 0;
  int64_t offset = 0, step = 1, lo = 0, hi = 0;
};

enum class StepKind { Alloc, Free, Stage, Move, Halo, Load, Save, Call, Combine, Fetch };

struct Step {
  StepKind kind = StepKind::Alloc;
  std::string label;       // a name for people: the callee, the file, ...
  std::vector<int> inputs; // arrays read
  std::vector<int> outputs; // arrays written or created
  // Move; Fetch: maps[d].lo (a size, equal to hi) is the index along d.
  std::vector<AxisMap> maps;
  // Halo: `label` is the numpy.pad mode.
  int64_t partials = 0;      // Stage: partial results per chunk
  int64_t chunks = 0;        // Stage, Combine: chunks in the grid (a size)
};

struct Plan {
  /// How the symbols among the sizes below are computed; empty when every
  /// size is a constant.
  SizeProgram sizes;
  std::vector<Array> arrays;
  std::vector<Step> steps;
};

/// The text form embedded in programs: the size program first, then the
/// arrays and steps. parse() returns false and sets `error` on malformed text,
/// including a symbol that the size program does not define.
std::string serialize(const Plan &plan);
bool parse(const std::string &text, Plan &plan, std::string &error);

/// The plan of one run: every size of `plan` replaced by its value in
/// `values` (plan.sizes evaluated for the run), with no size program left.
/// Returns an error message, and leaves `concrete` unspecified, when those
/// values make the plan impossible (a negative extent, a chunk that is not
/// positive, a move that reads outside its source, ...): a failure of the
/// size program's checks, which should have caught it.
std::optional<std::string> resolve(const Plan &plan, const SizeValues &values,
                                   Plan &concrete);

/// What one rank does under a plan.
struct RankStats {
  int64_t chunks = 0;   // chunks of materialised arrays it holds, summed
  int64_t elements = 0; // elements of those chunks
  int64_t bytesIn = 0;  // received from other ranks
  int64_t bytesOut = 0; // sent to other ranks
  int64_t peakBytes = 0; // most memory held at once (arrays and buffers)
};

/// Bytes one step moves from one rank to another.
struct Transfer {
  int step = 0;
  int from = 0, to = 0;
  int64_t bytes = 0;
};

struct Report {
  int ranks = 1;
  std::vector<RankStats> perRank;
  std::vector<Transfer> transfers; // ascending (step, from, to)
  std::vector<int64_t> stepBytes;  // bytes crossing ranks, per step
};

/// Models `plan`, a plan that resolve() gave, on `ranks` ranks with the
/// runtime's placement rules.
Report model(const Plan &plan, int ranks);

/// A table per rank (chunks, elements, bytes in/out, peak memory), the
/// totals, and the steps that move data.
std::string explain(const Plan &plan, const Report &report);

/// A Graphviz digraph: one cluster per rank holding the arrays' pieces it
/// owns; edges for data that crosses ranks, labelled with bytes.
std::string toDot(const Plan &plan, const Report &report);

} // namespace bridge::plan

#endif // BRIDGE_PLAN_H
