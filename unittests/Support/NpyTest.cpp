//===- NpyTest.cpp - Tests of the .npy reader and writer ------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Round trips for every dtype and several ranks, hand-written files (Fortran
// order, version 2 headers, '<u1' spellings) and malformed files.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Support/Half.h"
#include "FuserDialect/Support/Npy.h"

#include "gtest/gtest.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>

using namespace fuser;

namespace {

std::string tempPath(const std::string &name) {
  return ::testing::TempDir() + "fuser_npy_" + std::to_string(::getpid()) +
         "_" + name + ".npy";
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// A version-1 .npy file with the given header dict text and payload.
std::string makeNpy(const std::string &dict, const std::string &payload,
                    int version = 1) {
  std::string header = dict;
  size_t pre = version == 1 ? 10 : 12;
  header.append((64 - (pre + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version);
  out += '\0';
  uint32_t len = static_cast<uint32_t>(header.size());
  out += static_cast<char>(len & 0xFF);
  out += static_cast<char>((len >> 8) & 0xFF);
  if (version != 1) {
    out += static_cast<char>((len >> 16) & 0xFF);
    out += static_cast<char>((len >> 24) & 0xFF);
  }
  return out + header + payload;
}

template <typename T>
std::string bytesOf(const std::vector<T> &v) {
  return std::string(reinterpret_cast<const char *>(v.data()),
                     v.size() * sizeof(T));
}

/// Random storage bytes of `n` elements of `dtype` (valid patterns: bools 0
/// or 1, floats finite).
std::vector<char> randomData(DType dtype, size_t n, std::mt19937 &gen) {
  size_t w = elementSize(dtype);
  std::vector<char> data(n * w);
  for (size_t i = 0; i < n; ++i) {
    char *p = data.data() + i * w;
    switch (dtype) {
    case DType::Bool:
      *p = static_cast<char>(gen() & 1);
      break;
    case DType::Float16: {
      uint16_t h = floatToHalf(static_cast<float>(int(gen() % 2000) - 1000) /
                               8.0f);
      std::memcpy(p, &h, 2);
      break;
    }
    case DType::BFloat16: {
      uint16_t b = floatToBFloat16(static_cast<float>(int(gen() % 200) - 100) /
                                   4.0f);
      std::memcpy(p, &b, 2);
      break;
    }
    case DType::Float32: {
      float v = static_cast<float>(gen()) / 7.0f - 1e8f;
      std::memcpy(p, &v, 4);
      break;
    }
    case DType::Float64: {
      double v = static_cast<double>(gen()) / 3.0 - 1e9;
      std::memcpy(p, &v, 8);
      break;
    }
    default:
      for (size_t b = 0; b < w; ++b)
        p[b] = static_cast<char>(gen());
    }
  }
  return data;
}

const DType kAllDTypes[] = {DType::Bool,    DType::UInt8,    DType::Int8,
                            DType::Int16,   DType::Int32,    DType::Int64,
                            DType::Float16, DType::BFloat16, DType::Float32,
                            DType::Float64};

TEST(NpyTest, RoundTripEveryDTypeAndRank) {
  std::mt19937 gen(5);
  const std::vector<std::vector<int64_t>> shapes = {
      {}, {7}, {3, 4}, {2, 3, 5}, {0}, {4, 0, 2}, {1, 1, 1, 3}};
  for (DType dtype : kAllDTypes)
    for (const auto &shape : shapes) {
      SCOPED_TRACE(std::string(torchName(dtype)) + " rank " +
                   std::to_string(shape.size()));
      int64_t n = 1;
      for (int64_t s : shape)
        n *= s;
      NpyArray in;
      in.dtype = dtype;
      in.shape = shape;
      in.data = randomData(dtype, static_cast<size_t>(n), gen);
      std::string path = tempPath("rt");
      std::string error;
      ASSERT_TRUE(writeNpy(path, in, error)) << error;
      // The header is padded so that the data starts 64-byte aligned.
      std::string raw = readFile(path);
      ASSERT_GE(raw.size(), 10u);
      size_t headerLen = static_cast<unsigned char>(raw[8]) |
                         (static_cast<unsigned char>(raw[9]) << 8);
      EXPECT_EQ((10 + headerLen) % 64, 0u);
      EXPECT_EQ(raw[10 + headerLen - 1], '\n');
      NpyArray out;
      ASSERT_TRUE(readNpy(path, out, error)) << error;
      EXPECT_EQ(out.shape, shape);
      if (dtype == DType::BFloat16) {
        // NumPy has no bfloat16: stored (exactly) as float32.
        ASSERT_EQ(out.dtype, DType::Float32);
        ASSERT_EQ(out.data.size(), static_cast<size_t>(n) * 4);
        for (int64_t i = 0; i < n; ++i) {
          uint16_t b;
          float v;
          std::memcpy(&b, in.data.data() + 2 * i, 2);
          std::memcpy(&v, out.data.data() + 4 * i, 4);
          EXPECT_EQ(v, bfloat16ToFloat(b));
        }
      } else {
        EXPECT_EQ(out.dtype, dtype);
        EXPECT_EQ(out.data, in.data);
      }
      std::remove(path.c_str());
    }
}

TEST(NpyTest, WrittenHeaderIsNumPyCompatible) {
  NpyArray a;
  a.dtype = DType::Int16;
  a.shape = {5};
  a.data.assign(10, 0);
  std::string path = tempPath("hdr");
  std::string error;
  ASSERT_TRUE(writeNpy(path, a, error)) << error;
  std::string raw = readFile(path);
  EXPECT_EQ(raw.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_NE(raw.find("'descr': '<i2'"), std::string::npos);
  EXPECT_NE(raw.find("'fortran_order': False"), std::string::npos);
  // A one-element tuple keeps its trailing comma.
  EXPECT_NE(raw.find("'shape': (5,)"), std::string::npos);
  a.shape = {};
  a.data.assign(2, 0);
  ASSERT_TRUE(writeNpy(path, a, error)) << error;
  EXPECT_NE(readFile(path).find("'shape': ()"), std::string::npos);
  std::remove(path.c_str());
}

TEST(NpyTest, ReadsFortranOrder) {
  // Row-major value at [i][j] = 10 * i + j for a 2x3 array, stored by column.
  std::vector<int32_t> colMajor = {0, 10, 1, 11, 2, 12};
  std::string path = tempPath("fortran2");
  writeFile(path, makeNpy("{'descr': '<i4', 'fortran_order': True, "
                          "'shape': (2, 3), }",
                          bytesOf(colMajor)));
  NpyArray out;
  std::string error;
  ASSERT_TRUE(readNpy(path, out, error)) << error;
  EXPECT_EQ(out.dtype, DType::Int32);
  EXPECT_EQ(out.shape, (std::vector<int64_t>{2, 3}));
  std::vector<int32_t> rowMajor(6);
  ASSERT_EQ(out.data.size(), 24u);
  std::memcpy(rowMajor.data(), out.data.data(), 24);
  EXPECT_EQ(rowMajor, (std::vector<int32_t>{0, 1, 2, 10, 11, 12}));

  // Rank 3, doubles: value at [i][j][k] = 100 i + 10 j + k, shape (2, 3, 4).
  std::vector<double> fdata(24);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k)
        fdata[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
  writeFile(path, makeNpy("{'descr': '<f8', 'fortran_order': True, "
                          "'shape': (2, 3, 4), }",
                          bytesOf(fdata)));
  ASSERT_TRUE(readNpy(path, out, error)) << error;
  EXPECT_EQ(out.dtype, DType::Float64);
  std::vector<double> r(24);
  std::memcpy(r.data(), out.data.data(), 24 * 8);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k)
        EXPECT_EQ(r[12 * i + 4 * j + k], 100 * i + 10 * j + k);

  // Rank 1 in Fortran order is the same as C order.
  writeFile(path, makeNpy("{'descr': '<i2', 'fortran_order': True, "
                          "'shape': (3,), }",
                          bytesOf(std::vector<int16_t>{7, 8, 9})));
  ASSERT_TRUE(readNpy(path, out, error)) << error;
  EXPECT_EQ(out.shape, (std::vector<int64_t>{3}));
  std::vector<int16_t> s(3);
  std::memcpy(s.data(), out.data.data(), 6);
  EXPECT_EQ(s, (std::vector<int16_t>{7, 8, 9}));
  std::remove(path.c_str());
}

TEST(NpyTest, ReadsVersion2AndAlternateSpellings) {
  std::string path = tempPath("v2");
  // Version 2 (4-byte header length), key order changed, '<u1' and '|i1'.
  writeFile(path, makeNpy("{'shape': (2,), 'fortran_order': False, "
                          "'descr': '<u1'}",
                          std::string("\xff\x01", 2), 2));
  NpyArray out;
  std::string error;
  ASSERT_TRUE(readNpy(path, out, error)) << error;
  EXPECT_EQ(out.dtype, DType::UInt8);
  EXPECT_EQ(out.shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(static_cast<unsigned char>(out.data[0]), 0xFF);
  writeFile(path, makeNpy("{'descr': '|i1', 'fortran_order': False, "
                          "'shape': (1,), }",
                          std::string("\x80", 1), 3));
  ASSERT_TRUE(readNpy(path, out, error)) << error;
  EXPECT_EQ(out.dtype, DType::Int8);
  writeFile(path, makeNpy("{'descr': '<f2', 'fortran_order': False, "
                          "'shape': (), }",
                          std::string("\x00\x3c", 2)));
  ASSERT_TRUE(readNpy(path, out, error)) << error;
  EXPECT_EQ(out.dtype, DType::Float16);
  EXPECT_TRUE(out.shape.empty());
  uint16_t h;
  std::memcpy(&h, out.data.data(), 2);
  EXPECT_EQ(h, 0x3C00);
  std::remove(path.c_str());
}

TEST(NpyTest, Errors) {
  std::string path = tempPath("err");
  NpyArray out;
  std::string error;

  EXPECT_FALSE(readNpy(path + ".missing", out, error));
  EXPECT_NE(error.find("cannot open"), std::string::npos) << error;

  writeFile(path, "\x92NUMPY\x01\x00\x10\x00{}");
  error.clear();
  EXPECT_FALSE(readNpy(path, out, error));
  EXPECT_NE(error.find("bad magic"), std::string::npos) << error;

  writeFile(path, "\x93NU");
  error.clear();
  EXPECT_FALSE(readNpy(path, out, error));
  EXPECT_NE(error.find("bad magic"), std::string::npos) << error;

  std::string good = makeNpy("{'descr': '<f4', 'fortran_order': False, "
                             "'shape': (4,), }",
                             std::string(16, '\0'));
  // Truncated inside the header.
  writeFile(path, good.substr(0, 30));
  error.clear();
  EXPECT_FALSE(readNpy(path, out, error));
  EXPECT_NE(error.find("truncated header"), std::string::npos) << error;
  // Truncated data.
  writeFile(path, good.substr(0, good.size() - 1));
  error.clear();
  EXPECT_FALSE(readNpy(path, out, error));
  EXPECT_NE(error.find("truncated data"), std::string::npos) << error;
  // The complete file reads.
  writeFile(path, good);
  EXPECT_TRUE(readNpy(path, out, error)) << error;

  // Unsupported element types: big-endian, complex, strings, object.
  for (const char *descr : {"'>f4'", "'<c8'", "'<U3'", "'|O'", "'<f16'"}) {
    writeFile(path, makeNpy(std::string("{'descr': ") + descr +
                                ", 'fortran_order': False, 'shape': (1,), }",
                            std::string(16, '\0')));
    error.clear();
    EXPECT_FALSE(readNpy(path, out, error)) << descr;
    EXPECT_NE(error.find("unsupported element type"), std::string::npos)
        << descr << ": " << error;
  }

  // Unsupported version.
  std::string v9 = good;
  v9[6] = 9;
  writeFile(path, v9);
  error.clear();
  EXPECT_FALSE(readNpy(path, out, error));
  EXPECT_NE(error.find("unsupported .npy version"), std::string::npos)
      << error;

  // Missing key, bad shape.
  writeFile(path, makeNpy("{'descr': '<f4', 'shape': (1,), }",
                          std::string(4, '\0')));
  error.clear();
  EXPECT_FALSE(readNpy(path, out, error));
  EXPECT_NE(error.find("malformed header"), std::string::npos) << error;
  writeFile(path, makeNpy("{'descr': '<f4', 'fortran_order': False, "
                          "'shape': (-2,), }",
                          std::string(4, '\0')));
  error.clear();
  EXPECT_FALSE(readNpy(path, out, error));
  EXPECT_NE(error.find("bad shape"), std::string::npos) << error;

  // Writing into a directory that does not exist.
  NpyArray a;
  a.shape = {1};
  a.data.assign(4, 0);
  error.clear();
  EXPECT_FALSE(writeNpy("/nonexistent-dir/x.npy", a, error));
  EXPECT_NE(error.find("cannot write"), std::string::npos) << error;
  std::remove(path.c_str());
}

} // namespace
