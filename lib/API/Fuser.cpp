//===- Fuser.cpp - The public fusion API ----------------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/API/Fuser.h"
#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h"
#include "FuserDialect/InitAll.h"
#include "FuserDialect/Interpreter/Interpreter.h"
#include "FuserDialect/Pipelines/Pipelines.h"
#include "FuserDialect/Conversion/Passes.h"
#include "FuserDialect/Runtime/CPUBackend.h"
#include "FuserDialect/Runtime/CUDABackend.h"
#include "FuserDialect/Runtime/DiskCache.h"
#include "FuserDialect/Target/CPUTarget.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <atomic>
#include <chrono>
#include <dlfcn.h>
#include <sys/stat.h>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

using namespace fuser;
namespace ir = mlir::fuser;

namespace {

/// A registered group: the runtime's spec plus the IR it came from.
struct Entry {
  std::unique_ptr<KernelSpec> spec;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  ir::GroupOp group;
  std::vector<DType> declaredDTypes;
  /// Re-typed copies per tensor-input dtype list (under the registry lock).
  std::map<std::vector<DType>, mlir::OwningOpRef<mlir::ModuleOp>> specialized;

  /// Per tensor input, the declared size of each dimension
  /// (ShapedType::kDynamic where dynamic): validateInputs checks calls
  /// against these instead of querying the IR.
  std::vector<std::vector<int64_t>> declaredShapes;

  /// Completes a registered entry before it is published (EntryTable):
  /// reads the signature off the group and seals the spec.
  void finish() {
    mlir::Block &body = group.getBody().front();
    declaredShapes.clear();
    for (size_t i = 0; i < spec->nTensorInputs; ++i) {
      auto type =
          llvm::cast<mlir::RankedTensorType>(body.getArgument(i).getType());
      declaredShapes.emplace_back(type.getShape().begin(),
                                  type.getShape().end());
    }
    spec->seal();
  }

  /// True if the tensor inputs (already validated) have the declared dtypes
  /// or ones the group was re-typed for: specialize() then neither fails nor
  /// needs the registry lock. Takes no lock.
  bool hasSpecialization(const std::vector<Argument> &inputs) const {
    auto matches = [&](const std::vector<DType> &dtypes) {
      for (size_t i = 0; i < dtypes.size(); ++i)
        if (std::get_if<TensorView>(&inputs[i])->dtype != dtypes[i])
          return false;
      return true;
    };
    if (matches(declaredDTypes))
      return true;
    unsigned n = numKnownSpecialized.load(std::memory_order_acquire);
    for (unsigned k = 0; k < n; ++k)
      if (matches(*knownSpecialized[k]))
        return true;
    return false;
  }

  /// Publishes the key of a new `specialized` entry to hasSpecialization
  /// (under the registry lock). Map keys never move; past the first few, the
  /// lists are found under the lock only.
  void noteSpecialized(const std::vector<DType> &key) {
    unsigned n = numKnownSpecialized.load(std::memory_order_relaxed);
    if (n == kMaxKnownSpecialized)
      return;
    knownSpecialized[n] = &key;
    numKnownSpecialized.store(n + 1, std::memory_order_release);
  }

private:
  static constexpr unsigned kMaxKnownSpecialized = 16;
  const std::vector<DType> *knownSpecialized[kMaxKnownSpecialized] = {};
  std::atomic<unsigned> numKnownSpecialized{0};
};

/// The registered entries, indexed by key, readable without a lock: an
/// entry is completed (Entry::finish) and published by push_back, under the
/// registry lock, and neither moves nor changes afterwards (but for its own
/// lock-protected caches). Entries live in segments that are never
/// reallocated; segment s holds 64 << s of them.
class EntryTable {
public:
  size_t size() const { return count.load(std::memory_order_acquire); }
  /// `key` < size().
  Entry *operator[](size_t key) const {
    auto [segment, index] = locate(key);
    return segments[segment][index].get();
  }
  /// Under the registry lock.
  void push_back(std::unique_ptr<Entry> entry) {
    entry->finish();
    size_t key = count.load(std::memory_order_relaxed);
    auto [segment, index] = locate(key);
    if (!segments[segment])
      segments[segment] = std::make_unique<std::unique_ptr<Entry>[]>(
          size_t(1) << (segment + kFirstBits));
    segments[segment][index] = std::move(entry);
    count.store(key + 1, std::memory_order_release);
  }

private:
  static constexpr unsigned kFirstBits = 6;
  static constexpr unsigned kSegments = 64 - kFirstBits;
  static std::pair<unsigned, size_t> locate(size_t key) {
    size_t biased = key + (size_t(1) << kFirstBits);
    unsigned top = 63 - static_cast<unsigned>(__builtin_clzll(biased));
    return {top - kFirstBits, biased - (size_t(1) << top)};
  }

