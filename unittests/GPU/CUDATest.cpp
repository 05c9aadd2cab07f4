//===- CUDATest.cpp - The CUDA backend through the public API -------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Groups run on cuda:0 through the public API (registerFusion,
// runFusionKernel, runFusion; copyToDevice/copyToHost) and compared with the
// reference interpreter on the same values on the host (see GPUTestUtil.h):
// broadcasting, non-contiguous inputs and outputs, chunk and concat (LSTM
// cells), ranks 0 to 4, rand_like (bits equal to the CPU backend's and the
// interpreter's), unaligned views, tails and empty tensors, more than 2^31
// elements, streams, errors and the kernel cache. OpsTest.cpp covers every
// op and dtype.
//
// Without a GPU every test is skipped with the driver's reason.
//
//===----------------------------------------------------------------------===//

#include "GPU/GPUTestUtil.h"

#include "FuserDialect/Runtime/Executor.h"
#include "FuserDialect/Support/Philox.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

using namespace fuser;
using namespace fuser::gputest;

namespace {

/// mlirName as a std::string.
std::string mn(DType d) { return std::string(mlirName(d)); }

/// Destroys a stream (after waiting for everything) when it goes out of
/// scope, also on an early return of the test.
struct StreamGuard {
  void *stream = nullptr;
  explicit StreamGuard(void *s) : stream(s) {}
  ~StreamGuard() {
    try {
      cudaSynchronize();
    } catch (...) {
    }
    cudaDestroyStream(stream);
  }
  StreamGuard(const StreamGuard &) = delete;
  StreamGuard &operator=(const StreamGuard &) = delete;
};

//===----------------------------------------------------------------------===//
// Broadcasting
//===----------------------------------------------------------------------===//

class GPUBroadcast : public CUDATest {};

TEST_F(GPUBroadcast, RowColumnOuterAndZeroDim) {
  for (DType d : {DType::Float32, DType::Float16, DType::BFloat16,
                  DType::Int64, DType::Float64}) {
    SCOPED_TRACE(name(d));
    std::string T = mn(d);
    // A row bias [N] over [M, N].
    checkGroup(subst(R"(
fuser.group @row(%x: tensor<?x?x$T>, %b: tensor<?x$T>) -> tensor<?x?x$T> {
  %r = fuser.add %x, %b : (tensor<?x?x$T>, tensor<?x$T>) -> tensor<?x?x$T>
  fuser.yield %r : tensor<?x?x$T>
}
)",
                     "$T", T),
               {input(d, {33, 70}, 1), input(d, {70}, 2)}, {}, {bitwise()},
               "row bias " + name(d));
    // A column [M, 1] over [M, N].
    checkGroup(subst(R"(
fuser.group @col(%x: tensor<?x?x$T>, %c: tensor<?x?x$T>) -> tensor<?x?x$T> {
  %r = fuser.mul %x, %c : (tensor<?x?x$T>, tensor<?x?x$T>) -> tensor<?x?x$T>
  fuser.yield %r : tensor<?x?x$T>
}
)",
                     "$T", T),
               {input(d, {33, 70}, 3), input(d, {33, 1}, 4)}, {}, {bitwise()},
               "column " + name(d));
    // Both operands broadcast: [M, 1] - [1, N] -> [M, N].
    checkGroup(subst(R"(
fuser.group @outer(%a: tensor<?x?x$T>, %b: tensor<?x?x$T>) -> tensor<?x?x$T> {
  %r = fuser.sub %a, %b : (tensor<?x?x$T>, tensor<?x?x$T>) -> tensor<?x?x$T>
  fuser.yield %r : tensor<?x?x$T>
}
)",
                     "$T", T),
               {input(d, {33, 1}, 5), input(d, {1, 70}, 6)}, {}, {bitwise()},
               "outer " + name(d));
    // A 0-dim tensor and a Python float: [M, N] * s0 + f.
    // (An integer tensor plus a Python float is f32.)
    std::string zeroDim = subst(R"(
fuser.group @zerodim(%x: tensor<?x?x$T>, %s: tensor<$T>, %f: f64) -> tensor<?x?x$R> {
  %m = fuser.mul %x, %s : (tensor<?x?x$T>, tensor<$T>) -> tensor<?x?x$T>
  %r = fuser.add %m, %f : (tensor<?x?x$T>, f64) -> tensor<?x?x$R>
  fuser.yield %r : tensor<?x?x$R>
}
)",
                                "$R", isFloating(d) ? T : mn(DType::Float32));
    checkGroup(subst(zeroDim, "$T", T),
               {input(d, {17, 9}, 7), input(d, {}, 8)}, {0.1}, {bitwise()},
               "0-dim and scalar " + name(d));
  }
}

TEST_F(GPUBroadcast, LeadingOnesAndHigherRank) {
  for (DType d : {DType::Float32, DType::Int32, DType::Float16}) {
    SCOPED_TRACE(name(d));
    std::string T = mn(d);
    // [2, 1, 4, 1] (rank 4) with [3, 1, 5] (rank 3) -> [2, 3, 4, 5].
    checkGroup(subst(R"(
fuser.group @b4(%x: tensor<?x?x?x?x$T>, %y: tensor<?x?x?x$T>) -> (tensor<?x?x?x?x$T>, tensor<?x?x?x?xi1>) {
  %r = fuser.max %x, %y : (tensor<?x?x?x?x$T>, tensor<?x?x?x$T>) -> tensor<?x?x?x?x$T>
  %c = fuser.le %x, %y : (tensor<?x?x?x?x$T>, tensor<?x?x?x$T>) -> tensor<?x?x?x?xi1>
  fuser.yield %r, %c : tensor<?x?x?x?x$T>, tensor<?x?x?x?xi1>
}
)",
                     "$T", T),
               {input(d, {2, 1, 4, 1}, 11), input(d, {3, 1, 5}, 12)}, {},
               {bitwise()}, "rank-4 broadcast " + name(d));
    // where with a broadcast condition and branches of different ranks.
    checkGroup(subst(R"(
fuser.group @w(%c: tensor<?xi1>, %x: tensor<?x?x$T>, %y: tensor<?x?x$T>) -> tensor<?x?x$T> {
  %r = fuser.where %c, %x, %y : (tensor<?xi1>, tensor<?x?x$T>, tensor<?x?x$T>) -> tensor<?x?x$T>
  fuser.yield %r : tensor<?x?x$T>
}
)",
                     "$T", T),
               {input(DType::Bool, {41}, 13), input(d, {6, 41}, 14),
                input(d, {6, 1}, 15)},
               {}, {bitwise()}, "where broadcast " + name(d));
  }
}

//===----------------------------------------------------------------------===//
// Layouts: non-contiguous inputs and outputs
//===----------------------------------------------------------------------===//

class GPULayouts : public CUDATest {};

const char *kLayoutGroup = R"(
fuser.group @lay(%x: tensor<?x?x$T>, %y: tensor<?x?x$T>) -> (tensor<?x?x$T>, tensor<?x?x$T>) {
  %m = fuser.mul %x, %y : (tensor<?x?x$T>, tensor<?x?x$T>) -> tensor<?x?x$T>
  %a = fuser.add %m, %x : (tensor<?x?x$T>, tensor<?x?x$T>) -> tensor<?x?x$T>
  %n = fuser.neg %y : (tensor<?x?x$T>) -> tensor<?x?x$T>
  fuser.yield %a, %n : tensor<?x?x$T>, tensor<?x?x$T>
}
)";

