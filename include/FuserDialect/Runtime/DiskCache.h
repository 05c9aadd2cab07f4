//===- DiskCache.h - Persistent kernel cache --------------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Compiled kernels survive the process in a directory of one file per entry.
// An entry stores its full key next to the payload and a checksum of both, so
// a hash collision, a truncated write or a corrupt file reads as a miss (and
// the file is replaced), never as a wrong kernel. Writers publish entries by
// renaming a private temporary file, which is atomic on POSIX file systems:
// concurrent processes may both compile a kernel, but no reader ever sees a
// partly written entry.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_RUNTIME_DISKCACHE_H
#define FUSERDIALECT_RUNTIME_DISKCACHE_H

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

namespace fuser {

class DiskCache {
public:
  /// A cache in `directory`; an empty directory disables it.
  explicit DiskCache(std::string directory);

  /// The process-wide cache: FUSER_CACHE_DIR if set (empty: disabled), else
  /// $XDG_CACHE_HOME/fuser, else $HOME/.cache/fuser. FUSER_DISABLE_DISK_CACHE=1
  /// disables it.
  static DiskCache &global();

  bool enabled() const { return !directory_.empty(); }
  const std::string &directory() const { return directory_; }

  /// The payload stored under `key`, if a valid entry exists.
  std::optional<std::string> load(const std::string &key);
  /// Stores `payload` under `key`; returns false (and leaves no partial file)
  /// if the directory cannot be written.
  bool store(const std::string &key, const std::string &payload);

  /// Keeps the directory under `maxBytes`: removes the least recently used
  /// entries (by modification time; a hit refreshes it) until the rest take
  /// at most 3/4 of the limit, and temporary files a crashed writer left.
  /// Runs on the first store of each process; FUSER_CACHE_MAX_MB (default
  /// 512) sets the limit of the global cache.
  void trim(uint64_t maxBytes);

  /// The file an entry of `key` lives in.
  std::string pathFor(const std::string &key) const;

  struct Stats {
    uint64_t hits = 0, misses = 0, stores = 0, rejected = 0;
  };
  Stats stats() const;

private:
  std::string directory_;
  uint64_t maxBytes_ = 512ull << 20;
  std::atomic<bool> trimmed_{false};
  std::atomic<uint64_t> hits_{0}, misses_{0}, stores_{0}, rejected_{0};
};

/// 64-bit FNV-1a, continuing from `h` (not for adversarial input).
uint64_t fnv1a64(const void *data, size_t size,
                 uint64_t h = 0xcbf29ce484222325ull);

} // namespace fuser

#endif // FUSERDIALECT_RUNTIME_DISKCACHE_H
