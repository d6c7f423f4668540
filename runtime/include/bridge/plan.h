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
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

namespace bridge::plan {

/// A distributed array: its global shape, how chunks tile it, and how chunks
/// map to ranks. Shape and chunk entries are sizes (constants or symbols).
struct Array {
  std::string name; // where the program defines it, e.g. "pipeline.bdsl:8"
  int64_t elementBytes = 8;
  bool block = false; // one slab of axis 0 per rank; else contiguous runs
  // ScaLAPACK's block-cyclic layout (bridge/layout/Cyclic.h): blocks of
  // `chunks` over a gridRows x gridCols process grid (0 x 0: the most square
  // grid of all ranks).
  bool cyclic = false;
  int64_t gridRows = 0, gridCols = 0;
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

enum class StepKind {
  Alloc, Free, Stage, Move, Halo, Load, Save, Call, Combine, Fetch, Select,
  Compact, Count
};

/// "alloc", "move", ...: a step's kind in the text form and in reports.
const char *stepKindName(StepKind kind);
constexpr int kStepKinds = static_cast<int>(StepKind::Count) + 1;

struct Step {
  StepKind kind = StepKind::Alloc;
  std::string label;       // a name for people: the callee, the file, ...
  std::vector<int> inputs; // arrays read
  std::vector<int> outputs; // arrays written or created
  // Move; Fetch: maps[d].lo (a size, equal to hi) is the index along d.
  std::vector<AxisMap> maps;
  // Halo: `label` is the numpy.pad mode.
  // Compact: units of the inputs packed, in order, into the output
  // (`x[mask]`, `unique`), its length learnt while running; planned as if
  // every unit were kept.
  // Count: every rank's int64 counters of the values (histogram, bincount)
  // summed into the output, a 1-D array of one chunk, on its owner.
  // Stage: partial results per chunk; Select: the int64 counts each radix
  // pass sums over the ranks (bridge/layout/RadixSelect.h).
  int64_t partials = 0;
  int64_t chunks = 0;        // Stage, Combine: chunks in the grid (a size)
  // Stage: bytes each rank holds while the stage runs for one chunk of the
  // operands it consumes chunk by chunk instead of storing them (a size).
  int64_t scratch = 0;
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
/// An error message when a block-cyclic array of `plan` declares a process
/// grid of more positions than `ranks`.
std::optional<std::string> checkProcessGrids(const Plan &plan, int ranks);

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

/// One rank's figures, and the bytes it receives and sends in each step.
struct RankModel {
  RankStats stats;
  std::vector<int64_t> stepIn, stepOut; // one entry per step of the plan
};

/// Where the bytes one rank sends in one step go: `to` lists receivers in
/// ascending order (never the sender), and every other rank also receives
/// `toEveryOther` bytes (a broadcast, which would be a list of all ranks).
struct Sends {
  std::vector<std::pair<int, int64_t>> to;
  int64_t toEveryOther = 0;
};

/// `plan`, a plan that resolve() gave, placed on `ranks` ranks with the
/// runtime's placement rules. A rank's figures come from its own share of
/// each chunk grid and the reads that touch it, in closed form: neither
/// building the model nor asking about one rank loops over all ranks or all
/// chunks. (A halo over a block layout whose slabs are thinner than the halo
/// is the exception: its neighbours are listed per slab. So is a move into or
/// out of a block-cyclic layout: its pieces are counted one by one.)
class PlacementModel {
public:
  PlacementModel(const Plan &plan, int ranks);
  ~PlacementModel();

  const Plan &plan() const;
  int ranks() const;
  /// The figures of rank 0 <= rank < ranks().
  RankModel rank(int rank) const;
  /// What `rank` sends in step `step`; it sends nothing where
  /// rank(rank).stepOut[step] is 0.
  Sends sends(int step, int rank) const;

  struct Impl;

private:
  std::unique_ptr<Impl> impl;
};

/// The figures of every rank (listed when there are at most kListedRanks;
/// otherwise min, median and max over ranks and the heaviest ranks), the
/// totals, and the steps that move data with their transfers (in rank order
/// for at most kListedRanks ranks, else the heaviest). Computed rank by
/// rank; its memory grows with the distinct values of the figures, not with
/// the rank count.
std::string explain(const PlacementModel &model);
inline constexpr int kListedRanks = 1024;

/// A Graphviz digraph of the dataflow: arrays and steps as nodes, the bytes
/// each move, halo or combine sends between ranks on its edge (the heaviest
/// thickest).
std::string toDot(const PlacementModel &model);

/// A Graphviz digraph of the steps per rank: one cluster per rank, data
/// crossing ranks as edges labelled with bytes. Beyond kDrawnRanks ranks it
/// draws the heaviest ones and folds the others into one cluster.
std::string toRankDot(const PlacementModel &model);
inline constexpr int kDrawnRanks = 8;

} // namespace bridge::plan

#endif // BRIDGE_PLAN_H
