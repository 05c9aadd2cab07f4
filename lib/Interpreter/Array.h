//===- Array.h - Dense arrays of the reference interpreter ------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Values during interpretation: dense row-major arrays holding elements in the
// computation type of their dtype (f16/bf16 as float), conversions between
// computation types with PyTorch's rules, and broadcast iteration.
//
//===----------------------------------------------------------------------===//

#ifndef FUSER_LIB_INTERPRETER_ARRAY_H
#define FUSER_LIB_INTERPRETER_ARRAY_H

#include "FuserDialect/Support/DType.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

namespace fuser::interp {

using Shape = std::vector<int64_t>;

inline int64_t numel(const Shape &shape) {
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  return n;
}

template <typename T>
struct Tag {
  using type = T;
};

/// Calls `f(Tag<T>{})` with T the computation type of `d`.
template <typename F>
decltype(auto) dispatchCompute(DType d, F &&f) {
  switch (d) {
  case DType::Bool:
    return f(Tag<bool>{});
  case DType::UInt8:
    return f(Tag<uint8_t>{});
  case DType::Int8:
    return f(Tag<int8_t>{});
  case DType::Int16:
    return f(Tag<int16_t>{});
  case DType::Int32:
    return f(Tag<int32_t>{});
  case DType::Int64:
    return f(Tag<int64_t>{});
  case DType::Float16:
  case DType::BFloat16:
  case DType::Float32:
    return f(Tag<float>{});
  case DType::Float64:
    return f(Tag<double>{});
  }
  return f(Tag<float>{});
}

/// Converts between computation types as Tensor.to(dtype) does: to bool tests
/// for non-zero (NaN is true); float to integer truncates towards zero and
/// saturates, with NaN giving 0 (PyTorch leaves out-of-range conversions
/// undefined; this is what CUDA's conversion instructions do), except that
/// float to uint8 goes through int64 and wraps as eager does on every
/// platform (-1.0 gives 255); integer to integer wraps.
template <typename To, typename From>
inline To convertValue(From v) {
  if constexpr (std::is_same_v<To, uint8_t> && std::is_floating_point_v<From>) {
    return static_cast<uint8_t>(convertValue<int64_t>(v));
  } else if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else if constexpr (std::is_floating_point_v<To>) {
    return static_cast<To>(v);
  } else if constexpr (std::is_floating_point_v<From>) {
    if (std::isnan(v))
      return To(0);
    From t = std::trunc(v);
    if (t <= static_cast<From>(std::numeric_limits<To>::min()))
      return std::numeric_limits<To>::min();
    if (t >= static_cast<From>(std::numeric_limits<To>::max()))
      return std::numeric_limits<To>::max();
    return static_cast<To>(t);
  } else {
    return static_cast<To>(v);
  }
}

/// A dense row-major array of `dtype` values in their computation type.
struct Array {
  DType dtype;
  Shape shape;
  std::vector<char> bytes;

  Array(DType dtype, Shape shape) : dtype(dtype), shape(std::move(shape)) {
    size_t width = dispatchCompute(
        dtype, [](auto tag) { return sizeof(typename decltype(tag)::type); });
    bytes.resize(static_cast<size_t>(numel(this->shape)) * width);
  }
  template <typename T>
  T *data() {
    return reinterpret_cast<T *>(bytes.data());
  }
  template <typename T>
  const T *data() const {
    return reinterpret_cast<const T *>(bytes.data());
  }
  int64_t size() const { return numel(shape); }
};
using ArrayPtr = std::shared_ptr<Array>;

/// Calls f(linear index, source offset) for every element of `shape` in
/// row-major order, where the source has the given (possibly 0) strides.
template <typename F>
void forEachOffset(const Shape &shape, const std::vector<int64_t> &strides,
                   F &&f) {
  int64_t n = numel(shape);
  if (n == 0)
    return;
  size_t rank = shape.size();
  if (rank == 0) {
    f(int64_t(0), int64_t(0));
    return;
  }
  std::vector<int64_t> index(rank, 0);
  int64_t offset = 0;
  int64_t inner = shape[rank - 1], innerStride = strides[rank - 1];
  for (int64_t linear = 0; linear < n; linear += inner) {
    for (int64_t k = 0; k < inner; ++k)
      f(linear + k, offset + k * innerStride);
    for (size_t d = rank - 1; d-- > 0;) {
      offset += strides[d];
      if (++index[d] < shape[d])
        break;
      offset -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
}

/// Strides that read a dense array of shape `from` broadcast to `to`.
inline std::vector<int64_t> broadcastStrides(const Shape &from,
                                             const Shape &to) {
  std::vector<int64_t> strides(to.size(), 0);
  int64_t stride = 1;
  size_t offset = to.size() - from.size();
  for (size_t i = from.size(); i-- > 0;) {
    strides[offset + i] = from[i] == 1 ? 0 : stride;
    stride *= from[i];
  }
  return strides;
}

/// The elements of `a` broadcast to `shape`, converted to T. (A plain array:
/// std::vector<bool> would not hold real bools.)
template <typename T>
std::unique_ptr<T[]> expandAs(const Array &a, const Shape &shape) {
  auto out = std::make_unique<T[]>(static_cast<size_t>(numel(shape)));
  dispatchCompute(a.dtype, [&](auto tag) {
    using S = typename decltype(tag)::type;
    const S *src = a.data<S>();
    forEachOffset(shape, broadcastStrides(a.shape, shape),
                  [&](int64_t i, int64_t off) {
                    out[i] = convertValue<T>(src[off]);
                  });
  });
  return out;
}

} // namespace fuser::interp

#endif // FUSER_LIB_INTERPRETER_ARRAY_H
