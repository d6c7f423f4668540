//===- AxisVersions.cpp - One checked program per set of axes and orders -===//
//
// An axis decides the shapes and the loops of everything after it, and
// `diff`'s order the steps it takes, so an `axis=` or order that names a
// parameter makes versions of the program: it is checked once for every value
// of every such parameter an array can have as an axis (bridge/versions.h),
// and the combinations that give the same axes and orders share a version. A
// combination that fails keeps its first error for the run that chooses it.
//
//===----------------------------------------------------------------------===//
#include "bridge/Frontend/Frontend.h"

#include "bridge/Frontend/AST.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/SourceMgr.h"

using namespace bridge;
using mlir::failure;
using mlir::FailureOr;

namespace {

/// The most parameters that may give axes or orders: each multiplies the
/// checks by 8.
constexpr size_t kMaxVersionParams = 3;

/// A check of the program whose diagnostics are kept, not shown.
struct QuietCheck {
  std::unique_ptr<ast::Program> program;
  bool checked = false;
  std::string firstError; // "file:line:col: error: ..."
};

std::string formatDiagnostic(mlir::Diagnostic &diag) {
  std::string place;
  if (auto loc = llvm::dyn_cast<mlir::FileLineColLoc>(diag.getLocation()))
    place = (loc.getFilename().getValue() + ":" + llvm::Twine(loc.getLine()) +
             ":" + llvm::Twine(loc.getColumn()) + ": ")
                .str();
  return place + "error: " + diag.str();
}

QuietCheck checkQuietly(llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
                        const llvm::StringMap<int64_t> *values) {
  QuietCheck result;
  mlir::ScopedDiagnosticHandler quiet(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error &&
        result.firstError.empty())
      result.firstError = formatDiagnostic(diag);
    return mlir::success();
  });
  result.program = checkProgram(sourceMgr, context, values, result.checked);
  return result;
}

/// Reports the errors of the program checked with `values`; always fails.
mlir::LogicalResult reportChecked(llvm::SourceMgr &sourceMgr,
                                  mlir::MLIRContext &context,
                                  const llvm::StringMap<int64_t> *values) {
  (void)parseProgram(sourceMgr, context, values);
  return failure();
}

/// The default of i64 parameter `name`, as the user wrote it.
std::optional<std::string> defaultOf(const ast::Program &program,
                                     llvm::StringRef name) {
  for (const plan::Param &param : program.sizes.params)
    if (param.name == name)
      return param.defaultText;
  return std::nullopt;
}

/// The parameters' defaults, if each has one.
std::optional<llvm::StringMap<int64_t>>
defaultValues(const plan::VersionTable &table) {
  llvm::StringMap<int64_t> values;
  for (const plan::VersionTable::Param &param : table.params) {
    plan::ParamValue value;
    if (!param.defaultText ||
        plan::parseParamValue(plan::ParamType::I64, *param.defaultText, value))
      return std::nullopt;
    values[param.name] = value.i;
  }
  return values;
}

} // namespace

FailureOr<ProgramVersions>
bridge::parseProgramVersions(llvm::SourceMgr &sourceMgr,
                             mlir::MLIRContext &context) {
  ProgramVersions result;
  QuietCheck first = checkQuietly(sourceMgr, context, nullptr);
  if (!first.program)
    return reportChecked(sourceMgr, context, nullptr);
  std::vector<std::string> names;
  for (const ast::Program::VersionedParam &use :
       first.program->versionedParams) {
    if (llvm::is_contained(names, use.param))
      continue;
    if (names.size() == kMaxVersionParams) {
      mlir::emitError(mlir::FileLineColLoc::get(
          &context, first.program->getFilename(), use.loc.line, use.loc.col))
          << "at most " << kMaxVersionParams
          << " parameters may give axes or orders; '" << use.param
          << "' is one more";
      return failure();
    }
    names.push_back(use.param);
    result.table.params.push_back(
        {use.param, defaultOf(*first.program, use.param)});
  }
  if (names.empty()) {
    if (!first.checked)
      return reportChecked(sourceMgr, context, nullptr);
    result.versions.push_back(std::move(first.program));
    return result;
  }

  // Every combination of the values, the first parameter's varying slowest.
  std::vector<int64_t> values(names.size(), plan::kFirstAxisValue);
  std::vector<std::vector<ast::Program::VersionedParam>> valuesOfVersion;
  while (true) {
    llvm::StringMap<int64_t> given;
    for (auto [name, value] : llvm::zip(names, values))
      given[name] = value;
    QuietCheck check = checkQuietly(sourceMgr, context, &given);
    plan::VersionTable::Choice choice;
    choice.values = values;
    if (check.checked) {
      auto same = llvm::find(valuesOfVersion, check.program->versionedParams);
      choice.version = int(same - valuesOfVersion.begin());
      if (same == valuesOfVersion.end()) {
        valuesOfVersion.push_back(check.program->versionedParams);
        result.versions.push_back(std::move(check.program));
      }
    } else {
      choice.error = check.firstError;
    }
    result.table.choices.push_back(std::move(choice));
    size_t d = values.size();
    while (d > 0 && values[d - 1] == plan::kLastAxisValue)
      values[--d] = plan::kFirstAxisValue;
    if (d == 0)
      break;
    ++values[d - 1];
  }

  // The program as written, with its defaults, must check.
  if (std::optional<llvm::StringMap<int64_t>> defaults =
          defaultValues(result.table)) {
    const plan::VersionTable::Choice *byDefault =
        plan::choose(result.table, {});
    if (!byDefault || !byDefault->error.empty())
      return reportChecked(sourceMgr, context, &*defaults);
  }
  if (result.versions.empty())
    return reportChecked(sourceMgr, context, nullptr);
  if (result.versions.size() > kMaxVersions) {
    const ast::Program::VersionedParam &use =
        first.program->versionedParams.front();
    mlir::emitError(mlir::FileLineColLoc::get(
        &context, first.program->getFilename(), use.loc.line, use.loc.col))
        << "the axes and orders that parameters give make "
        << result.versions.size() << " versions of the program, more than "
        << kMaxVersions;
    return failure();
  }
  return result;
}