TEST_F(GPULayouts, TransposedInputGivesTransposedOutput) {
  for (DType d : {DType::Float32, DType::Float16, DType::Int8,
                  DType::Float64}) {
    SCOPED_TRACE(name(d));
    Ints sizes = {40, 67};
    Ints transposed = permutedStrides(sizes, {1, 0}); // [1, 40]
    GroupRun run = checkGroup(subst(kLayoutGroup, "$T", mn(d)),
                              {input(d, sizes, 21, transposed),
                               input(d, sizes, 22)},
                              {}, {bitwise()}, "transposed x " + name(d));
    if (!run.ok)
      continue;
    // Outputs take the layout of the first dense input of the map's shape.
    for (const Tensor &t : run.gpuDevice)
      EXPECT_EQ(t.view.strides, transposed)
          << "output layout of a transposed input (" << name(d) << ")";
  }
}

TEST_F(GPULayouts, StridedSlices) {
  for (DType d : {DType::Float32, DType::BFloat16, DType::Int16}) {
    SCOPED_TRACE(name(d));
    Ints sizes = {40, 67};
    // Every other column of a [40, 140] storage, 3 elements in.
    Ints everyOtherColumn = {140, 2};
    // Every other row of a [80, 67] storage.
    Ints everyOtherRow = {2 * 67, 1};
    GroupRun run = checkGroup(subst(kLayoutGroup, "$T", mn(d)),
                              {input(d, sizes, 23, everyOtherColumn, 3),
                               input(d, sizes, 24, everyOtherRow, 1)},
                              {}, {bitwise()}, "strided slices " + name(d));
    if (!run.ok)
      continue;
    // No input is dense: the outputs are contiguous.
    for (const Tensor &t : run.gpuDevice)
      EXPECT_EQ(t.view.strides, TensorView::contiguousStrides(sizes));
    // Padded rows: row pitch 71 (not a multiple of any vector width) and 72.
    checkGroup(subst(kLayoutGroup, "$T", mn(d)),
               {input(d, sizes, 25, {71, 1}), input(d, sizes, 26, {72, 1})},
               {}, {bitwise()}, "padded rows " + name(d));
    // An expanded view (stride 0) of a row.
    checkGroup(subst(kLayoutGroup, "$T", mn(d)),
               {input(d, sizes, 27, {0, 1}), input(d, sizes, 28)}, {},
               {bitwise()}, "stride-0 rows " + name(d));
  }
}

TEST_F(GPULayouts, ChannelsLast4D) {
  for (DType d : {DType::Float32, DType::Float16}) {
    SCOPED_TRACE(name(d));
    std::string T = mn(d);
    Ints sizes = {2, 6, 5, 7};
    Ints channelsLast = permutedStrides(sizes, {0, 2, 3, 1});
    GroupRun run = checkGroup(subst(R"(
fuser.group @cl(%x: tensor<?x?x?x?x$T>, %y: tensor<?x?x?x?x$T>, %b: tensor<?x?x?x$T>) -> tensor<?x?x?x?x$T> {
  %m = fuser.mul %x, %y : (tensor<?x?x?x?x$T>, tensor<?x?x?x?x$T>) -> tensor<?x?x?x?x$T>
  %r = fuser.add %m, %b : (tensor<?x?x?x?x$T>, tensor<?x?x?x$T>) -> tensor<?x?x?x?x$T>
  fuser.yield %r : tensor<?x?x?x?x$T>
}
)",
                                    "$T", T),
                              {input(d, sizes, 31, channelsLast),
                               input(d, sizes, 32), input(d, {6, 1, 1}, 33)},
                              {}, {bitwise()}, "channels-last " + name(d));
    if (run.ok)
      EXPECT_EQ(run.gpuDevice[0].view.strides, channelsLast)
          << "the output keeps the channels-last layout";
  }
}

//===----------------------------------------------------------------------===//
// Ranks 0 to 4
//===----------------------------------------------------------------------===//

class GPURanks : public CUDATest {};

TEST_F(GPURanks, Rank0To4) {
  struct Shapes {
    Ints x, z;
    Ints xStrides = {};
  };
  const Shapes shapes[] = {
      {{}, {}},
      {{37}, {1}},
      {{5, 33}, {33}, {1, 5}},
      {{3, 4, 17}, {3, 1, 1}, {68, 1, 4}},
      {{2, 3, 5, 7}, {1, 3, 1, 7}, {105, 1, 21, 3}},
  };
  for (DType d : {DType::Float32, DType::Float16, DType::Int32}) {
    for (const Shapes &s : shapes) {
      size_t r = s.x.size();
      SCOPED_TRACE(name(d) + " rank " + std::to_string(r));
      std::string X = ty(d, r), Z = ty(d, s.z.size()), C = ty(DType::Bool, r);
      std::string source =
          groupSource({{"x", X}, {"y", X}, {"z", Z}},
                      "%m = fuser.mul %x, %y : (" + X + ", " + X + ") -> " +
                          X + "\n  %r = fuser.sub %m, %z : (" + X + ", " + Z +
                          ") -> " + X,
                      X);
      checkGroup(source,
                 {input(d, s.x, 41, s.xStrides), input(d, s.x, 42),
                  input(d, s.z, 43)},
                 {}, {bitwise()},
                 "rank " + std::to_string(r) + " " + name(d));
      // A second output of another dtype: (x < z) as i1.
      std::string two =
          "fuser.group @g(%x: " + X + ", %z: " + Z + ") -> (" + X + ", " + C +
          ") {\n  %a = fuser.abs %x : (" + X + ") -> " + X +
          "\n  %c = fuser.lt %x, %z : (" + X + ", " + Z + ") -> " + C +
          "\n  fuser.yield %a, %c : " + X + ", " + C + "\n}\n";
      checkGroup(two, {input(d, s.x, 44), input(d, s.z, 45)}, {},
                 {bitwise()}, "rank " + std::to_string(r) + " two outputs");
    }
  }
}

//===----------------------------------------------------------------------===//
// Chunk and concat
//===----------------------------------------------------------------------===//

class GPUChunkConcat : public CUDATest {};

// bench/groups/lstm_cell.mlir: every input chunked, the rank-1 biases along
// 0 beside the rank-2 products along 1.
const char *kLSTMAllChunked = R"(
fuser.group @lstm_cell(%xw: tensor<?x?xf32>, %hw: tensor<?x?xf32>,
                       %bih: tensor<?xf32>, %bhh: tensor<?xf32>,
                       %cx: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %x0, %x1, %x2, %x3 = fuser.chunk %xw into 4 along 1 : tensor<?x?xf32>
  %h0, %h1, %h2, %h3 = fuser.chunk %hw into 4 along 1 : tensor<?x?xf32>
  %b0, %b1, %b2, %b3 = fuser.chunk %bih into 4 along 0 : tensor<?xf32>
  %c0, %c1, %c2, %c3 = fuser.chunk %bhh into 4 along 0 : tensor<?xf32>
  %s0 = fuser.add %x0, %h0 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %t0 = fuser.add %s0, %b0 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %u0 = fuser.add %t0, %c0 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %s1 = fuser.add %x1, %h1 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %t1 = fuser.add %s1, %b1 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %u1 = fuser.add %t1, %c1 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %s2 = fuser.add %x2, %h2 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %t2 = fuser.add %s2, %b2 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %u2 = fuser.add %t2, %c2 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %s3 = fuser.add %x3, %h3 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %t3 = fuser.add %s3, %b3 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %u3 = fuser.add %t3, %c3 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %i = fuser.sigmoid %u0 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %f = fuser.sigmoid %u1 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = fuser.tanh %u2 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %o = fuser.sigmoid %u3 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %fc = fuser.mul %f, %cx : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %ig = fuser.mul %i, %g : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %cy = fuser.add %fc, %ig : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %tc = fuser.tanh %cy : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %hy = fuser.mul %o, %tc : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %hy, %cy : tensor<?x?xf32>, tensor<?x?xf32>
}
)";

