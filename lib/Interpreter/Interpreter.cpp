//===- Interpreter.cpp - Reference evaluation of fusion groups ------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Op-at-a-time evaluation: every value is materialised as a dense array of its
// own (broadcast) shape, exactly as eager PyTorch would run the group unfused,
// so groups whose outputs have different shapes or uneven chunks still run.
// Arrays are freed after their last use.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Interpreter/Interpreter.h"
#include "FuserDialect/Support/Broadcast.h"
#include "FuserDialect/Support/Half.h"
#include "FuserDialect/Support/Philox.h"

#include "Array.h"
#include "ScalarOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <string>

using namespace fuser;
using namespace fuser::interp;
namespace ir = mlir::fuser;

namespace {

std::string shapeStr(const Shape &s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i)
    r += (i ? ", " : "") + std::to_string(s[i]);
  return r + "]";
}

DType dtypeOf(mlir::Type type) {
  return *ir::getDType(mlir::getElementTypeOrSelf(type));
}

/// Evaluates one group invocation.
class Evaluator {
public:
  Evaluator(ir::GroupOp group, const InterpreterOptions &options)
      : group(group), options(options) {}

  std::vector<Tensor> run(const std::vector<Argument> &inputs);

private:
  ArrayPtr get(mlir::Value v) {
    auto it = values.find(v);
    if (it == values.end())
      throw Error("internal error: value used before definition");
    return it->second;
  }
  void set(mlir::Value v, ArrayPtr a) { values[v] = std::move(a); }

  Shape broadcastShape(mlir::Operation *op,
                       const std::vector<ArrayPtr> &operands);
  void evaluate(mlir::Operation *op);
  ArrayPtr loadInput(const TensorView &view);
  Tensor storeOutput(const Array &a, DType dtype);

  /// Applies `f` elementwise over broadcast operands computed in `compute`
  /// (a dtype), producing an array of `result` dtype, which is `compute` or
  /// Bool. `f` receives a Tag of the result's computation type and values of
  /// the computation type of `compute`.
  template <size_t N, typename F>
  ArrayPtr mapElements(mlir::Operation *op, DType compute, DType result,
                       const std::vector<ArrayPtr> &operands, F &&f);

  ir::GroupOp group;
  const InterpreterOptions &options;
  llvm::DenseMap<mlir::Value, ArrayPtr> values;
  unsigned randomIndex = 0;
};

Shape Evaluator::broadcastShape(mlir::Operation *op,
                                const std::vector<ArrayPtr> &operands) {
  std::vector<int64_t> shape;
  for (size_t i = 0; i < operands.size(); ++i) {
    if (auto m = broadcastInto(shape, operands[i]->shape))
      throw Error("'" + op->getName().getStringRef().str() + "': operand #" +
                  std::to_string(i) + " of shape " +
                  shapeStr(operands[i]->shape) +
                  " does not broadcast with the operands before it (shape " +
                  shapeStr(shape) + ")");
  }
  return shape;
}

template <size_t N, typename F>
ArrayPtr Evaluator::mapElements(mlir::Operation *op, DType compute,
                                DType result,
                                const std::vector<ArrayPtr> &operands, F &&f) {
  Shape shape = broadcastShape(op, operands);
  auto out = std::make_shared<Array>(result, shape);
  auto run = [&](auto ctag, auto rtag) {
    using T = typename decltype(ctag)::type;
    using R = typename decltype(rtag)::type;
    R *dst = out->data<R>();
    int64_t n = out->size();
    if (operands.size() != N)
      throw Error("internal error: unexpected operand count");
    if constexpr (N == 1) {
      auto a = expandAs<T>(*operands[0], shape);
      for (int64_t i = 0; i < n; ++i)
        dst[i] = f(rtag, a[i]);
    } else if constexpr (N == 2) {
      auto a = expandAs<T>(*operands[0], shape);
      auto b = expandAs<T>(*operands[1], shape);
      for (int64_t i = 0; i < n; ++i)
        dst[i] = f(rtag, a[i], b[i]);
    } else {
      auto a = expandAs<T>(*operands[0], shape);
      auto b = expandAs<T>(*operands[1], shape);
      auto c = expandAs<T>(*operands[2], shape);
      for (int64_t i = 0; i < n; ++i)
        dst[i] = f(rtag, a[i], b[i], c[i]);
    }
  };
  // Results are either of the computation type or bool (comparisons).
  dispatchCompute(compute, [&](auto ctag) {
    if (result == DType::Bool)
      run(ctag, Tag<bool>{});
    else
      run(ctag, ctag);
  });
  return out;
}

