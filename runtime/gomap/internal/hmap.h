// The map's data structures, after Go 1.19's runtime/map.go.
//
// A map is a hash table of 2^B buckets. A bucket holds up to 8 entries: the
// top byte of each entry's hash (tophash), 8 keys, 8 elems and a pointer to
// an overflow bucket. The low B bits of a hash choose the bucket; the top
// byte tells the entries of a bucket apart without comparing keys. Keys and
// elems over 128 bytes live in objects of their own and the slot holds a
// pointer ("indirect").
//
// When the average bucket holds more than 6.5 entries, the table doubles.
// When it has about as many overflow buckets as buckets (a churn of inserts
// and deletes leaves them sparse), it grows to the same size, which packs the
// entries again. Either way growth is incremental: the old array stays in
// oldbuckets and each write moves ("evacuates") at most two old buckets into
// the new array, so no single operation pays for the whole table.
//
// Ownership (port only): Go's collector frees what a map drops. The port
// also says so to the map's Heap (release): an old array and its overflow
// buckets when a grow finishes, the overflow buckets of an old chain when
// evacuation cuts it loose, indirect keys and elems and string bytes when
// their entry is deleted, overwritten or cleared, everything on destruction.
// MallocHeap frees what is released; CollectingHeap frees what it finds
// unreachable and checks that the two agree.
// Owned strings: a string key or elem the map stores points at bytes the map
// allocated from its heap.
//
// Invariants. Every operation leaves these true when it returns (not at a
// yield point inside it). check_invariants (gomap/testing.h) checks I1-I10
// and cites these ids; the harness checks I11 around every statement; the
// properties in props/ restate them from Go's constants, not from the
// functions below.
//   I1  flags holds only iterator, oldIterator, hashWriting and sameSizeGrow,
//       and hashWriting is clear between operations.
//   I2  count >= 0, and count equals the live slots (tophash >= minTopHash)
//       of the current array plus those of the old buckets not yet evacuated.
//   I3  buckets is nil only while B == 0 (makemap allocates lazily then);
//       a map with entries has a bucket array.
//   I4  sameSizeGrow is set only while growing (oldbuckets != nil); a
//       doubling grow has B >= 1, its old array 2^(B-1) buckets.
//   I5  While growing, nevacuate < the number of old buckets, and every old
//       bucket below nevacuate is evacuated. When not growing, nevacuate is
//       0 or the old bucket count of the grow that finished last.
//   I6  Evacuated-ness is all-or-nothing along an old bucket's chain: every
//       slot of an evacuated chain holds an evacuation mark (evacuatedX,
//       evacuatedY, evacuatedEmpty), no slot of an unevacuated chain does,
//       and no slot of the current array does.
//   I7  emptyRest: every later slot of the chain is emptyRest too. A chain
//       never ends in emptyOne, and emptyOne never directly precedes
//       emptyRest (delete turns a trailing run of empties into emptyRest).
//   I8  A live slot's key hashes, under hash0, to its tophash and to its
//       bucket (the low B bits, or the low oldB bits in the old array).
//       NaN keys, whose hash is random, are exempt.
//   I9  While growing, a current bucket holds entries only if its old bucket
//       is evacuated (growWork evacuates before any insert lands there).
//   I10 Below B=16, noverflow equals the overflow buckets on the current
//       array's chains (above it, Go counts probabilistically).
//   I11 A grow starts only in an insert of a new key into a map that is not
//       growing (or whose grow that insert's evacuation finished): doubling
//       when count+1 > 8 and count+1 > 6.5 * 2^B, else same-size when
//       noverflow >= 2^min(B, 15).
// Outside the include guard, so that every inclusion is checked.
#if !defined(GOMAP_RUNTIME_IMPLEMENTATION) && !defined(GOMAP_PUBLIC_HEADER)
#error \
    "gomap/internal/ is the runtime's own: include gomap/map.h, gomap/runtime.h or gomap/testing.h"
#endif
#ifndef GOMAP_INTERNAL_HMAP_H_
#define GOMAP_INTERNAL_HMAP_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "gomap/heap.h"
#include "gomap/maptype.h"

