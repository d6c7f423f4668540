//===- bridge-opt.cpp - mlir-opt for the bridgec dialects -----------------===//
#include "bridge/Pipeline/Pipeline.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  bridge::registerBridgePasses();
  mlir::DialectRegistry registry;
  bridge::registerBridgeDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "bridgec dialect driver\n", registry));
}