/// Reads a strided host tensor into a dense array in computation type.
ArrayPtr Evaluator::loadInput(const TensorView &view) {
  auto out = std::make_shared<Array>(view.dtype, view.sizes);
  auto read = [&](auto storeTag, auto convert) {
    using S = typename decltype(storeTag)::type;
    const S *src = static_cast<const S *>(view.data);
    dispatchCompute(view.dtype, [&](auto ctag) {
      using T = typename decltype(ctag)::type;
      T *dst = out->data<T>();
      forEachOffset(view.sizes, view.strides, [&](int64_t i, int64_t off) {
        dst[i] = static_cast<T>(convert(src[off]));
      });
    });
  };
  auto same = [](auto v) { return v; };
  switch (view.dtype) {
  case DType::Float16:
    read(Tag<uint16_t>{}, [](uint16_t h) { return halfToFloat(h); });
    break;
  case DType::BFloat16:
    read(Tag<uint16_t>{}, [](uint16_t h) { return bfloat16ToFloat(h); });
    break;
  case DType::Bool:
    read(Tag<uint8_t>{}, [](uint8_t b) { return b != 0; });
    break;
  default:
    dispatchCompute(view.dtype, [&](auto tag) { read(tag, same); });
  }
  return out;
}

/// Writes an array into a new contiguous host tensor of `dtype`, rounding
/// f16/bf16.
Tensor Evaluator::storeOutput(const Array &a, DType dtype) {
  Tensor t = Tensor::empty(dtype, a.shape, Device::cpu());
  int64_t n = a.size();
  dispatchCompute(a.dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T *src = a.data<T>();
    if (dtype == DType::Float16 || dtype == DType::BFloat16) {
      auto *dst = static_cast<uint16_t *>(t.view.data);
      for (int64_t i = 0; i < n; ++i) {
        float f = convertValue<float>(src[i]);
        dst[i] = dtype == DType::Float16 ? floatToHalf(f) : floatToBFloat16(f);
      }
      return;
    }
    if (dtype == DType::Bool) {
      auto *dst = static_cast<uint8_t *>(t.view.data);
      for (int64_t i = 0; i < n; ++i)
        dst[i] = convertValue<bool>(src[i]) ? 1 : 0;
      return;
    }
    dispatchCompute(dtype, [&](auto rtag) {
      using R = typename decltype(rtag)::type;
      R *dst = static_cast<R *>(t.view.data);
      for (int64_t i = 0; i < n; ++i)
        dst[i] = convertValue<R>(src[i]);
    });
  });
  return t;
}

/// A 0-dim array holding a constant attribute.
ArrayPtr constantArray(mlir::TypedAttr attr) {
  mlir::Type type = attr.getType();
  DType dtype = dtypeOf(type);
  auto out = std::make_shared<Array>(dtype, Shape{});
  auto fill = [&](auto value) {
    dispatchCompute(dtype, [&](auto tag) {
      using T = typename decltype(tag)::type;
      *out->data<T>() = convertValue<T>(value);
    });
  };
  mlir::Attribute element = attr;
  if (auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(attr))
    element = dense.getSplatValue<mlir::Attribute>();
  if (auto f = llvm::dyn_cast<mlir::FloatAttr>(element)) {
    fill(f.getValueAsDouble());
  } else {
    auto i = llvm::cast<mlir::IntegerAttr>(element);
    if (i.getType().isInteger(1))
      fill(!i.getValue().isZero());
    else if (i.getType().isUnsignedInteger())
      fill(static_cast<uint64_t>(i.getValue().getZExtValue()));
    else
      fill(static_cast<int64_t>(i.getValue().getSExtValue()));
  }
  return out;
}

/// A Python-number attribute (alpha, value) as a double and whether present.
double scalarAttr(mlir::Attribute attr, double defaultValue) {
  if (!attr)
    return defaultValue;
  if (auto f = llvm::dyn_cast<mlir::FloatAttr>(attr))
    return f.getValueAsDouble();
  auto i = llvm::cast<mlir::IntegerAttr>(attr);
  return i.getType().isInteger(1) ? (i.getValue().isZero() ? 0.0 : 1.0)
                                  : static_cast<double>(i.getInt());
}

