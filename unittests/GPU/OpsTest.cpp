//===- OpsTest.cpp - Every op and dtype on the GPU ------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Every op of the dialect (FuserOps.td), for every element type it accepts,
// as a one-op group run by the CUDA backend (runFusionKernel on cuda:0) and
// by the reference interpreter (runFusionFallback on the same values on the
// host). One test per op (and attribute variant); the dtypes are looped over
// inside it and each failure names its dtype.
//
// Inputs: 2085 elements (not a multiple of any vector width: the vector
// kernel's tail runs too): special values first (for binary ops every pair
// of specials), then ordinary random values. Each case runs twice: on
// 16-byte aligned tensors (vector kernel) and on the same values one element
// into their storage (unaligned: the scalar kernel), which must reuse the
// compiled kernel.
//
// Exact ops must match bitwise (any NaN matches any NaN, the sign of zero
// counts). Ops that call libdevice (the interpreter calls glibc's libm) are
// compared within the bounds of kToleranceTable below.
//
//===----------------------------------------------------------------------===//

#include "GPU/GPUTestUtil.h"

using namespace fuser;
using namespace fuser::gputest;

namespace {

//===----------------------------------------------------------------------===//
// Tolerances
//===----------------------------------------------------------------------===//

/// Largest difference allowed between the GPU and the interpreter, per op.
/// `f32` and `f64` are in ulps of the output type: the documented maximum
/// error of the libdevice function (CUDA Math API, compute capability >= 5.2)
/// plus glibc's (libm-test-ulps) plus one for the roundings around it;
/// composite ops add the error carried through their formula. Outputs of type
/// f16/bf16 are computed in f32 and rounded once on both sides, so they may
/// differ by 1 ulp of the output type. `abs` adds abs * ulp(1.0) (times
/// max(1, |x|) for gelu, whose 1 + erf(x) cancels for x < 0) for results that
/// cancel to near zero. All of them allow results below the smallest normal
/// to differ by that much (libdevice flushes some subnormal results).
/// Ops not listed are exact: they must match bit for bit.
struct OpTolerance {
  const char *op;
  double f32, f64, abs;
  bool scaleByInput;
  const char *why;
};

// clang-format off
const OpTolerance kToleranceTable[] = {
//  op            f32   f64   abs  scale  libdevice bound (f32/f64) + glibc
  {"exp",          4,    3,    0, false, "expf 2, exp 1; glibc 1"},
  {"expm1",        3,    3,    0, false, "expm1f 1, expm1 1; glibc 1"},
  {"log",          3,    3,    0, false, "logf 1, log 1; glibc 1"},
  {"log2",         3,    4,    0, false, "log2f 1, log2 1; glibc 1/2"},
  {"log10",        5,    4,    0, false, "log10f 2, log10 1; glibc 2"},
  {"log1p",        3,    3,    0, false, "log1pf 1, log1p 1; glibc 1"},
  {"lgamma",      12,    8,    4, false, "lgammaf 6, lgamma 4 (x >= -2 only); glibc 7/4; zeros at 1, 2"},
  {"sin",          4,    4,    1, false, "sinf 2, sin 2; glibc 1"},
  {"cos",          4,    4,    1, false, "cosf 2, cos 2; glibc 1"},
  {"tan",          6,    4,    1, false, "tanf 4, tan 2; glibc 1"},
  {"asin",         4,    4,    0, false, "asinf 2, asin 2; glibc 1"},
  {"acos",         4,    4,    0, false, "acosf 2, acos 2; glibc 1"},
  {"atan",         4,    4,    0, false, "atanf 2, atan 2; glibc 1"},
  {"sinh",         6,    5,    0, false, "sinhf 3, sinh 2; glibc 2"},
  {"cosh",         5,    4,    0, false, "coshf 2, cosh 1; glibc 2"},
  {"tanh",         5,    4,    0, false, "tanhf 2, tanh 1; glibc 2"},
  {"erf",          4,    4,    0, false, "erff 2, erf 2; glibc 1"},
  {"erfc",         8,   11,    0, false, "erfcf 4, erfc 5; glibc 3/5"},
  {"pow",         10,    4,    0, false, "powf 4 (up to 8 reported), pow 2; glibc 1"},
  {"atan2",        6,    4,    0, false, "atan2f 3, atan2 2; glibc 2/1"},
  {"sigmoid",      6,    5,    0, false, "1 / (1 + exp(-x)): exp's error, two roundings"},
  {"logit",        4,    4,    0, false, "log(x / (1 - x)): log's error"},
  {"silu",         6,    5,    0, false, "x / (1 + exp(-x))"},
  {"softplus",     8,    6,    0, false, "log1p(exp(b x)) / b"},
  {"mish",        10,    8,    0, false, "x * tanh(log1p(exp(x)))"},
  {"elu",          4,    4,    0, false, "expm1's error, one multiply"},
  {"gelu",         6,    5,    2, true,  "0.5 x (1 + erf(x / sqrt 2)): erf's absolute error times x/2"},
  {"gelu_tanh",    8,    6,    4, true,  "tanh form; x^3 evaluated in another order (known bug)"},
  // sqrt is sqrt.rn (libdevice's __nv_fsqrt_rn/__nv_dsqrt_rn) and rsqrt is
  // 1/sqrt with both steps correctly rounded, as on the CPU: bitwise equal
  // (GPURegressions.SqrtF32IsCorrectlyRounded).
  {"sqrt",         0,    0,    0, false, "sqrt.rn, as sqrtf"},
  {"rsqrt",        0,    0,    0, false, "rcp.rn(sqrt.rn(x)), as 1 / sqrtf(x)"},
};
// clang-format on

const OpTolerance *toleranceEntry(const std::string &key) {
  for (const OpTolerance &t : kToleranceTable)
    if (key == t.op)
      return &t;
  return nullptr;
}

/// The tolerance of `key` (the op, or "gelu_tanh") for an output of `d`;
/// `input` is the op's first input (for gelu's scaling). Bitwise when the op
/// is exact or the output is not floating point.
Tolerance toleranceFor(const std::string &key, DType d, TensorView input) {
  const OpTolerance *t = toleranceEntry(key);
  if (!t || !isFloating(d))
    return bitwise();
  double ulps = d == DType::Float64 ? t->f64 : t->f32;
  Tolerance tol;
  if (d == DType::Float16 || d == DType::BFloat16)
    ulps = 1;
  if (ulps == 0 && t->abs == 0)
    return bitwise();
  tol.ulps = ulps;
  tol.absUlps = t->abs;
  tol.flush = true;
  if (t->scaleByInput)
    tol.scale = [input](int64_t i) {
      return loadDouble(input.dtype, elementPtr(input, i));
    };
  return tol;
}

//===----------------------------------------------------------------------===//
// The op variants
//===----------------------------------------------------------------------===//

/// Which element types an op accepts (its OperandRule).
enum class Accepts { Any, NoBool, FloatOnly, IntOrBool };
/// How the result type follows from the (equal) operand types.
enum class Result { Same, ToFloat, Bool };
/// Operand forms.
enum class Form {
  Unary,       ///< %r = op %x
  Binary,      ///< %r = op %x, %y
  Where,       ///< where %c, %x, %y
  Clamp,       ///< clamp %x min %lo max %hi (tensors)
  ClampMin,    ///< clamp %x min %lo (tensor)
  ClampScalar, ///< clamp %x min %lo max %hi (f64 scalars)
  Lerp,        ///< lerp %a, %b, %w (tensor weight)
  LerpScalar,  ///< lerp %a, %b, %w (f64 weight)
  Addcmul,     ///< addcmul %a, %b, %c
  ScalarRhs,   ///< %r = op %x, %s (f64 scalar)
  RandLike,    ///< rand_like %x
};

struct OpVariant {
  std::string label;  ///< test name
  std::string op;     ///< mnemonic
  Form form;
  Accepts accepts;
  Result result;
  /// Text after the operands (attributes, `rounding_mode`, `approximate`) for
  /// float, integer and bool operands.
  std::string floatAttrs = "", intAttrs = "", boolAttrs = "";
  /// Tolerance table key (default: the op).
  std::string tolerance = "";
  /// Only these dtypes (empty: all that `accepts` allows).
  std::vector<DType> only = {};
  /// f64 scalar arguments (ClampScalar, LerpScalar, ScalarRhs).
  std::vector<double> scalars = {};
};

/// gtest prints a parameter of a failing test with this.
void PrintTo(const OpVariant &v, std::ostream *os) { *os << v.label; }

bool accepts(Accepts a, DType d) {
  switch (a) {
  case Accepts::Any:
    return true;
  case Accepts::NoBool:
    return d != DType::Bool;
  case Accepts::FloatOnly:
    return isFloating(d);
  case Accepts::IntOrBool:
    return !isFloating(d);
  }
  return false;
}

DType resultOf(Result r, DType d) {
  switch (r) {
  case Result::Same:
    return d;
  case Result::ToFloat:
    return isFloating(d) ? d : DType::Float32;
  case Result::Bool:
    return DType::Bool;
  }
  return d;
}

std::vector<OpVariant> opVariants() {
  std::vector<OpVariant> v;
  auto unary = [&](std::string op, Accepts a, Result r, std::string attrs = "",
                   std::string label = "", std::string tol = "") {
    OpVariant o{label.empty() ? op : label, op, Form::Unary, a, r};
    o.floatAttrs = o.intAttrs = o.boolAttrs = attrs;
    o.tolerance = tol;
    v.push_back(o);
  };
  // Unary math.
  for (const char *op : {"abs", "neg", "relu", "ceil", "floor", "trunc",
                         "round"})
    unary(op, Accepts::NoBool, Result::Same);
  unary("sign", Accepts::Any, Result::Same);
  unary("frac", Accepts::FloatOnly, Result::Same);
  for (const char *op :
       {"sigmoid", "log", "log10", "log1p", "log2", "lgamma", "exp", "expm1",
        "erf", "erfc", "cos", "acos", "cosh", "sin", "asin", "sinh", "tan",
        "atan", "tanh", "sqrt", "rsqrt", "reciprocal", "logit"})
    unary(op, Accepts::Any, Result::ToFloat);
  unary("logit", Accepts::FloatOnly, Result::ToFloat,
        " {eps = 1.000000e-06 : f64}", "logit_eps");
  // Activations.
  unary("gelu", Accepts::FloatOnly, Result::Same);
  unary("gelu", Accepts::FloatOnly, Result::Same, " approximate tanh",
        "gelu_tanh", "gelu_tanh");
  for (const char *op : {"silu", "mish", "hardsigmoid", "hardswish",
                         "softplus", "elu", "leaky_relu"})
    unary(op, Accepts::FloatOnly, Result::Same);
  unary("softplus", Accepts::FloatOnly, Result::Same,
        " {beta = 2.000000e+00 : f64, threshold = 5.000000e+00 : f64}",
        "softplus_attrs");
  unary("elu", Accepts::FloatOnly, Result::Same,
        " {alpha = 1.6732632423543772 : f64, input_scale = 5.000000e-01 : "
        "f64, scale = 1.0507009873554805 : f64}",
        "elu_attrs");
  unary("leaky_relu", Accepts::FloatOnly, Result::Same,
        " {negative_slope = 2.000000e-01 : f64}", "leaky_relu_attrs");
  unary("threshold", Accepts::NoBool, Result::Same,
        " {threshold = 5.000000e-01 : f64, value = -2.000000e+00 : f64}");
  unary("logical_not", Accepts::Any, Result::Bool);
  unary("bitwise_not", Accepts::IntOrBool, Result::Same);

  auto binary = [&](std::string op, Accepts a, Result r,
                    std::string label = "", std::string fAttrs = "",
                    std::string iAttrs = "", std::string bAttrs = "") {
    OpVariant o{label.empty() ? op : label, op, Form::Binary, a, r};
    o.floatAttrs = fAttrs;
    o.intAttrs = iAttrs;
    o.boolAttrs = bAttrs;
    v.push_back(o);
  };
  // Binary arithmetic.
  binary("add", Accepts::Any, Result::Same);
  // A bool add with an integer alpha other than 0 and 1 is a known bug
  // (DifferentialKnownBugs.DISABLED_BoolAddIntegerAlpha): alpha = true.
  binary("add", Accepts::Any, Result::Same, "add_alpha",
         " {alpha = 5.000000e-01 : f64}", " {alpha = 3 : i64}",
         " {alpha = true}");
  binary("sub", Accepts::NoBool, Result::Same);
  binary("sub", Accepts::NoBool, Result::Same, "sub_alpha",
         " {alpha = -2.500000e+00 : f64}", " {alpha = -2 : i64}");
  binary("mul", Accepts::Any, Result::Same);
  binary("div", Accepts::Any, Result::ToFloat);
  binary("div", Accepts::NoBool, Result::Same, "div_trunc",
         " rounding_mode trunc", " rounding_mode trunc");
  binary("div", Accepts::NoBool, Result::Same, "div_floor",
         " rounding_mode floor", " rounding_mode floor");
  for (const char *op : {"fmod", "remainder", "pow"})
    binary(op, Accepts::NoBool, Result::Same);
  binary("atan2", Accepts::Any, Result::ToFloat);
  binary("max", Accepts::Any, Result::Same);
  binary("min", Accepts::Any, Result::Same);
  // Comparisons, logical and bitwise ops.
  for (const char *op : {"eq", "ne", "lt", "le", "gt", "ge", "logical_and",
                         "logical_or", "logical_xor"})
    binary(op, Accepts::Any, Result::Bool);
  for (const char *op : {"bitwise_and", "bitwise_or", "bitwise_xor"})
    binary(op, Accepts::IntOrBool, Result::Same);

  // A Python-float (f64 scalar) right operand, float tensors only (it would
  // promote an integer tensor to f32).
  auto scalarRhs = [&](std::string op, Result r, double s) {
    OpVariant o{op + "_scalar", op, Form::ScalarRhs, Accepts::FloatOnly, r};
    o.scalars = {s};
    v.push_back(o);
  };
  scalarRhs("add", Result::Same, 0.1);
  scalarRhs("mul", Result::Same, -2.5);
  scalarRhs("div", Result::Same, 3.0);
  scalarRhs("pow", Result::Same, 1.5);
  scalarRhs("max", Result::Same, 0.5);
  scalarRhs("lt", Result::Bool, 0.1);
  scalarRhs("eq", Result::Bool, 0.5);

  // Ternary ops.
  v.push_back({"where", "where", Form::Where, Accepts::Any, Result::Same});
  v.push_back({"clamp", "clamp", Form::Clamp, Accepts::NoBool, Result::Same});
  v.push_back(
      {"clamp_min", "clamp", Form::ClampMin, Accepts::NoBool, Result::Same});
  {
    OpVariant o{"clamp_scalar", "clamp", Form::ClampScalar,
                Accepts::FloatOnly, Result::Same};
    o.scalars = {-0.5, 2.25};
    v.push_back(o);
  }
  v.push_back({"lerp", "lerp", Form::Lerp, Accepts::FloatOnly, Result::Same});
  {
    OpVariant o{"lerp_scalar", "lerp", Form::LerpScalar, Accepts::FloatOnly,
                Result::Same};
    o.scalars = {0.75};
    v.push_back(o);
  }
  v.push_back(
      {"addcmul", "addcmul", Form::Addcmul, Accepts::NoBool, Result::Same});
  {
    OpVariant o{"addcmul_value", "addcmul", Form::Addcmul, Accepts::NoBool,
                Result::Same};
    o.floatAttrs = " {value = 5.000000e-01 : f64}";
    o.intAttrs = " {value = 3 : i64}";
    v.push_back(o);
  }
  // Random numbers (bitwise: same seed and offset on both sides).
  v.push_back({"rand_like", "rand_like", Form::RandLike, Accepts::FloatOnly,
               Result::Same});
  return v;
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

constexpr int64_t kElements = 2085; // 2085 % 16 == 5: a tail for every width

/// Input `which` of `count` for an op: specials first (for two or more
/// inputs, inputs 0 and 1 take every pair of specials), then ordinary values.
Tensor opInput(const std::string &op, DType d, int which, int count,
               uint64_t seed) {
  std::mt19937_64 gen(seed * 7919 + static_cast<uint64_t>(which) * 104729 +
                      static_cast<uint64_t>(d));
  Tensor t = Tensor::empty(d, {kElements}, Device::cpu());
  auto at = [&](int64_t i) {
    return static_cast<char *>(t.view.data) +
           i * static_cast<int64_t>(elementSize(d));
  };
  bool grid = count >= 2 && which < 2;
  if (isFloating(d)) {
    Doubles sp = specialFloats();
    int64_t s = static_cast<int64_t>(sp.size());
    for (int64_t i = 0; i < kElements; ++i) {
      double v;
      if (grid && i < s * s)
        v = sp[static_cast<size_t>(which == 0 ? i / s : i % s)];
      else if (!grid && i < s)
        v = sp[static_cast<size_t>(i)];
      else
        v = ordinaryFloat(gen, i);
      // lgamma: libdevice's bound does not hold below -2 (it cancels near
      // the zeros of lgamma at -2.457, -2.747, ...), glibc's neither; and
      // libdevice may flush a subnormal input to 0 (lgamma +inf instead of
      // about 96).
      if (op == "lgamma" && std::isfinite(v) && v < -2.0)
        v = std::fmod(-v, 30.0);
      if (op == "lgamma" && v != 0 && std::fabs(v) < 1e-30)
        v = std::copysign(1e-5, v);
      storeDouble(d, at(i), v);
    }
    return t;
  }
  Ints sp = d == DType::Bool ? Ints{0, 1} : intSpecials(d);
  int64_t s = static_cast<int64_t>(sp.size());
  for (int64_t i = 0; i < kElements; ++i) {
    int64_t v;
    if (grid && i < s * s)
      v = sp[static_cast<size_t>(which == 0 ? i / s : i % s)];
    else if (!grid && i < s)
      v = sp[static_cast<size_t>(i)];
    else
      v = randomIntOf(gen, d);
    // Integer pow: keep exponents small so that results do not all wrap to
    // 0 or +-1 (any exponent is still exact on both sides).
    if (op == "pow" && which == 1 && i >= s * s)
      v = wrapTo(d, v % 9);
    storeInt(d, at(i), v);
  }
  return t;
}

//===----------------------------------------------------------------------===//
// Group text
//===----------------------------------------------------------------------===//

struct OpCase {
  std::string source;
  std::vector<DType> inputs; ///< tensor inputs
  std::vector<double> scalars;
  DType result;
};

OpCase makeCase(const OpVariant &v, DType d) {
  OpCase c;
  DType r = resultOf(v.result, d);
  c.result = r;
  c.scalars = v.scalars;
  std::string T = ty(d, 1), R = ty(r, 1), B = ty(DType::Bool, 1);
  std::string attrs = isFloating(d)          ? v.floatAttrs
                      : d == DType::Bool ? v.boolAttrs
                                             : v.intAttrs;
  std::vector<std::pair<std::string, std::string>> args;
  std::string body;
  switch (v.form) {
  case Form::Unary:
    c.inputs = {d};
    args = {{"x", T}};
    body = "%r = fuser." + v.op + " %x" + attrs + " : (" + T + ") -> " + R;
    break;
  case Form::Binary:
    c.inputs = {d, d};
    args = {{"x", T}, {"y", T}};
    body = "%r = fuser." + v.op + " %x, %y" + attrs + " : (" + T + ", " + T +
           ") -> " + R;
    break;
  case Form::ScalarRhs:
    c.inputs = {d};
    args = {{"x", T}, {"s", "f64"}};
    body = "%r = fuser." + v.op + " %x, %s : (" + T + ", f64) -> " + R;
    break;
  case Form::Where:
    c.inputs = {DType::Bool, d, d};
    args = {{"c", B}, {"x", T}, {"y", T}};
    body = "%r = fuser.where %c, %x, %y : (" + B + ", " + T + ", " + T +
           ") -> " + R;
    break;
  case Form::Clamp:
    c.inputs = {d, d, d};
    args = {{"x", T}, {"lo", T}, {"hi", T}};
    body = "%r = fuser.clamp %x min %lo max %hi : (" + T + ", " + T + ", " +
           T + ") -> " + R;
    break;
  case Form::ClampMin:
    c.inputs = {d, d};
    args = {{"x", T}, {"lo", T}};
    body = "%r = fuser.clamp %x min %lo : (" + T + ", " + T + ") -> " + R;
    break;
  case Form::ClampScalar:
    c.inputs = {d};
    args = {{"x", T}, {"lo", "f64"}, {"hi", "f64"}};
    body = "%r = fuser.clamp %x min %lo max %hi : (" + T +
           ", f64, f64) -> " + R;
    break;
  case Form::Lerp:
    c.inputs = {d, d, d};
    args = {{"a", T}, {"b", T}, {"w", T}};
    body = "%r = fuser.lerp %a, %b, %w : (" + T + ", " + T + ", " + T +
           ") -> " + R;
    break;
  case Form::LerpScalar:
    c.inputs = {d, d};
    args = {{"a", T}, {"b", T}, {"w", "f64"}};
    body = "%r = fuser.lerp %a, %b, %w : (" + T + ", " + T + ", f64) -> " + R;
    break;
  case Form::Addcmul:
    c.inputs = {d, d, d};
    args = {{"a", T}, {"b", T}, {"c", T}};
    body = "%r = fuser.addcmul %a, %b, %c" + attrs + " : (" + T + ", " + T +
           ", " + T + ") -> " + R;
    break;
  case Form::RandLike:
    c.inputs = {d};
    args = {{"x", T}};
    body = "%r = fuser.rand_like %x : (" + T + ") -> " + R;
    break;
  }
  c.source = groupSource(args, body, R);
  return c;
}

//===----------------------------------------------------------------------===//
// Running one case
//===----------------------------------------------------------------------===//

/// Runs `c` on the GPU (aligned, then one element off) and on the
/// interpreter; ADD_FAILUREs on any difference beyond `tolKey`'s tolerance.
void checkCase(const std::string &label, const std::string &tolKey,
               const std::string &op, DType d, const OpCase &c) {
  std::string what = label + " (" + name(d) + ")";
  int64_t key;
  try {
    key = registerFusion(c.source);
  } catch (const std::exception &e) {
    ADD_FAILURE() << what << ": the group does not register: " << e.what()
                  << "\n"
                  << c.source;
    return;
  }
  std::vector<Tensor> values;
  std::vector<Mirrored> aligned, unaligned;
  std::vector<Argument> hostArgs, alignedArgs, unalignedArgs;
  std::vector<TensorView> logical;
  int count = static_cast<int>(c.inputs.size());
  for (int i = 0; i < count; ++i) {
    values.push_back(opInput(op, c.inputs[i], i, count, 20240611));
    logical.push_back(values.back().view);
    aligned.push_back(mirror(values.back().view));
    unaligned.push_back(mirror(values.back().view, {}, 1));
    hostArgs.push_back(aligned.back().host);
    alignedArgs.push_back(aligned.back().device);
    unalignedArgs.push_back(unaligned.back().device);
  }
  for (double s : c.scalars) {
    hostArgs.push_back(s);
    alignedArgs.push_back(s);
    unalignedArgs.push_back(s);
  }

  std::string problem;
  std::vector<Tensor> reference = runOnInterpreter(key, hostArgs, problem);
  std::vector<Tensor> got = runOnGPU(key, alignedArgs, problem);
  size_t compiled = nCompiledKernels();
  std::vector<Tensor> gotUnaligned;
  if (problem.empty())
    gotUnaligned = runOnGPU(key, unalignedArgs, problem);
  if (problem.empty() && nCompiledKernels() != compiled)
    problem += "the unaligned run compiled another kernel (same layout)\n";
  if (problem.empty()) {
    Tolerance tol = toleranceFor(tolKey, c.result,
                                 logical.empty() ? TensorView() : logical[0]);
    Context context = inputsAt(logical);
    problem += compareOutputs(got, reference, {tol},
                              what + ", aligned (vector kernel)", context);
    problem += compareOutputs(gotUnaligned, reference, {tol},
                              what + ", one element off (scalar kernel)",
                              context);
  }
  if (!problem.empty()) {
    std::ostringstream os;
    os << what << ":\n" << c.source;
    for (double s : c.scalars)
      os << "scalar argument " << s << "\n";
    ADD_FAILURE() << os.str() << problem;
  }
}

class GPUOps : public CUDATest,
               public ::testing::WithParamInterface<OpVariant> {};

TEST_P(GPUOps, MatchesInterpreter) {
  const OpVariant &v = GetParam();
  std::string tolKey = v.tolerance.empty() ? v.op : v.tolerance;
  int ran = 0;
  for (DType d : kAllTypes) {
    if (!accepts(v.accepts, d))
      continue;
    if (!v.only.empty() &&
        std::find(v.only.begin(), v.only.end(), d) == v.only.end())
      continue;
    SCOPED_TRACE(v.label + " on " + name(d));
    checkCase(v.label, tolKey, v.op, d, makeCase(v, d));
    ++ran;
  }
  EXPECT_GT(ran, 0) << "no dtype was tested";
}

INSTANTIATE_TEST_SUITE_P(
    AllOps, GPUOps, ::testing::ValuesIn(opVariants()),
    [](const ::testing::TestParamInfo<OpVariant> &info) {
      return info.param.label;
    });

//===----------------------------------------------------------------------===//
// Casts: every pair of distinct dtypes.
//===----------------------------------------------------------------------===//

class GPUCasts : public CUDATest {};

TEST_F(GPUCasts, EveryPairOfDTypes) {
  for (DType from : kAllTypes)
    for (DType to : kAllTypes) {
      if (from == to)
        continue;
      SCOPED_TRACE("cast " + name(from) + " to " + name(to));
      OpCase c;
      c.inputs = {from};
      c.result = to;
      c.source = groupSource({{"x", ty(from, 1)}},
                             "%r = fuser.cast %x : " + ty(from, 1) + " to " +
                                 ty(to, 1),
                             ty(to, 1));
      checkCase("cast " + name(from) + " -> " + name(to), "cast", "cast",
                from, c);
    }
}

TEST_F(GPUCasts, TypeAs) {
  const std::pair<DType, DType> pairs[] = {
      {DType::Float32, DType::Float16},  {DType::Int32, DType::BFloat16},
      {DType::Bool, DType::Float64},     {DType::Float64, DType::Int8},
      {DType::Float16, DType::UInt8},    {DType::Int64, DType::Bool}};
  for (auto [from, to] : pairs) {
    SCOPED_TRACE("type_as " + name(from) + " like " + name(to));
    OpCase c;
    c.inputs = {from, to};
    c.result = to;
    c.source = groupSource({{"x", ty(from, 1)}, {"y", ty(to, 1)}},
                           "%r = fuser.type_as %x, %y : (" + ty(from, 1) +
                               ", " + ty(to, 1) + ") -> " + ty(to, 1),
                           ty(to, 1));
    checkCase("type_as " + name(from) + " -> " + name(to), "type_as",
              "type_as", from, c);
  }
}

//===----------------------------------------------------------------------===//
// rand_like with a dtype attribute (from non-float inputs too).
//===----------------------------------------------------------------------===//

TEST_F(GPUCasts, RandLikeWithDType) {
  const std::pair<DType, DType> pairs[] = {
      {DType::Bool, DType::Float16},    {DType::Int32, DType::Float32},
      {DType::Float32, DType::BFloat16}, {DType::UInt8, DType::Float64},
      {DType::Float16, DType::Float32}};
  for (auto [from, to] : pairs) {
    SCOPED_TRACE("rand_like of " + name(from) + " as " + name(to));
    OpCase c;
    c.inputs = {from};
    c.result = to;
    c.source = groupSource(
        {{"x", ty(from, 1)}},
        "%r = fuser.rand_like %x {dtype = " + std::string(mlirName(to)) +
            "} : (" + ty(from, 1) + ") -> " + ty(to, 1),
        ty(to, 1));
    checkCase("rand_like " + name(from) + " -> " + name(to), "rand_like",
              "rand_like", from, c);
  }
}

//===----------------------------------------------------------------------===//
// Regressions: bugs found on the GPU, fixed.
//===----------------------------------------------------------------------===//

class GPURegressions : public CUDATest {};

// f32 sqrt used to lower to sqrt.approx.f32 (libdevice's __nv_sqrtf, whose
// __nvvm_reflect("__CUDA_PREC_SQRT") is 0 since nothing sets it) and
// 1 / sqrt(x) to rsqrt.approx.f32; torch.sqrt on CUDA is correctly rounded,
// as the interpreter's sqrtf is. The emitter now calls __nv_fsqrt_rn.
TEST_F(GPURegressions, SqrtF32IsCorrectlyRounded) {
  for (DType d : {DType::Float32, DType::Int32}) {
    OpCase c;
    c.inputs = {d};
    c.result = DType::Float32;
    c.source = groupSource({{"x", ty(d, 1)}},
                           "%r = fuser.sqrt %x : (" + ty(d, 1) + ") -> " +
                               ty(DType::Float32, 1),
                           ty(DType::Float32, 1));
    checkCase("sqrt (exact)", "sqrt_exact", "sqrt", d, c);
  }
}

} // namespace
