//===- GPUTestUtil.h - Helpers of the CUDA backend tests --------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Host inputs mirrored on the GPU with the same layout (strides, element
// offset), runs of a group on the GPU (runFusionKernel) and on the reference
// interpreter (runFusionFallback on the host copies), and an element-wise
// comparison that reports the first mismatching element with its index,
// values, bits and dtype.
//
// Every test fixture here skips when no CUDA device is usable, with the
// reason the driver gives.
//
//===----------------------------------------------------------------------===//

#ifndef FUSER_UNITTESTS_GPU_GPUTESTUTIL_H
#define FUSER_UNITTESTS_GPU_GPUTESTUTIL_H

#include "FuserDialect/API/Fuser.h"
#include "FuserDialect/Runtime/Backend.h"
#include "FuserDialect/Runtime/CUDABackend.h"
#include "FuserDialect/Support/DType.h"
#include "FuserDialect/Support/Half.h"
#include "Interpreter/Harness.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace fuser::gputest {

using namespace fuser::test;

/// The device every test runs on.
inline Device gpu() { return Device::cuda(0); }

/// Skips the test unless a CUDA device is usable and the CUDA fusion backend
/// is registered.
class CUDATest : public ::testing::Test {
protected:
  void SetUp() override {
    // Creating the registry registers the backends (the CUDA one only when a
    // GPU is present).
    (void)debugNumCachedKernelSpecs();
    if (!cudaAvailable())
      GTEST_SKIP() << "no CUDA device: " << cudaUnavailableReason();
    if (!hasFusionBackend(DeviceType::CUDA))
      GTEST_SKIP() << "no CUDA device: the CUDA fusion backend is not "
                      "registered";
  }
};

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

inline std::string listStr(const std::vector<int64_t> &v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

/// The raw storage bits of the element at `p` (up to 8 bytes).
inline uint64_t rawBitsAt(DType d, const void *p) {
  uint64_t u = 0;
  std::memcpy(&u, p, elementSize(d));
  return u;
}

/// "1.5 (0x3FC00000)" for floats, "-3 (0xFD)" for integers.
inline std::string valueStr(DType d, const void *p) {
  std::ostringstream os;
  if (isFloating(d)) {
    os.precision(17);
    os << loadDouble(d, p);
  } else {
    os << loadInt(d, p);
  }
  char hex[32];
  std::snprintf(hex, sizeof hex, " (0x%0*" PRIX64 ")",
                static_cast<int>(2 * elementSize(d)), rawBitsAt(d, p));
  return os.str() + hex;
}

/// Multi-index of logical element `linear` of `sizes`.
inline Ints multiIndex(const Ints &sizes, int64_t linear) {
  Ints idx(sizes.size());
  for (size_t d = sizes.size(); d-- > 0;) {
    idx[d] = sizes[d] ? linear % sizes[d] : 0;
    linear = sizes[d] ? linear / sizes[d] : 0;
  }
  return idx;
}

/// Address of logical element `linear` of a (host) view.
inline const void *elementPtr(const TensorView &v, int64_t linear) {
  return static_cast<const char *>(v.data) +
         elementOffset(v.sizes, v.strides, linear) *
             static_cast<int64_t>(elementSize(v.dtype));
}
inline void *elementPtr(TensorView &v, int64_t linear) {
  return static_cast<char *>(v.data) +
         elementOffset(v.sizes, v.strides, linear) *
             static_cast<int64_t>(elementSize(v.dtype));
}

//===----------------------------------------------------------------------===//
// Host values
//===----------------------------------------------------------------------===//

/// Values of bf16 subnormal magnitude are moved out of that range: a known bug
/// (DifferentialKnownBugs.DISABLED_BFloat16SubnormalsFlushed) flushes bf16
/// subnormals in compiled kernels.
inline double avoidBFloat16Subnormal(double v) {
  if (std::fabs(v) >= std::ldexp(1.0, -134) &&
      std::fabs(v) < std::ldexp(1.0, -126))
    return std::ldexp(v, 64);
  return v;
}

/// Special float values (exact in double; rounded to the dtype when stored).
inline Doubles specialFloats() {
  Doubles v = floatSpecials(); // Harness: 0, -0, +-1, halves, inf, NaN, ...
  for (double x : {0.25, -1e-5, 88.0, -88.0, 1e-8, 3.140625, -0.875, 12.0})
    v.push_back(x);
  for (double &x : v)
    x = avoidBFloat16Subnormal(x);
  return v;
}

/// The i-th "ordinary" random float: cycles through value ranges so that
/// every op sees small, moderate and large magnitudes of both signs.
inline double ordinaryFloat(std::mt19937_64 &gen, int64_t i) {
  auto uni = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(gen);
  };
  double v;
  switch (i % 5) {
  case 0:
    v = uni(-1, 1);
    break;
  case 1:
    v = uni(-4, 4);
    break;
  case 2:
    v = uni(-100, 100);
    break;
  case 3:
    v = std::ldexp(uni(0.5, 1.0) * (uni(0, 1) < 0.5 ? -1 : 1),
                   static_cast<int>(uni(-20, 21)));
    break;
  default:
    v = std::floor(uni(-16, 16)) * 0.5; // halves: rounding ties
  }
  return avoidBFloat16Subnormal(v);
}

