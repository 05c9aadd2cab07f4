//===- DiskCacheTest.cpp - The persistent kernel cache --------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/DiskCache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace fuser;

namespace {

class DiskCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    char pattern[] = "/tmp/fuser-diskcache-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir = pattern;
  }
  void TearDown() override {
    std::string cmd = "rm -rf '" + dir + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }

  static std::string readFile(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static void writeFile(const std::string &path, const std::string &data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << data;
  }
  static bool exists(const std::string &path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
  }

  std::string dir;
};

/// A payload with every byte value, NULs included.
std::string binaryPayload(size_t size, unsigned salt) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i)
    s[i] = static_cast<char>((i * 131 + salt) & 0xff);
  return s;
}

TEST_F(DiskCacheTest, StoresAndLoadsBinaryPayloads) {
  DiskCache cache(dir + "/sub/dir"); // created on the first store
  EXPECT_FALSE(cache.load("k1").has_value());
  std::string payload = binaryPayload(100000, 3);
  ASSERT_TRUE(cache.store("k1", payload));
  ASSERT_TRUE(cache.store("k2", "other"));
  std::optional<std::string> got = cache.load("k1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, payload);
  EXPECT_EQ(cache.load("k2").value_or(""), "other");
  DiskCache::Stats s = cache.stats();
  EXPECT_EQ(s.hits, 2u);
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.stores, 2u);
  EXPECT_EQ(s.rejected, 0u);
  // Another instance (another process) sees the same entries.
  DiskCache again(dir + "/sub/dir/");
  EXPECT_EQ(again.load("k1").value_or(""), payload);
}

TEST_F(DiskCacheTest, ReplacesEntries) {
  DiskCache cache(dir);
  ASSERT_TRUE(cache.store("k", "first"));
  ASSERT_TRUE(cache.store("k", "second, longer"));
  EXPECT_EQ(cache.load("k").value_or(""), "second, longer");
}

TEST_F(DiskCacheTest, DisabledCacheNeverStores) {
  DiskCache cache("");
  EXPECT_FALSE(cache.enabled());
  EXPECT_FALSE(cache.store("k", "v"));
  EXPECT_FALSE(cache.load("k").has_value());
}

TEST_F(DiskCacheTest, TruncatedEntryIsAMissAndIsRemoved) {
  DiskCache cache(dir);
  std::string payload = binaryPayload(5000, 1);
  ASSERT_TRUE(cache.store("key", payload));
  std::string path = cache.pathFor("key");
  std::string file = readFile(path);
  for (size_t cut : {file.size() - 1, file.size() / 2, size_t(20), size_t(0)}) {
    writeFile(path, file.substr(0, cut));
    EXPECT_FALSE(cache.load("key").has_value()) << "cut at " << cut;
    EXPECT_FALSE(exists(path)) << "a truncated entry stays behind";
  }
  EXPECT_EQ(cache.stats().rejected, 4u);
  ASSERT_TRUE(cache.store("key", payload));
  EXPECT_EQ(cache.load("key").value_or(""), payload);
}

TEST_F(DiskCacheTest, CorruptByteIsAMiss) {
  DiskCache cache(dir);
  std::string payload = binaryPayload(4096, 9);
  ASSERT_TRUE(cache.store("key", payload));
  std::string path = cache.pathFor("key");
  std::string file = readFile(path);
  // Flip one bit in the key, in the payload, and in the checksum.
  for (size_t at : {size_t(33), file.size() - 100, size_t(24)}) {
    std::string bad = file;
    bad[at] ^= 0x10;
    writeFile(path, bad);
    EXPECT_FALSE(cache.load("key").has_value()) << "flipped byte " << at;
  }
  writeFile(path, file);
  EXPECT_EQ(cache.load("key").value_or(""), payload);
}

TEST_F(DiskCacheTest, EntryOfAnotherKeyAtTheSamePathIsAMiss) {
  // Simulates a hash collision: the file at key B's path holds key A's
  // valid entry. B must miss, and A's entry is a valid one, so it stays.
  DiskCache cache(dir);
  ASSERT_TRUE(cache.store("A", "payload of A"));
  std::string fileA = readFile(cache.pathFor("A"));
  ::unlink(cache.pathFor("A").c_str());
  writeFile(cache.pathFor("B"), fileA);
  EXPECT_FALSE(cache.load("B").has_value());
  EXPECT_TRUE(exists(cache.pathFor("B")));
}

TEST_F(DiskCacheTest, UnwritableDirectoryFailsCleanly) {
  writeFile(dir + "/file", "x");
  DiskCache cache(dir + "/file/sub"); // a path through a regular file
  EXPECT_FALSE(cache.store("k", "v"));
  EXPECT_FALSE(cache.load("k").has_value());
}

TEST_F(DiskCacheTest, TrimRemovesLeastRecentlyUsedEntries) {
  DiskCache cache(dir);
  std::string payload(1000, 'x');
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(cache.store("k" + std::to_string(i), payload));
    // Distinct modification times, oldest first.
    struct timespec times[2] = {{1000 + i, 0}, {1000 + i, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD,
                          cache.pathFor("k" + std::to_string(i)).c_str(), times,
                          0),
              0);
  }
  // A hit makes k0 the most recently used.
  ASSERT_TRUE(cache.load("k0").has_value());
  cache.trim(6000); // keeps at most 4500 bytes: 4 entries of ~1040 bytes
  int kept = 0;
  for (int i = 0; i < 10; ++i)
    kept += exists(cache.pathFor("k" + std::to_string(i)));
  EXPECT_EQ(kept, 4);
  EXPECT_TRUE(exists(cache.pathFor("k0")));
  EXPECT_TRUE(exists(cache.pathFor("k9")));
  EXPECT_FALSE(exists(cache.pathFor("k1")));
}

TEST_F(DiskCacheTest, ConcurrentProcessesNeverSeePartialEntries) {
  // Writers in several processes replace one entry with payloads of
  // different sizes while readers load it: every load is a miss or one
  // complete payload.
  const int kProcesses = 6, kRounds = 200;
  std::vector<std::string> payloads;
  for (int p = 0; p < kProcesses; ++p)
    payloads.push_back(binaryPayload(1000 + 7919 * p, p));
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      DiskCache cache(dir);
      int bad = 0;
      for (int r = 0; r < kRounds; ++r) {
        if (!cache.store("shared", payloads[p]))
          bad = 2;
        std::optional<std::string> got = cache.load("shared");
        if (got &&
            std::find(payloads.begin(), payloads.end(), *got) == payloads.end())
          bad = 1;
      }
      ::_exit(bad);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0)
        << (WEXITSTATUS(status) == 1 ? "a reader saw a partial entry"
                                     : "a store failed");
  }
  DiskCache cache(dir);
  std::optional<std::string> last = cache.load("shared");
  ASSERT_TRUE(last.has_value());
  EXPECT_NE(std::find(payloads.begin(), payloads.end(), *last), payloads.end());
}

} // namespace