  std::unique_ptr<std::unique_ptr<Entry>[]> segments[kSegments];
  std::atomic<size_t> count{0};
};

struct Registry {
  std::mutex mutex;
  mlir::MLIRContext context;
  std::unordered_map<std::string, int64_t> byText;
  EntryTable entries; // indexed by key

  Registry() {
    mlir::DialectRegistry dialects;
    ir::registerAllFuserDialects(dialects);
    context.appendDialectRegistry(dialects);
    context.loadAllAvailableDialects();
    registerCPUFusionBackend();
    registerCUDAFusionBackend();
  }
};

Registry &registry() {
  static Registry r;
  return r;
}

std::atomic<size_t> compiledKernels{0};

/// Collects diagnostics emitted while it lives.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext &ctx)
      : handler(&ctx, [this](mlir::Diagnostic &diag) {
          if (!text.empty())
            text += "\n";
          text += diag.str();
          for (mlir::Diagnostic &note : diag.getNotes())
            text += "\n  note: " + note.str();
          return mlir::success();
        }) {}
  const std::string &str() const { return text; }

private:
  std::string text;
  mlir::ScopedDiagnosticHandler handler;
};

std::string printOp(mlir::Operation *op) {
  std::string s;
  llvm::raw_string_ostream os(s);
  op->print(os);
  return s;
}

DType dtypeOf(mlir::Type type) {
  return *ir::getDType(mlir::getElementTypeOrSelf(type));
}

/// Drops names and locations and canonicalises, so that structurally equal
/// groups print the same.
void normalize(Registry &reg, mlir::ModuleOp module, ir::GroupOp group) {
  group.setSymName("fusion");
  // Canonicalisation erases a chunk none of whose results is used (at the
  // start or once their users are dead), which would leave its argument
  // unused: the runtime then expands the whole argument to the map (spec
  // 3.4) and fails where the chunks alone would fit. Such chunks are put back
  // afterwards (dim normalised), so that the argument stays chunked, and the
  // runtime knows that its chunks are never read.
  struct ChunkedArg {
    unsigned arg;
    int64_t chunks, dim;
    llvm::SmallVector<mlir::Type> types;
  };
  llvm::SmallVector<ChunkedArg> chunkedArgs;
  mlir::Block &body = group.getBody().front();
  for (unsigned i = 0, e = group.getNumTensorArguments(); i < e; ++i) {
    mlir::BlockArgument arg = body.getArgument(i);
    if (!arg.hasOneUse())
      continue;
    auto chunk = llvm::dyn_cast<ir::ChunkOp>(*arg.getUsers().begin());
    if (!chunk || chunk.getChunks() == 1)
      continue;
    int64_t rank = llvm::cast<mlir::RankedTensorType>(arg.getType()).getRank();
    int64_t dim = static_cast<int64_t>(chunk.getDim());
    chunkedArgs.push_back({i, static_cast<int64_t>(chunk.getChunks()),
                           dim < 0 ? dim + rank : dim,
                           llvm::to_vector(chunk.getResultTypes())});
  }
  mlir::PassManager pm(&reg.context);
  pm.addNestedPass<ir::GroupOp>(mlir::createCanonicalizerPass());
  pm.addNestedPass<ir::GroupOp>(mlir::createCSEPass());
  DiagnosticCollector diags(reg.context);
  if (mlir::failed(pm.run(module)))
    throw Error("could not normalise the group: " + diags.str());
  mlir::Location unknown = mlir::UnknownLoc::get(&reg.context);
  mlir::OpBuilder builder = mlir::OpBuilder::atBlockBegin(&body);
  for (const ChunkedArg &chunked : chunkedArgs) {
    mlir::BlockArgument arg = body.getArgument(chunked.arg);
    if (arg.use_empty())
      ir::ChunkOp::create(builder, unknown, chunked.types, arg,
                          builder.getI64IntegerAttr(chunked.chunks),
                          builder.getI64IntegerAttr(chunked.dim));
  }
  group->walk([&](mlir::Operation *op) {
    op->setLoc(unknown);
    for (mlir::Region &region : op->getRegions())
      for (mlir::Block &block : region)
        for (mlir::BlockArgument arg : block.getArguments())
          arg.setLoc(unknown);
  });
}

/// The tensor inputs whose shapes broadcast into the shape of `v`.
std::vector<size_t> shapeInputs(mlir::Value v) {
  std::set<size_t> deps;
  llvm::DenseSet<mlir::Value> seen;
  std::function<void(mlir::Value)> collect = [&](mlir::Value value) {
    if (!seen.insert(value).second)
      return;
    if (auto arg = llvm::dyn_cast<mlir::BlockArgument>(value)) {
      if (llvm::isa<mlir::RankedTensorType>(arg.getType()))
        deps.insert(arg.getArgNumber());
      return;
    }
    for (mlir::Value operand : value.getDefiningOp()->getOperands())
      collect(operand);
  };
  collect(v);
  return {deps.begin(), deps.end()};
}