// examples/lstm_cell.mlir: one gates tensor, biases chunked along -1 and 0.
const char *kLSTMGates = R"(
fuser.group @lstm_cell(%gates: tensor<?x?xf32>, %b_ih: tensor<?xf32>,
                       %b_hh: tensor<?xf32>, %cx: tensor<?x?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %gi, %gf, %gg, %go = fuser.chunk %gates into 4 along 1 : tensor<?x?xf32>
  %bi, %bf, %bg, %bo = fuser.chunk %b_ih into 4 along -1 : tensor<?xf32>
  %hi, %hf, %hg, %ho = fuser.chunk %b_hh into 4 along 0 : tensor<?xf32>
  %ai0 = fuser.add %gi, %bi : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ai = fuser.add %ai0, %hi : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %af0 = fuser.add %gf, %bf : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %af = fuser.add %af0, %hf : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ag0 = fuser.add %gg, %bg : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ag = fuser.add %ag0, %hg : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ao0 = fuser.add %go, %bo : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ao = fuser.add %ao0, %ho : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %i = fuser.sigmoid %ai : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %f = fuser.sigmoid %af : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = fuser.tanh %ag : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %o = fuser.sigmoid %ao : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %fc = fuser.mul %f, %cx : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %ig = fuser.mul %i, %g : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %cy = fuser.add %fc, %ig : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %tc = fuser.tanh %cy : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %hy = fuser.mul %o, %tc : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %hy, %cy : tensor<?x?xf32>, tensor<?x?xf32>
}
)";

/// Batch and hidden sizes: aligned chunks (vector kernel), odd ones (chunk
/// slices start off 16-byte boundaries: scalar kernel), and a single column.
const std::pair<int64_t, int64_t> kLSTMSizes[] = {{16, 64}, {5, 13}, {3, 1},
                                                  {64, 256}};

TEST_F(GPUChunkConcat, LSTMCellAllInputsChunked) {
  for (auto [b, h] : kLSTMSizes) {
    SCOPED_TRACE("batch " + std::to_string(b) + " hidden " +
                 std::to_string(h));
    DType d = DType::Float32;
    checkGroup(kLSTMAllChunked,
               {{uniformHost(d, {b, 4 * h}, 51, -4, 4)},
                {uniformHost(d, {b, 4 * h}, 52, -4, 4)},
                {uniformHost(d, {4 * h}, 53, -1, 1)},
                {uniformHost(d, {4 * h}, 54, -1, 1)},
                {uniformHost(d, {b, h}, 55, -2, 2)}},
               {}, {composite(d)},
               "LSTM (bench) B=" + std::to_string(b) +
                   " H=" + std::to_string(h));
  }
}

TEST_F(GPUChunkConcat, LSTMCellGates) {
  for (auto [b, h] : kLSTMSizes) {
    SCOPED_TRACE("batch " + std::to_string(b) + " hidden " +
                 std::to_string(h));
    std::string what =
        "LSTM (example) B=" + std::to_string(b) + " H=" + std::to_string(h);
    for (DType d : {DType::Float32, DType::Float16, DType::BFloat16}) {
      // f16/bf16 inputs re-type the group: every result is f16/bf16.
      checkGroup(kLSTMGates,
                 {{uniformHost(d, {b, 4 * h}, 61, -4, 4)},
                  {uniformHost(d, {4 * h}, 62, -1, 1)},
                  {uniformHost(d, {4 * h}, 63, -1, 1)},
                  {uniformHost(d, {b, h}, 64, -2, 2)}},
                 {}, {composite(d)}, what + " " + name(d));
    }
    // Non-contiguous: gates with padded rows, one element into its storage;
    // cx transposed.
    DType d = DType::Float32;
    checkGroup(kLSTMGates,
               {{uniformHost(d, {b, 4 * h}, 65, -4, 4), {4 * h + 3, 1}, 1},
                {uniformHost(d, {4 * h}, 66, -1, 1)},
                {uniformHost(d, {4 * h}, 67, -1, 1), {1}, 2},
                {uniformHost(d, {b, h}, 68, -2, 2), permutedStrides({b, h},
                                                                    {1, 0})}},
               {}, {composite(d)}, what + " strided gates, transposed cx");
  }
}

// test/Run/concat.mlir: concatenation along 0 (f32 pieces) and along -1 (f32
// and i32 pieces, promoted to f32).
const char *kConcat3 = R"(
fuser.group @concat3(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>,
                     %c: tensor<?x?xi32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %s = fuser.sigmoid %a : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %m = fuser.mul %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %d = fuser.sub %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %rows = fuser.concat %s, %m, %d along 0 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %two = fuser.constant 2 : i64
  %p = fuser.add %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c2 = fuser.mul %c, %two : (tensor<?x?xi32>, i64) -> tensor<?x?xi32>
  %nc = fuser.neg %c : (tensor<?x?xi32>) -> tensor<?x?xi32>
  %cols = fuser.concat %p, %c2, %nc along -1 : tensor<?x?xf32>, tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xf32>
  fuser.yield %rows, %cols : tensor<?x?xf32>, tensor<?x?xf32>
}
)";

TEST_F(GPUChunkConcat, ConcatAlongRowsAndColumns) {
  for (Ints s : {Ints{6, 5}, Ints{7, 13}, Ints{64, 64}, Ints{1, 1}}) {
    SCOPED_TRACE(listStr(s));
    DType f = DType::Float32;
    checkGroup(kConcat3,
               {input(f, s, 71), input(f, s, 72), input(DType::Int32, s, 73)},
               {}, {composite(f), bitwise()}, "concat3 " + listStr(s));
  }
}

TEST_F(GPUChunkConcat, ConcatOfMixedDTypesAlongEveryDim) {
  // f16 and f32 pieces: the concatenated output is f32 (torch.cat promotes).
  for (int dim = 0; dim < 3; ++dim) {
    SCOPED_TRACE("dim " + std::to_string(dim));
    std::string source = subst(R"(
fuser.group @cat(%x: tensor<?x?x?xf16>, %y: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %a = fuser.abs %x : (tensor<?x?x?xf16>) -> tensor<?x?x?xf16>
  %m = fuser.mul %x, %y : (tensor<?x?x?xf16>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %n = fuser.neg %y : (tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %r = fuser.concat %a, %m, %n along $D : tensor<?x?x?xf16>, tensor<?x?x?xf32>, tensor<?x?x?xf32> -> tensor<?x?x?xf32>
  fuser.yield %r : tensor<?x?x?xf32>
}
)",
                               "$D", std::to_string(dim));
    checkGroup(source,
               {input(DType::Float16, {3, 5, 7}, 81),
                input(DType::Float32, {3, 5, 7}, 82)},
               {}, {bitwise()}, "mixed concat along " + std::to_string(dim));
  }
}

TEST_F(GPUChunkConcat, ChunkAlongEveryDim) {
  for (int dim = 0; dim < 3; ++dim) {
    SCOPED_TRACE("dim " + std::to_string(dim));
    std::string source = subst(R"(
fuser.group @chunk(%x: tensor<?x?x?xf32>, %y: tensor<?x?x?xi16>) -> (tensor<?x?x?xf32>, tensor<?x?x?xi16>) {
  %a, %b, %c = fuser.chunk %x into 3 along $D : tensor<?x?x?xf32>
  %p, %q, %r = fuser.chunk %y into 3 along $D : tensor<?x?x?xi16>
  %m = fuser.mul %a, %b : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %s = fuser.sub %m, %c : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %t = fuser.max %p, %r : (tensor<?x?x?xi16>, tensor<?x?x?xi16>) -> tensor<?x?x?xi16>
  %u = fuser.bitwise_xor %t, %q : (tensor<?x?x?xi16>, tensor<?x?x?xi16>) -> tensor<?x?x?xi16>
  fuser.yield %s, %u : tensor<?x?x?xf32>, tensor<?x?x?xi16>
}
)",
                               "$D", std::to_string(dim));
    Ints sizes = {2, 4, 5};
    sizes[static_cast<size_t>(dim)] *= 3;
    checkGroup(source,
               {input(DType::Float32, sizes, 91),
                input(DType::Int16, sizes, 92)},
               {}, {bitwise()}, "chunk along " + std::to_string(dim));
    // The same on a transposed (dims 0 and 2 swapped) storage.
    checkGroup(source,
               {input(DType::Float32, sizes, 93,
                      permutedStrides(sizes, {2, 1, 0})),
                input(DType::Int16, sizes, 94)},
               {}, {bitwise()},
               "chunk along " + std::to_string(dim) + ", transposed input");
  }
}

