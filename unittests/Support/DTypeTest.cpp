//===- DTypeTest.cpp - Tests of element types and type promotion ----------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// promoteTypes and ResultTypeState are checked against tables written out
// independently of the implementation, from PyTorch's torch.promote_types and
// torch.result_type.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Support/DType.h"

#include "gtest/gtest.h"

#include <optional>
#include <ostream>
#include <string>

namespace fuser {
// Readable failure messages: print the PyTorch name.
static void PrintTo(DType t, std::ostream *os) {
  *os << "torch." << torchName(t);
}
} // namespace fuser

using namespace fuser;

namespace {

constexpr DType b1 = DType::Bool;
constexpr DType u8 = DType::UInt8;
constexpr DType i8 = DType::Int8;
constexpr DType i16 = DType::Int16;
constexpr DType i32 = DType::Int32;
constexpr DType i64 = DType::Int64;
constexpr DType f16 = DType::Float16;
constexpr DType bf16 = DType::BFloat16;
constexpr DType f32 = DType::Float32;
constexpr DType f64 = DType::Float64;

constexpr DType kAll[kNumDTypes] = {b1,  u8,  i8,   i16, i32,
                                    i64, f16, bf16, f32, f64};

// torch.promote_types(kAll[row], kAll[col]), as PyTorch documents and
// implements it (c10/core/ScalarType.cpp, restricted to these ten types).
// Written out by hand; not derived from the implementation under test.
// clang-format off
constexpr DType kPromotion[kNumDTypes][kNumDTypes] = {
    //          b1    u8    i8    i16   i32   i64   f16   bf16  f32   f64
    /* b1   */ {b1,   u8,   i8,   i16,  i32,  i64,  f16,  bf16, f32,  f64},
    /* u8   */ {u8,   u8,   i16,  i16,  i32,  i64,  f16,  bf16, f32,  f64},
    /* i8   */ {i8,   i16,  i8,   i16,  i32,  i64,  f16,  bf16, f32,  f64},
    /* i16  */ {i16,  i16,  i16,  i16,  i32,  i64,  f16,  bf16, f32,  f64},
    /* i32  */ {i32,  i32,  i32,  i32,  i32,  i64,  f16,  bf16, f32,  f64},
    /* i64  */ {i64,  i64,  i64,  i64,  i64,  i64,  f16,  bf16, f32,  f64},
    /* f16  */ {f16,  f16,  f16,  f16,  f16,  f16,  f16,  f32,  f32,  f64},
    /* bf16 */ {bf16, bf16, bf16, bf16, bf16, bf16, f32,  bf16, f32,  f64},
    /* f32  */ {f32,  f32,  f32,  f32,  f32,  f32,  f32,  f32,  f32,  f64},
    /* f64  */ {f64,  f64,  f64,  f64,  f64,  f64,  f64,  f64,  f64,  f64},
};
// clang-format on

std::string pairName(DType a, DType b) {
  return std::string(torchName(a)) + " x " + std::string(torchName(b));
}

//===----------------------------------------------------------------------===//
// promoteTypes
//===----------------------------------------------------------------------===//

TEST(DTypeTest, EnumOrderMatchesReferenceTable) {
  // The table is indexed by kAll; make sure kAll covers every enumerator once,
  // in enum order, so that no type escapes the promotion check.
  for (unsigned i = 0; i < kNumDTypes; ++i)
    EXPECT_EQ(static_cast<unsigned>(kAll[i]), i);
}

TEST(DTypeTest, ReferenceTableIsSymmetric) {
  // A sanity check of the hand-written table itself.
  for (unsigned r = 0; r < kNumDTypes; ++r)
    for (unsigned c = 0; c < kNumDTypes; ++c)
      EXPECT_EQ(kPromotion[r][c], kPromotion[c][r])
          << pairName(kAll[r], kAll[c]);
}

TEST(DTypeTest, PromoteTypesMatchesTorchTableBothWays) {
  unsigned checked = 0;
  for (unsigned r = 0; r < kNumDTypes; ++r) {
    for (unsigned c = 0; c < kNumDTypes; ++c) {
      DType a = kAll[r], b = kAll[c];
      EXPECT_EQ(promoteTypes(a, b), kPromotion[r][c]) << pairName(a, b);
      EXPECT_EQ(promoteTypes(b, a), kPromotion[r][c]) << pairName(b, a);
      ++checked;
    }
  }
  EXPECT_EQ(checked, kNumDTypes * kNumDTypes);
}

TEST(DTypeTest, PromoteTypesNamedCases) {
  // The cases that most often go wrong, spelled out individually.
  EXPECT_EQ(promoteTypes(u8, i8), i16);
  EXPECT_EQ(promoteTypes(i8, u8), i16);
  EXPECT_EQ(promoteTypes(u8, i16), i16);
  EXPECT_EQ(promoteTypes(u8, i64), i64);
  EXPECT_EQ(promoteTypes(f16, bf16), f32);
  EXPECT_EQ(promoteTypes(bf16, f16), f32);
  EXPECT_EQ(promoteTypes(i64, f16), f16);
  EXPECT_EQ(promoteTypes(i64, bf16), bf16);
  EXPECT_EQ(promoteTypes(bf16, f32), f32);
  EXPECT_EQ(promoteTypes(f16, f64), f64);
  for (DType t : kAll) {
    EXPECT_EQ(promoteTypes(b1, t), t) << torchName(t);
    EXPECT_EQ(promoteTypes(t, b1), t) << torchName(t);
    EXPECT_EQ(promoteTypes(t, t), t) << torchName(t);
    EXPECT_EQ(promoteTypes(t, f64), f64) << torchName(t);
  }
}

//===----------------------------------------------------------------------===//
// ResultTypeState (torch.result_type)
//===----------------------------------------------------------------------===//

struct Operand {
  DType type;
  OperandKind kind;
};

Operand tensor(DType t) { return {t, OperandKind::Tensor}; }
Operand zeroDim(DType t) { return {t, OperandKind::ZeroDimTensor}; }
// Python numbers are passed as Bool, Int64 or Float64.
Operand pyBool() { return {DType::Bool, OperandKind::Scalar}; }
Operand pyInt() { return {DType::Int64, OperandKind::Scalar}; }
Operand pyFloat() { return {DType::Float64, OperandKind::Scalar}; }

std::optional<DType> resultType(std::initializer_list<Operand> operands) {
  ResultTypeState state;
  for (const Operand &o : operands)
    state.add(o.type, o.kind);
  return state.result();
}

TEST(ResultTypeStateTest, EmptyHasNoResult) {
  ResultTypeState state;
  EXPECT_EQ(state.result(), std::nullopt);
}

TEST(ResultTypeStateTest, SingleTensorKeepsItsType) {
  for (DType t : kAll) {
    EXPECT_EQ(resultType({tensor(t)}), t) << torchName(t);
    EXPECT_EQ(resultType({zeroDim(t)}), t) << torchName(t);
  }
}

TEST(ResultTypeStateTest, DimensionedTensorsPromoteLikePromoteTypes) {
  EXPECT_EQ(resultType({tensor(u8), tensor(i8)}), i16);
  EXPECT_EQ(resultType({tensor(f16), tensor(bf16)}), f32);
  EXPECT_EQ(resultType({tensor(i64), tensor(f16)}), f16);
  EXPECT_EQ(resultType({tensor(b1), tensor(i32)}), i32);
  EXPECT_EQ(resultType({tensor(i32), tensor(f16), tensor(f64)}), f64);
}

TEST(ResultTypeStateTest, TensorWithPythonNumber) {
  // A Python float is float32 (the default dtype), not float64.
  EXPECT_EQ(resultType({tensor(i32), pyFloat()}), f32);
  EXPECT_EQ(resultType({tensor(i64), pyFloat()}), f32);
  EXPECT_EQ(resultType({tensor(b1), pyFloat()}), f32);
  // A Python number of the same category does not widen the tensor.
  EXPECT_EQ(resultType({tensor(f16), pyFloat()}), f16);
  EXPECT_EQ(resultType({tensor(bf16), pyFloat()}), bf16);
  EXPECT_EQ(resultType({tensor(f64), pyFloat()}), f64);
  EXPECT_EQ(resultType({tensor(u8), pyInt()}), u8);
  EXPECT_EQ(resultType({tensor(i8), pyInt()}), i8);
  EXPECT_EQ(resultType({tensor(f32), pyInt()}), f32);
  EXPECT_EQ(resultType({tensor(i16), pyBool()}), i16);
  EXPECT_EQ(resultType({tensor(f16), pyBool()}), f16);
  // bool is below integer: a Python int lifts a bool tensor to int64.
  EXPECT_EQ(resultType({tensor(b1), pyInt()}), i64);
  EXPECT_EQ(resultType({tensor(b1), pyBool()}), b1);
}

TEST(ResultTypeStateTest, TensorWithZeroDimTensor) {
  EXPECT_EQ(resultType({tensor(i8), zeroDim(i64)}), i8);
  EXPECT_EQ(resultType({tensor(u8), zeroDim(i64)}), u8);
  EXPECT_EQ(resultType({tensor(i8), zeroDim(u8)}), i8);
  EXPECT_EQ(resultType({tensor(f32), zeroDim(f64)}), f32);
  EXPECT_EQ(resultType({tensor(f16), zeroDim(f64)}), f16);
  EXPECT_EQ(resultType({tensor(bf16), zeroDim(f16)}), bf16);
  // A 0-dim tensor of a higher category keeps its own type (unlike a Python
  // float, which would give float32).
  EXPECT_EQ(resultType({tensor(i32), zeroDim(f16)}), f16);
  EXPECT_EQ(resultType({tensor(i32), zeroDim(f64)}), f64);
  EXPECT_EQ(resultType({tensor(b1), zeroDim(i8)}), i8);
  EXPECT_EQ(resultType({tensor(b1), zeroDim(u8)}), u8);
}

TEST(ResultTypeStateTest, AllThreePriorities) {
  EXPECT_EQ(resultType({tensor(b1), zeroDim(b1), pyBool()}), b1);
  EXPECT_EQ(resultType({tensor(b1), zeroDim(b1), pyInt()}), i64);
  EXPECT_EQ(resultType({tensor(b1), zeroDim(u8), pyFloat()}), f32);
  EXPECT_EQ(resultType({tensor(i32), zeroDim(f16), pyFloat()}), f16);
  EXPECT_EQ(resultType({tensor(i32), zeroDim(i64), pyFloat()}), f32);
  EXPECT_EQ(resultType({tensor(u8), zeroDim(i8), pyInt()}), u8);
  EXPECT_EQ(resultType({tensor(f16), zeroDim(f64), pyFloat()}), f16);
  // The order in which operands are added does not matter.
  EXPECT_EQ(resultType({pyFloat(), zeroDim(f16), tensor(i32)}), f16);
  EXPECT_EQ(resultType({pyInt(), tensor(b1), zeroDim(b1)}), i64);
}

TEST(ResultTypeStateTest, OnlyPythonNumbers) {
  EXPECT_EQ(resultType({pyFloat()}), f32);
  EXPECT_EQ(resultType({pyInt()}), i64);
  EXPECT_EQ(resultType({pyBool()}), b1);
  EXPECT_EQ(resultType({pyInt(), pyFloat()}), f32);
  EXPECT_EQ(resultType({pyBool(), pyInt()}), i64);
  EXPECT_EQ(resultType({pyBool(), pyBool()}), b1);
}

TEST(ResultTypeStateTest, OnlyZeroDimTensors) {
  EXPECT_EQ(resultType({zeroDim(f64), zeroDim(i32)}), f64);
  EXPECT_EQ(resultType({zeroDim(f16), zeroDim(bf16)}), f32);
  EXPECT_EQ(resultType({zeroDim(u8), zeroDim(i8)}), i16);
  EXPECT_EQ(resultType({zeroDim(b1), zeroDim(b1)}), b1);
}

TEST(ResultTypeStateTest, ZeroDimTensorsWithPythonNumbers) {
  EXPECT_EQ(resultType({zeroDim(i32), pyFloat()}), f32);
  EXPECT_EQ(resultType({zeroDim(i64), pyFloat()}), f32);
  EXPECT_EQ(resultType({zeroDim(f16), pyFloat()}), f16);
  EXPECT_EQ(resultType({zeroDim(i8), pyInt()}), i8);
  EXPECT_EQ(resultType({zeroDim(b1), pyInt()}), i64);
  EXPECT_EQ(resultType({zeroDim(f64), pyInt()}), f64);
}

//===----------------------------------------------------------------------===//
// Categories and sizes
//===----------------------------------------------------------------------===//

TEST(DTypeTest, Categories) {
  struct Expect {
    DType type;
    bool floating, integral, integralOrBool;
    size_t size;
  };
  const Expect table[] = {
      {b1, false, false, true, 1},  {u8, false, true, true, 1},
      {i8, false, true, true, 1},   {i16, false, true, true, 2},
      {i32, false, true, true, 4},  {i64, false, true, true, 8},
      {f16, true, false, false, 2}, {bf16, true, false, false, 2},
      {f32, true, false, false, 4}, {f64, true, false, false, 8},
  };
  static_assert(sizeof(table) / sizeof(table[0]) == kNumDTypes);
  for (const Expect &e : table) {
    SCOPED_TRACE(std::string(torchName(e.type)));
    EXPECT_EQ(isFloating(e.type), e.floating);
    EXPECT_EQ(isIntegral(e.type, /*includeBool=*/false), e.integral);
    EXPECT_EQ(isIntegral(e.type, /*includeBool=*/true), e.integralOrBool);
    EXPECT_EQ(elementSize(e.type), e.size);
  }
  EXPECT_EQ(kDefaultFloat, f32);
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

TEST(DTypeTest, NamesOfEveryType) {
  struct Expect {
    DType type;
    const char *mlir, *torch;
  };
  const Expect table[] = {
      {b1, "i1", "bool"},      {u8, "ui8", "uint8"},
      {i8, "i8", "int8"},      {i16, "i16", "int16"},
      {i32, "i32", "int32"},   {i64, "i64", "int64"},
      {f16, "f16", "float16"}, {bf16, "bf16", "bfloat16"},
      {f32, "f32", "float32"}, {f64, "f64", "float64"},
  };
  static_assert(sizeof(table) / sizeof(table[0]) == kNumDTypes);
  for (const Expect &e : table) {
    EXPECT_EQ(mlirName(e.type), e.mlir);
    EXPECT_EQ(torchName(e.type), e.torch);
  }
}

TEST(DTypeTest, ParseRoundTripsBothSpellings) {
  for (DType t : kAll) {
    EXPECT_EQ(parseDType(mlirName(t)), t) << mlirName(t);
    EXPECT_EQ(parseDType(torchName(t)), t) << torchName(t);
  }
}

TEST(DTypeTest, ParseAcceptsTorchAliases) {
  // torch.half, torch.float, torch.double, torch.long, torch.int, torch.short.
  EXPECT_EQ(parseDType("half"), f16);
  EXPECT_EQ(parseDType("float"), f32);
  EXPECT_EQ(parseDType("double"), f64);
  EXPECT_EQ(parseDType("long"), i64);
  EXPECT_EQ(parseDType("int"), i32);
  EXPECT_EQ(parseDType("short"), i16);
}

TEST(DTypeTest, ParseRejectsUnknownNames) {
  const char *bad[] = {"",       "f128",          "F32",    "Float32",
                       "float8", "complex64",     "uint16", "ui16",
                       "si8",    "i128",          "i32 ",   " f32",
                       "f32x",   "torch.float32", "tf32",   "f8E4M3FN"};
  for (const char *name : bad)
    EXPECT_EQ(parseDType(name), std::nullopt) << "'" << name << "'";
}

} // namespace
