//===- CPUTarget.cpp - LLVM-dialect kernels to host shared objects --------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Target/CPUTarget.h"
#include "FuserDialect/Runtime/Tensor.h"

#include "lld/Common/Driver.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace fuser;

namespace {
struct HostTarget {
  std::string triple;
  std::string cpu;
  std::string features;
  const llvm::Target *target = nullptr;

  HostTarget() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    triple = llvm::sys::getProcessTriple();
    cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures subtarget;
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      subtarget.AddFeature(feature.first(), feature.second);
    features = subtarget.getString();
    std::string error;
    target = llvm::TargetRegistry::lookupTarget(llvm::Triple(triple), error);
  }
};

HostTarget &host() {
  static HostTarget h;
  return h;
}

/// Removes a temporary file when it goes out of scope.
struct TempFile {
  llvm::SmallString<128> path;
  ~TempFile() {
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }
};

std::mutex &lldMutex() {
  static std::mutex m;
  return m;
}
} // namespace

std::string fuser::hostCPUDescription() {
  return host().triple + " " + host().cpu + " " + host().features;
}

CPUBinary fuser::compileForHost(mlir::ModuleOp module) {
  HostTarget &h = host();
  if (!h.target)
    throw Error("no LLVM target for the host triple " + h.triple);
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, "fuser_kernel");
  if (!llvmModule)
    throw Error("could not translate the kernel to LLVM IR");
  std::unique_ptr<llvm::TargetMachine> machine(h.target->createTargetMachine(
      llvm::Triple(h.triple), h.cpu, h.features, llvm::TargetOptions(),
      llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  llvmModule->setDataLayout(machine->createDataLayout());
  llvmModule->setTargetTriple(llvm::Triple(h.triple));
  llvm::TargetLibraryInfoImpl libraryInfoImpl(llvm::Triple(h.triple));
  llvm::TargetLibraryInfo libraryInfo(libraryInfoImpl);
  for (llvm::Function &f : *llvmModule) {
    if (!f.isDeclaration()) {
      f.addFnAttr("target-cpu", h.cpu);
      f.addFnAttr("target-features", h.features);
      continue;
    }
    if (f.isIntrinsic())
      continue;
    // The external functions of a kernel are C library functions (expf,
    // pow, ...), which must compute at run time exactly what the
    // interpreter's calls compute. As builtins, LLVM would constant-fold
    // them with its own implementation (coshf(1) 1 ulp off the C library's)
    // and rewrite them (pow(2, x) as exp2(x)); `nobuiltin` on the
    // declaration and every call keeps them plain calls. The only side
    // effect of the C library's math functions is on errno (and signgam for
    // lgamma), which kernels never read, so equal calls may still be merged
    // and unused ones dropped.
    llvm::LibFunc libFunc;
    if (libraryInfo.getLibFunc(f, libFunc)) {
      f.setDoesNotAccessMemory();
      f.setDoesNotThrow();
      f.setWillReturn();
    }
    f.addFnAttr(llvm::Attribute::NoBuiltin);
    for (llvm::User *user : f.users())
      if (auto *call = llvm::dyn_cast<llvm::CallBase>(user))
        call->addFnAttr(llvm::Attribute::NoBuiltin);
  }
  if (llvm::Error err =
          mlir::makeOptimizingTransformer(3, 0, machine.get())(llvmModule.get()))
    throw Error("LLVM optimisation failed: " + llvm::toString(std::move(err)));

  CPUBinary binary;
  {
    llvm::raw_string_ostream os(binary.llvmIR);
    llvmModule->print(os, nullptr);
  }
  llvm::SmallVector<char, 0> object;
  {
    llvm::raw_svector_ostream os(object);
    llvm::legacy::PassManager pm;
    if (machine->addPassesToEmitFile(pm, os, nullptr,
                                     llvm::CodeGenFileType::ObjectFile))
      throw Error("the host target cannot emit object files");
    pm.run(*llvmModule);
  }

  TempFile obj, so;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("fuser-kernel", "o", fd, obj.path))
    throw Error("cannot create a temporary object file");
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out.write(object.data(), object.size());
  }
  if (llvm::sys::fs::createTemporaryFile("fuser-kernel", "so", so.path))
    throw Error("cannot create a temporary shared-object path");
  std::string log;
  {
    llvm::raw_string_ostream logStream(log);
    std::lock_guard<std::mutex> lock(lldMutex());
    const char *args[] = {"ld.lld", "-shared", "--hash-style=gnu", "-o",
                          so.path.c_str(), obj.path.c_str()};
    lld::Result r = lld::lldMain(args, logStream, logStream,
                                 {{lld::Gnu, &lld::elf::link}});
    if (r.retCode != 0)
      throw Error("linking the kernel failed: " + log);
  }
  auto buffer = llvm::MemoryBuffer::getFile(so.path);
  if (!buffer)
    throw Error("cannot read the linked kernel");
  binary.sharedObject = (*buffer)->getBuffer().str();
  return binary;
}