//===----------------------------------------------------------------------===//
// rand_like
//===----------------------------------------------------------------------===//

class GPURandom : public CUDATest {};

// Two rand_like (f32 and f16), and dropout from the first.
const char *kRandomGroup = R"(
fuser.group @rand(%x: tensor<?x?xf32>, %p: f64)
    -> (tensor<?x?xf32>, tensor<?x?xf16>, tensor<?x?xf32>) {
  %u = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %h = fuser.rand_like %x {dtype = f16} : (tensor<?x?xf32>) -> tensor<?x?xf16>
  %keep = fuser.lt %u, %p : (tensor<?x?xf32>, f64) -> tensor<?x?xi1>
  %zero = fuser.constant 0.000000e+00 : f64
  %d = fuser.where %keep, %x, %zero : (tensor<?x?xi1>, tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  fuser.yield %u, %h, %d : tensor<?x?xf32>, tensor<?x?xf16>, tensor<?x?xf32>
}
)";

/// Checks output `which` (of rand_like number `stream`) against the Philox
/// contract (Support/Philox.h) for the launch (seed, offset); "" if equal.
std::string checkPhilox(const TensorView &out, uint64_t seed, uint64_t offset,
                        uint64_t stream) {
  int64_t n = numelOf(out.sizes), bad = 0, first = -1;
  for (int64_t i = 0; i < n; ++i) {
    double want = uniformFromBits(randomBits(seed, offset + stream,
                                             static_cast<uint64_t>(i)),
                                  out.dtype);
    double got = loadDouble(out.dtype, elementPtr(out, i));
    if (got != want) {
      if (first < 0)
        first = i;
      ++bad;
    }
  }
  if (!bad)
    return "";
  std::ostringstream os;
  os.precision(17);
  os << "rand_like #" << stream << " (" << name(out.dtype) << "): " << bad
     << " of " << n << " elements differ from Philox(seed " << seed
     << ", offset " << offset << "); first at linear " << first << ": got "
     << loadDouble(out.dtype, elementPtr(out, first)) << ", want "
     << uniformFromBits(randomBits(seed, offset + stream,
                                   static_cast<uint64_t>(first)),
                        out.dtype)
     << "\n";
  return os.str();
}

TEST_F(GPURandom, BitsMatchCPUBackendAndInterpreter) {
  int64_t key = registerFusion(kRandomGroup);
  const uint64_t seeds[] = {kSeed, 0, 0xFFFFFFFFFFFFFFFFULL, 12345};
  for (Ints sizes : {Ints{37, 129}, Ints{64, 64}, Ints{1, 1}, Ints{3, 1001}}) {
    for (uint64_t seed : seeds) {
      SCOPED_TRACE(listStr(sizes) + " seed " + std::to_string(seed));
      Tensor x = randomHost(DType::Float32, sizes, 101);
      Mirrored m = mirror(x.view);
      std::vector<Argument> hostArgs = {m.host, 0.5};
      std::vector<Argument> deviceArgs = {m.device, 0.5};
      std::string problem;
      std::vector<Tensor> gpuOut = runOnGPU(key, deviceArgs, problem, seed);
      std::vector<Tensor> interp =
          runOnInterpreter(key, hostArgs, problem, seed);
      // The CPU backend (a compiled kernel) with the same seed.
      manualSeed(Device::cpu(), seed);
      ExecutionResult cpu = runFusionKernel(key, hostArgs);
      if (!cpu.ran())
        problem += "the CPU kernel did not run: " +
                   std::string(fallbackReasonName(cpu.reason)) + "\n";
      ASSERT_TRUE(problem.empty()) << problem;
      std::string what = "rand_like " + listStr(sizes);
      expectNoDiff(compareOutputs(gpuOut, interp, {bitwise()},
                                  what + ": GPU vs interpreter"));
      expectNoDiff(compareOutputs(gpuOut, cpu.outputs, {bitwise()},
                                  what + ": GPU vs CPU backend", {},
                                  "CPU backend"));
      // The values are those of the Philox contract, launch offset 0.
      expectNoDiff(checkPhilox(gpuOut[0].view, seed, 0, 0));
      expectNoDiff(checkPhilox(gpuOut[1].view, seed, 0, 1));
    }
  }
}

TEST_F(GPURandom, IndependentOfLayoutAndAlignment) {
  // rand_like numbers follow the logical index of the result: a transposed
  // or unaligned input gives the same values.
  int64_t key = registerFusion(kRandomGroup);
  Ints sizes = {37, 129};
  Tensor x = randomHost(DType::Float32, sizes, 102);
  Mirrored plain = mirror(x.view);
  Mirrored transposed = mirror(x.view, permutedStrides(sizes, {1, 0}));
  Mirrored unaligned = mirror(x.view, {}, 1);
  std::string problem;
  std::vector<Tensor> a = runOnGPU(key, {plain.device, 0.25}, problem);
  std::vector<Tensor> b = runOnGPU(key, {transposed.device, 0.25}, problem);
  std::vector<Tensor> c = runOnGPU(key, {unaligned.device, 0.25}, problem);
  std::vector<Tensor> ref =
      runOnInterpreter(key, {plain.host, 0.25}, problem);
  ASSERT_TRUE(problem.empty()) << problem;
  expectNoDiff(compareOutputs(a, ref, {bitwise()}, "contiguous"));
  expectNoDiff(compareOutputs(b, ref, {bitwise()}, "transposed input"));
  expectNoDiff(compareOutputs(c, ref, {bitwise()}, "unaligned input"));
}

TEST_F(GPURandom, ConsecutiveLaunchesDrawDifferentNumbers) {
  int64_t key = registerFusion(kRandomGroup);
  Ints sizes = {50, 200};
  Tensor x = randomHost(DType::Float32, sizes, 103);
  Mirrored m = mirror(x.view);
  // Two launches without reseeding: the generator's offset advances.
  manualSeed(gpu(), kSeed);
  std::vector<Tensor> first, second;
  try {
    first = toHost(runFusion(key, {m.device, 0.5}));
    second = toHost(runFusion(key, {m.device, 0.5}));
  } catch (const std::exception &e) {
    FAIL() << "runFusion threw: " << e.what();
  }
  ASSERT_EQ(first.size(), 3u);
  ASSERT_EQ(second.size(), 3u);
  for (size_t j = 0; j < 2; ++j) {
    std::vector<uint64_t> a = rawElements(first[j].view),
                          b = rawElements(second[j].view);
    size_t same = 0;
    for (size_t i = 0; i < a.size(); ++i)
      same += a[i] == b[i];
    // f16 numbers keep 11 bits: 1/2048 of the pairs agree by chance.
    EXPECT_LT(same, a.size() / 100)
        << "output #" << j << ": consecutive launches agree in " << same
        << " of " << a.size() << " elements";
  }
  // The same two draws on the interpreter.
  std::string problem;
  manualSeed(Device::cpu(), kSeed);
  std::vector<Tensor> i1 = runFusionFallback(key, {m.host, 0.5});
  std::vector<Tensor> i2 = runFusionFallback(key, {m.host, 0.5});
  expectNoDiff(compareOutputs(first, i1, {bitwise()}, "first launch"));
  expectNoDiff(compareOutputs(second, i2, {bitwise()}, "second launch"));
  // Each launch reserves one offset per rand_like of the group.
  expectNoDiff(checkPhilox(second[0].view, kSeed, 2, 0));
  expectNoDiff(checkPhilox(second[1].view, kSeed, 2, 1));
}