/// Integer alpha/value kept exact for int64 results.
int64_t scalarAttrInt(mlir::Attribute attr) {
  if (!attr)
    return 1;
  if (auto i = llvm::dyn_cast<mlir::IntegerAttr>(attr))
    return i.getType().isInteger(1) ? !i.getValue().isZero() : i.getInt();
  return static_cast<int64_t>(llvm::cast<mlir::FloatAttr>(attr)
                                  .getValueAsDouble());
}

/// The promoted dtype of an op's operands (the comparison type).
DType promotedOperandType(mlir::Operation *op) {
  ResultTypeState state;
  for (mlir::Type t : op->getOperandTypes()) {
    auto cls = ir::classifyOperand(t);
    state.add(cls->first, cls->second);
  }
  return *state.result();
}

/// Explicit casts convert with Tensor.to semantics and round to f16/bf16
/// precision.
ArrayPtr castArray(const Array &in, DType result) {
  auto out = std::make_shared<Array>(result, in.shape);
  dispatchCompute(in.dtype, [&](auto itag) {
    using S = typename decltype(itag)::type;
    dispatchCompute(result, [&](auto rtag) {
      using R = typename decltype(rtag)::type;
      const S *src = in.data<S>();
      R *dst = out->data<R>();
      for (int64_t i = 0, n = in.size(); i < n; ++i) {
        R v = convertValue<R>(src[i]);
        if constexpr (std::is_same_v<R, float>) {
          if (result == DType::Float16)
            v = roundToHalf(v);
          else if (result == DType::BFloat16)
            v = roundToBFloat16(v);
        }
        dst[i] = v;
      }
    });
  });
  return out;
}

template <typename T, typename V>
constexpr T as(V v) {
  return convertValue<T>(v);
}

} // namespace

