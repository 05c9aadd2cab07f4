//===- cpu_loops.cpp - Hand-written C++ loops of the bench workloads ------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The CPU baseline of bench/cpu/run_cpu_bench.sh: for every fusion group of
// bench/groups, the same computation written as a plain C++ loop, compiled
// by the host compiler (-O3 -march=native -fopenmp -ffp-contract=off) and
// parallelised with OpenMP over the outer loop.
//
//   cpu_loops gen WORKLOAD DIR SHAPE...
//       writes the inputs DIR/in<i>.npy (uniform in [-2, 2), deterministic);
//   cpu_loops run WORKLOAD DIR [--iters N] [--warmup W] [--seed S]
//                 [--alloc-outputs]
//       loads DIR/in<i>.npy, times the loop (W warm-up runs, then the median
//       of N back-to-back runs) and compares its outputs bit for bit with
//       fuser's, DIR/out<j>.npy (written by `fuser-run --output DIR/out`).
//       --alloc-outputs allocates the outputs inside every timed run the way
//       fuser's runtime does (aligned_alloc, released after the run).
//
// Semantics follow the CPU backend's lowering (lib/Conversion/
// ElementwiseEmitter.cpp): f16 values are computed in f32 and rounded once
// when stored; Python-number operands become f32 constants, except for a
// comparison with an f16 tensor, where the number is rounded to f16 first;
// transcendental functions are the C library's (sinf, expf, erff, ...);
// rand_like follows the Philox contract of Support/Philox.h.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Support/Philox.h"

#include <omp.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

using f16 = _Float16;

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "cpu_loops: error: %s\n", message.c_str());
  std::exit(2);
}

//===----------------------------------------------------------------------===//
// Arrays and .npy files
//===----------------------------------------------------------------------===//

enum class DT { F32, F16 };

size_t dtSize(DT t) { return t == DT::F32 ? 4 : 2; }
const char *dtDescr(DT t) { return t == DT::F32 ? "<f4" : "<f2"; }
const char *dtName(DT t) { return t == DT::F32 ? "f32" : "f16"; }

/// Storage as fuser's CPU allocator makes it: 64-byte aligned, rounded up to
/// 64 bytes.
void *alignedAlloc(size_t bytes) {
  size_t rounded = (std::max<size_t>(bytes, 1) + 63) / 64 * 64;
  void *p = std::aligned_alloc(64, rounded);
  if (!p)
    die("out of memory allocating " + std::to_string(bytes) + " bytes");
  return p;
}

struct Array {
  DT dtype = DT::F32;
  std::vector<int64_t> shape;
  void *data = nullptr;

  Array() = default;
  Array(DT dtype, std::vector<int64_t> shape) : dtype(dtype), shape(shape) {
    data = alignedAlloc(bytes());
  }
  Array(const Array &) = delete;
  Array(Array &&o) noexcept : dtype(o.dtype), shape(o.shape), data(o.data) {
    o.data = nullptr;
  }
  Array &operator=(Array &&o) noexcept {
    std::swap(dtype, o.dtype);
    std::swap(shape, o.shape);
    std::swap(data, o.data);
    return *this;
  }
  ~Array() { std::free(data); }

  int64_t numel() const {
    int64_t n = 1;
    for (int64_t s : shape)
      n *= s;
    return n;
  }
  size_t bytes() const { return size_t(numel()) * dtSize(dtype); }
  template <typename T> T *as() const { return static_cast<T *>(data); }
};

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s.empty() ? "scalar" : s;
}

void writeNpy(const std::string &path, const Array &a) {
  std::string shape = "(";
  for (size_t i = 0; i < a.shape.size(); ++i)
    shape += (i ? ", " : "") + std::to_string(a.shape[i]);
  shape += a.shape.size() == 1 ? ",)" : ")"; // (4,) and (4, 5)
  std::string header = "{'descr': '" + std::string(dtDescr(a.dtype)) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f)
    die("cannot write '" + path + "'");
  const char magic[8] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
  uint16_t len = static_cast<uint16_t>(header.size());
  bool ok = std::fwrite(magic, 1, 8, f) == 8 &&
            std::fwrite(&len, 2, 1, f) == 1 &&
            std::fwrite(header.data(), 1, header.size(), f) == header.size() &&
            std::fwrite(a.data, 1, a.bytes(), f) == a.bytes();
  if (std::fclose(f) != 0 || !ok)
    die("cannot write '" + path + "'");
}