/// The tensor inputs each output (or concat operand) depends on.
std::vector<std::vector<size_t>> broadcastGroups(ir::GroupOp group) {
  std::set<std::vector<size_t>> groups;
  auto add = [&](mlir::Value v) {
    std::vector<size_t> deps = shapeInputs(v);
    if (!deps.empty())
      groups.insert(std::move(deps));
  };
  for (mlir::Value result : group.getYield().getOperands()) {
    if (auto concat = result.getDefiningOp<ir::ConcatOp>()) {
      for (mlir::Value operand : concat.getInputs())
        add(operand);
    } else {
      add(result);
    }
  }
  return {groups.begin(), groups.end()};
}

/// Fills the device-independent facts of a freshly registered group.
std::unique_ptr<KernelSpec> buildSpec(int64_t key, std::string text,
                                      ir::GroupOp group) {
  auto spec = std::make_unique<KernelSpec>();
  spec->key = key;
  spec->graphText = std::move(text);
  mlir::Block &body = group.getBody().front();
  spec->nInputs = body.getNumArguments();
  spec->nTensorInputs = group.getNumTensorArguments();
  spec->nOutputs = group.getResultTypes().size();
  for (size_t i = 0; i < spec->nTensorInputs; ++i) {
    auto type = llvm::cast<mlir::RankedTensorType>(body.getArgument(i).getType());
    spec->inputRanks.push_back(static_cast<size_t>(type.getRank()));
    PartitionInfo chunk;
    mlir::BlockArgument arg = body.getArgument(i);
    if (arg.hasOneUse())
      if (auto c = llvm::dyn_cast<ir::ChunkOp>(*arg.getUsers().begin())) {
        int64_t dim = static_cast<int64_t>(c.getDim());
        chunk.nSubTensors = static_cast<size_t>(c.getChunks());
        chunk.dim = static_cast<size_t>(dim < 0 ? dim + type.getRank() : dim);
      }
    spec->inputChunks.push_back(chunk);
  }
  for (mlir::Value result : group.getYield().getOperands()) {
    PartitionInfo concat;
    if (auto c = result.getDefiningOp<ir::ConcatOp>()) {
      int64_t dim = static_cast<int64_t>(c.getDim());
      concat.nSubTensors = c.getInputs().size();
      concat.dim =
          static_cast<size_t>(dim < 0 ? dim + c.getType().getRank() : dim);
    }
    spec->outputConcats.push_back(concat);
  }
  spec->inputBroadcastGroups = broadcastGroups(group);
  group.walk([&](ir::RandLikeOp op) {
    ++spec->numRandom;
    spec->randomShapeGroups.push_back(shapeInputs(op.getInput()));
  });
  return spec;
}

/// Registers the group in `module` (in the registry's context). Takes the
/// registry lock.
int64_t registerModule(Registry &reg, mlir::OwningOpRef<mlir::ModuleOp> module,
                       ir::GroupOp group) {
  normalize(reg, *module, group);
  std::string text = printOp(group);
  auto it = reg.byText.find(text);
  if (it != reg.byText.end())
    return it->second;
  int64_t key = static_cast<int64_t>(reg.entries.size());
  auto entry = std::make_unique<Entry>();
  entry->spec = buildSpec(key, text, group);
  entry->group = group;
  for (size_t i = 0; i < entry->spec->nTensorInputs; ++i)
    entry->declaredDTypes.push_back(
        dtypeOf(group.getBody().front().getArgument(i).getType()));
  entry->module = std::move(module);
  reg.byText.emplace(std::move(text), key);
  reg.entries.push_back(std::move(entry));
  return key;
}

