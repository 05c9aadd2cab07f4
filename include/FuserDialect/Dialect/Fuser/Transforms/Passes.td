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

def FuserSpecializePass : Pass<"fuser-specialize", "::mlir::fuser::GroupOp"> {
  let summary = "Specialise a group for an argument spec";
  let description = [{
    Re-types the group for the given element types (as
    `fuser-refine-types`), and records the layout facts a backend needs as
    attributes: the contiguity bits of every tensor argument and result
    (`fuser.contiguity`, one bit per dimension as in the seed's TensorDesc:
    bit i says dimension i merges with i + 1, the last bit says the innermost
    stride is 1), the index width (`fuser.index_bitwidth`) and the device
    (`fuser.device`). Sizes stay runtime values: kernels are shape-agnostic.

    Options take one entry per tensor argument / result; layouts are bit
    strings with one bit per dimension of the iteration shape (the results'
    rank), describing each tensor as broadcast to that shape: `11` is
    contiguous 2-D, `01` a broadcast row. Without layouts, every tensor is
    taken as contiguous. Results of different ranks cannot share one kernel
    and are an error.
  }];
  let options = [
    ListOption<"elementTypes", "element-types", "std::string",
               "Element type per tensor argument (- keeps the declared one)">,
    ListOption<"inputLayouts", "input-layouts", "std::string",
               "Contiguity bits per tensor argument">,
    ListOption<"outputLayouts", "output-layouts", "std::string",
               "Contiguity bits per result">,
    Option<"indexBitwidth", "index-bitwidth", "unsigned", "64",
           "Width of index arithmetic (32 or 64)">,
    Option<"device", "device", "std::string", "\"cpu\"",
           "Target device kind (cpu or cuda)">
  ];
  let dependentDialects = ["::mlir::fuser::FuserDialect"];
}

def FuserPartitionPass : Pass<"fuser-partition", "::mlir::fuser::GroupOp"> {
  let summary = "Turn chunked arguments and concatenated results into flat "
                "tensors";
  let description = [{
    Every `fuser.chunk` of an argument becomes one argument per chunk, and
    every `fuser.concat` result becomes one result per operand (cast to the
    concat's element type), so no chunk or concat op survives and the
    group's signature is the kernel's list of flat tensors. Each new argument
    and result carries `fuser.partition = [source, index, count, dim]` (the
    original argument or result, which slice, how many, along which
    dimension) and, when the source had `fuser.contiguity`, the slice's
    contiguity: the source's bits with bit dim-1 cleared, since a slice can
    no longer merge dimension dim-1 with dim.
  }];
  let dependentDialects = ["::mlir::fuser::FuserDialect"];
}

def FuserLowerRandomPass : Pass<"fuser-lower-random", "::mlir::fuser::GroupOp"> {
  let summary = "Lower rand_like to counter-based Philox bits";
  let description = [{
    Numbers the group's `fuser.rand_like` ops in program order and replaces
    each by `fuser.random_bits {stream = k}` (32 Philox-4x32-10 bits of the
    element, keyed by the launch seed with counter (element index / 4,
    launch offset + k)) followed by `fuser.bits_to_uniform`, which keeps as
    many bits as the result type's significand holds, so 1.0 never occurs.
  }];
  let dependentDialects = ["::mlir::fuser::FuserDialect"];
}

#endif // FUSER_TRANSFORMS_PASSES_TD
