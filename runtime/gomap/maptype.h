// Type descriptors: what the runtime knows about a map's key and element
// types (Go's *maptype). The map code itself is untyped, as Go's is: it moves
// bytes of the sizes given here and calls the hasher and equality given here.
//
// The port differs from Go in one respect: C++ has no garbage collector for
// string bytes, so a map owns the bytes of the string keys and elements it
// stores (see "Ownership" in internal/hmap.h). A string slot still holds
// exactly Go's 16-byte string header.
#ifndef GOMAP_MAPTYPE_H_
#define GOMAP_MAPTYPE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "gomap/hash.h"
#include "gomap/heap.h"

namespace gomap {

// How values of a type are hashed and compared.
enum class TypeAlg : uint8_t {
  kMem,      // plain memory (Go's AMEM): memhash and byte equality
  kFloat64,  // f64hash; IEEE equality (NaN != NaN, +0 == -0)
  kString,   // a GoString header; strhash and byte equality of the contents
};

inline constexpr int kBucketCntBits = 3;
inline constexpr int kBucketCnt = 1 << kBucketCntBits;  // entries a bucket
// Slot offsets are taken modulo kBucketCnt with a mask (& (kBucketCnt - 1)).
static_assert((kBucketCnt & (kBucketCnt - 1)) == 0);

// Keys and elems larger than these are stored indirectly.
inline constexpr uint32_t kMaxKeySize = 128;
inline constexpr uint32_t kMaxElemSize = 128;

// Offset of the keys in a bucket: the tophash array, padded to 8.
inline constexpr uintptr_t kDataOffset = 8;
// The largest bucket (two indirect-sized slots of 128 bytes) fits a PointerMap.
static_assert((kDataOffset + kBucketCnt * (kMaxKeySize + kMaxElemSize) + 8) / 8 <=
              kPointerMapWords * 64);

// One Go type, as a key or an element.
struct TypeDesc {
  uint32_t size;
  TypeAlg alg;
  // Go's ptrdata != 0. Only strings among our kinds; a C++ user may declare
  // any type pointer-bearing so that its buckets are treated as Go treats them.
  bool has_pointers;
};

inline constexpr TypeDesc kInt64Type{8, TypeAlg::kMem, false};
inline constexpr TypeDesc kFloat64Type{8, TypeAlg::kFloat64, false};
inline constexpr TypeDesc kStringType{16, TypeAlg::kString, true};

// Which specialised code path serves a map's key (Go's map_fast32.go,
// map_fast64.go and map_faststr.go; same layout, fewer indirections).
enum class FastPath : uint8_t { kGeneric, k32, k64, kStr };

struct MapType {
  TypeDesc key;
  TypeDesc elem;
  uint8_t keysize;   // size of a key slot: key.size, or 8 when indirect
  uint8_t elemsize;  // size of an elem slot: elem.size, or 8 when indirect
  uint16_t bucketsize;
  bool indirectkey;          // key.size > maxKeySize: the slot holds a pointer
  bool indirectelem;         // elem.size > maxElemSize
  bool reflexivekey;         // k == k for every key (false for floats: NaN)
  bool needkeyupdate;        // an overwrite must store the new key (+0 over -0, strings)
  bool bucket_has_pointers;  // Go's t.bucket.ptrdata != 0
  // Where the pointers are, for a collector: in a bucket (its key and elem
  // slots and the overflow link), and in an indirect key or elem's object.
  PointerMap bucket_ptrs;
  PointerMap key_ptrs;
  PointerMap elem_ptrs;
  FastPath fast;
  uint64_t (*hasher)(const void* key, uint64_t seed);
  bool (*equal)(const void* a, const void* b);
};

namespace maptype_internal {
template <size_t N>
inline uint64_t hash_mem(const void* p, uint64_t seed) {
  if constexpr (N == 4) {
    return memhash32(p, seed);
  } else if constexpr (N == 8) {
    return memhash64(p, seed);
  } else {
    return memhash(p, seed, N);
  }
}
template <size_t N>
inline bool equal_mem(const void* a, const void* b) {
  return std::memcmp(a, b, N) == 0;
}

inline bool equal_f64(const void* a, const void* b) {
  double x, y;
  std::memcpy(&x, a, 8);
  std::memcpy(&y, b, 8);
  return x == y;
}

using Hasher = uint64_t (*)(const void*, uint64_t);
using Equal = bool (*)(const void*, const void*);

// Memory keys of size 4 and of every multiple of 8 up to 144 (18 words, the
// first sizes past kMaxKeySize included): memhash and memequal bound to the
// size at compile time.
template <size_t... Words>
struct MemFns {
  static constexpr bool pick(uint32_t size, Hasher* h, Equal* e) {
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

}  // namespace maptype_internal

namespace maptype_internal {
// Marks the pointer words of a value of type d stored at byte offset at: a
// string's data pointer, or every word of another pointer-bearing type (the
// port knows no finer layout for a user's type; a word that is not a pointer
// into the heap is ignored by the collector).
constexpr void mark_value_ptrs(PointerMap& m, size_t at, const TypeDesc& d) {
  if (!d.has_pointers) return;
  if (d.alg == TypeAlg::kString) {
    m.set(at / 8);
    return;
  }
  for (size_t w = 0; w < d.size / 8; w++) m.set(at / 8 + w);
}
}  // namespace maptype_internal

// Builds the descriptor Go's compiler would build for map[key]elem. Key and
// elem sizes must be 4 or multiples of 8 (4- and 8-byte aligned types), for
// which Go's bucket is 16 + 8*(keysize + elemsize) bytes with no padding.
// constexpr, so that a typed map's descriptor is a constant the compiler can
// fold into its inlined access paths.
constexpr MapType make_maptype(TypeDesc key, TypeDesc elem) {
  using namespace maptype_internal;
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
  t.bucketsize =
      static_cast<uint16_t>(kDataOffset + kBucketCnt * (t.keysize + t.elemsize) + sizeof(void*));
  t.reflexivekey = key.alg != TypeAlg::kFloat64;
  t.needkeyupdate = key.alg == TypeAlg::kFloat64 || key.alg == TypeAlg::kString;
  t.bucket_has_pointers = t.indirectkey || t.indirectelem || key.has_pointers || elem.has_pointers;
  if ((key.has_pointers && key.size % 8 != 0) || (elem.has_pointers && elem.size % 8 != 0))
    throw std::invalid_argument("gomap: a type with pointers must be a multiple of 8 bytes");
  t.bucket_ptrs.size = t.bucketsize;
  for (uint32_t i = 0; i < kBucketCnt; i++) {
    size_t k = kDataOffset + i * t.keysize;
    size_t e = kDataOffset + kBucketCnt * t.keysize + i * t.elemsize;
    if (t.indirectkey) {
      t.bucket_ptrs.set(k / 8);
    } else {
      mark_value_ptrs(t.bucket_ptrs, k, key);
    }
    if (t.indirectelem) {
      t.bucket_ptrs.set(e / 8);
    } else {
      mark_value_ptrs(t.bucket_ptrs, e, elem);
    }
  }
  t.bucket_ptrs.set(t.bucketsize / 8 - 1);  // the overflow link
  t.key_ptrs.size = key.size;
  mark_value_ptrs(t.key_ptrs, 0, key);
  t.elem_ptrs.size = elem.size;
  mark_value_ptrs(t.elem_ptrs, 0, elem);
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

#endif  // GOMAP_MAPTYPE_H_