/// Parses `source` into the registry context and registers one group.
int64_t registerSource(Registry &reg, std::string_view source,
                       std::string_view name) {
  std::lock_guard<std::mutex> lock(reg.mutex);
  DiagnosticCollector diags(reg.context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(
          llvm::StringRef(source.data(), source.size()), &reg.context);
  if (!module)
    throw Error("could not parse the fusion group:\n" + diags.str());
  ir::GroupOp chosen;
  unsigned count = 0;
  for (auto group : module->getOps<ir::GroupOp>()) {
    ++count;
    if (name.empty() ? !chosen : group.getSymName() == llvm::StringRef(
                                                         name.data(), name.size()))
      chosen = group;
  }
  if (!chosen)
    throw Error(count == 0 ? std::string("the input holds no fuser.group")
                           : "no fuser.group named @" + std::string(name));
  if (name.empty() && count > 1)
    throw Error("the input holds " + std::to_string(count) +
                " groups; name the one to register");
  // The registered module holds the chosen group alone: its copies (re-typed
  // per dtype list, specialised per layout) are taken from the module's
  // group.
  for (mlir::Operation &op :
       llvm::make_early_inc_range(module->getBody()->getOperations()))
    if (&op != chosen.getOperation())
      op.erase();
  return registerModule(reg, std::move(module), chosen);
}

Entry &getEntry(Registry &reg, int64_t key) {
  // No lock: see EntryTable.
  if (key < 0 || static_cast<size_t>(key) >= reg.entries.size())
    throw Error("no fusion group is registered under key " +
                std::to_string(key));
  return *reg.entries[static_cast<size_t>(key)];
}

/// The group of `entry` re-typed for `dtypes` (the declared one if equal).
ir::GroupOp specialize(Registry &reg, Entry &entry,
                       const std::vector<DType> &dtypes) {
  if (dtypes == entry.declaredDTypes)
    return entry.group;
  std::lock_guard<std::mutex> lock(reg.mutex);
  auto it = entry.specialized.find(dtypes);
  if (it != entry.specialized.end())
    return *it->second->getOps<ir::GroupOp>().begin();
  mlir::OwningOpRef<mlir::ModuleOp> clone = entry.module->clone();
  ir::GroupOp group = *clone->getOps<ir::GroupOp>().begin();
  mlir::Block &body = group.getBody().front();
  for (size_t i = 0; i < dtypes.size(); ++i) {
    mlir::BlockArgument arg = body.getArgument(i);
    auto type = llvm::cast<mlir::RankedTensorType>(arg.getType());
    arg.setType(type.clone(ir::getElementType(&reg.context, dtypes[i])));
  }
  DiagnosticCollector diags(reg.context);
  if (mlir::failed(ir::refineGroupTypes(group)) ||
      mlir::failed(mlir::verify(group))) {
    std::string list;
    for (size_t i = 0; i < dtypes.size(); ++i)
      list += (i ? ", " : "") + std::string(torchName(dtypes[i]));
    throw Error("the group does not type-check for inputs of dtypes (" + list +
                "): " + diags.str());
  }
  auto inserted = entry.specialized.emplace(dtypes, std::move(clone)).first;
  entry.noteSpecialized(inserted->first);
  return group;
}

std::vector<DType> tensorDTypes(const KernelSpec &spec,
                                const std::vector<Argument> &inputs) {
  std::vector<DType> dtypes;
  for (size_t i = 0; i < spec.nTensorInputs; ++i)
    dtypes.push_back(std::get<TensorView>(inputs[i]).dtype);
  return dtypes;
}

/// Checks the inputs against the group signature; throws on mismatch.
void validateInputs(Entry &entry, const std::vector<Argument> &inputs) {
  const KernelSpec &spec = *entry.spec;
  if (inputs.size() != spec.nInputs)
    throw Error("the group takes " + std::to_string(spec.nInputs) +
                " inputs (" + std::to_string(spec.nTensorInputs) +
                " tensors, then " +
                std::to_string(spec.nInputs - spec.nTensorInputs) +
                " float scalars), got " + std::to_string(inputs.size()));
  // Messages are built only to be thrown.
  auto which = [](size_t i) { return "input #" + std::to_string(i); };
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (i >= spec.nTensorInputs) {
      if (!std::holds_alternative<double>(inputs[i]))
        throw Error(which(i) + " must be a float scalar, got a tensor");
      continue;
    }
    const auto *view = std::get_if<TensorView>(&inputs[i]);
    if (!view)
      throw Error(which(i) + " must be a tensor, got a scalar");
    if (!view->defined)
      throw Error(which(i) + " is an undefined tensor");
    const std::vector<int64_t> &shape = entry.declaredShapes[i];
    auto rank = static_cast<int64_t>(shape.size());
    if (view->dim() != rank)
      throw Error(which(i) + " has rank " + std::to_string(view->dim()) +
                  ", but the group declares rank " + std::to_string(rank));
    if (view->strides.size() != view->sizes.size())
      throw Error(which(i) + " has " + std::to_string(view->strides.size()) +
                  " strides for " + std::to_string(view->sizes.size()) +
                  " sizes");
    for (int64_t d = 0; d < rank; ++d) {
      if (view->sizes[d] < 0)
        throw Error(which(i) + " has a negative size in dimension " +
                    std::to_string(d));
      if (view->strides[d] < 0)
        throw Error(which(i) + " has a negative stride in dimension " +
                    std::to_string(d) + " (not supported)");
      if (!mlir::ShapedType::isDynamic(shape[d]) && shape[d] != view->sizes[d])
        throw Error(which(i) + " has size " + std::to_string(view->sizes[d]) +
                    " in dimension " + std::to_string(d) +
                    ", but the group declares " + std::to_string(shape[d]));
    }
    if (view->numel() > 0 && !view->data)
      throw Error(which(i) + " has a null data pointer");
    if (reinterpret_cast<uintptr_t>(view->data) % elementSize(view->dtype))
      throw Error(which(i) + " has a data pointer not aligned to its " +
                  std::to_string(elementSize(view->dtype)) + "-byte elements");
  }
}