//===----------------------------------------------------------------------===//
// Alignment, tails, empty tensors
//===----------------------------------------------------------------------===//

class GPUAlignment : public CUDATest {};

const DType kAlignmentTypes[] = {DType::Bool,    DType::Int8,
                                 DType::Float16, DType::BFloat16,
                                 DType::Int32,   DType::Float32,
                                 DType::Int64,   DType::Float64};

std::string mulMaxGroup(DType d, size_t rank) {
  std::string T = ty(d, rank);
  return "fuser.group @g(%x: " + T + ", %y: " + T + ") -> (" + T + ", " + T +
         ") {\n  %m = fuser.mul %x, %y : (" + T + ", " + T + ") -> " + T +
         "\n  %n = fuser.max %x, %y : (" + T + ", " + T + ") -> " + T +
         "\n  fuser.yield %m, %n : " + T + ", " + T + "\n}\n";
}

TEST_F(GPUAlignment, UnalignedViewsGiveCorrectResults) {
  for (DType d : kAlignmentTypes) {
    SCOPED_TRACE(name(d));
    int64_t lanes = 16 / static_cast<int64_t>(elementSize(d));
    std::string g1 = mulMaxGroup(d, 1), g2 = mulMaxGroup(d, 2);
    Ints n = {1000};
    // One input one element off a 16-byte boundary, then both, then half a
    // vector off.
    checkGroup(g1, {input(d, n, 111, {}, 1), input(d, n, 112)}, {},
               {bitwise()}, "x one element off " + name(d));
    checkGroup(g1, {input(d, n, 113, {}, 1), input(d, n, 114, {}, 1)}, {},
               {bitwise()}, "both one element off " + name(d));
    checkGroup(g1,
               {input(d, n, 115, {}, std::max<int64_t>(lanes / 2, 1)),
                input(d, n, 116, {}, lanes)},
               {}, {bitwise()}, "half a vector off " + name(d));
    // Rows: pitch not a multiple of the vector, rows of 24 in a pitch of 32,
    // and rows of 13 (not whole vectors) in a pitch of 16.
    checkGroup(g2, {input(d, {9, 24}, 117, {25, 1}), input(d, {9, 24}, 118)},
               {}, {bitwise()}, "pitch 25 " + name(d));
    checkGroup(g2,
               {input(d, {9, 24}, 119, {32, 1}), input(d, {9, 24}, 120)}, {},
               {bitwise()}, "rows of 24, pitch 32 " + name(d));
    checkGroup(g2,
               {input(d, {9, 13}, 121, {16, 1}), input(d, {9, 13}, 122)}, {},
               {bitwise()}, "rows of 13, pitch 16 " + name(d));
  }
}

TEST_F(GPUAlignment, SizesThatAreNotMultiplesOfTheVector) {
  const int64_t sizes[] = {1,  2,  3,  5,   7,   8,    9,    15,   16,
                           17, 31, 33, 63,  65,  127,  129,  255,  257,
                           1000, 1023, 1025, 4099, 65537};
  for (DType d : kAlignmentTypes) {
    SCOPED_TRACE(name(d));
    std::string g = mulMaxGroup(d, 1);
    for (int64_t n : sizes)
      checkGroup(g, {input(d, {n}, 130 + n), input(d, {n}, 131 + n)}, {},
                 {bitwise()}, "tail n=" + std::to_string(n) + " " + name(d));
  }
}

