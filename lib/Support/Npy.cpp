//===- Npy.cpp - Reading and writing NumPy .npy files ---------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Support/Npy.h"
#include "FuserDialect/Support/Half.h"

#include <cstring>
#include <fstream>
#include <sstream>

using namespace fuser;

namespace {
struct Descr {
  const char *npy;
  DType dtype;
};
// '|' and '<' spellings both accepted for one-byte types.
const Descr kDescrs[] = {
    {"|b1", DType::Bool},     {"|u1", DType::UInt8},   {"<u1", DType::UInt8},
    {"|i1", DType::Int8},     {"<i1", DType::Int8},    {"<i2", DType::Int16},
    {"<i4", DType::Int32},    {"<i8", DType::Int64},   {"<f2", DType::Float16},
    {"<f4", DType::Float32},  {"<f8", DType::Float64},
};

/// The value of `key` in the header dict, as raw text.
bool findValue(const std::string &header, const std::string &key,
               std::string &value) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos)
    return false;
  size_t colon = header.find(':', k);
  if (colon == std::string::npos)
    return false;
  size_t start = colon + 1;
  while (start < header.size() && header[start] == ' ')
    ++start;
  size_t end = start;
  if (header[start] == '(') {
    end = header.find(')', start);
    if (end == std::string::npos)
      return false;
    ++end;
  } else {
    while (end < header.size() && header[end] != ',' && header[end] != '}')
      ++end;
  }
  value = header.substr(start, end - start);
  return true;
}
} // namespace

bool fuser::readNpy(const std::string &path, NpyArray &out,
                    std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "'";
    return false;
  }
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) {
    error = "'" + path + "' is not a .npy file (bad magic)";
    return false;
  }
  uint32_t headerLen = 0;
  unsigned major = static_cast<unsigned char>(magic[6]);
  if (major == 1) {
    unsigned char len[2];
    if (!in.read(reinterpret_cast<char *>(len), 2)) {
      error = "'" + path + "': truncated header";
      return false;
    }
    headerLen = len[0] | (len[1] << 8);
  } else if (major == 2 || major == 3) {
    unsigned char len[4];
    if (!in.read(reinterpret_cast<char *>(len), 4)) {
      error = "'" + path + "': truncated header";
      return false;
    }
    headerLen = len[0] | (len[1] << 8) | (len[2] << 16) |
                (static_cast<uint32_t>(len[3]) << 24);
  } else {
    error = "'" + path + "': unsupported .npy version " + std::to_string(major);
    return false;
  }
  if (headerLen > (1u << 20)) {
    error = "'" + path + "': header too large";
    return false;
  }
  std::string header(headerLen, '\0');
  if (!in.read(header.data(), headerLen)) {
    error = "'" + path + "': truncated header";
    return false;
  }
  std::string descr, order, shape;
  if (!findValue(header, "descr", descr) ||
      !findValue(header, "fortran_order", order) ||
      !findValue(header, "shape", shape)) {
    error = "'" + path + "': malformed header: " + header;
    return false;
  }
  if (descr.size() >= 2)
    descr = descr.substr(1, descr.size() - 2); // strip quotes
  bool found = false;
  for (const Descr &d : kDescrs)
    if (descr == d.npy) {
      out.dtype = d.dtype;
      found = true;
    }
  if (!found) {
    error = "'" + path + "': unsupported element type '" + descr +
            "' (supported: bool, uint8, int8/16/32/64, float16/32/64, "
            "little-endian)";
    return false;
  }
  bool fortran = order.find("True") != std::string::npos;
  out.shape.clear();
  std::string dims = shape.substr(1, shape.size() - 2);
  std::stringstream ss(dims);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t a = item.find_first_not_of(' ');
    if (a == std::string::npos)
      continue;
    try {
      long long v = std::stoll(item.substr(a));
      if (v < 0)
        throw std::out_of_range("negative");
      out.shape.push_back(v);
    } catch (...) {
      error = "'" + path + "': bad shape " + shape;
      return false;
    }
  }
  int64_t numel = 1;
  for (int64_t s : out.shape)
    numel *= s;
  size_t width = elementSize(out.dtype);
  std::vector<char> raw(static_cast<size_t>(numel) * width);
  if (!in.read(raw.data(), static_cast<std::streamsize>(raw.size()))) {
    error = "'" + path + "': truncated data (expected " +
            std::to_string(raw.size()) + " bytes)";
    return false;
  }
  if (!fortran || out.shape.size() < 2) {
    out.data = std::move(raw);
    return true;
  }
  // Fortran order: transpose into row-major.
  out.data.assign(raw.size(), 0);
  size_t rank = out.shape.size();
  std::vector<int64_t> idx(rank, 0);
  for (int64_t lin = 0; lin < numel; ++lin) {
    int64_t f = 0, stride = 1;
    for (size_t d = 0; d < rank; ++d) {
      f += idx[d] * stride;
      stride *= out.shape[d];
    }
    std::memcpy(out.data.data() + lin * width, raw.data() + f * width, width);
    for (size_t d = rank; d-- > 0;) {
      if (++idx[d] < out.shape[d])
        break;
      idx[d] = 0;
    }
  }
  return true;
}

bool fuser::writeNpy(const std::string &path, const NpyArray &array,
                     std::string &error) {
  std::ofstream outFile(path, std::ios::binary);
  if (!outFile) {
    error = "cannot write '" + path + "'";
    return false;
  }
  const char *descr = "<f4";
  for (const Descr &d : kDescrs)
    if (d.dtype == array.dtype) {
      descr = d.npy;
      break;
    }
  std::string shape = "(";
  for (size_t i = 0; i < array.shape.size(); ++i)
    shape += std::to_string(array.shape[i]) + ",";
  if (array.shape.size() > 1)
    shape.pop_back();
  shape += ")";
  std::string header = "{'descr': '" + std::string(descr) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  outFile.write("\x93NUMPY\x01\x00", 8);
  uint16_t len = static_cast<uint16_t>(header.size());
  char lenBytes[2] = {static_cast<char>(len & 0xFF),
                      static_cast<char>(len >> 8)};
  outFile.write(lenBytes, 2);
  outFile.write(header.data(), static_cast<std::streamsize>(header.size()));
  if (array.dtype == DType::BFloat16) {
    // NumPy has no bfloat16: store the (exact) float32 values.
    size_t n = array.data.size() / 2;
    for (size_t i = 0; i < n; ++i) {
      uint16_t b;
      std::memcpy(&b, array.data.data() + 2 * i, 2);
      float f = bfloat16ToFloat(b);
      outFile.write(reinterpret_cast<const char *>(&f), 4);
    }
  } else {
    outFile.write(array.data.data(),
                  static_cast<std::streamsize>(array.data.size()));
  }
  if (!outFile) {
    error = "error writing '" + path + "'";
    return false;
  }
  return true;
}
