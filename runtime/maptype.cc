#include "gomap/maptype.h"

#include <cstring>
#include <stdexcept>

#include "gomap/hash.h"
#include "gomap/internal/hmap.h"

namespace gomap {
namespace {

template <size_t N>
uint64_t hash_mem(const void* p, uint64_t seed) {
  if constexpr (N == 4) {
    return memhash32(p, seed);
  } else if constexpr (N == 8) {
    return memhash64(p, seed);
  } else {
    return memhash(p, seed, N);
  }
}
template <size_t N>
bool equal_mem(const void* a, const void* b) {
  return std::memcmp(a, b, N) == 0;
}

bool equal_f64(const void* a, const void* b) {
  double x, y;
  std::memcpy(&x, a, 8);
  std::memcpy(&y, b, 8);
  return x == y;
}

using Hasher = uint64_t (*)(const void*, uint64_t);
using Equal = bool (*)(const void*, const void*);

// Memory keys of any size a multiple of 8 up to kMaxKeySize, plus `big`:
// memhash and memequal bound to the size at compile time.
template <size_t... Words>
struct MemFns {
  static bool pick(uint32_t size, Hasher* h, Equal* e) {
    if (size == 4) {
      *h = &hash_mem<4>;
      *e = &equal_mem<4>;
      return true;
    }
    return ((size == Words * 8 ? (*h = &hash_mem<Words * 8>, *e = &equal_mem<Words * 8>, true)
                               : false) ||
            ...);
  }
};
using AllMemFns = MemFns<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18>;

}  // namespace

MapType make_maptype(TypeDesc key, TypeDesc elem) {
  auto ok = [](uint32_t size) { return size == 4 || size % 8 == 0; };
  if (key.size == 0 || !ok(key.size) || !ok(elem.size))
    throw std::invalid_argument("gomap: key and elem sizes must be 4 or multiples of 8");
  MapType t{};
  t.key = key;
  t.elem = elem;
  t.indirectkey = key.size > kMaxKeySize;
  t.indirectelem = elem.size > kMaxElemSize;
  t.keysize = static_cast<uint8_t>(t.indirectkey ? sizeof(void*) : key.size);
  t.elemsize = static_cast<uint8_t>(t.indirectelem ? sizeof(void*) : elem.size);
  t.bucketsize = static_cast<uint16_t>(kDataOffset + kBucketCnt * (t.keysize + t.elemsize) +
                                       sizeof(void*));
  t.reflexivekey = key.alg != TypeAlg::kFloat64;
  t.needkeyupdate = key.alg == TypeAlg::kFloat64 || key.alg == TypeAlg::kString;
  t.bucket_has_pointers = t.indirectkey || t.indirectelem || key.has_pointers ||
                          elem.has_pointers;
  switch (key.alg) {
    case TypeAlg::kMem:
      if (!AllMemFns::pick(key.size, &t.hasher, &t.equal))
        throw std::invalid_argument("gomap: no memhash for a key of this size");
      t.fast = key.size == 8 ? FastPath::k64 : key.size == 4 ? FastPath::k32 : FastPath::kGeneric;
      break;
    case TypeAlg::kFloat64:
      t.hasher = &f64hash;
      t.equal = &equal_f64;
      t.fast = FastPath::kGeneric;
      break;
    case TypeAlg::kString:
      t.hasher = &strhash;
      t.equal = &strequal;
      t.fast = FastPath::kStr;
      break;
  }
  return t;
}

}  // namespace gomap
