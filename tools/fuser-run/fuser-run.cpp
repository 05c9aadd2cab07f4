//===- fuser-run.cpp - Run fusion groups from the command line ------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Registers the group of an MLIR file through the public API and runs it on
// inputs read from .npy files or generated at random, then prints or saves
// the outputs, checks them against the interpreter and a float64 reference,
// and times them.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/API/Fuser.h"
#include "FuserDialect/Runtime/CUDABackend.h"
#include "FuserDialect/Support/Half.h"
#include "FuserDialect/Support/Npy.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <random>
#include <regex>

using namespace fuser;
namespace cl = llvm::cl;

static cl::OptionCategory category("fuser-run options");
static cl::opt<std::string> inputFileOpt(cl::Positional, cl::desc("<file.mlir>"),
                                      cl::Required, cl::cat(category));
static cl::opt<std::string> groupNameOpt("group",
                                      cl::desc("Name of the group to run "
                                               "(default: the only group)"),
                                      cl::cat(category));
static cl::list<std::string>
    npyInputsOpt("input", cl::desc("A .npy file per tensor input, in order"),
              cl::cat(category));
static cl::opt<bool> randomInputsOpt(
    "random", cl::desc("Generate random tensor inputs (with --shape)"),
    cl::cat(category));
static cl::list<std::string>
    shapesOpt("shape",
           cl::desc("Shape of a random tensor input, e.g. 64x1024; 'scalar' "
                    "for 0-dim. One per tensor input, in order"),
           cl::cat(category));
static cl::list<std::string>
    dtypesOpt("dtype",
           cl::desc("Element type per tensor input (f32, f16, bf16, i32, ...);"
                    " default: the group's declared type"),
           cl::cat(category));
static cl::list<double> scalarsOpt("scalar",
                                cl::desc("Value of each f64 scalar argument"),
                                cl::cat(category));
static cl::opt<uint64_t> seedOpt("seed", cl::desc("Seed of random inputs and of "
                                               "rand_like"),
                              cl::init(0), cl::cat(category));
static cl::opt<std::string> deviceOpt("device",
                                   cl::desc("cpu, cuda or auto (default)"),
                                   cl::init("auto"), cl::cat(category));
static cl::opt<bool> checkOpt("check",
                           cl::desc("Compare with the interpreter and a "
                                    "float64 reference; fail on mismatch"),
                           cl::cat(category));
static cl::opt<bool> benchOpt("bench",
                           cl::desc("Report the median time and effective "
                                    "bandwidth"),
                           cl::cat(category));
static cl::opt<unsigned> benchItersOpt("bench-iters",
                                    cl::desc("Timed runs for --bench"),
                                    cl::init(20), cl::cat(category));
static cl::opt<bool> printCodeOpt("print-code",
                               cl::desc("Print the code run for the group"),
                               cl::cat(category));
static cl::opt<std::string>
    outputPrefixOpt("output",
                 cl::desc("Write output i to <prefix><i>.npy instead of "
                          "printing it"),
                 cl::cat(category));
static cl::opt<unsigned> printLimitOpt("print-limit",
                                    cl::desc("Elements printed per output"),
                                    cl::init(8), cl::cat(category));

// Option values copied right after parsing: linking kernels with lld as a
// library resets every registered LLVM command-line option.
static std::string inputFile;
static std::string groupName;
static std::vector<std::string> npyInputs;
static bool randomInputs;
static std::vector<std::string> shapes;
static std::vector<std::string> dtypes;
static std::vector<double> scalars;
static uint64_t seed;
static std::string device;
static bool check;
static bool bench;
static unsigned benchIters;
static bool printCode;
static std::string outputPrefix;
static unsigned printLimit;

