//===- main.cpp - A program built against an installed fuser --------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Parses a fusion group, verifies it, specialises it to float16 with
// fuser-refine-types, canonicalises it, checks the result and prints it.
// Exits non-zero on any failure.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h"
#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h"
#include "FuserDialect/InitAll.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

static const char *const kSource = R"mlir(
fuser.group @consumer_demo(%x: tensor<?x?xf32>, %b: tensor<?xf32>)
    -> tensor<?x?xf32> {
  %n = fuser.neg %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %nn = fuser.neg %n : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %s = fuser.sigmoid %nn : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %r = fuser.add %s, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %r : tensor<?x?xf32>
}
)mlir";

static int fail(const char *what) {
  llvm::errs() << "fuser-consumer: " << what << "\n";
  return 1;
}

int main() {
  mlir::DialectRegistry registry;
  mlir::fuser::registerAllFuserDialects(registry);
  mlir::MLIRContext context(registry);

  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kSource, &context);
  if (!module)
    return fail("cannot parse the group");
  if (mlir::failed(mlir::verify(*module)))
    return fail("the parsed group does not verify");

  // Specialise both tensor arguments to f16, re-infer every type, then fold
  // neg(neg(x)) away.
  mlir::PassManager pm(&context);
  mlir::fuser::FuserRefineTypesPassOptions options;
  options.elementTypes = {"f16", "f16"};
  pm.addNestedPass<mlir::fuser::GroupOp>(
      mlir::fuser::createFuserRefineTypesPass(options));
  pm.addPass(mlir::createCanonicalizerPass());
  if (mlir::failed(pm.run(*module)))
    return fail("the pass pipeline failed");

  // Check what the passes should have done.
  auto group = module->lookupSymbol<mlir::fuser::GroupOp>("consumer_demo");
  if (!group)
    return fail("@consumer_demo is gone");
  mlir::Type f16 = mlir::Float16Type::get(&context);
  for (mlir::Type type : group.getFunctionType().getResults())
    if (mlir::cast<mlir::ShapedType>(type).getElementType() != f16)
      return fail("the result was not refined to f16");
  unsigned numNeg = 0;
  group.walk([&](mlir::fuser::NegOp) { ++numNeg; });
  if (numNeg != 0)
    return fail("neg(neg(x)) was not folded");

  module->print(llvm::outs());
  llvm::outs() << "\n";
  return 0;
}
