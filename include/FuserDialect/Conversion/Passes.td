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

def ConvertFuserToGPUPass : Pass<"convert-fuser-to-gpu", "::mlir::ModuleOp"> {
  let summary = "Lower partitioned fusion groups to GPU kernels";
  let description = [{
    Turns every `fuser.group` (after `fuser-partition` and
    `fuser-lower-random`) into two `gpu.func` kernels of a `gpu.module`:
    `@<group>`, in which each thread computes a vector of 16 bytes' worth of
    consecutive elements with 128-bit loads and stores (for the widest
    element type of the group), and `@<group>_scalar`, one element per
    thread, for pointers or strides that do not keep such vectors aligned.
    Kernels take the 64-bit slots of the kernel ABI (KernelABI.h) as
    separate parameters; data pointers address global memory.
  }];
  let options = [
    Option<"moduleName", "module-name", "std::string", "\"fuser_kernels\"",
           "Name of the gpu.module that receives the kernels">,
    Option<"maxVectorBytes", "max-vector-bytes", "unsigned", "16",
           "Bytes of the widest element type a thread of the vector kernel "
           "moves per tensor (16: 128-bit accesses; 8 halves the registers "
           "that in-flight data takes)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
    "::mlir::func::FuncDialect"
  ];
}

#endif // FUSER_CONVERSION_PASSES_TD