void Evaluator::evaluate(mlir::Operation *op) {
  std::vector<ArrayPtr> operands;
  for (mlir::Value v : op->getOperands())
    operands.push_back(get(v));
  DType result = op->getNumResults() ? dtypeOf(op->getResult(0).getType())
                                     : DType::Bool;

  // Unary ops computed in the result's computation type.
  auto unary = [&](auto fn) {
    set(op->getResult(0),
        mapElements<1>(op, result, result, operands,
                    [&](auto rtag, auto x) {
                      using R = typename decltype(rtag)::type;
                      return static_cast<R>(fn(x));
                    }));
  };
  // Float math: the lambda only exists for floating computation types.
  auto floatMath = [&](auto fn) {
    unary([&](auto x) {
      using T = decltype(x);
      if constexpr (isFloat<T>)
        return static_cast<T>(fn(x));
      else
        return x; // unreachable: verified result types are float
    });
  };
  // Binary and ternary ops computed in the result's computation type.
  auto binary = [&](auto fn) {
    set(op->getResult(0),
        mapElements<2>(op, result, result, operands,
                       [&](auto rtag, auto x, auto y) {
                         using R = typename decltype(rtag)::type;
                         return static_cast<R>(fn(x, y));
                       }));
  };
  auto ternary = [&](auto fn) {
    set(op->getResult(0),
        mapElements<3>(op, result, result, operands,
                       [&](auto rtag, auto x, auto y, auto z) {
                         using R = typename decltype(rtag)::type;
                         return static_cast<R>(fn(x, y, z));
                       }));
  };
  // Operands compare as values of their promoted type. f16/bf16 compute in
  // float, so each operand is rounded to that type first: eager's
  // TensorIterator casts every input to the common dtype before comparing,
  // Python numbers and 0-dim tensors (`f16_tensor == 0.1` compares with
  // 0.0999755859375, spec 7.2 item 3) as well as integer tensors, and
  // f16/bf16 intermediates are values of their type in eager (rounded after
  // every op).
  auto compare = [&](auto pred) {
    DType common = promotedOperandType(op);
    set(op->getResult(0),
        mapElements<2>(op, common, DType::Bool, operands,
                       [&](auto, auto a, auto b) -> bool {
                         if constexpr (std::is_same_v<decltype(a), float>) {
                           if (common == DType::Float16) {
                             a = roundToHalf(a);
                             b = roundToHalf(b);
                           } else if (common == DType::BFloat16) {
                             a = roundToBFloat16(a);
                             b = roundToBFloat16(b);
                           }
                         }
                         return pred(a, b);
                       }));
  };
  auto logical = [&](auto fn) {
    set(op->getResult(0),
        mapElements<2>(op, DType::Bool, DType::Bool, operands,
                       [&](auto, bool a, bool b) -> bool { return fn(a, b); }));
  };

  llvm::TypeSwitch<mlir::Operation *>(op)
      .Case([&](ir::ConstantOp c) {
        set(c.getResult(), constantArray(c.getValue()));
      })
      // Unary, same type.
      .Case([&](ir::AbsOp) { unary([](auto x) { return absOp(x); }); })
      .Case([&](ir::NegOp) { unary([](auto x) { return negOp(x); }); })
      .Case([&](ir::ReluOp) { unary([](auto x) { return reluOp(x); }); })
      .Case([&](ir::SignOp) { unary([](auto x) { return signOp(x); }); })
      .Case([&](ir::CeilOp) {
        unary([](auto x) {
          if constexpr (isFloat<decltype(x)>)
            return std::ceil(x);
          else
            return x;
        });
      })
      .Case([&](ir::FloorOp) {
        unary([](auto x) {
          if constexpr (isFloat<decltype(x)>)
            return std::floor(x);
          else
            return x;
        });
      })
      .Case([&](ir::TruncOp) {
        unary([](auto x) {
          if constexpr (isFloat<decltype(x)>)
            return std::trunc(x);
          else
            return x;
        });
      })
      .Case([&](ir::RoundOp) {
        unary([](auto x) {
          if constexpr (isFloat<decltype(x)>)
            return std::nearbyint(x); // half to even
          else
            return x;
        });
      })
      .Case([&](ir::FracOp) {
        floatMath([](auto x) { return x - std::trunc(x); });
      })
      .Case([&](ir::BitwiseNotOp) {
        unary([](auto x) {
          using T = decltype(x);
          if constexpr (isBool<T>)
            return !x;
          else if constexpr (isFloat<T>)
            return x; // unreachable: verified integral
          else
            return static_cast<T>(~x);
        });
      })
      .Case([&](ir::LogicalNotOp) {
        set(op->getResult(0),
            mapElements<1>(op, DType::Bool, DType::Bool, operands,
                           [](auto, bool x) -> bool { return !x; }));
      })
      // Float math.
      .Case([&](ir::SigmoidOp) {
        floatMath([](auto x) { return sigmoidOp(x); });
      })
      .Case([&](ir::LogOp) { floatMath([](auto x) { return std::log(x); }); })
      .Case(
          [&](ir::Log10Op) { floatMath([](auto x) { return std::log10(x); }); })
      .Case(
          [&](ir::Log1pOp) { floatMath([](auto x) { return std::log1p(x); }); })
      .Case([&](ir::Log2Op) { floatMath([](auto x) { return std::log2(x); }); })
      .Case([&](ir::LgammaOp) {
        floatMath([](auto x) { return std::lgamma(x); });
      })
      .Case([&](ir::ExpOp) { floatMath([](auto x) { return std::exp(x); }); })
      .Case(
          [&](ir::Expm1Op) { floatMath([](auto x) { return std::expm1(x); }); })
      .Case([&](ir::ErfOp) { floatMath([](auto x) { return std::erf(x); }); })
      .Case([&](ir::ErfcOp) { floatMath([](auto x) { return std::erfc(x); }); })
      .Case([&](ir::CosOp) { floatMath([](auto x) { return std::cos(x); }); })
      .Case([&](ir::AcosOp) { floatMath([](auto x) { return std::acos(x); }); })
      .Case([&](ir::CoshOp) { floatMath([](auto x) { return std::cosh(x); }); })
      .Case([&](ir::SinOp) { floatMath([](auto x) { return std::sin(x); }); })
      .Case([&](ir::AsinOp) { floatMath([](auto x) { return std::asin(x); }); })
      .Case([&](ir::SinhOp) { floatMath([](auto x) { return std::sinh(x); }); })
      .Case([&](ir::TanOp) { floatMath([](auto x) { return std::tan(x); }); })
      .Case([&](ir::AtanOp) { floatMath([](auto x) { return std::atan(x); }); })
      .Case([&](ir::TanhOp) { floatMath([](auto x) { return std::tanh(x); }); })
      .Case([&](ir::SqrtOp) { floatMath([](auto x) { return std::sqrt(x); }); })
      .Case([&](ir::RsqrtOp) {
        floatMath([](auto x) { return decltype(x)(1) / std::sqrt(x); });
      })
      .Case([&](ir::ReciprocalOp) {
        floatMath([](auto x) { return decltype(x)(1) / x; });
      })
      .Case([&](ir::LogitOp l) {
        std::optional<llvm::APFloat> eps = l.getEps();
        double e = eps ? eps->convertToDouble() : 0.0;
        floatMath([&](auto x) {
          using T = decltype(x);
          return logitOp(x, eps.has_value(), static_cast<T>(e));
        });
      })
      // Activations.
      .Case([&](ir::GeluOp g) {
        bool tanhApprox = g.getApproximate() == ir::GeluApproximation::tanh;
        floatMath([&](auto x) { return geluOp(x, tanhApprox); });
      })
      .Case([&](ir::SiluOp) {
        floatMath([](auto x) { return x / (decltype(x)(1) + std::exp(-x)); });
      })
      .Case([&](ir::MishOp) {
        floatMath([](auto x) { return x * std::tanh(std::log1p(std::exp(x))); });
      })
      .Case([&](ir::HardsigmoidOp) {
        floatMath([](auto x) { return hardsigmoidOp(x); });
      })
      .Case([&](ir::HardswishOp) {
        floatMath([](auto x) {
          using T = decltype(x);
          T r = x * std::fmin(std::fmax(x + T(3), T(0)), T(6)) / T(6);
          return std::isnan(x) ? x : r;
        });
      })
      .Case([&](ir::SoftplusOp s) {
        double beta = s.getBeta().convertToDouble();
        double threshold = s.getThreshold().convertToDouble();
        floatMath([&](auto x) {
          using T = decltype(x);
          return softplusOp(x, T(beta), T(threshold));
        });
      })
      .Case([&](ir::EluOp e) {
        double alpha = e.getAlpha().convertToDouble();
        double scale = e.getScale().convertToDouble();
        double inputScale = e.getInputScale().convertToDouble();
        floatMath([&](auto x) {
          using T = decltype(x);
          return x < T(0) ? std::expm1(x * T(inputScale)) * T(alpha * scale)
                          : x * T(scale);
        });
      })
      .Case([&](ir::LeakyReluOp l) {
        double slope = l.getNegativeSlope().convertToDouble();
        floatMath([&](auto x) {
          using T = decltype(x);
          return x > T(0) ? x : x * T(slope);
        });
      })
      .Case([&](ir::ThresholdOp t) {
        double threshold = t.getThreshold().convertToDouble();
        double value = t.getValue().convertToDouble();
        unary([&](auto x) {
          using T = decltype(x);
          return x <= as<T>(threshold) ? as<T>(value) : x;
        });
      })
      // Binary arithmetic.
      .Case([&](ir::AddOp a) {
        mlir::Attribute alpha = a.getAlphaAttr();
        double ad = scalarAttr(alpha, 1.0);
        int64_t ai = scalarAttrInt(alpha);
        binary([&](auto x, auto y) {
          using T = decltype(x);
          T al = isFloat<T> ? as<T>(ad) : as<T>(ai);
          return addOp(x, y, al, alpha != nullptr);
        });
      })
      .Case([&](ir::SubOp s) {
        mlir::Attribute alpha = s.getAlphaAttr();
        double ad = scalarAttr(alpha, 1.0);
        int64_t ai = scalarAttrInt(alpha);
        binary([&](auto x, auto y) {
          using T = decltype(x);
          T al = isFloat<T> ? as<T>(ad) : as<T>(ai);
          return subOp(x, y, al, alpha != nullptr);
        });
      })
      .Case([&](ir::MulOp) { binary([](auto x, auto y) { return mulOp(x, y); }); })
      .Case([&](ir::DivOp d) {
        ir::RoundingMode mode = d.getRoundingMode();
        binary([&](auto x, auto y) {
          using T = decltype(x);
          if constexpr (isFloat<T>) {
            if (mode == ir::RoundingMode::floor)
              return divFloorFloat(x, y);
            T q = x / y;
            return mode == ir::RoundingMode::trunc ? std::trunc(q) : q;
          } else if constexpr (isBool<T>) {
            return x; // unreachable: bool is not a div result
          } else {
            return mode == ir::RoundingMode::floor ? divFloorInt(x, y)
                                                   : divTruncInt(x, y);
          }
        });
      })
      .Case([&](ir::FmodOp) {
        binary([](auto x, auto y) {
          if constexpr (isBool<decltype(x)>)
            return x;
          else
            return fmodOp(x, y);
        });
      })
      .Case([&](ir::RemainderOp) {
        binary([](auto x, auto y) {
          if constexpr (isBool<decltype(x)>)
            return x;
          else
            return remainderOp(x, y);
        });
      })
      .Case([&](ir::PowOp) {
        binary([](auto x, auto y) {
          if constexpr (isBool<decltype(x)>)
            return x;
          else
            return powOp(x, y);
        });
      })
      .Case([&](ir::Atan2Op) {
        binary([](auto x, auto y) {
          if constexpr (isFloat<decltype(x)>)
            return std::atan2(x, y);
          else
            return x;
        });
      })
      .Case([&](ir::MaxOp) { binary([](auto x, auto y) { return maxOp(x, y); }); })
      .Case([&](ir::MinOp) { binary([](auto x, auto y) { return minOp(x, y); }); })
      .Case([&](ir::BitwiseAndOp) {
        binary([](auto x, auto y) {
          using T = decltype(x);
          if constexpr (isFloat<T>)
            return x;
          else
            return static_cast<T>(x & y);
        });
      })
      .Case([&](ir::BitwiseOrOp) {
        binary([](auto x, auto y) {
          using T = decltype(x);
          if constexpr (isFloat<T>)
            return x;
          else
            return static_cast<T>(x | y);
        });
      })
      .Case([&](ir::BitwiseXorOp) {
        binary([](auto x, auto y) {
          using T = decltype(x);
          if constexpr (isFloat<T>)
            return x;
          else
            return static_cast<T>(x ^ y);
        });
      })
      // Comparisons in the promoted operand type.
      .Case([&](ir::EqOp) { compare([](auto a, auto b) { return a == b; }); })
      .Case([&](ir::NeOp) { compare([](auto a, auto b) { return a != b; }); })
      .Case([&](ir::LtOp) { compare([](auto a, auto b) { return a < b; }); })
      .Case([&](ir::LeOp) { compare([](auto a, auto b) { return a <= b; }); })
      .Case([&](ir::GtOp) { compare([](auto a, auto b) { return a > b; }); })
      .Case([&](ir::GeOp) { compare([](auto a, auto b) { return a >= b; }); })
      .Case([&](ir::LogicalAndOp) {
        logical([](bool a, bool b) { return a && b; });
      })
      .Case([&](ir::LogicalOrOp) {
        logical([](bool a, bool b) { return a || b; });
      })
      .Case([&](ir::LogicalXorOp) {
        logical([](bool a, bool b) { return a != b; });
      })
      // Ternary.
      .Case([&](ir::WhereOp) {
        // The condition is read as bool, the branches in the result type.
        Shape shape = broadcastShape(op, operands);
        auto out = std::make_shared<Array>(result, shape);
        auto cond = expandAs<uint8_t>(*operands[0], shape);
        dispatchCompute(result, [&](auto tag) {
          using T = typename decltype(tag)::type;
          auto a = expandAs<T>(*operands[1], shape);
          auto b = expandAs<T>(*operands[2], shape);
          T *dst = out->data<T>();
          for (int64_t i = 0, n = out->size(); i < n; ++i)
            dst[i] = cond[i] ? a[i] : b[i];
        });
        set(op->getResult(0), out);
      })
      .Case([&](ir::LerpOp) {
        ternary([](auto a, auto b, auto w) {
          if constexpr (isFloat<decltype(a)>)
            return lerpOp(a, b, w);
          else
            return a;
        });
      })
      .Case([&](ir::AddcmulOp a) {
        mlir::Attribute value = a.getValueAttr();
        double vd = scalarAttr(value, 1.0);
        int64_t vi = scalarAttrInt(value);
        ternary([&](auto x, auto y, auto z) {
          using T = decltype(x);
          T v = isFloat<T> ? as<T>(vd) : as<T>(vi);
          // Eager's CPU kernel computes fma(value * t1, t2, self).
          if constexpr (isFloat<T>)
            return std::fma(value ? v * y : y, z, x);
          else if constexpr (isBool<T>)
            return x || (v && y && z);
          else
            return wrapAdd(x, wrapMul(wrapMul(v, y), z));
        });
      })
      .Case([&](ir::ClampOp c) {
        bool hasMin = static_cast<bool>(c.getMin());
        bool hasMax = static_cast<bool>(c.getMax());
        auto clampFn = [&](auto x, auto lo, auto hi) {
          using T = decltype(x);
          if constexpr (isFloat<T>) {
            if (std::isnan(x))
              return x;
            // A NaN bound gives NaN, as eager's clamp does.
            if ((hasMin && std::isnan(lo)) || (hasMax && std::isnan(hi)))
              return std::numeric_limits<T>::quiet_NaN();
          }
          if (hasMin)
            x = x < lo ? lo : x;
          if (hasMax)
            x = x > hi ? hi : x;
          return x;
        };
        if (hasMin && hasMax)
          ternary(clampFn);
        else
          binary([&](auto x, auto bound) { return clampFn(x, bound, bound); });
      })
      // Casts.
      .Case<ir::CastOp, ir::TypeAsOp>(
          [&](auto) { set(op->getResult(0), castArray(*operands[0], result)); })
      .Case([&](ir::RandLikeOp r) {
        auto out = std::make_shared<Array>(result, operands[0]->shape);
        uint64_t stream = options.offset + randomIndex++;
        dispatchCompute(result, [&](auto tag) {
          using T = typename decltype(tag)::type;
          if constexpr (isFloat<T>) {
            T *dst = out->data<T>();
            for (int64_t i = 0, n = out->size(); i < n; ++i)
              dst[i] = static_cast<T>(uniformFromBits(
                  randomBits(options.seed, stream, static_cast<uint64_t>(i)),
                  result));
          }
        });
        (void)r;
        set(op->getResult(0), out);
      })
      .Case([&](ir::ChunkOp c) {
        // at::chunk semantics: pieces of ceil(size / chunks); a missing
        // piece is an error only if it is used.
        const Array &in = *operands[0];
        int64_t chunks = static_cast<int64_t>(c.getChunks());
        int64_t rank = static_cast<int64_t>(in.shape.size());
        int64_t d = static_cast<int64_t>(c.getDim());
        if (d < 0)
          d += rank;
        size_t dim = static_cast<size_t>(d);
        int64_t size = in.shape[dim];
        int64_t split = (size + chunks - 1) / chunks;
        int64_t outer = 1, inner = 1;
        for (size_t k = 0; k < dim; ++k)
          outer *= in.shape[k];
        for (size_t k = dim + 1; k < in.shape.size(); ++k)
          inner *= in.shape[k];
        size_t width = in.bytes.size() / std::max<size_t>(in.size(), 1);
        for (int64_t k = 0; k < chunks; ++k) {
          mlir::Value res = c.getResult(k);
          int64_t start = k * split;
          if (start >= size && size > 0) {
            if (!res.use_empty())
              throw Error("'fuser.chunk': a size of " + std::to_string(size) +
                          " splits into fewer than " + std::to_string(chunks) +
                          " chunks, but chunk #" + std::to_string(k) +
                          " is used");
            continue;
          }
          int64_t len = std::min(split, size - start);
          Shape shape = in.shape;
          shape[dim] = len;
          auto out = std::make_shared<Array>(in.dtype, shape);
          for (int64_t o = 0; o < outer; ++o)
            std::memcpy(out->bytes.data() + (o * len * inner) * width,
                        in.bytes.data() +
                            ((o * size + start) * inner) * width,
                        static_cast<size_t>(len * inner) * width);
          set(res, out);
        }
      })
      .Case([&](ir::ConcatOp c) {
        int64_t rank = static_cast<int64_t>(operands[0]->shape.size());
        int64_t d = static_cast<int64_t>(c.getDim());
        if (d < 0)
          d += rank;
        size_t dim = static_cast<size_t>(d);
        Shape shape = operands[0]->shape;
        shape[dim] = 0;
        for (size_t i = 0; i < operands.size(); ++i) {
          const Shape &s = operands[i]->shape;
          for (size_t k = 0; k < s.size(); ++k)
            if (k != dim && s[k] != shape[k])
              throw Error("'fuser.concat': operand #" + std::to_string(i) +
                          " of shape " + shapeStr(s) +
                          " does not match the shape of operand #0 " +
                          shapeStr(operands[0]->shape) + " outside dimension " +
                          std::to_string(dim));
          shape[dim] += s[dim];
        }
        auto out = std::make_shared<Array>(result, shape);
        int64_t outer = 1, inner = 1;
        for (size_t k = 0; k < dim; ++k)
          outer *= shape[k];
        for (size_t k = dim + 1; k < shape.size(); ++k)
          inner *= shape[k];
        dispatchCompute(result, [&](auto tag) {
          using T = typename decltype(tag)::type;
          T *dst = out->data<T>();
          int64_t start = 0;
          for (const ArrayPtr &operand : operands) {
            int64_t len = operand->shape[dim];
            auto src = expandAs<T>(*operand, operand->shape);
            for (int64_t o = 0; o < outer; ++o)
              for (int64_t k = 0; k < len * inner; ++k)
                dst[(o * shape[dim] + start) * inner + k] =
                    src[o * len * inner + k];
            start += len;
          }
        });
        set(op->getResult(0), out);
      })
      .Default([&](mlir::Operation *other) {
        throw Error("the interpreter does not support '" +
                    other->getName().getStringRef().str() + "'");
      });

}