std::shared_ptr<FusedKernel> compileForExecutor(const KernelSpec &spec,
                                                const ArgSpec &argSpec,
                                                const std::vector<int64_t> &map,
                                                Device device) {
  if (device.type == DeviceType::CPU && !mustUseLLVMOnCPU()) {
    try {
      return compileKernel(spec, argSpec, map, device);
    } catch (const Error &e) {
      if (debugFuser())
        std::fprintf(stderr, "fuser: could not compile group %" PRId64
                             " (%s); running it unfused\n",
                     spec.key, e.what());
      return nullptr;
    }
  }
  return compileKernel(spec, argSpec, map, device);
}

std::vector<Tensor> runFallback(Registry &reg, Entry &entry,
                                const std::vector<Argument> &inputs) {
  ir::GroupOp group = specialize(reg, entry, tensorDTypes(*entry.spec, inputs));
  InterpreterOptions options;
  Device device = Device::cpu();
  if (entry.spec->nTensorInputs)
    device = std::get<TensorView>(inputs[0]).device;
  for (size_t i = 1; i < entry.spec->nTensorInputs; ++i) {
    Device other = std::get<TensorView>(inputs[i]).device;
    if (other != device)
      throw Error("tensor inputs #0 and #" + std::to_string(i) +
                  " are on different devices (" + device.str() + " and " +
                  other.str() + ")");
  }
  if (entry.spec->hasRandom())
    std::tie(options.seed, options.offset) =
        reserveRandom(device, entry.spec->numRandom);
  if (device.type == DeviceType::CPU)
    return interpretGroup(group, inputs, options);
  if (device.type != DeviceType::CUDA)
    throw Error("group " + std::to_string(entry.spec->key) +
                " cannot run unfused on " + device.str());
  // Unfused on a GPU: the interpreter on host copies (the results, random
  // numbers included, are those of the kernel), then the outputs go back.
  std::vector<Tensor> hostInputs;
  std::vector<Argument> hostArgs;
  for (const Argument &a : inputs) {
    if (const TensorView *t = std::get_if<TensorView>(&a)) {
      hostInputs.push_back(copyToHost(*t));
      hostArgs.push_back(hostInputs.back().view);
    } else {
      hostArgs.push_back(a);
    }
  }
  std::vector<Tensor> outputs;
  for (Tensor &out : interpretGroup(group, hostArgs, options)) {
    if (!out.view.isContiguous())
      throw Error("internal error: the interpreter returned a strided output");
    outputs.push_back(copyToDevice(out.view, device.index));
  }
  // Host-to-device copies from pageable memory may still be in flight when
  // they return; later work on any stream must see the outputs.
  cudaSynchronize(device.index);
  return outputs;
}

std::string bitString(const std::vector<bool> &bits) {
  std::string s;
  for (bool bit : bits)
    s += bit ? '1' : '0';
  return s;
}

/// Lowers a specialised group for `argSpec` through fuser-to-cpu and
/// compiles it to a shared object; returns the CPU backend's code blob.
std::string compileCPUKernel(Registry &reg, ir::GroupOp group,
                             const std::string &name, const ArgSpec &argSpec);

/// Clones `group` as `name` into a new module and specialises it for the
/// layouts of `argSpec`.
mlir::OwningOpRef<mlir::ModuleOp>
specializedModule(Registry &reg, ir::GroupOp group, const std::string &name,
                  const ArgSpec &argSpec, const std::string &device,
                  mlir::PassManager &pm) {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  {
    std::lock_guard<std::mutex> lock(reg.mutex);
    module = mlir::ModuleOp::create(mlir::UnknownLoc::get(&reg.context));
    auto clone = llvm::cast<ir::GroupOp>(group->clone());
    clone.setSymName(name);
    module->push_back(clone);
  }
  ir::FuserSpecializePassOptions specialize;
  for (const TensorDesc &d : argSpec.descs())
    specialize.inputLayouts.push_back(bitString(d.contiguity));
  for (const std::vector<bool> &bits : argSpec.outputContiguity())
    specialize.outputLayouts.push_back(bitString(bits));
  specialize.device = device;
  specialize.indexBitwidth = argSpec.indexBitwidth();
  pm.addNestedPass<ir::GroupOp>(ir::createFuserSpecializePass(specialize));
  return module;
}

/// The CUDA toolkit whose libdevice (and, for cubin, ptxas) the GPU pipeline
/// uses: FUSER_CUDA_TOOLKIT, else CUDA_HOME, else /usr/local/cuda.
std::string cudaToolkitPath() {
  for (const char *var : {"FUSER_CUDA_TOOLKIT", "CUDA_HOME"})
    if (const char *v = std::getenv(var); v && *v)
      return v;
  return "/usr/local/cuda";
}

/// FUSER_CUDA_VECTOR_BYTES: bytes per tensor and thread of the vector GPU
/// kernel (16, 8 or 4), or 0 (unset) for the choice per group.
unsigned cudaVectorBytes() {
  const char *v = std::getenv("FUSER_CUDA_VECTOR_BYTES");
  if (!v || !*v)
    return 0;
  unsigned n = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
  if (n != 4 && n != 8 && n != 16)
    throw Error("FUSER_CUDA_VECTOR_BYTES must be 4, 8 or 16, not '" +
                std::string(v) + "'");
  return n;
}