/// A random integer of `d` (half small, half full-range bits).
inline int64_t randomIntOf(std::mt19937_64 &gen, DType d) {
  if (d == DType::Bool)
    return static_cast<int64_t>(gen() & 1);
  uint64_t r = gen();
  if (r & 1)
    return wrapTo(d, static_cast<int64_t>(gen()));
  return wrapTo(d, static_cast<int64_t>(gen() % 601) - 300);
}

/// A contiguous host tensor of `sizes` with random values of `d`: some
/// specials, then ordinary values; integers from the full range and small.
inline Tensor randomHost(DType d, const Ints &sizes, uint64_t seed,
                         bool specials = true) {
  std::mt19937_64 gen(seed);
  Tensor t = Tensor::empty(d, sizes, Device::cpu());
  int64_t n = numelOf(sizes);
  Doubles sf = specialFloats();
  Ints si = d == DType::Bool ? Ints{0, 1} : intSpecials(d);
  for (int64_t i = 0; i < n; ++i) {
    void *p = static_cast<char *>(t.view.data) +
              i * static_cast<int64_t>(elementSize(d));
    // Specials at pseudo-random positions (about one element in eight).
    bool special = specials && gen() % 8 == 0;
    if (isFloating(d))
      storeDouble(d, p,
                  special ? sf[gen() % sf.size()] : ordinaryFloat(gen, i));
    else
      storeInt(d, p, special ? si[gen() % si.size()] : randomIntOf(gen, d));
  }
  return t;
}

/// Uniform values in [lo, hi] (no specials), rounded to `d`; integers are
/// truncated.
inline Tensor uniformHost(DType d, const Ints &sizes, uint64_t seed, double lo,
                          double hi) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  Tensor t = Tensor::empty(d, sizes, Device::cpu());
  for (int64_t i = 0, n = numelOf(sizes); i < n; ++i) {
    void *p = static_cast<char *>(t.view.data) +
              i * static_cast<int64_t>(elementSize(d));
    double v = dist(gen);
    if (isFloating(d))
      storeDouble(d, p, avoidBFloat16Subnormal(v));
    else
      storeInt(d, p, static_cast<int64_t>(std::trunc(v)));
  }
  return t;
}