/// The value of `key` in a .npy header dictionary (raw text up to the next
/// top-level comma).
std::string headerValue(const std::string &header, const std::string &key) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos)
    die("npy header without '" + key + "': " + header);
  size_t colon = header.find(':', k);
  size_t start = header.find_first_not_of(' ', colon + 1);
  size_t end = start;
  int depth = 0;
  for (; end < header.size(); ++end) {
    char c = header[end];
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if ((c == ',' || c == '}') && depth == 0)
      break;
  }
  return header.substr(start, end - start);
}

Array readNpy(const std::string &path) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    die("cannot read '" + path + "'");
  char magic[8];
  if (std::fread(magic, 1, 8, f) != 8 || std::memcmp(magic, "\x93NUMPY", 6))
    die("'" + path + "' is not a .npy file");
  uint32_t len = 0;
  if (magic[6] == 1) {
    uint16_t l16;
    if (std::fread(&l16, 2, 1, f) != 1)
      die("truncated '" + path + "'");
    len = l16;
  } else if (std::fread(&len, 4, 1, f) != 1) {
    die("truncated '" + path + "'");
  }
  std::string header(len, '\0');
  if (std::fread(header.data(), 1, len, f) != len)
    die("truncated '" + path + "'");
  std::string descr = headerValue(header, "descr");
  std::string order = headerValue(header, "fortran_order");
  std::string shapeText = headerValue(header, "shape");
  DT dtype;
  if (descr == "'<f4'")
    dtype = DT::F32;
  else if (descr == "'<f2'")
    dtype = DT::F16;
  else
    die("'" + path + "': unsupported dtype " + descr);
  if (order.find("True") != std::string::npos)
    die("'" + path + "': Fortran order is not supported");
  std::vector<int64_t> shape;
  for (size_t i = 0; i < shapeText.size();) {
    if (shapeText[i] >= '0' && shapeText[i] <= '9') {
      size_t j = i;
      while (j < shapeText.size() && shapeText[j] >= '0' && shapeText[j] <= '9')
        ++j;
      shape.push_back(std::stoll(shapeText.substr(i, j - i)));
      i = j;
    } else {
      ++i;
    }
  }
  Array a(dtype, shape);
  if (std::fread(a.data, 1, a.bytes(), f) != a.bytes())
    die("truncated data in '" + path + "'");
  std::fclose(f);
  return a;
}

//===----------------------------------------------------------------------===//
// The loops
//===----------------------------------------------------------------------===//

// Constants as the lowering makes them: the f64 number converted to f32.
constexpr float kHalf = static_cast<float>(0.5);
constexpr float kRsqrt2 = static_cast<float>(0.7071067811865476);
constexpr float kOne = 1.0f;
constexpr float kDropP = static_cast<float>(0.1);
constexpr float kDropScale = static_cast<float>(1.1111111111111112);

inline float sigmoid(float x) { return kOne / (kOne + std::exp(-x)); }

/// lstm_cell: gates (xw, hw: M x 4H; bih, bhh: 4H) chunked 4 ways along the
/// columns; cx: M x H. Outputs hy, cy (M x H).
void lstmCell(const float *__restrict xw, const float *__restrict hw,
              const float *__restrict bih, const float *__restrict bhh,
              const float *__restrict cx, float *__restrict hy,
              float *__restrict cy, int64_t M, int64_t H) {
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < M; ++r) {
    const float *x = xw + r * 4 * H, *h = hw + r * 4 * H;
    const float *c0 = cx + r * H;
    float *hyr = hy + r * H, *cyr = cy + r * H;
    for (int64_t c = 0; c < H; ++c) {
      float u0 = ((x[c] + h[c]) + bih[c]) + bhh[c];
      float u1 = ((x[H + c] + h[H + c]) + bih[H + c]) + bhh[H + c];
      float u2 = ((x[2 * H + c] + h[2 * H + c]) + bih[2 * H + c]) +
                 bhh[2 * H + c];
      float u3 = ((x[3 * H + c] + h[3 * H + c]) + bih[3 * H + c]) +
                 bhh[3 * H + c];
      float i = sigmoid(u0), f = sigmoid(u1), g = std::tanh(u2),
            o = sigmoid(u3);
      float cyv = f * c0[c] + i * g;
      cyr[c] = cyv;
      hyr[c] = o * std::tanh(cyv);
    }
  }
}

