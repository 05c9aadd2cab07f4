//===- ScalarOps.h - Element semantics of the fuser ops ---------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// One function per op family computing one element in computation type T,
// following PyTorch eager (CPU) semantics. These are the reference the
// compiled backends are checked against.
//
//===----------------------------------------------------------------------===//

#ifndef FUSER_LIB_INTERPRETER_SCALAROPS_H
#define FUSER_LIB_INTERPRETER_SCALAROPS_H

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace fuser::interp {

template <typename T>
inline constexpr bool isFloat = std::is_floating_point_v<T>;
template <typename T>
inline constexpr bool isBool = std::is_same_v<T, bool>;

/// Integer arithmetic wraps (two's complement), as PyTorch's does.
template <typename T>
inline T wrapAdd(T a, T b) {
  return static_cast<T>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
template <typename T>
inline T wrapSub(T a, T b) {
  return static_cast<T>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
template <typename T>
inline T wrapMul(T a, T b) {
  return static_cast<T>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

template <typename T>
inline T addOp(T a, T b, T alpha, bool hasAlpha) {
  if constexpr (isBool<T>)
    return a || (b && alpha);
  else if constexpr (isFloat<T>)
    return hasAlpha ? a + alpha * b : a + b;
  else
    return wrapAdd(a, hasAlpha ? wrapMul(alpha, b) : b);
}

template <typename T>
inline T subOp(T a, T b, T alpha, bool hasAlpha) {
  if constexpr (isFloat<T>)
    return hasAlpha ? a - alpha * b : a - b;
  else
    return wrapSub(a, hasAlpha ? wrapMul(alpha, b) : b);
}

template <typename T>
inline T mulOp(T a, T b) {
  if constexpr (isBool<T>)
    return a && b;
  else if constexpr (isFloat<T>)
    return a * b;
  else
    return wrapMul(a, b);
}

// Integer division by zero raises in eager CPU PyTorch; a fused kernel cannot
// raise, so the result is defined as 0 (see docs/Rationale.md).
template <typename T>
inline T divTruncInt(T a, T b) {
  if (b == 0)
    return 0;
  if constexpr (std::is_signed_v<T>)
    if (b == T(-1))
      return wrapSub(T(0), a); // INT_MIN / -1 wraps
  return static_cast<T>(a / b);
}

template <typename T>
inline T divFloorInt(T a, T b) {
  if (b == 0)
    return 0;
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1))
      return wrapSub(T(0), a);
    T q = static_cast<T>(a / b);
    T r = static_cast<T>(a % b);
    if (r != 0 && ((r < 0) != (b < 0)))
      --q;
    return q;
  } else {
    return static_cast<T>(a / b);
  }
}

/// Floor division of floats, computed through fmod so that the quotient is
/// exact where a / b would round (as c10's div_floor_floating).
template <typename T>
inline T divFloorFloat(T a, T b) {
  if (b == 0)
    return a / b;
  T mod = std::fmod(a, b);
  T div = (a - mod) / b;
  if (mod != 0 && ((b < 0) != (mod < 0)))
    div -= T(1);
  T floordiv;
  if (div != 0) {
    floordiv = std::floor(div);
    if (div - floordiv > T(0.5))
      floordiv += T(1);
  } else {
    floordiv = std::copysign(T(0), a / b);
  }
  return floordiv;
}

template <typename T>
inline T fmodOp(T a, T b) {
  if constexpr (isFloat<T>)
    return std::fmod(a, b);
  else {
    if (b == 0)
      return 0;
    if constexpr (std::is_signed_v<T>)
      if (b == T(-1))
        return 0;
    return static_cast<T>(a % b);
  }
}

/// Python-style modulo: the result has the sign of the divisor.
template <typename T>
inline T remainderOp(T a, T b) {
  if constexpr (isFloat<T>) {
    T mod = std::fmod(a, b);
    if (mod != 0 && ((b < 0) != (mod < 0)))
      mod += b;
    return mod;
  } else {
    T r = fmodOp(a, b);
    if constexpr (std::is_signed_v<T>)
      if (r != 0 && ((r < 0) != (b < 0)))
        r = wrapAdd(r, b);
    return r;
  }
}

template <typename T>
inline T powOp(T a, T b) {
  if constexpr (isFloat<T>) {
    return std::pow(a, b);
  } else {
    // Integer power by squaring, wrapping; negative exponents give 0 except
    // for bases 1 and -1 (as PyTorch's integral pow kernel).
    if constexpr (std::is_signed_v<T>) {
      if (b < 0) {
        if (a == 1)
          return 1;
        if (a == -1)
          return (b & 1) ? T(-1) : T(1);
        return 0;
      }
    }
    T result = 1;
    T base = a;
    auto e = static_cast<std::make_unsigned_t<T>>(b);
    while (e) {
      if (e & 1)
        result = wrapMul(result, base);
      base = wrapMul(base, base);
      e >>= 1;
    }
    return result;
  }
}

/// max / min propagate the first NaN; equal values give the second operand,
/// so max(-0.0, +0.0) is +0.0 and max(+0.0, -0.0) is -0.0, as eager's SIMD
/// body (maxps / minps) computes them (its scalar tail returns the first
/// operand instead; docs/research/eager-semantics-notes.md section 3).
template <typename T>
inline T maxOp(T a, T b) {
  if constexpr (isFloat<T>) {
    if (std::isnan(a))
      return a;
    if (std::isnan(b))
      return b;
  }
  return a > b ? a : b;
}

template <typename T>
inline T minOp(T a, T b) {
  if constexpr (isFloat<T>) {
    if (std::isnan(a))
      return a;
    if (std::isnan(b))
      return b;
  }
  return a < b ? a : b;
}

template <typename T>
inline T absOp(T a) {
  if constexpr (isFloat<T>)
    return std::fabs(a);
  else if constexpr (std::is_signed_v<T>)
    return a < 0 ? wrapSub(T(0), a) : a;
  else
    return a;
}

template <typename T>
inline T negOp(T a) {
  if constexpr (isFloat<T>)
    return -a;
  else
    return wrapSub(T(0), a);
}

/// relu is clamp_min(x, 0): NaN and -0.0 pass through.
template <typename T>
inline T reluOp(T a) {
  return a < T(0) ? T(0) : a;
}

template <typename T>
inline T signOp(T a) {
  if constexpr (isBool<T>)
    return a;
  else
    return static_cast<T>((T(0) < a) - (a < T(0)));
}

/// torch.lerp: the two-branch form keeps lerp(a, b, 1) == b exactly; eager's
/// CPU kernel contracts each branch into one fused multiply-add.
template <typename T>
inline T lerpOp(T a, T b, T w) {
  T diff = b - a;
  return std::fabs(w) < T(0.5) ? std::fma(w, diff, a)
                               : std::fma(w - T(1), diff, b);
}

template <typename T>
inline T sigmoidOp(T x) {
  return T(1) / (T(1) + std::exp(-x));
}

/// gelu as eager's CPU and CUDA kernels evaluate it (GeluKernelImpl): for
/// the tanh form x^3 is computed first, as (x * x) * x, then scaled by kappa.
template <typename T>
inline T geluOp(T x, bool tanhApprox) {
  if (tanhApprox) {
    const T kBeta = T(0.7978845608028654);  // sqrt(2 / pi)
    const T kKappa = T(0.044715);
    T cube = x * x * x;
    T inner = kBeta * (x + kKappa * cube);
    return T(0.5) * x * (T(1) + std::tanh(inner));
  }
  const T kAlpha = T(0.7071067811865476); // 1 / sqrt(2)
  return x * T(0.5) * (T(1) + std::erf(x * kAlpha));
}

template <typename T>
inline T softplusOp(T x, T beta, T threshold) {
  return x * beta > threshold ? x : std::log1p(std::exp(x * beta)) / beta;
}

template <typename T>
inline T hardsigmoidOp(T x) {
  T r = std::fmin(std::fmax(x + T(3), T(0)), T(6)) / T(6);
  return std::isnan(x) ? x : r;
}

template <typename T>
inline T logitOp(T x, bool hasEps, T eps) {
  if (hasEps) {
    T lo = eps, hi = T(1) - eps;
    x = x < lo ? lo : (x > hi ? hi : x);
  }
  return std::log(x / (T(1) - x));
}

} // namespace fuser::interp

#endif // FUSER_LIB_INTERPRETER_SCALAROPS_H