static void snapshotOptions() {
  inputFile = inputFileOpt;
  groupName = groupNameOpt;
  npyInputs.assign(npyInputsOpt.begin(), npyInputsOpt.end());
  randomInputs = randomInputsOpt;
  shapes.assign(shapesOpt.begin(), shapesOpt.end());
  dtypes.assign(dtypesOpt.begin(), dtypesOpt.end());
  scalars.assign(scalarsOpt.begin(), scalarsOpt.end());
  seed = seedOpt;
  device = deviceOpt;
  check = checkOpt;
  bench = benchOpt;
  benchIters = benchItersOpt;
  printCode = printCodeOpt;
  outputPrefix = outputPrefixOpt;
  printLimit = printLimitOpt;
}

namespace {

[[noreturn]] void fail(const std::string &message) {
  throw Error(message);
}

std::vector<int64_t> parseShape(const std::string &text) {
  if (text == "scalar" || text.empty())
    return {};
  std::vector<int64_t> shape;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('x', start);
    std::string part = text.substr(start, end - start);
    // At most 18 digits: every such size fits in int64_t (std::stoll would
    // throw std::out_of_range past that).
    if (part.empty() || part.size() > 18 ||
        part.find_first_not_of("0123456789") != std::string::npos)
      fail("bad shape '" + text + "': expected sizes like 64x1024");
    shape.push_back(std::stoll(part));
    if (end == std::string::npos)
      break;
    start = end + 1;
  }
  return shape;
}

/// An owned host tensor with its storage.
Tensor makeTensor(DType dtype, const std::vector<int64_t> &shape) {
  return Tensor::empty(dtype, shape, Device::cpu());
}

double readElement(const TensorView &v, int64_t offset) {
  const char *p = static_cast<const char *>(v.data) +
                  offset * static_cast<int64_t>(elementSize(v.dtype));
  switch (v.dtype) {
  case DType::Bool:
  case DType::UInt8:
    return *reinterpret_cast<const uint8_t *>(p);
  case DType::Int8:
    return *reinterpret_cast<const int8_t *>(p);
  case DType::Int16:
    return *reinterpret_cast<const int16_t *>(p);
  case DType::Int32:
    return *reinterpret_cast<const int32_t *>(p);
  case DType::Int64:
    return static_cast<double>(*reinterpret_cast<const int64_t *>(p));
  case DType::Float16:
    return halfToFloat(*reinterpret_cast<const uint16_t *>(p));
  case DType::BFloat16:
    return bfloat16ToFloat(*reinterpret_cast<const uint16_t *>(p));
  case DType::Float32:
    return *reinterpret_cast<const float *>(p);
  case DType::Float64:
    return *reinterpret_cast<const double *>(p);
  }
  return 0;
}

void writeElement(TensorView &v, int64_t offset, double x) {
  char *p = static_cast<char *>(v.data) +
            offset * static_cast<int64_t>(elementSize(v.dtype));
  switch (v.dtype) {
  case DType::Bool:
    *reinterpret_cast<uint8_t *>(p) = x != 0;
    break;
  case DType::UInt8:
    *reinterpret_cast<uint8_t *>(p) = static_cast<uint8_t>(x);
    break;
  case DType::Int8:
    *reinterpret_cast<int8_t *>(p) = static_cast<int8_t>(x);
    break;
  case DType::Int16:
    *reinterpret_cast<int16_t *>(p) = static_cast<int16_t>(x);
    break;
  case DType::Int32:
    *reinterpret_cast<int32_t *>(p) = static_cast<int32_t>(x);
    break;
  case DType::Int64:
    *reinterpret_cast<int64_t *>(p) = static_cast<int64_t>(x);
    break;
  case DType::Float16:
    *reinterpret_cast<uint16_t *>(p) = floatToHalf(static_cast<float>(x));
    break;
  case DType::BFloat16:
    *reinterpret_cast<uint16_t *>(p) = floatToBFloat16(static_cast<float>(x));
    break;
  case DType::Float32:
    *reinterpret_cast<float *>(p) = static_cast<float>(x);
    break;
  case DType::Float64:
    *reinterpret_cast<double *>(p) = x;
    break;
  }
}

