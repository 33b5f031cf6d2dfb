// Where a map's memory comes from. Every bucket array, overflow bucket,
// indirect key or elem and owned string the map creates is allocated here,
// and every one it stops referencing is handed back through release(). This
// is the seam a garbage collector slots into: a collecting heap ignores
// release() and finds garbage by marking from the live maps and iterators.
#ifndef GOMAP_HEAP_H_
#define GOMAP_HEAP_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

namespace gomap {

// Whether this build runs under AddressSanitizer (GCC says so with a macro,
// clang with __has_feature).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderAsan = true;
#elif defined(__has_feature)
inline constexpr bool kUnderAsan = __has_feature(address_sanitizer);
#else
inline constexpr bool kUnderAsan = false;
#endif

struct hmap;
struct hiter;
struct MapType;

// Where an object's pointers are, for a collector (Go's type.ptrdata and
// gcdata): an object is an array of elements of `size` bytes, and bit w of
// words says that word w of each element may hold a pointer.
inline constexpr size_t kPointerMapWords = 5;  // 320 words; the largest bucket has 258
struct PointerMap {
  uint32_t size = 0;
  uint64_t words[kPointerMapWords] = {};

  constexpr bool has(size_t word) const { return (words[word / 64] >> (word % 64)) & 1; }
  constexpr void set(size_t word) { words[word / 64] |= uint64_t{1} << (word % 64); }
};

// An array of pointers: Go's []*bmap backing arrays (mapextra.overflow).
inline constexpr PointerMap kPointerArray = [] {
  PointerMap m;
  m.size = 8;
  m.set(0);
  return m;
}();

class Heap {
 public:
  virtual ~Heap() = default;
  // Zeroed memory, 8-byte aligned. ptrs says where its pointers are; nullptr
  // is Go's noscan: nothing in it is a pointer the collector follows (a
  // string's bytes; a bucket of a map without pointers).
  virtual void* alloc(size_t size, const PointerMap* ptrs) = 0;
  // The map no longer references p, which it allocated with this size. An
  // open iteration may still read it.
  virtual void release(void* p, size_t size) = 0;
  // A map of this heap was made / is about to be freed (a collector's roots).
  virtual void map_made(const MapType*, hmap*) {}
  virtual void map_freed(hmap*) {}
  // An iteration of a map of this heap began / ended. Safe to call from
  // several threads at once (concurrent iterations are legal).
  virtual void iter_began(hiter* it) = 0;
  virtual void iter_ended(hiter* it) = 0;

  // Go's writeBarrier.enabled: while a collector marks, the map calls
  // barrier(slot, ptr) before it stores ptr into the pointer word at slot
  // (Go's gcWriteBarrier, given the slot and the new pointer); otherwise it
  // pays this one predictable test.
  bool write_barrier() const { return write_barrier_; }
  virtual void barrier(const void* /*slot*/, const void* /*ptr*/) {}

 protected:
  bool write_barrier_ = false;
};

// The heap without a collector, with frees deferred while an iteration is
// open (the port's own rule: Go's iterators keep reading old bucket arrays
// and the keys in them after the map dropped them, and there the collector
// keeps them alive). Destroying it frees everything still
// allocated from it, so a map whose heap goes with it need not release its
// entries one by one (discard_map in runtime.h).
//
// Small objects (up to kSmallMax bytes: in practice the bytes of the string
// keys and elems the map copies) come from size-classed free lists carved out
// of chunks, as Go's allocator serves them from per-size spans: one malloc
// and one free per stored string would cost more than the map operation.
// Larger objects (bucket arrays, overflow buckets, indirect keys and elems)
// are calloc'd, behind a header that links them for the destructor. Blocks
// of 2 MiB and more (large bucket arrays, later string chunks) are mapped
// and advised to use transparent huge pages, as Go's heap is: a big map's
// random accesses otherwise miss the TLB on nearly every lookup.
//
// A heap serves one map's writer at a time, as a map does; pin and unpin may
// race with each other. Under AddressSanitizer the default is to malloc small
// objects too, so that ASan tracks each string's lifetime (a pool reuses a
// slot at once; ASan's quarantine does not); a pooled heap there poisons its
// free slots.
class MallocHeap final : public Heap {
 public:
  enum class SmallObjects { kPooled, kMalloc };
  static constexpr SmallObjects kDefaultSmallObjects =
      kUnderAsan ? SmallObjects::kMalloc : SmallObjects::kPooled;

  explicit MallocHeap(SmallObjects small = kDefaultSmallObjects)
      : small_max_(small == SmallObjects::kPooled ? kSmallMax : 0) {}
  MallocHeap(const MallocHeap&) = delete;
  MallocHeap& operator=(const MallocHeap&) = delete;
  ~MallocHeap() override;

  void* alloc(size_t size, const PointerMap* ptrs) override;
  void release(void* p, size_t size) override;
  void iter_began(hiter*) override { pin(); }
  void iter_ended(hiter*) override { unpin(); }

  static constexpr size_t kSmallMax = 64;

 private:
  static constexpr size_t kGranule = 8;
  static size_t size_class(size_t size) { return size == 0 ? 1 : (size + kGranule - 1) / kGranule; }
  void* alloc_small(size_t size);
  void* alloc_large(size_t size);
  void free_now(void* p, size_t size);
  void pin();
  void unpin();

  const size_t small_max_;  // kSmallMax, or 0 when small objects are malloc'd

  struct FreeSlot {
    FreeSlot* next;
  };
  FreeSlot* free_[kSmallMax / kGranule + 1] = {};  // by size class
  char* bump_ = nullptr;                           // the unused rest of the newest chunk
  char* bump_end_ = nullptr;
  size_t next_chunk_ = size_t{64} << 10;  // chunks double up to 2 MiB
  std::vector<std::pair<void*, size_t>> chunks_;

  // Every live large object sits behind one of these, in a circular list.
  struct alignas(16) LargeHeader {
    LargeHeader* prev;
    LargeHeader* next;
    size_t size;  // of the whole block, header included
  };
  LargeHeader large_{&large_, &large_, 0};

  std::atomic<int> pins_{0};
  std::mutex deferred_mu_;
  std::vector<std::pair<void*, size_t>> deferred_;
};

}  // namespace gomap

#endif  // GOMAP_HEAP_H_