TEST_F(GPUAlignment, EmptyTensors) {
  const char *source = R"(
fuser.group @empty(%x: tensor<?x?x?xf32>, %b: tensor<?xf32>)
    -> (tensor<?x?x?xf32>, tensor<?x?x?xi1>, tensor<?x?x?xf16>) {
  %0 = fuser.add %x, %b : (tensor<?x?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %1 = fuser.relu %0 : (tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %2 = fuser.gt %x, %b : (tensor<?x?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xi1>
  %3 = fuser.rand_like %x {dtype = f16} : (tensor<?x?x?xf32>) -> tensor<?x?x?xf16>
  fuser.yield %1, %2, %3 : tensor<?x?x?xf32>, tensor<?x?x?xi1>, tensor<?x?x?xf16>
}
)";
  const std::pair<Ints, Ints> shapes[] = {{{0, 4, 5}, {5}},
                                          {{3, 0, 5}, {5}},
                                          {{3, 4, 0}, {0}},
                                          {{3, 4, 0}, {1}},
                                          {{0, 0, 0}, {0}}};
  for (const auto &[xs, bs] : shapes) {
    SCOPED_TRACE(listStr(xs) + " + " + listStr(bs));
    GroupRun run = checkGroup(source,
                              {input(DType::Float32, xs, 141),
                               input(DType::Float32, bs, 142)},
                              {}, {bitwise()}, "empty " + listStr(xs));
    if (!run.ok)
      continue;
    ASSERT_EQ(run.gpuDevice.size(), 3u);
    EXPECT_EQ(run.gpuDevice[0].view.dtype, DType::Float32);
    EXPECT_EQ(run.gpuDevice[1].view.dtype, DType::Bool);
    EXPECT_EQ(run.gpuDevice[2].view.dtype, DType::Float16);
    for (const Tensor &t : run.gpuDevice) {
      EXPECT_EQ(t.view.sizes, xs);
      EXPECT_EQ(t.view.numel(), 0);
    }
  }
}

//===----------------------------------------------------------------------===//
// More than 2^31 elements
//===----------------------------------------------------------------------===//

class GPULarge : public CUDATest {};

/// An int8 value that depends on the high bits of the index, so that an
/// index truncated to 32 bits reads a different value.
int8_t bigPattern(uint64_t i) {
  uint64_t h = (i ^ (i >> 29) ^ (i >> 31) * 0x9E3779B97F4A7C15ULL) *
               0xBF58476D1CE4E5B9ULL;
  return static_cast<int8_t>(h >> 56);
}

/// 5 * v, wrapping in int8.
int8_t timesFive(int8_t v) {
  return static_cast<int8_t>(static_cast<uint8_t>(v) * 5u);
}

/// Which input element feeds output element [r, c]: rowStep * r +
/// colStep * c + offset.
struct BigMap {
  int64_t rowStep, colStep, offset;
  int64_t operator()(int64_t r, int64_t c) const {
    return rowStep * r + colStep * c + offset;
  }
};

/// Checks every element of `out` (a host copy) against 5 * input[map(r, c)];
/// reports a weighted checksum of both, the number of mismatches and the
/// first few.
std::string checkBig(const TensorView &out, const int8_t *in, BigMap map,
                     const char *what) {
  std::ostringstream os;
  uint64_t gotSum = 0, wantSum = 0;
  int64_t bad = 0;
  const auto *o = static_cast<const int8_t *>(out.data);
  int64_t rows = out.sizes.size() == 2 ? out.sizes[0] : 1;
  int64_t cols = out.sizes.back();
  int64_t s0 = out.sizes.size() == 2 ? out.strides[0] : 0;
  int64_t s1 = out.strides.back();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      int8_t got = o[r * s0 + c * s1];
      int8_t want = timesFive(in[map(r, c)]);
      uint64_t weight = static_cast<uint64_t>(r * cols + c) % 65521 + 1;
      gotSum += static_cast<uint8_t>(got) * weight;
      wantSum += static_cast<uint8_t>(want) * weight;
      if (got != want && ++bad <= 8)
        os << "  " << what << " [" << r << ", " << c << "]: got " << int(got)
           << ", want " << int(want) << " (input " << int(in[map(r, c)])
           << " at " << map(r, c) << ")\n";
    }
  if (!bad && gotSum == wantSum)
    return "";
  return std::string(what) + ": " + std::to_string(bad) +
         " elements differ; checksum " + std::to_string(gotSum) +
         ", expected " + std::to_string(wantSum) + "\n" + os.str();
}

// Element offsets and the linear index need 64 bits: the vector kernel on a
// contiguous tensor, the scalar kernel on a view one element off, and a
// transposed [2, n / 2] view (strides [1, 2]) whose offsets pass 2^31.
TEST_F(GPULarge, MoreThan2Pow31Elements) {
  const int64_t n = (int64_t(1) << 31) + 100;
  double hostGiB = availableHostMemoryGiB();
  if (hostGiB >= 0 && hostGiB < 6.0)
    GTEST_SKIP() << "needs about 4.1 GiB of host memory (an int8 input of "
                    "2^31 + 100 elements and a copy of an output), only "
                 << hostGiB << " GiB available";
  Tensor x = Tensor::empty(DType::Int8, {n}, Device::cpu());
  auto *p = static_cast<int8_t *>(x.view.data);
  for (int64_t i = 0; i < n; ++i)
    p[i] = bigPattern(static_cast<uint64_t>(i));
  Tensor dx;
  try {
    dx = copyToDevice(x.view, gpu().index);
  } catch (const Error &e) {
    GTEST_SKIP() << "could not put a 2 GiB input on the GPU: " << e.what();
  }
  int64_t key = registerFusion(R"(
fuser.group @big(%x: tensor<?xi8>) -> tensor<?xi8> {
  %r = fuser.add %x, %x {alpha = 4 : i64} : (tensor<?xi8>, tensor<?xi8>) -> tensor<?xi8>
  fuser.yield %r : tensor<?xi8>
}
)");
  int64_t key2 = registerFusion(R"(
fuser.group @big2(%x: tensor<?x?xi8>) -> tensor<?x?xi8> {
  %r = fuser.add %x, %x {alpha = 4 : i64} : (tensor<?x?xi8>, tensor<?x?xi8>) -> tensor<?x?xi8>
  fuser.yield %r : tensor<?x?xi8>
}
)");
  struct Case {
    const char *what;
    int64_t key;
    TensorView view;
    BigMap map;
  };
  TensorView contiguous = dx.view;
  TensorView offByOne = dx.view;
  offByOne.data = static_cast<int8_t *>(dx.view.data) + 1;
  offByOne.sizes = {n - 1};
  TensorView transposed = dx.view;
  transposed.sizes = {2, n / 2};
  transposed.strides = {1, 2};
  const Case cases[] = {
      {"contiguous", key, contiguous, {0, 1, 0}},
      {"one element off", key, offByOne, {0, 1, 1}},
      {"transposed [2, n/2]", key2, transposed, {1, 2, 0}},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.what);
    ExecutionResult r;
    try {
      r = runFusionKernel(c.key, {c.view});
    } catch (const Error &e) {
      if (std::string(e.what()).find("cuMemAlloc") != std::string::npos)
        GTEST_SKIP() << "could not allocate a 2 GiB output on the GPU: "
                     << e.what();
      FAIL() << "runFusionKernel threw: " << e.what();
    }
    ASSERT_TRUE(r.ran()) << fallbackReasonName(r.reason);
    ASSERT_EQ(r.outputs.size(), 1u);
    ASSERT_EQ(r.outputs[0].view.sizes, c.view.sizes);
    Tensor host;
    try {
      host = copyToHost(r.outputs[0].view);
    } catch (const Error &e) {
      FAIL() << "copying the output back failed (a kernel fault?): "
             << e.what();
    }
    r.outputs.clear(); // frees the device output before the next case
    expectNoDiff(checkBig(host.view, p, c.map, c.what));
  }
}

// rand_like over 2^31 + 100 f16 elements: the Philox counter (i / 4) and
// word (i % 4) of elements past 2^31 follow the contract.
TEST_F(GPULarge, MoreThan2Pow31RandomNumbers) {
  const int64_t n = (int64_t(1) << 31) + 100;
  double hostGiB = availableHostMemoryGiB();
  if (hostGiB >= 0 && hostGiB < 7.0)
    GTEST_SKIP() << "needs about 4.1 GiB of host memory for a copy of the "
                    "f16 output, only "
                 << hostGiB << " GiB available";
  int64_t key = registerFusion(R"(
fuser.group @bigrand(%x: tensor<?xi8>) -> tensor<?xf16> {
  %u = fuser.rand_like %x {dtype = f16} : (tensor<?xi8>) -> tensor<?xf16>
  fuser.yield %u : tensor<?xf16>
}
)");
  Tensor out;
  try {
    // Only the input's shape matters: its contents are never read.
    Tensor dx = Tensor::empty(DType::Int8, {n}, gpu());
    manualSeed(gpu(), kSeed);
    ExecutionResult r = runFusionKernel(key, {dx.view});
    ASSERT_TRUE(r.ran()) << fallbackReasonName(r.reason);
    ASSERT_EQ(r.outputs.size(), 1u);
    out = copyToHost(r.outputs[0].view);
  } catch (const Error &e) {
    if (std::string(e.what()).find("cuMemAlloc") != std::string::npos)
      GTEST_SKIP() << "could not allocate 6.5 GiB on the GPU: " << e.what();
    FAIL() << e.what();
  }
  ASSERT_EQ(out.view.sizes, Ints{n});
  const auto *h = static_cast<const uint16_t *>(out.view.data);
  // Sampled positions against the contract.
  std::vector<int64_t> at;
  for (int64_t k = 0; k < 64; ++k) {
    at.push_back(k);
    at.push_back(n - 1 - k);
    at.push_back((int64_t(1) << 31) - 32 + k);
    at.push_back((int64_t(1) << 30) - 32 + k);
  }
  std::mt19937_64 gen(7);
  for (int k = 0; k < 100000; ++k)
    at.push_back(static_cast<int64_t>(gen() % static_cast<uint64_t>(n)));
  int bad = 0;
  for (int64_t i : at) {
    double want = uniformFromBits(
        randomBits(kSeed, 0, static_cast<uint64_t>(i)), DType::Float16);
    uint16_t wantBits = floatToHalf(static_cast<float>(want));
    if (h[i] != wantBits && ++bad <= 10)
      ADD_FAILURE() << "element " << i << ": got 0x" << std::hex << h[i]
                    << ", want 0x" << wantBits << std::dec << " (" << want
                    << ")";
  }
  EXPECT_EQ(bad, 0) << "of " << at.size() << " sampled positions";
  // Every value in [0, 1); the mean of 11-bit uniforms is 0.5 - 2^-12.
  double sum = 0;
  int64_t outside = 0;
  for (int64_t i = 0; i < n; ++i) {
    float v = halfToFloat(h[i]);
    outside += !(v >= 0.0f && v < 1.0f);
    sum += v;
  }
  EXPECT_EQ(outside, 0) << "values outside [0, 1)";
  EXPECT_NEAR(sum / static_cast<double>(n), 0.5 - std::ldexp(1.0, -12), 1e-3);
}

