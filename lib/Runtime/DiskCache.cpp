//===- DiskCache.cpp - Persistent kernel cache ----------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/DiskCache.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace fuser;

namespace {
constexpr char kMagic[8] = {'F', 'U', 'S', 'E', 'R', 'K', 'C', '1'};
/// magic, key length, payload length, checksum.
constexpr size_t kHeaderSize = 32;

bool readAll(int fd, std::string &out) {
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n == 0)
      return true;
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    out.append(buffer, static_cast<size_t>(n));
  }
}

bool writeAll(int fd, const char *data, size_t size) {
  while (size) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

/// mkdir -p with owner-only permissions for the directories it creates.
bool makeDirectories(const std::string &path) {
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos != path.size() && path[pos] != '/')
      continue;
    std::string prefix = path.substr(0, pos);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST)
      return false;
  }
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

uint64_t checksum(const std::string &key, const std::string &payload) {
  uint64_t h = fnv1a64(key.data(), key.size());
  return fnv1a64(payload.data(), payload.size(), h ^ 0x9e3779b97f4a7c15ull);
}

void putU64(std::string &s, uint64_t v) {
  s.append(reinterpret_cast<const char *>(&v), sizeof(v));
}

uint64_t getU64(const std::string &s, size_t at) {
  uint64_t v;
  std::memcpy(&v, s.data() + at, sizeof(v));
  return v;
}
} // namespace

uint64_t fuser::fnv1a64(const void *data, size_t size, uint64_t h) {
  auto *p = static_cast<const unsigned char *>(data);
  for (size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

DiskCache::DiskCache(std::string directory) : directory_(std::move(directory)) {
  while (directory_.size() > 1 && directory_.back() == '/')
    directory_.pop_back();
}

DiskCache &DiskCache::global() {
  static DiskCache cache([]() -> std::string {
    const char *off = std::getenv("FUSER_DISABLE_DISK_CACHE");
    if (off && *off && std::strcmp(off, "0") != 0)
      return {};
    if (const char *dir = std::getenv("FUSER_CACHE_DIR"))
      return dir;
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
      return std::string(xdg) + "/fuser";
    if (const char *home = std::getenv("HOME"); home && *home)
      return std::string(home) + "/.cache/fuser";
    return {};
  }());
  static bool configured = [] {
    if (const char *mb = std::getenv("FUSER_CACHE_MAX_MB"); mb && *mb)
      cache.maxBytes_ = std::strtoull(mb, nullptr, 10) << 20;
    return true;
  }();
  (void)configured;
  return cache;
}

std::string DiskCache::pathFor(const std::string &key) const {
  char name[32];
  std::snprintf(
      name, sizeof(name), "%016llx.kc",
      static_cast<unsigned long long>(fnv1a64(key.data(), key.size())));
  return directory_ + "/" + name;
}

std::optional<std::string> DiskCache::load(const std::string &key) {
  if (!enabled())
    return std::nullopt;
  std::string path = pathFor(key);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    ++misses_;
    return std::nullopt;
  }
  std::string file;
  bool ok = readAll(fd, file);
  ::close(fd);
  if (ok && file.size() >= kHeaderSize &&
      std::memcmp(file.data(), kMagic, 8) == 0) {
    uint64_t keySize = getU64(file, 8), payloadSize = getU64(file, 16);
    uint64_t sum = getU64(file, 24);
    if (keySize <= file.size() && payloadSize <= file.size() &&
        kHeaderSize + keySize + payloadSize == file.size() &&
        file.compare(kHeaderSize, keySize, key) == 0) {
      std::string payload = file.substr(kHeaderSize + keySize);
      if (checksum(key, payload) == sum) {
        ++hits_;
        ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0); // recently used
        return payload;
      }
    }
  }
  // Truncated, corrupt, or another key with the same hash: a miss. A valid
  // entry of another key is left alone; anything else is removed so that the
  // next store replaces it.
  ++rejected_;
  ++misses_;
  if (!(ok && file.size() >= kHeaderSize &&
        std::memcmp(file.data(), kMagic, 8) == 0 &&
        kHeaderSize + getU64(file, 8) + getU64(file, 16) == file.size()))
    ::unlink(path.c_str());
  return std::nullopt;
}

bool DiskCache::store(const std::string &key, const std::string &payload) {
  if (!enabled() || !makeDirectories(directory_))
    return false;
  std::string path = pathFor(key);
  static std::atomic<uint64_t> counter{0};
  std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." +
                    std::to_string(counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return false;
  std::string header(kMagic, 8);
  putU64(header, key.size());
  putU64(header, payload.size());
  putU64(header, checksum(key, payload));
  bool ok = writeAll(fd, header.data(), header.size()) &&
            writeAll(fd, key.data(), key.size()) &&
            writeAll(fd, payload.data(), payload.size());
  ok &= ::close(fd) == 0;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  ++stores_;
  if (!trimmed_.exchange(true))
    trim(maxBytes_);
  return true;
}

void DiskCache::trim(uint64_t maxBytes) {
  if (!enabled())
    return;
  DIR *dir = ::opendir(directory_.c_str());
  if (!dir)
    return;
  struct Item {
    std::string path;
    uint64_t bytes;
    struct timespec mtime;
  };
  std::vector<Item> entries;
  uint64_t total = 0;
  time_t now = ::time(nullptr);
  while (struct dirent *e = ::readdir(dir)) {
    std::string name = e->d_name;
    bool entry = name.size() == 19 && name.compare(16, 3, ".kc") == 0;
    bool temporary = name.find(".kc.tmp.") != std::string::npos;
    if (!entry && !temporary)
      continue;
    std::string path = directory_ + "/" + name;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      continue;
    if (temporary) {
      if (now - st.st_mtim.tv_sec > 3600)
        ::unlink(path.c_str());
      continue;
    }
    entries.push_back({path, static_cast<uint64_t>(st.st_size), st.st_mtim});
    total += static_cast<uint64_t>(st.st_size);
  }
  ::closedir(dir);
  if (total <= maxBytes)
    return;
  std::sort(entries.begin(), entries.end(), [](const Item &a, const Item &b) {
    return a.mtime.tv_sec != b.mtime.tv_sec ? a.mtime.tv_sec < b.mtime.tv_sec
                                            : a.mtime.tv_nsec < b.mtime.tv_nsec;
  });
  for (const Item &item : entries) {
    if (total <= maxBytes / 4 * 3)
      break;
    if (::unlink(item.path.c_str()) == 0)
      total -= item.bytes;
  }
}

DiskCache::Stats DiskCache::stats() const {
  Stats s;
  s.hits = hits_.load();
  s.misses = misses_.load();
  s.stores = stores_.load();
  s.rejected = rejected_.load();
  return s;
}