namespace gomap {

// Grow when count > loadFactorNum/loadFactorDen * 2^B, i.e. 6.5 a bucket.
inline constexpr uint64_t kLoadFactorNum = 13;
inline constexpr uint64_t kLoadFactorDen = 2;

// Tophash values below minTopHash mark a slot's state, not a hash.
inline constexpr uint8_t kEmptyRest = 0;       // empty, and so is every later slot of the chain
inline constexpr uint8_t kEmptyOne = 1;        // empty
inline constexpr uint8_t kEvacuatedX = 2;      // entry moved to the first half of the new array
inline constexpr uint8_t kEvacuatedY = 3;      // entry moved to the second half
inline constexpr uint8_t kEvacuatedEmpty = 4;  // empty, and the bucket is evacuated
inline constexpr uint8_t kMinTopHash = 5;
// is_empty and evacuated test ranges of these marks, evacuate writes
// evacuatedX + useY, and the iterator's word test (iter_next.h) relies on
// every value: the order is Go's and the code depends on it.
static_assert(kEmptyRest < kEmptyOne && kEmptyOne + 1 == kEvacuatedX &&
              kEvacuatedX + 1 == kEvacuatedY && kEvacuatedY + 1 == kEvacuatedEmpty &&
              kEvacuatedEmpty + 1 == kMinTopHash);

// hmap.flags.
inline constexpr uint8_t kIterator = 1;      // there may be an iterator using buckets
inline constexpr uint8_t kOldIterator = 2;   // there may be an iterator using oldbuckets
inline constexpr uint8_t kHashWriting = 4;   // a goroutine is writing to the map
inline constexpr uint8_t kSameSizeGrow = 8;  // the current grow is to a map of the same size

// Go's maxAlloc on linux/amd64 (1 << heapAddrBits): a larger hint is bogus.
inline constexpr uint64_t kMaxAlloc = uint64_t{1} << 48;

// A bucket is raw memory laid out as Go lays out bmap:
//   tophash [8]uint8 | keys [8]keyslot | elems [8]elemslot | overflow *bmap
struct bmap;

// Go's []*bmap. mapextra and hiter hold it by pointer (Go's *[]*bmap): the
// slice header is an object of the map's heap, shared by the map and every
// iteration begun since it was made, so an iteration keeps alive the
// overflow buckets appended after it began, even once the map has let the
// slice go. Its array is an array of pointers from the heap too.
struct bmapSlice {
  bmap** array = nullptr;
  uint32_t len = 0;
  uint32_t cap = 0;
  // Port only: the slice that replaced this one when the map was cleared.
  // mapclear reuses the bucket array, so an iteration open across it walks
  // chains into overflow buckets made after the clear, which only the new
  // slice holds; through this link the slice the iteration holds keeps
  // them alive too. (Go 1.19 resets mapextra there and has no such link:
  // once the next grow finishes, its collector may free a bucket such an
  // iteration is about to step into.)
  bmapSlice* next = nullptr;
  bmap** begin() const { return array; }
  bmap** end() const { return array + len; }
};
// Its pointers, for the collector.
inline constexpr PointerMap kSlicePointers = [] {
  PointerMap m;
  m.size = sizeof(bmapSlice);
  m.set(offsetof(bmapSlice, array) / 8);
  m.set(offsetof(bmapSlice, next) / 8);
  return m;
}();
static_assert(sizeof(bmapSlice) % 8 == 0 && offsetof(bmapSlice, array) % 8 == 0 &&
              offsetof(bmapSlice, next) % 8 == 0);

struct mapextra {
  // The overflow buckets allocated on their own for buckets (overflow) and
  // for oldbuckets (oldoverflow), kept only for maps whose buckets hold no
  // pointers, as Go keeps them: a collector scans no bucket of such a map,
  // so these slices are what keeps the overflow buckets alive. A map whose
  // buckets hold pointers reaches its overflow buckets through their links,
  // and so does the port when it releases them.
  bmapSlice* overflow = nullptr;
  bmapSlice* oldoverflow = nullptr;
  // The next free preallocated overflow bucket, or nullptr.
  bmap* nextOverflow = nullptr;
};

struct hmap {
  int64_t count = 0;  // live entries: what len() returns; must be first
  // Read by concurrent readers and iterators while set by a writer, which is
  // how Go detects the conflict: so an atomic, always accessed relaxed.
  std::atomic<uint8_t> flags{0};
  uint8_t B = 0;            // log2 of the number of buckets
  uint16_t noverflow = 0;   // approximate number of overflow buckets
  uint32_t hash0 = 0;       // hash seed
  bmap* buckets = nullptr;  // 2^B buckets; nullptr while count == 0 and B == 0
  bmap* oldbuckets =
      nullptr;  // half the size (or the same, same-size grow); non-nil only while growing
  uintptr_t nevacuate = 0;  // old buckets below this are evacuated
  mapextra* extra = nullptr;
  // Port only: where this map's memory comes from.
  Heap* heap = nullptr;

