//===- fuser-opt.cpp - fuser optimizer driver -----------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/InitAll.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::fuser::registerAllFuserDialects(registry);
  mlir::fuser::registerAllFuserPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "fuser optimizer driver\n", registry));
}