/// milstm_cell: gates = alpha * wx * uz + bi * wx + bh * uz + bias, chunked
/// 4 ways; then as lstm_cell.
void milstmCell(const float *__restrict wx, const float *__restrict uz,
                const float *__restrict alpha, const float *__restrict bi,
                const float *__restrict bh, const float *__restrict bias,
                const float *__restrict cx, float *__restrict hy,
                float *__restrict cy, int64_t M, int64_t H) {
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < M; ++r) {
    const float *w = wx + r * 4 * H, *u = uz + r * 4 * H;
    const float *c0 = cx + r * H;
    float *hyr = hy + r * H, *cyr = cy + r * H;
    for (int64_t c = 0; c < H; ++c) {
      float g4[4];
      for (int k = 0; k < 4; ++k) {
        int64_t j = k * H + c;
        float p = alpha[j] * w[j];
        float q = p * u[j];
        float s = q + bi[j] * w[j];
        float v = s + bh[j] * u[j];
        g4[k] = v + bias[j];
      }
      float i = sigmoid(g4[0]), f = sigmoid(g4[1]), g = std::tanh(g4[2]),
            o = sigmoid(g4[3]);
      float cyv = f * c0[c] + i * g;
      cyr[c] = cyv;
      hyr[c] = o * std::tanh(cyv);
    }
  }
}

inline float geluErf(float x) {
  float a = x * kHalf;
  float e = std::erf(x * kRsqrt2);
  return a * (e + kOne);
}

template <typename T>
void gelu(const T *__restrict in, T *__restrict out, int64_t n) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i)
    out[i] = static_cast<T>(geluErf(static_cast<float>(in[i])));
}

/// bias_dropout_residual: res + (x + bias) * (rand_like > 0.1) * 1/0.9, one
/// Philox block per 4 consecutive elements (word i % 4 for element i).
template <typename T>
void biasDropoutResidual(const T *__restrict x, const T *__restrict bias,
                         const T *__restrict res, T *__restrict out,
                         int64_t R, int64_t C, uint64_t seed,
                         uint64_t stream) {
  constexpr bool half = sizeof(T) == 2;
  constexpr unsigned bits = half ? 11 : 24; // uniformBits(f16 / f32)
  constexpr float unit = 1.0f / float(1u << bits);
  // Compared in the tensor's type: 0.1 rounds to f16 for an f16 tensor.
  const float p = half ? float(f16(kDropP)) : kDropP;
  const std::array<uint32_t, 2> key = {uint32_t(seed), uint32_t(seed >> 32)};
  auto element = [&](int64_t i, int64_t c, uint32_t word) {
    float u = float(word >> (32 - bits)) * unit;
    float keep = u > p ? 1.0f : 0.0f;
    float y = float(x[i]) + float(bias[c]);
    out[i] = static_cast<T>(float(res[i]) + (y * keep) * kDropScale);
  };
  if (C % 4 == 0) {
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < R; ++r)
      for (int64_t c = 0; c < C; c += 4) {
        uint64_t block = uint64_t(r * C + c) / 4;
        std::array<uint32_t, 4> w = fuser::philox4x32_10(
            {uint32_t(block), uint32_t(block >> 32), uint32_t(stream),
             uint32_t(stream >> 32)},
            key);
        for (int k = 0; k < 4; ++k)
          element(r * C + c + k, c + k, w[k]);
      }
  } else {
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < R; ++r)
      for (int64_t c = 0; c < C; ++c)
        element(r * C + c, c,
                fuser::randomBits(seed, stream, uint64_t(r * C + c)));
  }
}