/// `text` with every occurrence of `from` replaced by `to`.
inline std::string subst(std::string text, const std::string &from,
                         const std::string &to) {
  for (size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

/// The raw bits of every element of a host view, in logical order.
inline std::vector<uint64_t> rawElements(const TensorView &v) {
  std::vector<uint64_t> out;
  for (int64_t i = 0, n = numelOf(v.sizes); i < n; ++i)
    out.push_back(rawBitsAt(v.dtype, elementPtr(v, i)));
  return out;
}

//===----------------------------------------------------------------------===//
// Host/device mirrors
//===----------------------------------------------------------------------===//

/// A tensor with the same logical values and the same layout on the host
/// and on the GPU: both are views, `offset` elements into their storage, with
/// the given strides. Storage outside the view holds a 0xA5 byte pattern.
struct Mirrored {
  Tensor hostStorage, deviceStorage;
  TensorView host, device;
};

/// Places the logical values of the contiguous host tensor `values` into a
/// strided view (contiguous if `strides` is empty) starting `offset` elements
/// into a new storage, and copies the storage to the GPU.
inline Mirrored mirror(const TensorView &values, Ints strides = {},
                       int64_t offset = 0) {
  const Ints &sizes = values.sizes;
  DType d = values.dtype;
  if (strides.empty())
    strides = TensorView::contiguousStrides(sizes);
  int64_t extent = 1;
  bool empty = false;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == 0)
      empty = true;
    else
      extent += (sizes[i] - 1) * strides[i];
  }
  if (empty)
    extent = 0;
  Mirrored m;
  m.hostStorage = Tensor::empty(d, {offset + extent}, Device::cpu());
  size_t bytes = static_cast<size_t>(offset + extent) * elementSize(d);
  std::memset(m.hostStorage.view.data, 0xA5, bytes);
  m.host = m.hostStorage.view;
  m.host.data = static_cast<char *>(m.hostStorage.view.data) +
                offset * static_cast<int64_t>(elementSize(d));
  m.host.sizes = sizes;
  m.host.strides = strides;
  for (int64_t i = 0, n = numelOf(sizes); i < n; ++i)
    std::memcpy(elementPtr(m.host, i),
                static_cast<const char *>(values.data) +
                    i * static_cast<int64_t>(elementSize(d)),
                elementSize(d));
  m.deviceStorage = copyToDevice(m.hostStorage.view, gpu().index);
  m.device = m.host;
  m.device.device = gpu();
  m.device.data = static_cast<char *>(m.deviceStorage.view.data) +
                  offset * static_cast<int64_t>(elementSize(d));
  return m;
}

/// Host copies of device outputs (strides kept).
inline std::vector<Tensor> toHost(const std::vector<Tensor> &outputs) {
  std::vector<Tensor> host;
  for (const Tensor &t : outputs)
    host.push_back(t.view.device.type == DeviceType::CUDA ? copyToHost(t.view)
                                                          : t);
  return host;
}

//===----------------------------------------------------------------------===//
// Comparison
//===----------------------------------------------------------------------===//

/// How close a GPU result must be to the interpreter's. Integers and bools
/// are always compared exactly (raw bytes). Floats are bitwise equal (NaN
/// matching any NaN, the sign of zero counting) when every field is 0;
/// otherwise an element passes when
///   |got - want| <= ulps * ulp(want) + absUlps * ulp(1) * max(1, |x|)
///                   + (flush ? smallest normal : 0)
/// or |got - want| <= atol + rtol * |want|, with ulps in units of the output
/// type, x the value of `scale(linear index)` (the op's input, for errors
/// that grow with it) and infinities accepted next to the largest finite
/// value (closeFloat of Harness.h).
struct Tolerance {
  double ulps = 0;
  double absUlps = 0;
  bool flush = false;
  double rtol = 0, atol = 0;
  std::function<double(int64_t)> scale;

  bool exact() const {
    return ulps == 0 && absUlps == 0 && !flush && rtol == 0 && atol == 0;
  }
  std::string str() const {
    if (exact())
      return "bitwise";
    std::ostringstream os;
    os << ulps << " ulp";
    if (absUlps)
      os << " + " << absUlps << " ulp(1)" << (scale ? " * max(1, |x|)" : "");
    if (flush)
      os << " + smallest normal";
    if (rtol || atol)
      os << " or rtol " << rtol << " atol " << atol;
    return os.str();
  }
};

