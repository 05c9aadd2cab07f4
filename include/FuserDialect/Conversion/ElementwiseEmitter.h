//===- ElementwiseEmitter.h - Element semantics as arith/math ---*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Emits the computation of one element (or one vector of elements) of every
// pointwise fuser op as arith/math (and a few LLVM intrinsic) ops. Shared by
// the CPU and GPU conversions, which only differ in how they address memory
// and iterate. The semantics are those of the reference interpreter, bit for
// bit where the interpreter is exact.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_CONVERSION_ELEMENTWISEEMITTER_H
#define FUSERDIALECT_CONVERSION_ELEMENTWISEEMITTER_H

#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

#include <array>
#include <vector>

namespace mlir::fuser {

/// What random-number ops need from the kernel: the Philox key (launch
/// seed), the launch offset and the element's linear index (all i64, the
/// index vectorised like the computation).
///
/// A vector computation whose lanes are consecutive elements also sets
/// `firstIndex`, the (scalar i64) linear index of lane 0, and
/// `firstAlignment`, a power of two that `firstIndex` is known to be a
/// multiple of: random bits are then computed once per Philox block and
/// distributed to the lanes (see randomBitsVector) instead of once per lane.
struct RandomInputs {
  Value seed;
  Value offset;
  Value linearIndex;
  Value firstIndex = {};
  unsigned firstAlignment = 1;
};

/// The runtime dtype of a (tensor or scalar) type the emitter handles.
::fuser::DType kernelDType(Type type);

/// The contiguity bits of a flat tensor as the kernel sees it (broadcast to
/// `rank` dimensions), from its `fuser.contiguity` attribute. Without one,
/// nothing may be merged.
std::vector<bool> kernelContiguity(DictionaryAttr attrs, int64_t rank);

class ElementwiseEmitter {
public:
  /// `vectorWidth` 0 emits scalar code, N > 0 emits vector<N x T> code. With
  /// `useLibm`, every transcendental function (exp, log, sin, pow, erf,
  /// tanh, ...) becomes a call to the C library, so a CPU kernel computes it
  /// exactly as the interpreter does (the CPU target keeps LLVM from folding
  /// or rewriting these calls); without it, those with a math dialect op are
  /// emitted as such (the GPU lowers them to libdevice).
  ElementwiseEmitter(OpBuilder &builder, Location loc, unsigned vectorWidth,
                     bool useLibm = false)
      : b(builder), loc(loc), width(vectorWidth), useLibm(useLibm) {}

  /// The type values of `dtype` compute in: i1, i8, i16, i32, i64 (ui8 as
  /// i8), f32 for f16/bf16/f32, f64; vectorised when the width is non-zero.
  Type computeType(::fuser::DType dtype);
  /// The type one element of `dtype` is stored as in memory (bool as i8).
  Type storageType(::fuser::DType dtype);

  /// Converts a compute value of `from` to `to` (Tensor.to semantics). With
  /// `roundReduced`, a conversion to f16/bf16 rounds to that precision.
  Value convert(Value v, ::fuser::DType from, ::fuser::DType to,
                bool roundReduced = false);
  /// Widens a loaded storage value to its compute type.
  Value fromStorage(Value v, ::fuser::DType dtype);
  /// Narrows a compute value to its storage type (rounding f16/bf16).
  Value toStorage(Value v, ::fuser::DType dtype);

  /// Emits `op` on the compute values of its operands. Reports an error on
  /// the op and fails for ops without an elementwise form.
  FailureOr<Value> emit(Operation *op, ArrayRef<Value> operands,
                        const RandomInputs &random);

  /// The random bits (i32) of the `count` consecutive elements `first`,
  /// `first` + 1, ... of random stream `stream` (the rand_like's number in
  /// the group; see Support/Philox.h), one scalar per element. `first` is a
  /// scalar i64 known to be a multiple of the power of two `alignment`
  /// (above 4 counts as 4); of `random`, only the seed and offset are read.
  /// Each Philox block that the run touches is computed once and its words
  /// distributed: with `alignment` >= 4 that is ceil(count / 4) blocks and
  /// the words map to elements statically; otherwise the run may start at
  /// any word (first % 4, a multiple of `alignment`), ceil((count + 4 -
  /// alignment) / 4) blocks are computed and each element selects its word.
  /// Emits scalar code whatever the emitter's width (the GPU computes one
  /// thread's lanes this way).
  SmallVector<Value> randomBitsRun(uint64_t stream, const RandomInputs &random,
                                   Value first, unsigned count,
                                   unsigned alignment);
  /// The same for the emitter's vector width as one vector<width x i32>: the
  /// blocks are computed side by side as vectors of blocks and their words
  /// interleaved into the lanes with shuffles.
  Value randomBitsVector(uint64_t stream, const RandomInputs &random,
                         Value first, unsigned alignment);

  /// Prefix of C library function names (`__nv_` for CUDA's libdevice).
  void setLibmPrefix(StringRef prefix) { libmPrefix = prefix.str(); }

  /// Stores bf16 as i16 and converts it to and from f32 with integer
  /// operations (round to nearest even, subnormals kept, NaN as 0x7FC0), so
  /// that no `bfloat` value reaches the target: x86 hosts with AVX512-BF16
  /// would otherwise convert with vcvtneps2bf16, which flushes subnormals.
  void setBFloat16AsBits(bool enable) { bf16AsBits = enable; }

  /// A constant of compute type `type` (splatted for vectors).
  Value constantFloat(Type type, double value);
  Value constantInt(Type type, int64_t value);

private:
  Value emitConstant(ConstantOp op);
  Value compare(arith::CmpFPredicate fp, arith::CmpIPredicate si,
                arith::CmpIPredicate ui, Value a, Value b,
                ::fuser::DType dtype);
  Value orderKey(Value v);
  Value floatCompare(arith::CmpFPredicate pred, Value a, Value b);
  Value bfloat16ToFloat(Value bits);
  Value floatToBFloat16(Value v);
  Value select(Value cond, Value a, Value b);
  Value isNaN(Value v);
  Value floatToInt(Value v, ::fuser::DType to);
  Value intDiv(Value a, Value b, ::fuser::DType dtype, bool floor);
  Value intRem(Value a, Value b, ::fuser::DType dtype, bool python);
  Value intPow(Value a, Value b, ::fuser::DType dtype);
  Value philox(Value stream, Value index, const RandomInputs &random);
  /// Ten Philox rounds on counter `ctr` with key (k0, k1), all i32 or all
  /// vectors of i32 (one block per lane); returns the four output words.
  std::array<Value, 4> philoxRounds(std::array<Value, 4> ctr, Value k0,
                                    Value k1);
  /// The same rounds on 32-bit words held in the low halves of i64 values
  /// (vectors of i64, one block per lane); returns the four output words in
  /// the low halves (the high halves are garbage).
  std::array<Value, 4> philoxRoundsInI64(std::array<Value, 4> ctr, Value k0,
                                         Value k1);
  /// Counter words 2 and 3 and the key words of stream `stream` (scalars).
  std::array<Value, 4> philoxStreamAndKey(uint64_t stream,
                                          const RandomInputs &random);
  Value libmCall(StringRef f32Name, StringRef f64Name, ValueRange args);
  template <typename MathOp>
  Value math(StringRef f32Name, StringRef f64Name, ValueRange args);

  OpBuilder &b;
  Location loc;
  unsigned width;
  bool useLibm;
  bool bf16AsBits = false;
  std::string libmPrefix;
};

} // namespace mlir::fuser

#endif // FUSERDIALECT_CONVERSION_ELEMENTWISEEMITTER_H