/// concat3: cat([x * y, x + y, relu(x - y)], dim=1) of R x C inputs.
void concat3(const float *__restrict x, const float *__restrict y,
             float *__restrict out, int64_t R, int64_t C) {
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < R; ++r) {
    const float *xr = x + r * C, *yr = y + r * C;
    float *o = out + r * 3 * C;
    for (int64_t c = 0; c < C; ++c) {
      float a = xr[c], b = yr[c];
      float d = a - b;
      o[c] = a * b;
      o[C + c] = a + b;
      o[2 * C + c] = d < 0.0f ? 0.0f : d;
    }
  }
}

inline float chain16Element(float x) {
  float y1 = std::sin(x) * 1.5f;
  float y3 = y1 + std::cos(x);
  float y5 = std::tanh(y3) * y3;
  float y7 = y5 - sigmoid(y3);
  float y9 = (-y7) * y7;
  float y12 = std::exp(y9) + std::fabs(y7);
  float y14 = std::sqrt(y12 + kOne);
  float y17 = y14 * std::log1p(std::fabs(x));
  float r = y17 < -2.0f ? -2.0f : y17;
  r = r > 2.0f ? 2.0f : r;
  r = y17 != y17 ? y17 : r; // NaN propagates
  return r * x;
}

void chain16(const float *__restrict in, float *__restrict out, int64_t n) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i)
    out[i] = chain16Element(in[i]);
}

/// broadcast_bias_relu: relu(x + b) * 2 - b, x: R x C, b: C.
void broadcastBiasRelu(const float *__restrict x, const float *__restrict b,
                       float *__restrict out, int64_t R, int64_t C) {
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < R; ++r) {
    const float *xr = x + r * C;
    float *o = out + r * C;
    for (int64_t c = 0; c < C; ++c) {
      float t = xr[c] + b[c];
      float relu = t < 0.0f ? 0.0f : t;
      o[c] = relu * 2.0f - b[c];
    }
  }
}

//===----------------------------------------------------------------------===//
// Workloads
//===----------------------------------------------------------------------===//

struct Workload {
  const char *name;
  DT dtype;
  unsigned nInputs;
  /// Output shapes from the inputs (validates them).
  std::function<std::vector<std::vector<int64_t>>(const std::vector<Array> &)>
      outputs;
  /// Size of the iteration space (elements computed per output slice).
  std::function<int64_t(const std::vector<Array> &)> elements;
  std::function<void(const std::vector<Array> &, const std::vector<void *> &,
                     uint64_t seed)>
      run;
};

void expectRank(const std::vector<Array> &in, size_t i, size_t rank) {
  if (in[i].shape.size() != rank)
    die("input " + std::to_string(i) + " should have rank " +
        std::to_string(rank) + ", has shape " + shapeText(in[i].shape));
}