inline Tolerance bitwise() { return {}; }
/// rtol/atol for groups of several ops, by output dtype (fuser-run's
/// tolerances against the interpreter on the GPU).
inline Tolerance composite(DType d) {
  Tolerance t;
  switch (d) {
  case DType::Float16:
    t.ulps = 1, t.rtol = 2e-3, t.atol = 1e-4;
    break;
  case DType::BFloat16:
    t.ulps = 1, t.rtol = 1.6e-2, t.atol = 1e-3;
    break;
  case DType::Float32:
    t.ulps = 16, t.rtol = 2e-5, t.atol = 4e-6;
    break;
  default:
    t.ulps = 16, t.rtol = 1e-13, t.atol = 1e-14;
  }
  t.flush = true;
  return t;
}

/// The smallest normal value of the computation type of `d`.
inline double smallestNormal(DType d) {
  switch (d) {
  case DType::Float64:
    return std::numeric_limits<double>::min();
  default: // f16 and bf16 compute in f32
    return static_cast<double>(std::numeric_limits<float>::min());
  }
}

inline bool elementMatches(DType d, const void *g, const void *w,
                           const Tolerance &tol, int64_t linear) {
  if (!isFloating(d))
    return std::memcmp(g, w, elementSize(d)) == 0;
  double got = loadDouble(d, g), want = loadDouble(d, w);
  if (tol.exact())
    return static_cast<bool>(sameFloat(got, want));
  if (std::isnan(got) || std::isnan(want))
    return std::isnan(got) && std::isnan(want);
  if (got == want)
    return true;
  double absTol = 0;
  if (tol.absUlps) {
    double x = tol.scale ? std::fabs(tol.scale(linear)) : 1.0;
    if (!std::isfinite(x))
      x = 1.0;
    absTol += tol.absUlps * ulpOf(d, 1.0) * std::max(1.0, x);
  }
  if (tol.flush)
    absTol += smallestNormal(d);
  if (closeFloat(got, want, d, tol.ulps, absTol))
    return true;
  if ((tol.rtol || tol.atol) && std::isfinite(got) && std::isfinite(want) &&
      std::fabs(got - want) <= tol.atol + tol.rtol * std::fabs(want))
    return true;
  return false;
}

/// Describes the inputs at a linear index of the map (for reports).
using Context = std::function<std::string(int64_t linear)>;

/// Compares one output (both host views). Returns "" or a report naming
/// `what`, the dtype, the shape, the number of differing elements, and the
/// first few with index, values and bits.
inline std::string compareOutput(const TensorView &got, const TensorView &want,
                                 const Tolerance &tol, const std::string &what,
                                 const Context &context = {},
                                 const std::string &ref = "interpreter") {
  std::ostringstream os;
  if (got.dtype != want.dtype || got.sizes != want.sizes) {
    os << what << ": GPU output is " << name(got.dtype) << " "
       << listStr(got.sizes) << ", the " << ref << "'s " << name(want.dtype)
       << " " << listStr(want.sizes) << "\n";
    return os.str();
  }
  int64_t n = numelOf(got.sizes), bad = 0;
  std::vector<int64_t> firsts;
  for (int64_t i = 0; i < n; ++i)
    if (!elementMatches(got.dtype, elementPtr(got, i), elementPtr(want, i),
                        tol, i)) {
      if (firsts.size() < 4)
        firsts.push_back(i);
      ++bad;
    }
  if (!bad)
    return "";
  os << what << " (" << name(got.dtype) << " " << listStr(got.sizes)
     << ", GPU strides " << listStr(got.strides) << ", tolerance "
     << tol.str() << "): " << bad << " of " << n << " elements differ\n";
  for (int64_t i : firsts) {
    os << "  at " << listStr(multiIndex(got.sizes, i)) << " (linear " << i
       << "): GPU " << valueStr(got.dtype, elementPtr(got, i)) << ", " << ref
       << " " << valueStr(want.dtype, elementPtr(want, i));
    if (isFloating(got.dtype)) {
      double g = loadDouble(got.dtype, elementPtr(got, i));
      double w = loadDouble(want.dtype, elementPtr(want, i));
      if (std::isfinite(g) && std::isfinite(w) && w != 0)
        os << ", " << std::fabs(g - w) / ulpOf(got.dtype, w) << " ulp";
    }
    os << "\n";
    if (context)
      os << context(i);
  }
  return os.str();
}

