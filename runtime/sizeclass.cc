// Go's malloc size classes (runtime/sizeclasses.go, Go 1.19): a bucket
// array fills its size class with extra preallocated overflow buckets, so
// the port rounds the same way to keep the same number of them.

#include <cstdint>
#include <iterator>

#include "gomap/internal/map_internal.h"

namespace gomap::internal {
namespace {

constexpr uint16_t kClassToSize[] = {
    0,     8,     16,    24,    32,    48,    64,    80,    96,    112,   128,   144,  160,   176,
    192,   208,   224,   240,   256,   288,   320,   352,   384,   416,   448,   480,  512,   576,
    640,   704,   768,   896,   1024,  1152,  1280,  1408,  1536,  1792,  2048,  2304, 2688,  3072,
    3200,  3456,  4096,  4864,  5376,  6144,  6528,  6784,  6912,  8192,  9472,  9728, 10240, 10880,
    12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768};
constexpr uint64_t kMaxSmallSize = 32768;
constexpr uint64_t kPageSize = 8192;

}  // namespace

uint64_t roundupsize(uint64_t size) {
  if (size < kMaxSmallSize) {
    for (uint16_t c : kClassToSize)
      if (c >= size) return c;
  }
  if (size + kPageSize < size) return size;
  return (size + kPageSize - 1) & ~(kPageSize - 1);
}

}  // namespace gomap::internal
