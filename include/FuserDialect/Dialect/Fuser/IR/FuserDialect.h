//===- FuserDialect.h - fuser dialect ---------------------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_DIALECT_FUSER_IR_FUSERDIALECT_H
#define FUSERDIALECT_DIALECT_FUSER_IR_FUSERDIALECT_H

#include "mlir/IR/Dialect.h"

#include "FuserDialect/Dialect/Fuser/IR/FuserOpsDialect.h.inc"

#endif // FUSERDIALECT_DIALECT_FUSER_IR_FUSERDIALECT_H