std::vector<Workload> workloads() {
  std::vector<Workload> w;
  // lstm_cell / milstm_cell: the gates are M x 4H, the vectors 4H, cx M x H.
  auto cellOutputs = [](unsigned nVectors) {
    return [nVectors](const std::vector<Array> &in) {
      expectRank(in, 0, 2);
      int64_t M = in[0].shape[0], H4 = in[0].shape[1];
      if (H4 % 4 || in[1].shape != in[0].shape)
        die("gate inputs must be equal M x 4H");
      for (unsigned k = 0; k < nVectors; ++k)
        if (in[2 + k].shape != std::vector<int64_t>{H4})
          die("bias inputs must have 4H elements");
      if (in[2 + nVectors].shape != std::vector<int64_t>{M, H4 / 4})
        die("cx must be M x H");
      return std::vector<std::vector<int64_t>>{{M, H4 / 4}, {M, H4 / 4}};
    };
  };
  auto cellElements = [](const std::vector<Array> &in) {
    return in[0].numel() / 4;
  };
  w.push_back({"lstm_cell", DT::F32, 5, cellOutputs(2), cellElements,
               [](const std::vector<Array> &in, const std::vector<void *> &out,
                  uint64_t) {
                 lstmCell(in[0].as<float>(), in[1].as<float>(),
                          in[2].as<float>(), in[3].as<float>(),
                          in[4].as<float>(), static_cast<float *>(out[0]),
                          static_cast<float *>(out[1]), in[0].shape[0],
                          in[0].shape[1] / 4);
               }});
  w.push_back({"milstm_cell", DT::F32, 7, cellOutputs(4), cellElements,
               [](const std::vector<Array> &in, const std::vector<void *> &out,
                  uint64_t) {
                 milstmCell(in[0].as<float>(), in[1].as<float>(),
                            in[2].as<float>(), in[3].as<float>(),
                            in[4].as<float>(), in[5].as<float>(),
                            in[6].as<float>(), static_cast<float *>(out[0]),
                            static_cast<float *>(out[1]), in[0].shape[0],
                            in[0].shape[1] / 4);
               }});
  auto sameAsInput0 = [](const std::vector<Array> &in) {
    return std::vector<std::vector<int64_t>>{in[0].shape};
  };
  auto numel0 = [](const std::vector<Array> &in) { return in[0].numel(); };
  w.push_back({"gelu_erf_f32", DT::F32, 1, sameAsInput0, numel0,
               [](const std::vector<Array> &in, const std::vector<void *> &out,
                  uint64_t) {
                 gelu(in[0].as<float>(), static_cast<float *>(out[0]),
                      in[0].numel());
               }});
  w.push_back({"gelu_erf_f16", DT::F16, 1, sameAsInput0, numel0,
               [](const std::vector<Array> &in, const std::vector<void *> &out,
                  uint64_t) {
                 gelu(in[0].as<f16>(), static_cast<f16 *>(out[0]),
                      in[0].numel());
               }});
  auto rowBias = [](unsigned nInputs) {
    return [nInputs](const std::vector<Array> &in) {
      expectRank(in, 0, 2);
      if (in[1].shape != std::vector<int64_t>{in[0].shape[1]})
        die("the bias must have as many elements as x has columns");
      if (nInputs == 3 && in[2].shape != in[0].shape)
        die("the residual must have x's shape");
      return std::vector<std::vector<int64_t>>{in[0].shape};
    };
  };
  w.push_back({"bias_dropout_residual_f32", DT::F32, 3, rowBias(3), numel0,
               [](const std::vector<Array> &in, const std::vector<void *> &out,
                  uint64_t seed) {
                 biasDropoutResidual(in[0].as<float>(), in[1].as<float>(),
                                     in[2].as<float>(),
                                     static_cast<float *>(out[0]),
                                     in[0].shape[0], in[0].shape[1], seed, 0);
               }});
  w.push_back({"bias_dropout_residual_f16", DT::F16, 3, rowBias(3), numel0,
               [](const std::vector<Array> &in, const std::vector<void *> &out,
                  uint64_t seed) {
                 biasDropoutResidual(in[0].as<f16>(), in[1].as<f16>(),
                                     in[2].as<f16>(),
                                     static_cast<f16 *>(out[0]),
                                     in[0].shape[0], in[0].shape[1], seed, 0);
               }});
  w.push_back({"concat3", DT::F32, 2,
               [](const std::vector<Array> &in) {
                 expectRank(in, 0, 2);
                 if (in[1].shape != in[0].shape)
                   die("x and y must have one shape");
                 return std::vector<std::vector<int64_t>>{
                     {in[0].shape[0], 3 * in[0].shape[1]}};
               },
               numel0,
               [](const std::vector<Array> &in, const std::vector<void *> &out,
                  uint64_t) {
                 concat3(in[0].as<float>(), in[1].as<float>(),
                         static_cast<float *>(out[0]), in[0].shape[0],
                         in[0].shape[1]);
               }});
  w.push_back({"chain16", DT::F32, 1, sameAsInput0, numel0,
               [](const std::vector<Array> &in, const std::vector<void *> &out,
                  uint64_t) {
                 chain16(in[0].as<float>(), static_cast<float *>(out[0]),
                         in[0].numel());
               }});
  w.push_back({"broadcast_bias_relu", DT::F32, 2, rowBias(2), numel0,
               [](const std::vector<Array> &in, const std::vector<void *> &out,
                  uint64_t) {
                 broadcastBiasRelu(in[0].as<float>(), in[1].as<float>(),
                                   static_cast<float *>(out[0]), in[0].shape[0],
                                   in[0].shape[1]);
               }});
  return w;
}

