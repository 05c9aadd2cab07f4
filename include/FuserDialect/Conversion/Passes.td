//===- Passes.td - fuser conversions -----------------------*- tablegen -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#ifndef FUSER_CONVERSION_PASSES_TD
#define FUSER_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertFuserToCPUPass : Pass<"convert-fuser-to-cpu", "::mlir::ModuleOp"> {
  let summary = "Lower partitioned fusion groups to CPU kernel functions";
  let description = [{
    Turns every `fuser.group` (after `fuser-partition` and
    `fuser-lower-random`) into a `func.func` with the kernel ABI of the CPU
    backend:

        void @<group>(ptr %params, i64 %begin, i64 %end)

    which computes the elements [begin, end) of the iteration space. `params`
    points to 64-bit slots: numel, Philox seed, Philox offset, the sizes of
    the loop dimensions, then for each flat tensor (arguments, then results)
    its data pointer and its strides (in elements) along the loop dimensions,
    then the f64 scalars. Loop dimensions are runs of adjacent dimensions
    that every tensor can merge (by `fuser.contiguity`); the innermost runs
    in a vector loop of `vector-width` lanes with unit-stride vector loads
    and stores where every tensor is contiguous innermost, followed by a
    scalar tail. Values compute as the interpreter does (f16/bf16 in f32).
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "unsigned", "8",
           "Lanes of the inner vector loop (0: scalar code only)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
}

#endif // FUSER_CONVERSION_PASSES_TD
