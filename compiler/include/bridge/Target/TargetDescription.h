//===- TargetDescription.h - The CPU a program is compiled for --*- C++ -*-===//
//
// A generated main hands the runtime a description of the CPU it was compiled
// for (bridge_rt_set_target), which the runtime checks at start-up. The
// target is known only when the LLVM module is optimised: the TaskToLLVM
// lowering defines the string empty (nothing to check) under this name, and
// optimizeModule gives it the target machine's CPU and features.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_TARGET_TARGETDESCRIPTION_H
#define BRIDGE_TARGET_TARGETDESCRIPTION_H

namespace bridge {

/// The symbol of the NUL-terminated description: "<cpu>;<feature>,...".
inline constexpr const char *kTargetDescriptionSymbol = "__bridge_target";

} // namespace bridge

#endif // BRIDGE_TARGET_TARGETDESCRIPTION_H