/// The contiguous elements of a tensor as doubles (row-major).
std::vector<double> toDoubles(const TensorView &v) {
  std::vector<double> out(static_cast<size_t>(v.numel()));
  std::vector<int64_t> idx(v.sizes.size(), 0);
  for (size_t lin = 0; lin < out.size(); ++lin) {
    int64_t off = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      off += idx[d] * v.strides[d];
    out[lin] = readElement(v, off);
    for (size_t d = idx.size(); d-- > 0;) {
      if (++idx[d] < v.sizes[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

/// A copy of `t` converted to `dtype` (contiguous).
Tensor convertTensor(const TensorView &t, DType dtype) {
  Tensor out = makeTensor(dtype, t.sizes);
  std::vector<double> values = toDoubles(t);
  for (size_t i = 0; i < values.size(); ++i)
    writeElement(out.view, static_cast<int64_t>(i), values[i]);
  return out;
}

Tensor randomTensor(DType dtype, const std::vector<int64_t> &shape,
                    std::mt19937_64 &rng) {
  Tensor t = makeTensor(dtype, shape);
  std::uniform_real_distribution<double> real(-2.0, 2.0);
  std::uniform_int_distribution<int> integer(-10, 10);
  for (int64_t i = 0, n = t.view.numel(); i < n; ++i) {
    double x;
    if (isFloating(dtype))
      x = real(rng);
    else if (dtype == DType::Bool)
      x = rng() & 1;
    else if (dtype == DType::UInt8)
      x = integer(rng) + 10;
    else
      x = integer(rng);
    writeElement(t.view, i, x);
  }
  return t;
}

Tensor loadNpy(const std::string &path) {
  NpyArray array;
  std::string error;
  if (!readNpy(path, array, error))
    fail(error);
  Tensor t = makeTensor(array.dtype, array.shape);
  if (!array.data.empty())
    std::memcpy(t.view.data, array.data.data(), array.data.size());
  return t;
}

void saveNpy(const std::string &path, const TensorView &v) {
  Tensor contiguous = convertTensor(v, v.dtype);
  NpyArray array;
  array.dtype = v.dtype;
  array.shape = v.sizes;
  size_t bytes = static_cast<size_t>(v.numel()) * elementSize(v.dtype);
  array.data.assign(static_cast<const char *>(contiguous.view.data),
                    static_cast<const char *>(contiguous.view.data) + bytes);
  std::string error;
  if (!writeNpy(path, array, error))
    fail(error);
}

std::string shapeStr(const std::vector<int64_t> &s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i)
    r += (i ? "x" : "") + std::to_string(s[i]);
  return r + "]";
}

/// Largest |a - b| and whether every pair is within tolerance; NaN must match
/// NaN.
struct Comparison {
  double maxAbs = 0, maxRel = 0;
  int64_t mismatches = 0;
};

Comparison compare(const std::vector<double> &got,
                   const std::vector<double> &ref, double rtol, double atol) {
  Comparison c;
  for (size_t i = 0; i < got.size(); ++i) {
    double a = got[i], b = ref[i];
    if (std::isnan(a) || std::isnan(b)) {
      c.mismatches += std::isnan(a) != std::isnan(b);
      continue;
    }
    if (std::isinf(a) || std::isinf(b)) {
      c.mismatches += a != b;
      continue;
    }
    double err = std::fabs(a - b);
    c.maxAbs = std::max(c.maxAbs, err);
    if (b != 0)
      c.maxRel = std::max(c.maxRel, err / std::fabs(b));
    if (err > atol + rtol * std::fabs(b))
      ++c.mismatches;
  }
  return c;
}

/// Tolerance against the float64 reference: the precision of the type, with
/// room for a chain of a few roundings.
std::pair<double, double> referenceTolerance(DType t) {
  switch (t) {
  case DType::Float16:
    return {4e-3, 1e-3};
  case DType::BFloat16:
    return {3e-2, 1e-2};
  case DType::Float32:
    return {2e-5, 1e-6};
  case DType::Float64:
    return {1e-12, 1e-14};
  default:
    return {0, 0};
  }
}

int runMain() {
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(inputFile);
  if (!buffer)
    fail("cannot read '" + inputFile + "': " + buffer.getError().message());
  std::string source = (*buffer)->getBuffer().str();
  int64_t key = registerFusion(source, groupName);
  const KernelSpec &spec = getKernelSpec(key);

  Device target = Device::cpu();
  if (device == "cuda")
    target = Device::cuda(0);
  else if (device == "auto")
    target = hasFusionBackend(DeviceType::CUDA) ? Device::cuda(0)
                                                 : Device::cpu();
  else if (device != "cpu")
    fail("--device must be cpu, cuda or auto, not '" + device + "'");
  if (target.type == DeviceType::CUDA && !hasFusionBackend(DeviceType::CUDA))
    fail("--device=cuda: CUDA is not available: " + cudaUnavailableReason());

  // Declared element types, from the normalised group.
  std::vector<DType> declared;
  {
    std::regex arg(R"(%arg\d+: tensor<(?:[0-9?]+x)*([a-z0-9]+)>)");
    std::string header = spec.graphText.substr(0, spec.graphText.find('{'));
    for (std::sregex_iterator it(header.begin(), header.end(), arg), end;
         it != end; ++it)
      declared.push_back(*parseDType((*it)[1].str()));
  }

  std::vector<Tensor> owned;
  std::vector<Argument> inputs;
  std::mt19937_64 rng(seed);
  if (!npyInputs.empty() && randomInputs)
    fail("give either --input files or --random, not both");
  if (npyInputs.empty() && !randomInputs && spec.nTensorInputs)
    fail("the group has " + std::to_string(spec.nTensorInputs) +
         " tensor inputs: give --input=<file.npy> for each, or --random with "
         "--shape");
  size_t nTensors = spec.nTensorInputs;
  if (!npyInputs.empty() && npyInputs.size() != nTensors)
    fail("the group has " + std::to_string(nTensors) + " tensor inputs, got " +
         std::to_string(npyInputs.size()) + " --input files");
  if (randomInputs && shapes.size() != nTensors)
    fail("the group has " + std::to_string(nTensors) +
         " tensor inputs, got " + std::to_string(shapes.size()) +
         " --shape options");
  if (!dtypes.empty() && dtypes.size() != nTensors)
    fail("give one --dtype per tensor input (" + std::to_string(nTensors) +
         "), got " + std::to_string(dtypes.size()));
  if (scalars.size() != spec.nInputs - nTensors)
    fail("the group has " + std::to_string(spec.nInputs - nTensors) +
         " f64 scalar inputs, got " + std::to_string(scalars.size()) +
         " --scalar values");
  for (size_t i = 0; i < nTensors; ++i) {
    DType dtype = declared[i];
    if (!dtypes.empty()) {
      std::optional<DType> d = parseDType(dtypes[i]);
      if (!d)
        fail("unknown --dtype '" + dtypes[i] + "'");
      dtype = *d;
    }
    Tensor t = randomInputs ? randomTensor(dtype, parseShape(shapes[i]), rng)
                            : loadNpy(npyInputs[i]);
    if (t.view.dtype != dtype) {
      if (dtypes.empty())
        dtype = t.view.dtype; // the file decides
      else
        t = convertTensor(t.view, dtype);
    }
    inputs.push_back(t.view);
    owned.push_back(std::move(t));
  }
  for (double s : scalars)
    inputs.push_back(s);
  // Inputs on the target device (the host copies stay for the checks).
  std::vector<Argument> hostInputs = inputs;
  std::vector<Tensor> deviceOwned;
  if (target.type == DeviceType::CUDA)
    for (size_t i = 0; i < nTensors; ++i) {
      deviceOwned.push_back(
          copyToDevice(std::get<TensorView>(inputs[i]), target.index));
      inputs[i] = deviceOwned.back().view;
    }
  auto toHost = [&](std::vector<Tensor> ts) {
    if (target.type == DeviceType::CUDA)
      for (Tensor &t : ts)
        t = copyToHost(t.view);
    return ts;
  };

  manualSeed(target, seed);
  // The first call compiles the kernel (cold: a fresh process); the second
  // runs the cached one, so their difference is the compile time.
  using Clock = std::chrono::steady_clock;
  auto msSince = [](Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start)
        .count();
  };
  size_t compiledBefore = nCompiledKernels();
  Clock::time_point firstStart = Clock::now();
  std::vector<Tensor> firstOutputs = runFusion(key, inputs);
  double firstCallMs = msSince(firstStart);
  bool compiledFirst = nCompiledKernels() > compiledBefore;
  std::vector<Tensor> outputs = toHost(std::move(firstOutputs));
  Clock::time_point probeStart = Clock::now();
  ExecutionResult probe = runFusionKernel(key, inputs);
  double secondCallMs = msSince(probeStart);
  std::string path = probe.ran() ? "kernel (" +
                                       std::string(deviceTypeName(
                                           target.type)) +
                                       ")"
                                 : "interpreter (" +
                                       std::string(fallbackReasonName(
                                           probe.reason)) +
                                       ")";

  if (printCode) {
    std::string code;
    ExecutionResult r = runFusionKernel(key, inputs, &code);
    if (!r.ran()) {
      std::vector<DType> dts;
      for (size_t i = 0; i < nTensors; ++i)
        dts.push_back(std::get<TensorView>(hostInputs[i]).dtype);
      code = getSpecializedGroupSource(key, dts);
      llvm::outs() << "// No kernel was compiled ("
                   << fallbackReasonName(r.reason)
                   << "); the group runs on the interpreter as:\n";
    }
    llvm::outs() << code << "\n";
  }

  bool ok = true;
  llvm::outs() << "group: " << inputFile << " (key " << key << "), ran on "
               << path << "\n";
  if (check) {
    // Same inputs on the interpreter (same random stream) ...
    manualSeed(Device::cpu(), seed);
    std::vector<Tensor> interp = runFusionFallback(key, hostInputs);
    // ... and on a float64 copy of the group for a reference.
    std::vector<Argument> wide;
    std::vector<Tensor> wideOwned;
    for (size_t i = 0; i < nTensors; ++i) {
      const TensorView &v = std::get<TensorView>(hostInputs[i]);
      if (isFloating(v.dtype)) {
        wideOwned.push_back(convertTensor(v, DType::Float64));
        wide.push_back(wideOwned.back().view);
      } else {
        wide.push_back(v);
      }
    }
    for (double s : scalars)
      wide.push_back(s);
    std::vector<Tensor> ref;
    // Random numbers keep as many bits as their type holds, so a float64
    // copy of a random group draws different numbers: no reference then.
    bool haveRef = !spec.hasRandom();
    try {
      manualSeed(Device::cpu(), seed);
      ref = runFusionFallback(key, wide);
    } catch (const Error &e) {
      // E.g. a group that is not valid in f64. Say so: the rows then show
      // "-" and are only compared with the interpreter.
      haveRef = false;
      llvm::outs().flush();
      llvm::errs() << "fuser-run: note: no float64 reference: " << e.what()
                   << "\n";
    }
    llvm::outs() << llvm::format("%-8s %-16s %-6s %14s %14s %10s\n", "output",
                                 "shape", "dtype", "max|d| interp",
                                 "max|d| f64ref", "status");
    for (size_t j = 0; j < outputs.size(); ++j) {
      const TensorView &o = outputs[j].view;
      std::vector<double> got = toDoubles(o);
      // The CPU backend calls the interpreter's libm and matches it bit for
      // bit; GPU transcendentals (libdevice) are within a few ulp.
      auto [irtol, iatol] = target.type == DeviceType::CUDA
                                ? referenceTolerance(o.dtype)
                                : std::pair<double, double>(0, 0);
      Comparison ci = compare(got, toDoubles(interp[j].view), irtol, iatol);
      std::string refText = "-";
      bool refOk = true;
      if (haveRef && isFloating(o.dtype)) {
        auto [rtol, atol] = referenceTolerance(o.dtype);
        Comparison cr = compare(got, toDoubles(ref[j].view), rtol, atol);
        refText = llvm::formatv("{0:e3}", cr.maxAbs).str();
        refOk = cr.mismatches == 0;
      }
      bool rowOk = ci.mismatches == 0 && refOk;
      ok &= rowOk;
      llvm::outs() << llvm::format(
          "%-8zu %-16s %-6s %14s %14s %10s\n", j, shapeStr(o.sizes).c_str(),
          std::string(mlirName(o.dtype)).c_str(),
          llvm::formatv("{0:e3}", ci.maxAbs).str().c_str(), refText.c_str(),
          rowOk ? "ok" : "MISMATCH");
    }
  }

  if (!outputPrefix.empty()) {
    for (size_t j = 0; j < outputs.size(); ++j) {
      std::string file = outputPrefix + std::to_string(j) + ".npy";
      saveNpy(file, outputs[j].view);
      llvm::outs() << "wrote " << file << "\n";
    }
  } else if (!check) {
    for (size_t j = 0; j < outputs.size(); ++j) {
      const TensorView &o = outputs[j].view;
      std::vector<double> values = toDoubles(o);
      llvm::outs() << "output " << j << ": " << mlirName(o.dtype) << " "
                   << shapeStr(o.sizes) << " = [";
      for (size_t i = 0; i < values.size() && i < printLimit; ++i)
        llvm::outs() << (i ? ", " : "") << llvm::formatv("{0}", values[i]);
      if (values.size() > printLimit)
        llvm::outs() << ", ...";
      llvm::outs() << "]\n";
    }
  }

  if (bench) {
    std::vector<double> times;
    for (unsigned it = 0; it < 3; ++it) // warm-up
      (void)runFusion(key, inputs);
    if (target.type == DeviceType::CUDA) {
      for (double ms :
           cudaTimeEachMs([&] { (void)runFusion(key, inputs); }, benchIters))
        times.push_back(ms / 1e3);
    } else {
      for (unsigned it = 0; it < benchIters; ++it) {
        auto start = std::chrono::steady_clock::now();
        std::vector<Tensor> r = runFusion(key, inputs);
        auto stop = std::chrono::steady_clock::now();
        times.push_back(std::chrono::duration<double>(stop - start).count());
      }
    }
    std::sort(times.begin(), times.end());
    double median = times[times.size() / 2];
    double bytes = 0;
    for (size_t i = 0; i < nTensors; ++i) {
      const TensorView &v = std::get<TensorView>(inputs[i]);
      bytes += static_cast<double>(v.numel()) * elementSize(v.dtype);
    }
    for (const Tensor &o : outputs)
      bytes += static_cast<double>(o.view.numel()) * elementSize(o.view.dtype);
    llvm::outs() << llvm::format("bench: median %.4f ms over %u runs, %.1f GB/s "
                                 "effective (%s)\n",
                                 median * 1e3, unsigned(benchIters),
                                 bytes / median / 1e9, path.c_str());
    if (compiledFirst && probe.ran())
      llvm::outs() << llvm::format(
          "compile_ms: %.2f (first call %.2f ms, second call %.2f ms)\n",
          std::max(0.0, firstCallMs - secondCallMs), firstCallMs,
          secondCallMs);
    else
      llvm::outs() << "compile_ms: - (no kernel was compiled)\n";
    if (compiledFirst) {
      CompileStats stats = lastCompileStats();
      llvm::outs() << llvm::format(
          "compile_stats: lower_ms %.2f load_ms %.2f disk_cache %s\n",
          stats.lowerMs, stats.loadMs,
          stats.diskHit      ? "hit"
          : stats.stored     ? "stored"
          : stats.cachePath.empty() ? "off"
                                    : "not-stored");
    }
  }
  return ok ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "fuser-run: run a fusion group on inputs\n");
  snapshotOptions();
  try {
    return runMain();
  } catch (const Error &e) {
    llvm::errs() << "fuser-run: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception &e) {
    llvm::errs() << "fuser-run: error: " << e.what() << "\n";
    return 2;
  }
}
