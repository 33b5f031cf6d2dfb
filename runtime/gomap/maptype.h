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

namespace gomap {

// How values of a type are hashed and compared.
enum class TypeAlg : uint8_t {
  kMem,      // plain memory (Go's AMEM): memhash and byte equality
  kFloat64,  // f64hash; IEEE equality (NaN != NaN, +0 == -0)
  kString,   // a GoString header; strhash and byte equality of the contents
};

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
// The op-script's `big`: 18 words, 144 bytes, over maxKeySize/maxElemSize.
inline constexpr TypeDesc kBigType{144, TypeAlg::kMem, false};

// Which specialised code path serves a map's key (Go's map_fast32.go,
// map_fast64.go and map_faststr.go; same layout, fewer indirections).
enum class FastPath : uint8_t { kGeneric, k32, k64, kStr };

struct MapType {
  TypeDesc key;
  TypeDesc elem;
  uint8_t keysize;    // size of a key slot: key.size, or 8 when indirect
  uint8_t elemsize;   // size of an elem slot: elem.size, or 8 when indirect
  uint16_t bucketsize;
  bool indirectkey;   // key.size > maxKeySize: the slot holds a pointer
  bool indirectelem;  // elem.size > maxElemSize
  bool reflexivekey;  // k == k for every key (false for floats: NaN)
  bool needkeyupdate; // an overwrite must store the new key (+0 over -0, strings)
  bool bucket_has_pointers;  // Go's t.bucket.ptrdata != 0
  FastPath fast;
  uint64_t (*hasher)(const void* key, uint64_t seed);
  bool (*equal)(const void* a, const void* b);
};

// Builds the descriptor Go's compiler would build for map[key]elem. Key and
// elem sizes must be 4 or multiples of 8 (4- and 8-byte aligned types), for
// which Go's bucket is 16 + 8*(keysize + elemsize) bytes with no padding.
MapType make_maptype(TypeDesc key, TypeDesc elem);

}  // namespace gomap

#endif  // GOMAP_MAPTYPE_H_