std::vector<Tensor> Evaluator::run(const std::vector<Argument> &inputs) {
  mlir::Block &body = group.getBody().front();
  if (inputs.size() != body.getNumArguments())
    throw Error("group @" + group.getSymName().str() + " takes " +
                std::to_string(body.getNumArguments()) + " inputs, got " +
                std::to_string(inputs.size()));
  for (auto [index, arg] : llvm::enumerate(body.getArguments())) {
    if (auto tensorType = llvm::dyn_cast<mlir::RankedTensorType>(arg.getType())) {
      const auto *view = std::get_if<TensorView>(&inputs[index]);
      if (!view)
        throw Error("input #" + std::to_string(index) +
                    " must be a tensor, got a scalar");
      if (view->device.type != DeviceType::CPU)
        throw Error("the interpreter runs on host memory; input #" +
                    std::to_string(index) + " is on " + view->device.str());
      if (view->dtype != dtypeOf(tensorType))
        throw Error("input #" + std::to_string(index) + " has dtype " +
                    std::string(torchName(view->dtype)) +
                    ", but the group expects " +
                    std::string(torchName(dtypeOf(tensorType))));
      if (view->dim() != tensorType.getRank())
        throw Error("input #" + std::to_string(index) + " has rank " +
                    std::to_string(view->dim()) + ", but the group expects " +
                    std::to_string(tensorType.getRank()));
      set(arg, loadInput(*view));
    } else {
      const double *scalar = std::get_if<double>(&inputs[index]);
      if (!scalar)
        throw Error("input #" + std::to_string(index) +
                    " must be a float scalar, got a tensor");
      auto a = std::make_shared<Array>(DType::Float64, Shape{});
      *a->data<double>() = *scalar;
      set(arg, a);
    }
  }

  // Free each array after its last use.
  llvm::DenseMap<mlir::Operation *, llvm::SmallVector<mlir::Value>> lastUses;
  {
    llvm::DenseMap<mlir::Value, mlir::Operation *> last;
    for (mlir::Operation &op : body)
      for (mlir::Value v : op.getOperands())
        last[v] = &op;
    for (auto &[value, op] : last)
      lastUses[op].push_back(value);
  }

  for (mlir::Operation &op : body.without_terminator()) {
    evaluate(&op);
    auto it = lastUses.find(&op);
    if (it != lastUses.end())
      for (mlir::Value v : it->second)
        values.erase(v);
  }

  std::vector<Tensor> outputs;
  for (mlir::Value v : group.getYield().getOperands())
    outputs.push_back(storeOutput(*get(v), dtypeOf(v.getType())));
  return outputs;
}

std::vector<Tensor> fuser::interpretGroup(ir::GroupOp group,
                                          const std::vector<Argument> &inputs,
                                          const InterpreterOptions &options) {
  return Evaluator(group, options).run(inputs);
}