/// FUSER_CUDA_FORMAT: "ptx" (default: PTX in process; the driver makes the
/// cubin when the kernel loads) or "cubin" (ptxas of the toolkit).
std::string cudaCodeFormat() {
  const char *v = std::getenv("FUSER_CUDA_FORMAT");
  if (!v || !*v || std::string_view(v) == "ptx")
    return "ptx";
  if (std::string_view(v) == "cubin")
    return "cubin";
  throw Error("FUSER_CUDA_FORMAT must be ptx or cubin, not '" +
              std::string(v) + "'");
}

/// Lowers a specialised group through fuser-to-nvvm to PTX for the device's
/// architecture.
std::string compileCUDAKernel(Registry &reg, ir::GroupOp group,
                              const std::string &name, const ArgSpec &argSpec,
                              Device device) {
  mlir::PassManager pm(&reg.context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      specializedModule(reg, group, name, argSpec, "cuda", pm);
  ir::GroupOp specialized = *module->getOps<ir::GroupOp>().begin();
  unsigned vectorBytes = cudaVectorBytes();
  if (!vectorBytes) {
    // The vector kernel keeps every input vector of a thread in registers
    // at once. Past ~384 bytes of them, the register file limits occupancy
    // enough that 8-byte vectors win (H100: MiLSTM cell, 29 input vectors,
    // 0.250 ms at 8 bytes vs 0.256 at 16; LSTM cell, 17 vectors, 0.244 at 16
    // vs 0.249 at 8).
    size_t flatInputs = 0;
    for (unsigned i = 0; i < specialized.getNumTensorArguments(); ++i) {
      size_t pieces = 1;
      for (mlir::Operation *user :
           specialized.getBody().front().getArgument(i).getUsers())
        if (auto chunk = llvm::dyn_cast<ir::ChunkOp>(user))
          pieces = std::max<size_t>(pieces, chunk->getNumResults());
      flatInputs += pieces;
    }
    vectorBytes = flatInputs * 16 > 384 ? 8 : 16;
  }
  unsigned lanes = ir::gpuVectorLanes(specialized, vectorBytes);
  ir::FuserToNVVMPipelineOptions options;
  options.maxVectorBytes = vectorBytes;
  options.chip = cudaDeviceArch(device.index);
  options.toolkit = cudaToolkitPath();
  bool cubin = cudaCodeFormat() == "cubin";
  if (cubin)
    options.format = "bin";
  ir::buildFuserToNVVMPipeline(pm, options);
  DiagnosticCollector diags(reg.context);
  if (mlir::failed(pm.run(*module)))
    throw Error("could not lower the group for CUDA: " + diags.str());
  std::string image;
  module->walk([&](mlir::gpu::BinaryOp binary) {
    for (mlir::Attribute attr : binary.getObjects())
      image = llvm::cast<mlir::gpu::ObjectAttr>(attr).getObject().str();
  });
  if (image.empty())
    throw Error("the NVVM pipeline produced no kernel image");
  if (cubin)
    return packCUDAKernelCode("", lanes, image);
  return packCUDAKernelCode(image, lanes);
}

std::string compileCPUKernel(Registry &reg, ir::GroupOp group,
                             const std::string &name, const ArgSpec &argSpec) {
  mlir::PassManager pm(&reg.context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      specializedModule(reg, group, name, argSpec, "cpu", pm);
  ir::buildFuserToCPUPipeline(pm, ir::FuserToCPUPipelineOptions());
  DiagnosticCollector diags(reg.context);
  if (mlir::failed(pm.run(*module)))
    throw Error("could not lower the group for the CPU: " + diags.str());
  CPUBinary binary = compileForHost(*module);
  return packCPUKernelCode(binary.llvmIR, binary.sharedObject);
}

CompileStats &lastCompileStatsRef() {
  static thread_local CompileStats stats;
  return stats;
}

/// What the generated code depends on besides the group and its argument
/// spec: the compiler (this binary, identified by its file's size and time,
/// so a rebuilt fuser never loads an older build's kernels), LLVM, and the
/// target.
const std::string &compilerIdentity() {
  static const std::string id = [] {
    std::string s = "fuser-" FUSER_VERSION_STRING " llvm-" LLVM_VERSION_STRING;
    Dl_info info;
    struct stat st;
    if (dladdr(reinterpret_cast<void *>(&compilerIdentity), &info) &&
        info.dli_fname && ::stat(info.dli_fname, &st) == 0)
      s += " " + std::string(info.dli_fname) + ":" +
           std::to_string(st.st_size) + ":" +
           std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec);
    return s;
  }();
  return id;
}

std::string targetIdentity(Device device) {
  if (device.type == DeviceType::CPU) {
    std::string s = "cpu " + llvm::sys::getHostCPUName().str();
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      if (feature.second)
        s += " +" + feature.first().str();
    return s;
  }
  if (device.type == DeviceType::CUDA)
    return "cuda " + cudaDeviceArch(device.index) + " " + cudaCodeFormat() +
           " v" + std::to_string(cudaVectorBytes()) + "/384";
  return device.str();
}

std::string diskCacheKey(const std::string &groupText, const ArgSpec &argSpec,
                         Device device) {
  return "fuser kernel cache v1\n" + compilerIdentity() + "\n" +
         targetIdentity(device) + "\n" + argSpec.str() + "\n" + groupText;
}

} // namespace