/// Compares every output; `tolerances` has one entry per output, or one for
/// all.
inline std::string compareOutputs(const std::vector<Tensor> &got,
                                  const std::vector<Tensor> &want,
                                  const std::vector<Tolerance> &tolerances,
                                  const std::string &what,
                                  const Context &context = {},
                                  const std::string &ref = "interpreter") {
  if (got.size() != want.size())
    return what + ": the GPU gave " + std::to_string(got.size()) +
           " outputs, the " + ref + " " + std::to_string(want.size()) + "\n";
  std::string report;
  for (size_t j = 0; j < got.size(); ++j) {
    const Tolerance &tol =
        tolerances.size() > j ? tolerances[j] : tolerances.back();
    report += compareOutput(got[j].view, want[j].view, tol,
                            what + ", output #" + std::to_string(j), context,
                            ref);
  }
  return report;
}

/// Reports a non-empty comparison report as a test failure.
inline void expectNoDiff(const std::string &report) {
  if (!report.empty())
    ADD_FAILURE() << report;
}

/// Context for groups whose inputs all have the map's shape (contiguous host
/// tensors): the input values at the linear index.
inline Context inputsAt(std::vector<TensorView> inputs) {
  return [inputs](int64_t i) {
    std::string s;
    for (size_t k = 0; k < inputs.size(); ++k)
      if (numelOf(inputs[k].sizes) > i)
        s += "    input #" + std::to_string(k) + ": " +
             valueStr(inputs[k].dtype, elementPtr(inputs[k], i)) + "\n";
    return s;
  };
}

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

/// The Philox seed every test pins before a run (interpreter: the CPU
/// generator; kernels: the generator of their device).
inline constexpr uint64_t kSeed = 0x5EEDF00DULL;

/// Runs the kernel on the GPU (which must run: no fallback) with the CUDA
/// generator pinned to `seed` (offset 0); returns host copies of the outputs
/// and appends to `problem` what went wrong.
inline std::vector<Tensor> runOnGPU(int64_t key,
                                    const std::vector<Argument> &args,
                                    std::string &problem,
                                    uint64_t seed = kSeed,
                                    void *stream = nullptr,
                                    std::vector<Tensor> *deviceOutputs =
                                        nullptr) {
  manualSeed(gpu(), seed);
  ExecutionResult r;
  try {
    r = runFusionKernel(key, args, nullptr, stream);
  } catch (const std::exception &e) {
    problem += std::string("runFusionKernel threw: ") + e.what() + "\n";
    return {};
  }
  if (!r.ran()) {
    problem += "the GPU kernel did not run: " +
               std::string(fallbackReasonName(r.reason)) + "\n";
    return {};
  }
  if (!r.kernel || r.kernel->backend() != DeviceType::CUDA)
    problem += "the kernel that ran is not a CUDA kernel\n";
  for (const Tensor &t : r.outputs)
    if (t.view.device != gpu())
      problem += "an output is on " + t.view.device.str() + ", not cuda:0\n";
  if (deviceOutputs)
    *deviceOutputs = r.outputs;
  try {
    return toHost(r.outputs);
  } catch (const std::exception &e) {
    problem += std::string("copying the outputs to the host threw (a kernel "
                           "fault?): ") +
               e.what() + "\n";
    return {};
  }
}

/// The interpreter's outputs for host inputs, with the CPU generator pinned
/// to `seed` (offset 0).
inline std::vector<Tensor> runOnInterpreter(int64_t key,
                                            const std::vector<Argument> &args,
                                            std::string &problem,
                                            uint64_t seed = kSeed) {
  manualSeed(Device::cpu(), seed);
  try {
    return runFusionFallback(key, args);
  } catch (const std::exception &e) {
    problem += std::string("runFusionFallback threw: ") + e.what() + "\n";
    return {};
  }
}

/// One tensor input of a group run: contiguous logical values and the layout
/// to place them in (contiguous if `strides` is empty), `offset` elements into
/// the storage.
struct Input {
  Tensor values;
  Ints strides = {};
  int64_t offset = 0;
};

