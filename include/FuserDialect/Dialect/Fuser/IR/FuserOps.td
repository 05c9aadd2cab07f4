//===- FuserOps.td - fuser dialect operations --------------*- tablegen -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Pointwise ops are declared by family: each family fixes the operand forms
// and a type-inference rule (see PointwiseRule in FuserOps.h), and each op is
// one line plus its semantics.
//
//===----------------------------------------------------------------------===//

#ifndef FUSER_OPS_TD
#define FUSER_OPS_TD

include "FuserDialect/Dialect/Fuser/IR/FuserBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Fuser_Op<string mnemonic, list<Trait> traits = []>
    : Op<Fuser_Dialect, mnemonic, traits>;

// Every op but the group itself lives directly in a group body.
def Fuser_InGroup : HasParent<"GroupOp">;

// Generator state read and advanced by fuser.rand_like.
def Fuser_RandomResource : Resource<"::mlir::fuser::RandomResource">;

// Marks ops that compute each result element from the operand elements at the
// same (broadcast) position.
def Fuser_Pointwise : NativeOpTrait<"Pointwise"> {
  let cppNamespace = "::mlir::fuser";
}

//===----------------------------------------------------------------------===//
// Pointwise op families
//===----------------------------------------------------------------------===//

// `inferRule` is a C++ PointwiseRule expression: which operand element types
// are accepted and how the result element type follows from them. The result
// shape is the broadcast of the tensor operands.
class Fuser_PointwiseOp<string mnemonic, string inferRule,
                        list<Trait> traits = []>
    : Fuser_Op<mnemonic, !listconcat([Pure, Fuser_Pointwise, Fuser_InGroup,
                                      InferTypeOpAdaptorWithIsCompatible],
                                     traits)> {
  let results = (outs Fuser_Tensor:$result);
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return inferPointwiseResultType(context, location, getOperationName(),
                                      adaptor.getOperands().getTypes(), }] # inferRule # [{,
                                      types);
    }
    bool $cppClass::isCompatibleReturnTypes(::mlir::TypeRange l,
                                            ::mlir::TypeRange r) {
      return areCompatibleResultTypes(l, r);
    }
  }];
}