  uint8_t load_flags() const { return flags.load(std::memory_order_relaxed); }
  void store_flags(uint8_t f) { flags.store(f, std::memory_order_relaxed); }
  bool growing() const { return oldbuckets != nullptr; }
  bool same_size_grow() const { return (load_flags() & kSameSizeGrow) != 0; }
  // B of oldbuckets while growing.
  uint8_t oldB() const { return same_size_grow() ? B : static_cast<uint8_t>(B - 1); }
  uintptr_t noldbuckets() const { return uintptr_t{1} << oldB(); }
  uintptr_t oldbucketmask() const { return noldbuckets() - 1; }
};

// An iteration (Go's hiter). Fields keep Go's names and meanings.
struct hiter {
  const void* key = nullptr;  // the current entry's key; nullptr at the end
  void* elem = nullptr;       // the current entry's elem
  const MapType* t = nullptr;
  hmap* h = nullptr;
  bmap* buckets = nullptr;    // the bucket array when the iteration began
  bmap* bptr = nullptr;       // the bucket being walked
  uintptr_t startBucket = 0;  // the bucket the iteration began at
  uint8_t offset = 0;         // the slot offset within each bucket
  bool wrapped = false;       // bucket index wrapped from the end to 0
  uint8_t B = 0;
  uint8_t i = 0;
  uintptr_t bucket = 0;
  uintptr_t checkBucket = 0;
  // Go's hiter.overflow and oldoverflow: the map's slices when the iteration
  // began (maps without pointers in their buckets only), which keep the
  // overflow buckets it may walk alive.
  bmapSlice* overflow = nullptr;
  bmapSlice* oldoverflow = nullptr;
  // Port only: the heap told of this iteration (iter_began), told again when
  // it ends.
  Heap* heap = nullptr;

  hiter() = default;
  hiter(const hiter&) = delete;
  hiter& operator=(const hiter&) = delete;
  ~hiter() {
    if (heap) heap->iter_ended(this);
  }
};

inline constexpr uintptr_t kNoCheck = ~uintptr_t{0};  // checkBucket: no check needed

inline uintptr_t bucket_shift(uint8_t b) { return uintptr_t{1} << (b & 63); }
inline uintptr_t bucket_mask(uint8_t b) { return bucket_shift(b) - 1; }

// The top byte of a hash, moved clear of the state marks.
inline uint8_t tophash(uint64_t hash) {
  uint8_t top = static_cast<uint8_t>(hash >> 56);
  if (top < kMinTopHash) top += kMinTopHash;
  return top;
}

inline bool is_empty(uint8_t x) { return x <= kEmptyOne; }

inline bool over_load_factor(int64_t count, uint8_t B) {
  return count > kBucketCnt &&
         static_cast<uint64_t>(count) > kLoadFactorNum * (bucket_shift(B) / kLoadFactorDen);
}

// "Too many" is about as many overflow buckets as buckets; above B=15
// noverflow is only an estimate, and the threshold stops growing with it.
inline bool too_many_overflow_buckets(uint16_t noverflow, uint8_t B) {
  if (B > 15) B = 15;
  return noverflow >= static_cast<uint16_t>(uint16_t{1} << (B & 15));
}

// Raw bucket access.
inline uint8_t* tophashes(bmap* b) { return reinterpret_cast<uint8_t*>(b); }
inline char* bytes(bmap* b) { return reinterpret_cast<char*>(b); }
inline bmap* bucket_at(const MapType* t, bmap* array, uintptr_t i) {
  return reinterpret_cast<bmap*>(bytes(array) + i * t->bucketsize);
}
inline char* key_slot(const MapType* t, bmap* b, uintptr_t i) {
  return bytes(b) + kDataOffset + i * t->keysize;
}
inline char* elem_slot(const MapType* t, bmap* b, uintptr_t i) {
  return bytes(b) + kDataOffset + kBucketCnt * uintptr_t{t->keysize} + i * t->elemsize;
}
inline bmap* overflow_of(const MapType* t, bmap* b) {
  bmap* ovf;
  std::memcpy(&ovf, bytes(b) + t->bucketsize - sizeof(void*), sizeof ovf);
  return ovf;
}
inline void set_overflow(const MapType* t, bmap* b, bmap* ovf) {
  std::memcpy(bytes(b) + t->bucketsize - sizeof(void*), &ovf, sizeof ovf);
}
// A key or elem slot's value: the slot itself, or what it points at.
inline char* deref(bool indirect, char* slot) {
  if (!indirect) return slot;
  char* p;
  std::memcpy(&p, slot, sizeof p);
  return p;
}
inline bool evacuated(bmap* b) {
  uint8_t h = tophashes(b)[0];
  return h > kEmptyOne && h < kMinTopHash;
}

}  // namespace gomap

#endif  // GOMAP_INTERNAL_HMAP_H_
