//===- Npy.h - Reading and writing NumPy .npy files -------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The .npy format (versions 1-3, little-endian, C or Fortran order) for the
// element types fuser uses. bfloat16, which NumPy lacks, is written as
// float32.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_SUPPORT_NPY_H
#define FUSERDIALECT_SUPPORT_NPY_H

#include "FuserDialect/Support/DType.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fuser {

struct NpyArray {
  DType dtype = DType::Float32;
  std::vector<int64_t> shape;
  /// Row-major element data in the storage format of `dtype` (bool as one
  /// byte, f16/bf16 as 16-bit patterns).
  std::vector<char> data;
};

/// Reads `path`; on failure returns false and sets `error`.
bool readNpy(const std::string &path, NpyArray &out, std::string &error);

/// Writes `array` to `path`; on failure returns false and sets `error`.
bool writeNpy(const std::string &path, const NpyArray &array,
              std::string &error);

} // namespace fuser

#endif // FUSERDIALECT_SUPPORT_NPY_H