class Fuser_UnaryOp<string mnemonic, string inferRule, string semantics,
                    list<Trait> traits = []>
    : Fuser_PointwiseOp<mnemonic, inferRule, traits> {
  let summary = "elementwise " # mnemonic;
  let description = semantics # [{

    Example:

    ```mlir
    %r = fuser.}] # mnemonic # [{ %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Fuser_Tensor:$input);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

// Floating-point math: integer and bool inputs compute in the default float
// type (float32), like torch.sigmoid on an int tensor.
class Fuser_FloatMathOp<string mnemonic, string semantics,
                        list<Trait> traits = []>
    : Fuser_UnaryOp<mnemonic, "PointwiseRule::toFloat()", semantics, traits>;

// Activations PyTorch only defines for floating-point tensors.
class Fuser_ActivationOp<string mnemonic, string semantics,
                         list<Trait> traits = []>
    : Fuser_UnaryOp<mnemonic,
                    "PointwiseRule::sameAsFirst(OperandRule::FloatOnly)",
                    semantics, traits>;

// Binary ops on tensors, 0-dim tensors and scalars (at least one tensor).
class Fuser_BinaryOp<string mnemonic, string inferRule, string semantics,
                     list<Trait> traits = []>
    : Fuser_PointwiseOp<mnemonic, inferRule, traits> {
  let summary = "elementwise " # mnemonic;
  let description = semantics # [{

    Operands broadcast right-aligned; scalars (f64, i64, i1) promote like
    Python numbers.

    Example:

    ```mlir
    %r = fuser.}] # mnemonic # [{ %x, %y : (tensor<?x?xf32>, tensor<?xf16>) -> tensor<?x?x}] # resultExample # [{>
    ```
  }];
  string resultExample = "f32";
  let arguments = (ins Fuser_TensorOrScalar:$lhs, Fuser_TensorOrScalar:$rhs);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

class Fuser_CompareOp<string mnemonic, string semantics>
    : Fuser_BinaryOp<mnemonic, "PointwiseRule::boolean()",
                     semantics # " Operands are compared in their promoted "
                     # "type; the result is `i1`."> {
  let resultExample = "i1";
}

//===----------------------------------------------------------------------===//
// Unary math
//===----------------------------------------------------------------------===//

def Fuser_AbsOp : Fuser_UnaryOp<"abs",
    "PointwiseRule::sameAsFirst(OperandRule::NoBool)", "|x|.">;
def Fuser_NegOp : Fuser_UnaryOp<"neg",
    "PointwiseRule::sameAsFirst(OperandRule::NoBool)",
    "-x. Integers wrap (two's complement).">{
  let hasFolder = 1;
}
def Fuser_ReluOp : Fuser_UnaryOp<"relu",
    "PointwiseRule::sameAsFirst(OperandRule::NoBool)",
    "max(x, 0); NaN propagates.">;
def Fuser_SignOp : Fuser_UnaryOp<"sign", "PointwiseRule::sameAsFirst()",
    "-1, 0 or 1 with the sign of x (torch.sign); bool stays bool.">;
def Fuser_CeilOp : Fuser_UnaryOp<"ceil",
    "PointwiseRule::sameAsFirst(OperandRule::NoBool)",
    "Rounds towards +inf; the identity on integers.">;
def Fuser_FloorOp : Fuser_UnaryOp<"floor",
    "PointwiseRule::sameAsFirst(OperandRule::NoBool)",
    "Rounds towards -inf; the identity on integers.">;
def Fuser_TruncOp : Fuser_UnaryOp<"trunc",
    "PointwiseRule::sameAsFirst(OperandRule::NoBool)",
    "Rounds towards zero; the identity on integers.">;
def Fuser_RoundOp : Fuser_UnaryOp<"round",
    "PointwiseRule::sameAsFirst(OperandRule::NoBool)",
    "Rounds to the nearest integer, halves to even (torch.round); the "
    "identity on integers.">;
def Fuser_FracOp : Fuser_UnaryOp<"frac",
    "PointwiseRule::sameAsFirst(OperandRule::FloatOnly)",
    "x - trunc(x).">;

def Fuser_SigmoidOp : Fuser_FloatMathOp<"sigmoid", "1 / (1 + exp(-x)).">;
def Fuser_LogOp : Fuser_FloatMathOp<"log", "Natural logarithm.">;
def Fuser_Log10Op : Fuser_FloatMathOp<"log10", "Base-10 logarithm.">;
def Fuser_Log1pOp : Fuser_FloatMathOp<"log1p", "log(1 + x), accurate near 0.">;
def Fuser_Log2Op : Fuser_FloatMathOp<"log2", "Base-2 logarithm.">;
def Fuser_LgammaOp : Fuser_FloatMathOp<"lgamma",
    "log |Gamma(x)|.">;
def Fuser_ExpOp : Fuser_FloatMathOp<"exp", "e^x.">;
def Fuser_Expm1Op : Fuser_FloatMathOp<"expm1", "e^x - 1, accurate near 0.">;
def Fuser_ErfOp : Fuser_FloatMathOp<"erf", "Error function.">;
def Fuser_ErfcOp : Fuser_FloatMathOp<"erfc", "1 - erf(x), accurate for large x.">;
def Fuser_CosOp : Fuser_FloatMathOp<"cos", "Cosine.">;
def Fuser_AcosOp : Fuser_FloatMathOp<"acos", "Arc cosine.">;
def Fuser_CoshOp : Fuser_FloatMathOp<"cosh", "Hyperbolic cosine.">;
def Fuser_SinOp : Fuser_FloatMathOp<"sin", "Sine.">;
def Fuser_AsinOp : Fuser_FloatMathOp<"asin", "Arc sine.">;
def Fuser_SinhOp : Fuser_FloatMathOp<"sinh", "Hyperbolic sine.">;
def Fuser_TanOp : Fuser_FloatMathOp<"tan", "Tangent.">;
def Fuser_AtanOp : Fuser_FloatMathOp<"atan", "Arc tangent.">;
def Fuser_TanhOp : Fuser_FloatMathOp<"tanh", "Hyperbolic tangent.">;
def Fuser_SqrtOp : Fuser_FloatMathOp<"sqrt", "Square root.">;
def Fuser_RsqrtOp : Fuser_FloatMathOp<"rsqrt", "1 / sqrt(x).">;
def Fuser_ReciprocalOp : Fuser_FloatMathOp<"reciprocal", "1 / x.">;

def Fuser_LogitOp : Fuser_FloatMathOp<"logit",
    "log(z / (1 - z)) where z = x, or z = clamp(x, eps, 1 - eps) when `eps` "
    "is given (torch.logit).">{
  let arguments = (ins Fuser_Tensor:$input, OptionalAttr<F64Attr>:$eps);
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

def Fuser_GeluOp : Fuser_ActivationOp<"gelu",
    "x * Phi(x) with Phi the normal CDF, computed as 0.5 * x * (1 + erf(x / "
    "sqrt(2))); with `approximate tanh`, 0.5 * x * (1 + tanh(sqrt(2 / pi) * "
    "(x + 0.044715 * x^3))).">{
  let arguments = (ins Fuser_Tensor:$input,
      DefaultValuedAttr<Fuser_GeluApproximation,
                        "GeluApproximation::none">:$approximate);
  let assemblyFormat = "$input (`approximate` $approximate^)? attr-dict `:` "
                       "functional-type(operands, results)";
}
def Fuser_SiluOp : Fuser_ActivationOp<"silu", "x * sigmoid(x).">;
def Fuser_MishOp : Fuser_ActivationOp<"mish", "x * tanh(softplus(x)).">;
def Fuser_HardsigmoidOp : Fuser_ActivationOp<"hardsigmoid",
    "clamp(x / 6 + 1 / 2, 0, 1).">;
def Fuser_HardswishOp : Fuser_ActivationOp<"hardswish",
    "x * clamp(x + 3, 0, 6) / 6.">;
def Fuser_SoftplusOp : Fuser_ActivationOp<"softplus",
    "log(1 + exp(beta * x)) / beta, or x where beta * x > threshold.">{
  let arguments = (ins Fuser_Tensor:$input,
                   DefaultValuedAttr<F64Attr, "1.0">:$beta,
                   DefaultValuedAttr<F64Attr, "20.0">:$threshold);
}
def Fuser_EluOp : Fuser_ActivationOp<"elu",
    "scale * x where x > 0, else scale * alpha * (exp(input_scale * x) - 1).">{
  let arguments = (ins Fuser_Tensor:$input,
                   DefaultValuedAttr<F64Attr, "1.0">:$alpha,
                   DefaultValuedAttr<F64Attr, "1.0">:$scale,
                   DefaultValuedAttr<F64Attr, "1.0">:$input_scale);
}
def Fuser_LeakyReluOp : Fuser_ActivationOp<"leaky_relu",
    "x where x > 0, else negative_slope * x.">{
  let arguments = (ins Fuser_Tensor:$input,
                   DefaultValuedAttr<F64Attr, "0.01">:$negative_slope);
}
def Fuser_ThresholdOp : Fuser_UnaryOp<"threshold",
    "PointwiseRule::sameAsFirst(OperandRule::NoBool)",
    "x where x > threshold, else value (torch.threshold); NaN propagates.">{
  let arguments = (ins Fuser_Tensor:$input, F64Attr:$threshold,
                   F64Attr:$value);
}

//===----------------------------------------------------------------------===//
// Binary arithmetic
//===----------------------------------------------------------------------===//

def Fuser_AddOp : Fuser_BinaryOp<"add", "PointwiseRule::promote()",
    "lhs + alpha * rhs (alpha defaults to 1). On bool tensors, logical or."> {
  let hasCanonicalizer = 1;
  let arguments = (ins Fuser_TensorOrScalar:$lhs, Fuser_TensorOrScalar:$rhs,
                   OptionalAttr<Fuser_ScalarAttr>:$alpha);
  let hasVerifier = 1;
  let hasFolder = 1;
}
def Fuser_SubOp : Fuser_BinaryOp<"sub",
    "PointwiseRule::promote(OperandRule::NoBool)",
    "lhs - alpha * rhs (alpha defaults to 1)."> {
  let hasCanonicalizer = 1;
  let arguments = (ins Fuser_TensorOrScalar:$lhs, Fuser_TensorOrScalar:$rhs,
                   OptionalAttr<Fuser_ScalarAttr>:$alpha);
  let hasVerifier = 1;
  let hasFolder = 1;
}
def Fuser_MulOp : Fuser_BinaryOp<"mul", "PointwiseRule::promote()",
    "lhs * rhs. On bool tensors, logical and.", [Commutative]> {
  let hasCanonicalizer = 1;
  let hasFolder = 1;
}
def Fuser_DivOp : Fuser_BinaryOp<"div", "",
    "lhs / rhs. True division by default: integer operands give the default "
    "float type. With `rounding_mode trunc` or `floor` the quotient is "
    "rounded and integer operands keep their promoted integer type."> {
  let hasCanonicalizer = 1;
  let arguments = (ins Fuser_TensorOrScalar:$lhs, Fuser_TensorOrScalar:$rhs,
      DefaultValuedAttr<Fuser_RoundingMode,
                        "RoundingMode::true_div">:$rounding_mode);
  let assemblyFormat = "$lhs `,` $rhs (`rounding_mode` $rounding_mode^)? "
                       "attr-dict `:` functional-type(operands, results)";
  // The rule depends on the rounding mode.
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      PointwiseRule rule =
          adaptor.getRoundingMode() == RoundingMode::true_div
              ? PointwiseRule::toFloat()
              : PointwiseRule::promote(OperandRule::NoBool);
      return inferPointwiseResultType(context, location, getOperationName(),
                                      adaptor.getOperands().getTypes(), rule,
                                      types);
    }
    bool $cppClass::isCompatibleReturnTypes(::mlir::TypeRange l,
                                            ::mlir::TypeRange r) {
      return areCompatibleResultTypes(l, r);
    }
  }];
}
def Fuser_FmodOp : Fuser_BinaryOp<"fmod",
    "PointwiseRule::promote(OperandRule::NoBool)",
    "C fmod: the remainder of lhs / rhs truncated, with the sign of lhs.">;
def Fuser_RemainderOp : Fuser_BinaryOp<"remainder",
    "PointwiseRule::promote(OperandRule::NoBool)",
    "Python modulo: the remainder with the sign of rhs.">;
def Fuser_PowOp : Fuser_BinaryOp<"pow",
    "PointwiseRule::promote(OperandRule::NoBool)",
    "lhs ^ rhs. Either operand may be a scalar (pow(Scalar, Tensor) too).">;
def Fuser_Atan2Op : Fuser_BinaryOp<"atan2", "PointwiseRule::toFloat()",
    "atan(lhs / rhs) in the quadrant of (rhs, lhs).">;
def Fuser_MaxOp : Fuser_BinaryOp<"max", "PointwiseRule::promote()",
    "The larger operand (torch.maximum); NaN propagates. Not marked "
    "commutative: which of -0.0 and +0.0 comes out depends on the order.">;
def Fuser_MinOp : Fuser_BinaryOp<"min", "PointwiseRule::promote()",
    "The smaller operand (torch.minimum); NaN propagates. Not marked "
    "commutative: which of -0.0 and +0.0 comes out depends on the order.">;

//===----------------------------------------------------------------------===//
// Comparisons, logical and bitwise ops
//===----------------------------------------------------------------------===//

def Fuser_EqOp : Fuser_CompareOp<"eq", "lhs == rhs.">;
def Fuser_NeOp : Fuser_CompareOp<"ne", "lhs != rhs (true for NaN).">;
def Fuser_LtOp : Fuser_CompareOp<"lt", "lhs < rhs.">;
def Fuser_LeOp : Fuser_CompareOp<"le", "lhs <= rhs.">;
def Fuser_GtOp : Fuser_CompareOp<"gt", "lhs > rhs.">;
def Fuser_GeOp : Fuser_CompareOp<"ge", "lhs >= rhs.">;

def Fuser_LogicalAndOp : Fuser_BinaryOp<"logical_and",
    "PointwiseRule::boolean()", "Both operands non-zero; the result is `i1`.",
    [Commutative]> {
  let resultExample = "i1";
}
def Fuser_LogicalOrOp : Fuser_BinaryOp<"logical_or",
    "PointwiseRule::boolean()", "Either operand non-zero; the result is `i1`.",
    [Commutative]> {
  let resultExample = "i1";
}
def Fuser_LogicalXorOp : Fuser_BinaryOp<"logical_xor",
    "PointwiseRule::boolean()",
    "Exactly one operand non-zero; the result is `i1`.", [Commutative]> {
  let resultExample = "i1";
}
def Fuser_LogicalNotOp : Fuser_UnaryOp<"logical_not",
    "PointwiseRule::boolean()", "x == 0; the result is `i1`.">{
  let hasFolder = 1;
}

def Fuser_BitwiseAndOp : Fuser_BinaryOp<"bitwise_and",
    "PointwiseRule::promote(OperandRule::IntegralOrBool)",
    "Bitwise and of integer or bool operands.", [Commutative]> {
  let resultExample = "i32";
}
def Fuser_BitwiseOrOp : Fuser_BinaryOp<"bitwise_or",
    "PointwiseRule::promote(OperandRule::IntegralOrBool)",
    "Bitwise or of integer or bool operands.", [Commutative]> {
  let resultExample = "i32";
}
def Fuser_BitwiseXorOp : Fuser_BinaryOp<"bitwise_xor",
    "PointwiseRule::promote(OperandRule::IntegralOrBool)",
    "Bitwise exclusive or of integer or bool operands.", [Commutative]> {
  let resultExample = "i32";
}
def Fuser_BitwiseNotOp : Fuser_UnaryOp<"bitwise_not",
    "PointwiseRule::sameAsFirst(OperandRule::IntegralOrBool)",
    "~x for integers, !x for bool.">{
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Ternary ops
//===----------------------------------------------------------------------===//

def Fuser_LerpOp : Fuser_PointwiseOp<"lerp",
    "PointwiseRule::sameAsFirst(OperandRule::FloatOnly)"> {
  let summary = "linear interpolation";
  let description = [{
    input + weight * (end - input). `input`, `end` and a tensor `weight` must
    have the same floating-point element type (as torch.lerp requires); a
    scalar weight is cast to it.

    Example:

    ```mlir
    %r = fuser.lerp %a, %b, %w : (tensor<?xf32>, tensor<?xf32>, f64) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins Fuser_Tensor:$input, Fuser_Tensor:$end,
                   Fuser_TensorOrScalar:$weight);
  let assemblyFormat = "$input `,` $end `,` $weight attr-dict `:` "
                       "functional-type(operands, results)";
  let hasVerifier = 1;
}