const Workload &findWorkload(const std::string &name) {
  static std::vector<Workload> all = workloads();
  for (const Workload &w : all)
    if (name == w.name)
      return w;
  std::string names;
  for (const Workload &w : all)
    names += std::string(" ") + w.name;
  die("unknown workload '" + name + "'; known:" + names);
}

//===----------------------------------------------------------------------===//
// Commands
//===----------------------------------------------------------------------===//

std::vector<int64_t> parseShape(const std::string &text) {
  std::vector<int64_t> shape;
  size_t start = 0;
  while (true) {
    size_t end = text.find('x', start);
    std::string part = text.substr(start, end - start);
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos)
      die("bad shape '" + text + "'");
    shape.push_back(std::stoll(part));
    if (end == std::string::npos)
      return shape;
    start = end + 1;
  }
}

uint64_t splitmix64(uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Input i: uniform in [-2, 2) as fuser-run's --random, from a counter-based
/// hash so that the values depend on nothing but (i, index).
int commandGen(const Workload &w, const std::string &dir,
               const std::vector<std::string> &shapes) {
  if (shapes.size() != w.nInputs)
    die(std::string(w.name) + " takes " + std::to_string(w.nInputs) +
        " inputs, got " + std::to_string(shapes.size()) + " shapes");
  for (size_t i = 0; i < shapes.size(); ++i) {
    Array a(w.dtype, parseShape(shapes[i]));
    int64_t n = a.numel();
    uint64_t salt = splitmix64(0x5EEDull + i);
#pragma omp parallel for schedule(static)
    for (int64_t k = 0; k < n; ++k) {
      double u = double(splitmix64(salt ^ uint64_t(k)) >> 11) * 0x1p-53;
      float v = float(-2.0 + 4.0 * u);
      if (w.dtype == DT::F32)
        a.as<float>()[k] = v;
      else
        a.as<f16>()[k] = f16(v);
    }
    writeNpy(dir + "/in" + std::to_string(i) + ".npy", a);
  }
  return 0;
}

/// Distance in units in the last place between two values of one type.
int64_t ulpDistance(uint32_t a, uint32_t b, unsigned bits) {
  auto ordered = [bits](uint32_t v) -> int64_t {
    uint32_t sign = 1u << (bits - 1);
    return (v & sign) ? -int64_t(v & (sign - 1)) : int64_t(v);
  };
  int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

int commandRun(const Workload &w, const std::string &dir, unsigned iters,
               unsigned warmup, uint64_t seed, bool allocOutputs) {
  std::vector<Array> in;
  for (unsigned i = 0; i < w.nInputs; ++i) {
    in.push_back(readNpy(dir + "/in" + std::to_string(i) + ".npy"));
    if (in.back().dtype != w.dtype)
      die("input " + std::to_string(i) + " is " + dtName(in.back().dtype) +
          ", expected " + dtName(w.dtype));
  }
  std::vector<std::vector<int64_t>> outShapes = w.outputs(in);
  std::vector<Array> out;
  std::vector<void *> outPtrs;
  for (const auto &s : outShapes) {
    out.emplace_back(w.dtype, s);
    outPtrs.push_back(out.back().data);
  }
  double bytes = 0;
  for (const Array &a : in)
    bytes += double(a.bytes());
  for (const Array &a : out)
    bytes += double(a.bytes());

  using Clock = std::chrono::steady_clock;
  for (unsigned i = 0; i < warmup; ++i)
    w.run(in, outPtrs, seed);
  std::vector<double> times;
  for (unsigned it = 0; it < iters; ++it) {
    std::vector<void *> fresh;
    Clock::time_point start = Clock::now();
    if (allocOutputs)
      for (const Array &a : out)
        fresh.push_back(alignedAlloc(a.bytes()));
    w.run(in, allocOutputs ? fresh : outPtrs, seed);
    Clock::time_point stop = Clock::now();
    times.push_back(std::chrono::duration<double>(stop - start).count());
    for (void *p : fresh)
      std::free(p);
  }
  std::sort(times.begin(), times.end());
  double median = times.empty() ? 0 : times[times.size() / 2];

  // Bitwise comparison with fuser's outputs (NaN equal to any NaN).
  int64_t mismatches = 0, maxUlp = 0;
  for (size_t j = 0; j < out.size(); ++j) {
    Array ref = readNpy(dir + "/out" + std::to_string(j) + ".npy");
    if (ref.dtype != out[j].dtype || ref.shape != out[j].shape)
      die("fuser's output " + std::to_string(j) + " is " + dtName(ref.dtype) +
          " " + shapeText(ref.shape) + ", the loop's " +
          dtName(out[j].dtype) + " " + shapeText(out[j].shape));
    int64_t n = out[j].numel();
    for (int64_t k = 0; k < n; ++k) {
      uint32_t a, b;
      bool nanA, nanB;
      if (w.dtype == DT::F32) {
        std::memcpy(&a, out[j].as<float>() + k, 4);
        std::memcpy(&b, ref.as<float>() + k, 4);
        nanA = std::isnan(out[j].as<float>()[k]);
        nanB = std::isnan(ref.as<float>()[k]);
      } else {
        uint16_t a16, b16;
        std::memcpy(&a16, out[j].as<f16>() + k, 2);
        std::memcpy(&b16, ref.as<f16>() + k, 2);
        a = a16;
        b = b16;
        nanA = std::isnan(float(out[j].as<f16>()[k]));
        nanB = std::isnan(float(ref.as<f16>()[k]));
      }
      if (nanA && nanB)
        continue;
      if (a != b) {
        if (mismatches < 5)
          std::fprintf(stderr,
                       "cpu_loops: %s output %zu element %lld: loop 0x%x, "
                       "fuser 0x%x\n",
                       w.name, j, static_cast<long long>(k), a, b);
        ++mismatches;
        maxUlp = std::max(
            maxUlp, (nanA || nanB) ? INT64_MAX
                                   : ulpDistance(a, b, w.dtype == DT::F32 ? 32 : 16));
      }
    }
  }
  std::printf("RESULT workload=%s dtype=%s elements=%lld bytes=%.0f ms=%.4f "
              "gbps=%.2f iters=%u threads=%d mismatches=%lld max_ulp=%lld "
              "status=%s\n",
              w.name, dtName(w.dtype), static_cast<long long>(w.elements(in)),
              bytes, median * 1e3, bytes / median / 1e9, iters,
              omp_get_max_threads(), static_cast<long long>(mismatches),
              static_cast<long long>(maxUlp),
              mismatches == 0 ? "ok" : "MISMATCH");
  return mismatches == 0 ? 0 : 1;
}

void usage() {
  std::fprintf(stderr,
               "usage: cpu_loops gen WORKLOAD DIR SHAPE...\n"
               "       cpu_loops run WORKLOAD DIR [--iters N] [--warmup W] "
               "[--seed S] [--alloc-outputs]\n");
  std::exit(2);
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 4)
    usage();
  std::string command = argv[1];
  const Workload &w = findWorkload(argv[2]);
  std::string dir = argv[3];
  if (command == "gen")
    return commandGen(w, dir, std::vector<std::string>(argv + 4, argv + argc));
  if (command != "run")
    usage();
  unsigned iters = 10, warmup = 3;
  uint64_t seed = 0;
  bool alloc = false;
  for (int i = 4; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        usage();
      return argv[++i];
    };
    if (a == "--iters")
      iters = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--warmup")
      warmup = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--seed")
      seed = std::stoull(value());
    else if (a == "--alloc-outputs")
      alloc = true;
    else
      usage();
  }
  if (iters == 0)
    die("--iters must be positive");
  return commandRun(w, dir, iters, warmup, seed, alloc);
}