//===----------------------------------------------------------------------===//
// Streams
//===----------------------------------------------------------------------===//

class GPUStreams : public CUDATest {};

const char *kStreamGroup = R"(
fuser.group @s(%x: tensor<?xf32>, %y: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xi1>) {
  %m = fuser.mul %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %a = fuser.add %m, %x {alpha = -5.000000e-01 : f64} : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %r = fuser.max %a, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %c = fuser.lt %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
  fuser.yield %r, %c : tensor<?xf32>, tensor<?xi1>
}
)";

/// Inputs for the stream tests: one set per seed, with its interpreter
/// reference.
struct StreamInputs {
  Tensor x, y;
  Mirrored dx, dy;
  std::vector<Tensor> reference;
};

StreamInputs streamInputs(int64_t key, int64_t n, uint64_t seed) {
  StreamInputs s;
  s.x = randomHost(DType::Float32, {n}, seed);
  s.y = randomHost(DType::Float32, {n}, seed + 1);
  s.dx = mirror(s.x.view);
  s.dy = mirror(s.y.view);
  std::string problem;
  s.reference = runOnInterpreter(key, {s.dx.host, s.dy.host}, problem);
  expectNoDiff(problem);
  return s;
}

TEST_F(GPUStreams, SameGroupOnTwoStreamsConcurrently) {
  int64_t key = registerFusion(kStreamGroup);
  const int64_t n = 1 << 22;
  StreamInputs a = streamInputs(key, n, 201), b = streamInputs(key, n, 301);
  // Compile first (on the legacy stream), and let the uploads finish: the
  // new streams do not synchronise with the legacy stream.
  ASSERT_NO_THROW((void)runFusion(key, {a.dx.device, a.dy.device}));
  cudaSynchronize();
  StreamGuard s1(cudaCreateStream(gpu().index));
  StreamGuard s2(cudaCreateStream(gpu().index));
  ASSERT_NE(s1.stream, nullptr);
  ASSERT_NE(s2.stream, nullptr);
  ASSERT_NE(s1.stream, s2.stream);
  size_t compiled = nCompiledKernels();
  // Interleaved launches; every output stays alive until both streams are
  // done (outputs are allocated for the stream they are launched on).
  std::vector<std::vector<Tensor>> outA, outB;
  for (int it = 0; it < 8; ++it) {
    outA.push_back(runFusion(key, {a.dx.device, a.dy.device}, s1.stream));
    outB.push_back(runFusion(key, {b.dx.device, b.dy.device}, s2.stream));
  }
  cudaStreamSynchronize(s1.stream);
  cudaStreamSynchronize(s2.stream);
  EXPECT_EQ(nCompiledKernels(), compiled) << "a stream launch recompiled";
  for (size_t it = 0; it < outA.size(); ++it) {
    expectNoDiff(compareOutputs(toHost(outA[it]), a.reference, {bitwise()},
                                "stream 1, launch " + std::to_string(it)));
    expectNoDiff(compareOutputs(toHost(outB[it]), b.reference, {bitwise()},
                                "stream 2, launch " + std::to_string(it)));
  }
}

TEST_F(GPUStreams, TwoHostThreadsOnTwoStreams) {
  int64_t key = registerFusion(kStreamGroup);
  const int64_t n = 1 << 20;
  StreamInputs a = streamInputs(key, n, 401), b = streamInputs(key, n, 501);
  ASSERT_NO_THROW((void)runFusion(key, {a.dx.device, a.dy.device}));
  cudaSynchronize();
  StreamGuard s1(cudaCreateStream(gpu().index));
  StreamGuard s2(cudaCreateStream(gpu().index));
  struct Worker {
    const StreamInputs *in;
    void *stream;
    std::vector<std::vector<Tensor>> outputs;
    std::string error;
  };
  Worker w1{&a, s1.stream, {}, ""}, w2{&b, s2.stream, {}, ""};
  std::atomic<bool> go{false};
  auto body = [&](Worker *w) {
    while (!go.load())
      std::this_thread::yield();
    try {
      for (int it = 0; it < 10; ++it)
        w->outputs.push_back(runFusion(
            key, {w->in->dx.device, w->in->dy.device}, w->stream));
    } catch (const std::exception &e) {
      w->error = e.what();
    }
  };
  std::thread t1(body, &w1), t2(body, &w2);
  go = true;
  t1.join();
  t2.join();
  cudaStreamSynchronize(s1.stream);
  cudaStreamSynchronize(s2.stream);
  for (Worker *w : {&w1, &w2}) {
    std::string which = w == &w1 ? "thread 1" : "thread 2";
    EXPECT_EQ(w->error, "") << which << ": runFusion threw";
    EXPECT_EQ(w->outputs.size(), 10u) << which;
    for (size_t it = 0; it < w->outputs.size(); ++it)
      expectNoDiff(compareOutputs(toHost(w->outputs[it]), w->in->reference,
                                  {bitwise()},
                                  which + ", launch " + std::to_string(it)));
  }
}

// A second launch on a stream whose first launch (a long kernel) is still
// running reads that kernel's finished output: the launches are ordered.
TEST_F(GPUStreams, LaunchAfterPendingLongKernelIsOrdered) {
  // 33 libdevice calls per element over 2^26 elements: milliseconds.
  std::string chain = "fuser.group @long(%x: tensor<?xf32>) -> tensor<?xf32> "
                      "{\n  %v0 = fuser.sin %x : (tensor<?xf32>) -> "
                      "tensor<?xf32>\n";
  const int kSteps = 32;
  for (int k = 1; k <= kSteps; ++k)
    chain += "  %v" + std::to_string(k) + " = fuser." +
             (k % 2 ? "cos" : "sin") + " %v" + std::to_string(k - 1) +
             " : (tensor<?xf32>) -> tensor<?xf32>\n";
  chain += "  fuser.yield %v" + std::to_string(kSteps) +
           " : tensor<?xf32>\n}\n";
  int64_t longKey = registerFusion(chain);
  int64_t squareKey = registerFusion(R"(
fuser.group @square(%t: tensor<?xf32>) -> tensor<?xf32> {
  %r = fuser.mul %t, %t : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %r : tensor<?xf32>
}
)");
  int64_t nanKey = registerFusion(R"(
fuser.group @poison(%x: tensor<?xf32>, %s: f64) -> tensor<?xf32> {
  %r = fuser.mul %x, %s : (tensor<?xf32>, f64) -> tensor<?xf32>
  fuser.yield %r : tensor<?xf32>
}
)");
  const int64_t n = int64_t(1) << 26;
  Tensor x = uniformHost(DType::Float32, {n}, 601, -3, 3);
  Tensor dx;
  try {
    dx = copyToDevice(x.view, gpu().index);
    // Compile all three on small inputs (same layout, so the big runs find
    // them cached).
    Tensor small = copyToDevice(x.view.narrow(0, 0, 1000), gpu().index);
    (void)runFusion(longKey, {small.view});
    (void)runFusion(squareKey, {small.view});
    (void)runFusion(nanKey, {small.view, 0.0});
    cudaSynchronize();
  } catch (const std::exception &e) {
    FAIL() << e.what();
  }
  StreamGuard s(cudaCreateStream(gpu().index));
  // Leave a NaN block of the output's size in the allocator's cache for this
  // stream, so that the long kernel's output most likely starts as NaN: a
  // square computed before the long kernel finished would be NaN.
  {
    std::vector<Tensor> poison = runFusion(
        nanKey, {dx.view, std::numeric_limits<double>::quiet_NaN()},
        s.stream);
    cudaStreamSynchronize(s.stream);
  }
  size_t compiled = nCompiledKernels();
  auto start = std::chrono::steady_clock::now();
  std::vector<Tensor> t = runFusion(longKey, {dx.view}, s.stream);
  std::vector<Tensor> r = runFusion(squareKey, {t[0].view}, s.stream);
  double enqueueMs = std::chrono::duration<double, std::milli>(
                         std::chrono::steady_clock::now() - start)
                         .count();
  cudaStreamSynchronize(s.stream);
  double totalMs = std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  EXPECT_EQ(nCompiledKernels(), compiled);
  std::printf("long kernel: both launches enqueued in %.3f ms, done after "
              "%.3f ms\n",
              enqueueMs, totalMs);
  Tensor th = copyToHost(t[0].view), rh = copyToHost(r[0].view);
  const auto *tp = static_cast<const float *>(th.view.data);
  const auto *rp = static_cast<const float *>(rh.view.data);
  int64_t bad = 0, nans = 0;
  for (int64_t i = 0; i < n; ++i) {
    float want = tp[i] * tp[i];
    nans += std::isnan(tp[i]);
    if (std::memcmp(&want, &rp[i], 4) != 0 && ++bad <= 5)
      ADD_FAILURE() << "element " << i << ": square " << rp[i] << ", but the "
                    << "long kernel's output squared is " << want;
  }
  EXPECT_EQ(bad, 0) << "elements of the second launch do not see the first "
                       "launch's output";
  EXPECT_EQ(nans, 0) << "the long kernel's output has NaNs";
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

class GPUErrors : public CUDATest {};

const char *kAddGroup = R"(
fuser.group @add(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %r = fuser.add %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %r : tensor<?xf32>
}
)";