int fuser::debugFuser() {
  static const int level = [] {
    const char *env = std::getenv("FUSER_DEBUG");
    return env ? std::atoi(env) : 0;
  }();
  return level;
}

int64_t fuser::registerFusion(ir::GroupOp group) {
  std::string text;
  llvm::raw_string_ostream os(text);
  group->print(os, mlir::OpPrintingFlags().printGenericOpForm());
  return registerSource(registry(), text, {});
}

int64_t fuser::registerFusion(std::string_view source, std::string_view name) {
  return registerSource(registry(), source, name);
}

const KernelSpec &fuser::getKernelSpec(int64_t key) {
  return *getEntry(registry(), key).spec;
}

std::string fuser::getGroupSource(int64_t key) {
  return getEntry(registry(), key).spec->graphText;
}

std::string fuser::getSpecializedGroupSource(int64_t key,
                                             const std::vector<DType> &dtypes) {
  Registry &reg = registry();
  Entry &entry = getEntry(reg, key);
  if (dtypes.size() != entry.spec->nTensorInputs)
    throw Error("expected " + std::to_string(entry.spec->nTensorInputs) +
                " dtypes, got " + std::to_string(dtypes.size()));
  return printOp(specialize(reg, entry, dtypes));
}

size_t fuser::nCompiledKernels() { return compiledKernels.load(); }

size_t fuser::debugNumCachedKernelSpecs() {
  Registry &reg = registry();
  std::lock_guard<std::mutex> lock(reg.mutex);
  return reg.entries.size();
}

std::shared_ptr<FusedKernel>
fuser::compileKernel(const KernelSpec &spec, const ArgSpec &argSpec,
                     const std::vector<int64_t> &mapSize, Device device) {
  (void)mapSize; // kernels are shape-agnostic
  Registry &reg = registry();
  Entry &entry = getEntry(reg, spec.key);
  FusedKernelConstructor ctor = getFusionBackend(device.type);
  if (!ctor)
    throw Error("no fusion backend is registered for " + device.str());
  std::vector<DType> dtypes;
  for (const TensorDesc &d : argSpec.descs())
    dtypes.push_back(d.dtype);
  ir::GroupOp group = specialize(reg, entry, dtypes);

  std::vector<TensorDesc> outputDesc;
  std::vector<PartitionDesc> chunkDesc, concatDesc;
  for (size_t j = 0; j < spec.nOutputs; ++j) {
    std::vector<bool> bits = j < argSpec.outputContiguity().size()
                                 ? argSpec.outputContiguity()[j]
                                 : std::vector<bool>();
    outputDesc.emplace_back(dtypeOf(group.getResultTypes()[j]),
                            std::move(bits));
    const PartitionInfo &c = spec.outputConcats[j];
    concatDesc.push_back(c.isNoop() ? PartitionDesc()
                                    : PartitionDesc(outputDesc.back(),
                                                    c.nSubTensors, c.dim));
  }
  for (size_t i = 0; i < spec.nTensorInputs; ++i) {
    const PartitionInfo &c = spec.inputChunks[i];
    if (c.isNoop()) {
      chunkDesc.emplace_back();
      continue;
    }
    // The descriptor is of the input broadcast to the map's rank: the chunk
    // dim, counted in the input's declared rank, moves right by the
    // difference (as the executor's chunk slices do).
    const TensorDesc &desc = argSpec.descs()[i];
    if (desc.contiguity.size() < spec.inputRanks[i])
      throw Error("tensor input #" + std::to_string(i) + " is chunked in " +
                  "rank " + std::to_string(spec.inputRanks[i]) +
                  " but its descriptor has rank " +
                  std::to_string(desc.contiguity.size()));
    size_t dim = c.dim + (desc.contiguity.size() - spec.inputRanks[i]);
    chunkDesc.push_back(PartitionDesc(desc, c.nSubTensors, dim));
  }
  ++compiledKernels;
  CompileStats &stats = lastCompileStatsRef();
  stats = CompileStats();
  auto start = std::chrono::steady_clock::now();
  auto msSince = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now() - t)
        .count();
  };
  auto construct = [&](const std::string &name, std::string code) {
    return ctor(device.index, name, std::move(code), argSpec.descs(),
                outputDesc, chunkDesc, concatDesc, spec.hasRandom());
  };
  // The kernel's name derives from its cache key, so that code loaded from
  // the disk cache and code compiled now agree on it.
  bool persistent = (device.type == DeviceType::CPU ||
                     device.type == DeviceType::CUDA) &&
                    fusionBackendPersists(device.type);
  std::string cacheKey;
  std::string name;
  {
    std::lock_guard<std::mutex> lock(reg.mutex);
    cacheKey = diskCacheKey(printOp(group), argSpec, device);
  }
  char hex[24];
  std::snprintf(hex, sizeof(hex), "%016llx",
                static_cast<unsigned long long>(
                    fnv1a64(cacheKey.data(), cacheKey.size())));
  name = std::string("fused_") + hex;
  DiskCache &disk = DiskCache::global();
  if (persistent && disk.enabled()) {
    stats.cachePath = disk.pathFor(cacheKey);
    if (std::optional<std::string> cached = disk.load(cacheKey)) {
      // A stale or foreign entry that the backend rejects is recompiled.
      try {
        std::shared_ptr<FusedKernel> kernel = construct(name, *cached);
        stats.diskHit = true;
        stats.loadMs = msSince(start);
        if (debugFuser())
          std::fprintf(stderr, "fuser: loaded %s for %s from %s\n",
                       name.c_str(), argSpec.str().c_str(),
                       stats.cachePath.c_str());
        return kernel;
      } catch (const Error &) {
      }
    }
  }
  std::string code;
  if (device.type == DeviceType::CPU)
    code = compileCPUKernel(reg, group, name, argSpec);
  else if (device.type == DeviceType::CUDA)
    code = compileCUDAKernel(reg, group, name, argSpec, device);
  else
    code = printOp(group); // no code generator for this device
  stats.lowerMs = msSince(start);
  if (debugFuser())
    std::fprintf(stderr, "fuser: compiling %s for %s\nfusion code:\n%s\n",
                 name.c_str(), argSpec.str().c_str(), code.c_str());
  auto loadStart = std::chrono::steady_clock::now();
  std::shared_ptr<FusedKernel> kernel = construct(name, std::move(code));
  stats.loadMs = msSince(loadStart);
  if (persistent && disk.enabled() && !kernel->persistentCode().empty())
    stats.stored = disk.store(cacheKey, kernel->persistentCode());
  return kernel;
}

