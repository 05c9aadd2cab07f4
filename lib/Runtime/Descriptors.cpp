//===- Descriptors.cpp - Kernel specialisation descriptors ----------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/Descriptors.h"

#include <functional>

using namespace fuser;

static void hashCombine(size_t &seed, size_t value) {
  seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
}

std::vector<bool>
TensorDesc::contiguityOf(const std::vector<int64_t> &sizes,
                         const std::vector<int64_t> &strides) {
  size_t n = sizes.size();
  std::vector<bool> bits(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t expected = i + 1 < n ? sizes[i + 1] * strides[i + 1] : 1;
    bits[i] = strides[i] == expected;
  }
  return bits;
}

TensorDesc::TensorDesc(DType dtype, const std::vector<int64_t> &sizes,
                       const std::vector<int64_t> &strides)
    : dtype(dtype), contiguity(contiguityOf(sizes, strides)) {}

size_t TensorDesc::nDim() const {
  if (contiguity.empty())
    return 0;
  size_t n = 0;
  for (bool bit : contiguity)
    n += !bit;
  return n + (contiguity.back() ? 1 : 0);
}

bool TensorDesc::lastIsContiguous() const {
  return contiguity.empty() || contiguity.back();
}

bool TensorDesc::isContiguous() const {
  for (bool bit : contiguity)
    if (!bit)
      return false;
  return true;
}

size_t TensorDesc::hash() const {
  size_t h = std::hash<int>()(static_cast<int>(dtype));
  hashCombine(h, nDim());
  for (bool bit : contiguity)
    hashCombine(h, bit);
  return h;
}

std::string TensorDesc::str() const {
  std::string s(mlirName(dtype));
  s += "[";
  for (bool bit : contiguity)
    s += bit ? '1' : '0';
  return s + "]";
}

std::optional<CompressedShape>
fuser::compressContiguous(const std::vector<int64_t> &sizes,
                          const std::vector<int64_t> &strides,
                          const std::vector<bool> &contiguity) {
  CompressedShape out;
  size_t n = sizes.size();
  if (strides.size() != n || contiguity.size() != n)
    return std::nullopt;
  size_t cur = 0;
  while (cur < n) {
    int64_t size = sizes[cur];
    // Merge while the descriptor says dimension cur may merge with cur + 1.
    while (cur + 1 < n && contiguity[cur]) {
      if (strides[cur] != sizes[cur + 1] * strides[cur + 1])
        return std::nullopt;
      ++cur;
      size *= sizes[cur];
    }
    // A final true bit means unit innermost stride; it becomes its own dim.
    if (cur + 1 == n && contiguity[cur] && strides[cur] != 1)
      return std::nullopt;
    out.sizes.push_back(size);
    out.strides.push_back(strides[cur]);
    ++cur;
  }
  return out;
}

PartitionDesc::PartitionDesc(const TensorDesc &whole, size_t nSubTensors,
                             size_t dim)
    : nSubTensors(nSubTensors), dim(dim) {
  if (nSubTensors == 1)
    return;
  std::vector<bool> bits = whole.contiguity;
  if (dim > 0 && dim - 1 < bits.size())
    bits[dim - 1] = false;
  subTensorDesc = TensorDesc(whole.dtype, std::move(bits));
}

ArgSpec::ArgSpec(std::vector<TensorDesc> descs, Device device,
                 std::vector<std::vector<bool>> outputContiguity,
                 unsigned indexBitwidth)
    : descs_(std::move(descs)), outputContiguity_(std::move(outputContiguity)),
      device_(device), indexBitwidth_(indexBitwidth) {
  if (indexBitwidth_ != 32 && indexBitwidth_ != 64)
    throw Error("an argument spec's index bitwidth must be 32 or 64, not " +
                std::to_string(indexBitwidth_));
  size_t h = std::hash<int>()(device_.index);
  hashCombine(h, indexBitwidth_);
  hashCombine(h, static_cast<size_t>(device_.type));
  hashCombine(h, descs_.size());
  for (const TensorDesc &d : descs_)
    hashCombine(h, d.hash());
  for (const std::vector<bool> &bits : outputContiguity_) {
    hashCombine(h, bits.size());
    for (bool bit : bits)
      hashCombine(h, bit);
  }
  hash_ = h;
}

std::string ArgSpec::str() const {
  std::string s = device_.str() + "(";
  for (size_t i = 0; i < descs_.size(); ++i)
    s += (i ? ", " : "") + descs_[i].str();
  s += ") -> (";
  for (size_t i = 0; i < outputContiguity_.size(); ++i) {
    s += i ? ", [" : "[";
    for (bool bit : outputContiguity_[i])
      s += bit ? '1' : '0';
    s += "]";
  }
  s += ")";
  if (indexBitwidth_ != 64)
    s += " index" + std::to_string(indexBitwidth_);
  return s;
}
