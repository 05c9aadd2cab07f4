//===- FuserBase.td - fuser dialect definition and constraints -*- tablegen -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#ifndef FUSER_BASE_TD
#define FUSER_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Fuser_Dialect : Dialect {
  let name = "fuser";
  let cppNamespace = "::mlir::fuser";
  let summary = "Pointwise fusion groups with PyTorch semantics";
  let description = [{
    The `fuser` dialect describes fusion groups: DAGs of pointwise tensor
    operations with PyTorch semantics (broadcasting, type promotion, NaN
    propagation), chunked inputs, concatenated outputs and random numbers.
    A group is written once, shape-agnostic, and specialised later for the
    element types and layouts it is called with.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 0;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// The element types a group computes on (PyTorch's bool, uint8, int8, int16,
// int32, int64, half, bfloat16, float, double).
def Fuser_ElementType : AnyTypeOf<[I1, UI8, I8, I16, I32, I64, F16, BF16, F32,
                                   F64], "fuser element type">;
def Fuser_Tensor : RankedTensorOf<[I1, UI8, I8, I16, I32, I64, F16, BF16, F32,
                                   F64]>;
def Fuser_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;
def Fuser_BoolTensor : RankedTensorOf<[I1]>;

// Python numbers: float (f64), int (i64), bool (i1). They promote like
// PyTorch's wrapped numbers.
def Fuser_Scalar : AnyTypeOf<[F64, I64, I1], "scalar (f64, i64 or i1)">;
def Fuser_TensorOrScalar : AnyTypeOf<[Fuser_Tensor, Fuser_Scalar],
                                     "tensor or scalar">;

// A constant Python number used as an op parameter (alpha, value, ...).
def Fuser_ScalarAttr : AnyAttrOf<[I64Attr, F64Attr, BoolAttr]>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Fuser_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "approximation used by fuser.gelu", [
      I32EnumAttrCase<"none", 0>,
      I32EnumAttrCase<"tanh", 1>
    ]> {
  let cppNamespace = "::mlir::fuser";
}

def Fuser_RoundingMode : I32EnumAttr<"RoundingMode",
    "rounding mode of fuser.div", [
      I32EnumAttrCase<"true_div", 0>,
      I32EnumAttrCase<"trunc", 1>,
      I32EnumAttrCase<"floor", 2>
    ]> {
  let cppNamespace = "::mlir::fuser";
}

#endif // FUSER_BASE_TD