CompileStats fuser::lastCompileStats() { return lastCompileStatsRef(); }

ExecutionResult fuser::runFusionKernel(int64_t key,
                                       const std::vector<Argument> &inputs,
                                       std::string *codeOut, void *stream) {
  Entry &entry = getEntry(registry(), key);
  validateInputs(entry, inputs);
  AllocationStreamScope allocationStream(stream);
  ExecutionResult result =
      runKernel(*entry.spec, inputs, compileForExecutor, stream);
  if (codeOut && result.kernel)
    *codeOut = result.kernel->code();
  return result;
}

std::vector<Tensor> fuser::runFusionFallback(int64_t key,
                                             const std::vector<Argument> &inputs) {
  Registry &reg = registry();
  Entry &entry = getEntry(reg, key);
  validateInputs(entry, inputs);
  return runFallback(reg, entry, inputs);
}

std::vector<Tensor> fuser::runFusion(int64_t key,
                                     const std::vector<Argument> &inputs,
                                     void *stream) {
  Registry &reg = registry();
  Entry &entry = getEntry(reg, key);
  validateInputs(entry, inputs);
  // Re-typing errors (a group that is invalid for these dtypes) are real
  // errors, whichever path runs. Dtypes the group has (or was re-typed for
  // already) need no check.
  if (!entry.hasSpecialization(inputs))
    specialize(reg, entry, tensorDTypes(*entry.spec, inputs));
  AllocationStreamScope allocationStream(stream);
  ExecutionResult result =
      runKernel(*entry.spec, inputs, compileForExecutor, stream);
  if (result.ran())
    return std::move(result.outputs);
  if (debugFuser())
    std::fprintf(stderr, "fuser: group %" PRId64 " runs unfused: %s\n", key,
                 std::string(fallbackReasonName(result.reason)).c_str());
  return runFallback(reg, entry, inputs);
}

std::vector<Tensor> fuser::debugLaunchGraph(ir::GroupOp group,
                                            const std::vector<TensorView> &in) {
  int64_t key = registerFusion(group);
  std::vector<Argument> inputs(in.begin(), in.end());
  ExecutionResult result = runFusionKernel(key, inputs);
  if (result.ran())
    return std::move(result.outputs);
  std::vector<Tensor> unchanged;
  for (const TensorView &t : in)
    unchanged.push_back(Tensor{t, nullptr});
  return unchanged;
}

std::string fuser::debugGetFusedKernelCode(ir::GroupOp group,
                                           const std::vector<TensorView> &in) {
  int64_t key = registerFusion(group);
  std::vector<Argument> inputs(in.begin(), in.end());
  std::string code;
  ExecutionResult result = runFusionKernel(key, inputs, &code);
  if (!result.ran())
    throw Error("could not run the fusion for this graph: " +
                std::string(fallbackReasonName(result.reason)));
  return code;
}