/// Random values of `d` and `sizes` in a given layout.
inline Input input(DType d, const Ints &sizes, uint64_t seed,
                   Ints strides = {}, int64_t offset = 0) {
  return {randomHost(d, sizes, seed), std::move(strides), offset};
}

/// Strides of `sizes` laid out in the order `perm` (outermost first): e.g.
/// {1, 0} for a transposed matrix, {0, 2, 3, 1} for channels-last.
inline Ints permutedStrides(const Ints &sizes, const std::vector<size_t> &perm) {
  Ints strides(sizes.size());
  int64_t stride = 1;
  for (size_t k = perm.size(); k-- > 0;) {
    strides[perm[k]] = stride;
    stride *= std::max<int64_t>(sizes[perm[k]], 1);
  }
  return strides;
}

/// The result of checkGroup.
struct GroupRun {
  bool ok = false;
  std::vector<Tensor> gpu;       ///< host copies of the GPU outputs
  std::vector<Tensor> gpuDevice; ///< the GPU outputs themselves
  std::vector<Tensor> reference; ///< the interpreter's outputs
};

/// Registers `source`, runs it on the GPU and on the interpreter with the
/// same inputs (each placed in its layout on both sides) and compares every
/// output. Failures are reported with ADD_FAILURE, naming `what`.
inline GroupRun checkGroup(const std::string &source,
                           const std::vector<Input> &inputs,
                           const std::vector<double> &scalars,
                           const std::vector<Tolerance> &tolerances,
                           const std::string &what) {
  GroupRun run;
  int64_t key;
  try {
    key = registerFusion(source);
  } catch (const std::exception &e) {
    ADD_FAILURE() << what << ": the group does not register: " << e.what()
                  << "\n"
                  << source;
    return run;
  }
  std::vector<Mirrored> mirrors;
  std::vector<Argument> hostArgs, deviceArgs;
  std::vector<TensorView> logical;
  for (const Input &in : inputs) {
    mirrors.push_back(mirror(in.values.view, in.strides, in.offset));
    hostArgs.push_back(mirrors.back().host);
    deviceArgs.push_back(mirrors.back().device);
    logical.push_back(in.values.view);
  }
  for (double s : scalars) {
    hostArgs.push_back(s);
    deviceArgs.push_back(s);
  }
  std::string problem;
  run.reference = runOnInterpreter(key, hostArgs, problem);
  run.gpu = runOnGPU(key, deviceArgs, problem, kSeed, nullptr, &run.gpuDevice);
  if (problem.empty()) {
    // The context names the inputs only when they all have the map's shape.
    Context context;
    bool sameShapes = !run.gpu.empty();
    for (const TensorView &v : logical)
      sameShapes &= v.sizes == run.gpu[0].view.sizes;
    if (sameShapes)
      context = inputsAt(logical);
    problem = compareOutputs(run.gpu, run.reference, tolerances, what, context);
  }
  if (!problem.empty()) {
    std::ostringstream os;
    os << what << ":\n" << source << "inputs:";
    for (const Input &in : inputs)
      os << " " << name(in.values.view.dtype) << listStr(in.values.view.sizes)
         << " strides "
         << listStr(in.strides.empty()
                        ? TensorView::contiguousStrides(in.values.view.sizes)
                        : in.strides)
         << " offset " << in.offset << ";";
    for (double s : scalars)
      os << " f64 " << s << ";";
    ADD_FAILURE() << os.str() << "\n" << problem;
    return run;
  }
  run.ok = true;
  return run;
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

/// MemAvailable of /proc/meminfo in GiB; -1 if unknown.
inline double availableHostMemoryGiB() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  long long kb;
  while (meminfo >> key >> kb) {
    if (key == "MemAvailable:")
      return static_cast<double>(kb) / (1 << 20);
    meminfo.ignore(64, '\n');
  }
  return -1;
}

} // namespace fuser::gputest

#endif // FUSER_UNITTESTS_GPU_GPUTESTUTIL_H