def Fuser_AddcmulOp : Fuser_PointwiseOp<"addcmul",
    "PointwiseRule::promote(OperandRule::NoBool)"> {
  let summary = "input + value * tensor1 * tensor2";
  let description = [{
    `value` defaults to 1 and must not be a float when the result is an
    integer type.

    Example:

    ```mlir
    %r = fuser.addcmul %a, %b, %c {value = 5.000000e-01 : f64} : (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins Fuser_Tensor:$input, Fuser_Tensor:$tensor1,
                   Fuser_Tensor:$tensor2,
                   OptionalAttr<Fuser_ScalarAttr>:$value);
  let assemblyFormat = "$input `,` $tensor1 `,` $tensor2 attr-dict `:` "
                       "functional-type(operands, results)";
  let hasVerifier = 1;
}

def Fuser_WhereOp : Fuser_PointwiseOp<"where",
    "PointwiseRule::promote(OperandRule::Any, /*promoteBegin=*/1)"> {
  let summary = "select by a boolean condition";
  let description = [{
    `true_value` where `condition` holds, else `false_value`. All three
    broadcast; the result type is the promotion of the two branches, which
    may be tensors or scalars.

    Example:

    ```mlir
    %r = fuser.where %c, %x, %zero : (tensor<?xi1>, tensor<?xf16>, f64) -> tensor<?xf16>
    ```
  }];
  let arguments = (ins Fuser_BoolTensor:$condition,
                   Fuser_TensorOrScalar:$true_value,
                   Fuser_TensorOrScalar:$false_value);
  let assemblyFormat = "$condition `,` $true_value `,` $false_value attr-dict "
                       "`:` functional-type(operands, results)";
}

def Fuser_ClampOp : Fuser_PointwiseOp<"clamp",
    "PointwiseRule::promote(OperandRule::NoBool)", [AttrSizedOperandSegments]> {
  let summary = "clamp to optional lower and upper bounds";
  let description = [{
    min(max(input, min), max) with either bound optional (at least one must
    be given). Bounds may be scalars or tensors; the result type is the
    promotion of all operands. NaN in the input propagates.

    Example:

    ```mlir
    %r = fuser.clamp %x min %lo max %hi : (tensor<?xf32>, f64, f64) -> tensor<?xf32>
    %s = fuser.clamp %x max %hi : (tensor<?xf32>, f64) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins Fuser_Tensor:$input,
                   Optional<Fuser_TensorOrScalar>:$min,
                   Optional<Fuser_TensorOrScalar>:$max);
  let assemblyFormat = "$input (`min` $min^)? (`max` $max^)? attr-dict `:` "
                       "functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Casts and random numbers
//===----------------------------------------------------------------------===//

def Fuser_CastOp : Fuser_Op<"cast", [Fuser_InGroup, Pure, Fuser_Pointwise]> {
  let summary = "element type conversion";
  let description = [{
    Converts each element to the result element type like Tensor.to(dtype):
    floats to integers truncate towards zero, anything to bool tests for
    non-zero, f16/bf16 results round to nearest even. The shape is unchanged.

    Example:

    ```mlir
    %h = fuser.cast %x : tensor<?x?xf32> to tensor<?x?xf16>
    ```
  }];
  let arguments = (ins Fuser_Tensor:$input);
  let results = (outs Fuser_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Fuser_TypeAsOp : Fuser_Op<"type_as", [Fuser_InGroup, Pure, Fuser_Pointwise,
                                          InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "convert to the element type of another tensor";
  let description = [{
    Tensor.type_as: `input` converted to the element type of `other`, keeping
    the shape of `input`. Canonicalises to `fuser.cast`.

    Example:

    ```mlir
    %r = fuser.type_as %mask, %x : (tensor<?xi1>, tensor<?xf32>) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins Fuser_Tensor:$input, Fuser_Tensor:$other);
  let results = (outs Fuser_Tensor:$result);
  let assemblyFormat = "$input `,` $other attr-dict `:` "
                       "functional-type(operands, results)";
  let hasCanonicalizer = 1;
}

def Fuser_RandLikeOp : Fuser_Op<"rand_like", [Fuser_InGroup, 
    Fuser_Pointwise, InferTypeOpAdaptorWithIsCompatible,
    MemoryEffects<[MemRead<Fuser_RandomResource>,
                   MemWrite<Fuser_RandomResource>]>]> {
  let summary = "uniform random numbers in [0, 1)";
  let description = [{
    A tensor with the shape of `input` filled with independent uniform
    numbers in [0, 1) (1.0 is never produced). The element type is that of
    `input`, or `dtype` when given; it must be floating point.

    Random contract: Philox-4x32-10 with key = the launch seed and counter =
    (the launch offset, the element's linear index), so the values depend on
    neither the backend nor the launch configuration. Several `rand_like` in
    one group draw disjoint streams. The op reads and advances the generator
    state, so it is never merged with another `rand_like` or removed.

    Example:

    ```mlir
    %u = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
    %v = fuser.rand_like %mask {dtype = f16} : (tensor<?x?xi1>) -> tensor<?x?xf16>
    ```
  }];
  let arguments = (ins Fuser_Tensor:$input, OptionalAttr<TypeAttr>:$dtype);
  let results = (outs Fuser_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Fuser_RandomBitsOp : Fuser_Op<"random_bits", [Fuser_InGroup, Pure,
                                                   Fuser_Pointwise]> {
  let summary = "Philox-4x32-10 bits of each element (lowered rand_like)";
  let description = [{
    32 random bits per element of a tensor shaped like `input`: word i % 4 of
    Philox-4x32-10 with key = the launch seed and counter = (i / 4, launch
    offset + `stream`), i being the element's linear index. Produced by
    `fuser-lower-random`; distinct rand_like ops of a group get distinct
    streams.

    Example:

    ```mlir
    %b = fuser.random_bits %x {stream = 0 : i64} : (tensor<?xf32>) -> tensor<?xi32>
    ```
  }];
  let arguments = (ins Fuser_Tensor:$input, I64Attr:$stream);
  let results = (outs RankedTensorOf<[I32]>:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Fuser_BitsToUniformOp : Fuser_Op<"bits_to_uniform", [Fuser_InGroup, Pure,
                                                         Fuser_Pointwise]> {
  let summary = "uniform numbers in [0, 1) from random bits";
  let description = [{
    Maps 32 random bits u to (u >> (32 - k)) * 2^-k, where k is the number of
    significand bits of the result type (11 for f16, 8 for bf16, 24 for f32,
    32 for f64), so the value is exact in that type and never 1.0.

    Example:

    ```mlir
    %u = fuser.bits_to_uniform %b : (tensor<?xi32>) -> tensor<?xf16>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I32]>:$input);
  let results = (outs Fuser_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Fuser_ConstantOp : Fuser_Op<"constant", [Fuser_InGroup, ConstantLike, Pure,
                                             InferTypeOpAdaptor]> {
  let summary = "a constant Python number or 0-dim tensor";
  let description = [{
    A scalar constant (f64, i64 or i1, promoting like a Python number) or a
    0-dim tensor constant (promoting like a 0-dim tensor).

    Example:

    ```mlir
    %half = fuser.constant 5.000000e-01 : f64
    %two = fuser.constant 2 : i64
    %t = fuser.constant dense<3.0> : tensor<f16>
    ```
  }];
  let arguments = (ins TypedAttrInterface:$value);
  let results = (outs Fuser_TensorOrScalar:$result);
  let assemblyFormat = "$value attr-dict";
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// Checks that `value` can be a constant of `type`: an f64, i64 or i1
    /// number, or a dense 0-dim tensor. Reports through `emitError` if given.
    static ::llvm::LogicalResult verifyValue(
        ::mlir::TypedAttr value, ::mlir::Type type,
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError);
  }];
}

//===----------------------------------------------------------------------===//
// Chunk and concat
//===----------------------------------------------------------------------===//

def Fuser_ChunkOp : Fuser_Op<"chunk", [Fuser_InGroup, Pure,
                                       InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "split a group argument into equal chunks";
  let description = [{
    Splits `input` into `chunks` equal slices along `dim` (negative dims
    count from the end and are normalised by folding). The size along `dim`
    must be divisible by `chunks` (checked at run time when it is dynamic).
    There are at most 65536 chunks.

    `input` must be an argument of the enclosing `fuser.group` with no other
    use: kernels read each chunk in place from the unsplit tensor.

    Example:

    ```mlir
    %i, %f, %g, %o = fuser.chunk %gates into 4 along 1 : tensor<?x?xf32>
    ```
  }];
  // At most kMaxChunks (FuserOps.h) chunks.
  let arguments = (ins Fuser_Tensor:$input, ConfinedAttr<I64Attr,
                       [IntMinValue<1>, IntMaxValue<65536>]>:$chunks,
                   I64Attr:$dim);
  let results = (outs Variadic<Fuser_Tensor>:$results);
  let assemblyFormat =
      "$input `into` $chunks `along` $dim attr-dict `:` type($input)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Fuser_ConcatOp : Fuser_Op<"concat", [Fuser_InGroup, Pure,
                                         InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "concatenate results into one group output";
  let description = [{
    Concatenates `inputs` along `dim` (negative dims are normalised by
    folding). All inputs have the same rank and the same sizes outside
    `dim`; the element type is their promotion (as torch.cat).

    The result may only be returned by the group's terminator: kernels
    write each input directly into its slice of one output buffer.

    Example:

    ```mlir
    %r = fuser.concat %a, %b along 0 : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Variadic<Fuser_Tensor>:$inputs, I64Attr:$dim);
  let results = (outs Fuser_Tensor:$result);
  let assemblyFormat = "$inputs `along` $dim attr-dict `:` type($inputs) `->` "
                       "type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Groups
//===----------------------------------------------------------------------===//

def Fuser_GroupOp : Fuser_Op<"group", [FunctionOpInterface, IsolatedFromAbove,
                                       Symbol]> {
  let summary = "a fusion group";
  let description = [{
    A DAG of pointwise ops that runs as one kernel. Tensor arguments come
    first, then scalar `f64` arguments (runtime Python floats); results are
    tensors. Groups are shape-agnostic: dimensions are normally dynamic and
    kernels are specialised per argument spec (element types, layouts),
    never per size. The body holds only `fuser` ops and ends in `fuser.yield`.

    Example:

    ```mlir
    fuser.group @scale_add(%x: tensor<?x?xf32>, %b: tensor<?xf32>, %s: f64)
        -> tensor<?x?xf32> {
      %0 = fuser.mul %x, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
      %1 = fuser.add %0, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
      fuser.yield %1 : tensor<?x?xf32>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                   TypeAttrOf<FunctionType>:$function_type,
                   OptionalAttr<StrAttr>:$sym_visibility,
                   OptionalAttr<DictArrayAttr>:$arg_attrs,
                   OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name, "::mlir::FunctionType":$type)>
  ];
  let extraClassDeclaration = [{
    /// FunctionOpInterface.
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    ::mlir::Region *getCallableRegion() { return &getBody(); }

    /// Number of leading tensor arguments.
    unsigned getNumTensorArguments();
    /// The terminator.
    YieldOp getYield();
  }];
}

def Fuser_YieldOp : Fuser_Op<"yield", [Pure, Fuser_InGroup,
                                       ReturnLike, Terminator]> {
  let summary = "group terminator";
  let description = [{
    Returns the group's results; their types must match the group signature.

    Example:

    ```mlir
    fuser.yield %a, %b : tensor<?xf32>, tensor<?xi1>
    ```
  }];
  let arguments = (ins Variadic<Fuser_Tensor>:$results);
  let assemblyFormat = "($results^ `:` type($results))? attr-dict";
  let hasVerifier = 1;
}

#endif // FUSER_OPS_TD
