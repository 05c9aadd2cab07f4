//===- Passes.td - fuser dialect transformations -----------*- tablegen -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#ifndef FUSER_TRANSFORMS_PASSES_TD
#define FUSER_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuserRefineTypesPass : Pass<"fuser-refine-types", "::mlir::fuser::GroupOp"> {
  let summary = "Re-infer every type in a group from its argument types";
  let description = [{
    Recomputes the result type of every op in the group, in order, from the
    (possibly changed) argument types with the dialect's broadcasting and
    type-promotion rules, then updates the group signature. With
    `element-types`, the tensor arguments first get the given element types
    (one entry per tensor argument; `-` keeps an argument's type). This is
    how a group written for one dtype is specialised for another.

    Example: `fuser-opt -pass-pipeline='builtin.module(fuser.group(fuser-refine-types{element-types=f16,-}))'`
    turns the first tensor argument into f16 and re-derives every type.
  }];
  let options = [
    ListOption<"elementTypes", "element-types", "std::string",
               "New element type per tensor argument (i1, ui8, i8, i16, i32, "
               "i64, f16, bf16, f32, f64, or - to keep)">
  ];
  let dependentDialects = ["::mlir::fuser::FuserDialect"];
}

#endif // FUSER_TRANSFORMS_PASSES_TD