TEST_F(GPUErrors, MixingCPUAndCUDATensorsThrows) {
  int64_t key = registerFusion(kAddGroup);
  Tensor x = randomHost(DType::Float32, {100}, 701);
  Mirrored m = mirror(x.view);
  const std::pair<const char *, std::vector<Argument>> calls[] = {
      {"(cpu, cuda)", {m.host, m.device}}, {"(cuda, cpu)", {m.device, m.host}}};
  for (const auto &[which, args] : calls) {
    SCOPED_TRACE(which);
    try {
      (void)runFusion(key, args);
      ADD_FAILURE() << "runFusion " << which << " did not throw";
    } catch (const Error &e) {
      std::string msg = e.what();
      EXPECT_NE(msg.find("different devices"), std::string::npos) << msg;
      EXPECT_NE(msg.find("cuda:0"), std::string::npos) << msg;
    } catch (const std::exception &e) {
      ADD_FAILURE() << "runFusion threw something else than fuser::Error: "
                    << e.what();
    }
    // The kernel path declines (no fallback to run).
    ExecutionResult r = runFusionKernel(key, args);
    EXPECT_EQ(r.reason, FallbackReason::DeviceMismatch)
        << fallbackReasonName(r.reason);
  }
}

TEST_F(GPUErrors, TensorOnMissingDeviceThrows) {
  int64_t key = registerFusion(kAddGroup);
  Tensor x = randomHost(DType::Float32, {100}, 702);
  Mirrored m = mirror(x.view);
  TensorView missing = m.device;
  missing.device = Device::cuda(static_cast<int16_t>(cudaDeviceCount()));
  try {
    (void)runFusion(key, {missing, missing});
    ADD_FAILURE() << "runFusion on " << missing.device.str()
                  << " did not throw";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()), "");
  }
}

// The unfused path on CUDA tensors runs the interpreter on host copies and
// returns device tensors: never a host read of device pointers.
TEST_F(GPUErrors, FallbackWithCUDATensorsRunsOnHostCopies) {
  int64_t key = registerFusion(kAddGroup);
  Tensor x = randomHost(DType::Float32, {100}, 703);
  Mirrored m = mirror(x.view);
  std::vector<Tensor> out = runFusionFallback(key, {m.device, m.device});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].view.device, Device::cuda(0));
  Tensor back = copyToHost(out[0].view);
  const float *in = static_cast<const float *>(x.view.data);
  const float *got = static_cast<const float *>(back.view.data);
  for (int i = 0; i < 100; ++i) {
    float want = in[i] + in[i]; // the inputs include NaN and infinities
    if (std::isnan(want))
      ASSERT_TRUE(std::isnan(got[i])) << "element " << i;
    else
      ASSERT_EQ(got[i], want) << "element " << i;
  }
}

//===----------------------------------------------------------------------===//
// The kernel cache
//===----------------------------------------------------------------------===//

class GPUCache : public CUDATest {};

TEST_F(GPUCache, SecondRunWithTheSameLayoutDoesNotCompile) {
  // A constant no other test uses keeps this group's kernels to itself.
  int64_t key = registerFusion(R"(
fuser.group @cached(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %c = fuser.constant 1.2345678901234567 : f64
  %m = fuser.mul %x, %c : (tensor<?xf32>, f64) -> tensor<?xf32>
  %r = fuser.add %m, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %r : tensor<?xf32>
}
)");
  auto run = [&](const Mirrored &x, const Mirrored &y) {
    try {
      return toHost(runFusion(key, {x.device, y.device}));
    } catch (const std::exception &e) {
      ADD_FAILURE() << "runFusion threw: " << e.what();
      return std::vector<Tensor>();
    }
  };
  DType f = DType::Float32;
  Tensor a = randomHost(f, {100}, 801), b = randomHost(f, {100}, 802);
  Tensor c = randomHost(f, {5000}, 803), d = randomHost(f, {5000}, 804);
  Mirrored ma = mirror(a.view), mb = mirror(b.view);
  Mirrored mc = mirror(c.view), md = mirror(d.view);

  size_t start = nCompiledKernels();
  run(ma, mb);
  EXPECT_EQ(nCompiledKernels(), start + 1) << "the first run compiles";
  run(ma, mb);
  EXPECT_EQ(nCompiledKernels(), start + 1) << "the same inputs again";
  run(mc, md);
  EXPECT_EQ(nCompiledKernels(), start + 1)
      << "other sizes, same layout: no compile";
  Mirrored unaligned = mirror(c.view, {}, 1);
  run(unaligned, md);
  EXPECT_EQ(nCompiledKernels(), start + 1)
      << "an unaligned view has the same layout: no compile";
  // Another layout (stride 2) and another dtype each compile once.
  Mirrored strided = mirror(a.view, {2});
  run(strided, mb);
  EXPECT_EQ(nCompiledKernels(), start + 2) << "a strided input compiles";
  run(strided, mb);
  EXPECT_EQ(nCompiledKernels(), start + 2);
  Tensor h = randomHost(DType::Float16, {100}, 805);
  Mirrored mh = mirror(h.view);
  run(mh, mb);
  EXPECT_EQ(nCompiledKernels(), start + 3) << "an f16 input compiles";
  run(mh, mb);
  run(ma, mb);
  EXPECT_EQ(nCompiledKernels(), start + 3);
  EXPECT_EQ(getKernelSpec(key).numCachedKernels(), 3u);
  // The CUDA kernels are separate from the CPU ones.
  std::string problem;
  (void)runOnInterpreter(key, {ma.host, mb.host}, problem);
  ExecutionResult cpu = runFusionKernel(key, {ma.host, mb.host});
  EXPECT_TRUE(cpu.ran());
  EXPECT_EQ(nCompiledKernels(), start + 4) << "the CPU kernel compiles once";
}

} // namespace
