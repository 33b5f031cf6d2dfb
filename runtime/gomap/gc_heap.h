// A collecting heap: the half of Go's map that Go's collector is, so that
// the port's map can be tested with it. Go's map is correct only together
// with its collector: buckets without pointers are never scanned, so their
// overflow buckets must be kept alive through mapextra.overflow; an iterator
// keeps its bucket array and overflow slices alive; evacuation and clear
// drop pointers "to help GC"; every pointer store has a write barrier. A
// collection may run at any yield point inside a map operation, so any
// break in that contract frees something the map still uses, which this
// heap turns into an AddressSanitizer report or a finding.
//
// Non-moving mark-sweep over individually allocated objects, each with an
// allocation record and a colour (white, grey, black: the mark bits). An
// object with a PointerMap is scanned word by word by it; one without
// (noscan) is marked but never scanned, as Go's noscan spans are. The roots
// are the live maps (hmap and mapextra count as heap objects, as in Go, and
// are scanned when a cycle starts), the live iterators, and the handles a
// test holds. A cycle starts (roots grey, write barrier on), marks in steps
// of a given number of units (one per object plus one per word scanned),
// and finishes: it drains the grey objects, verifies, and sweeps. Objects
// allocated during a cycle are black. The write barrier is Go's hybrid
// barrier (golang/go#17503), shading the overwritten pointer and the new
// one, so finishing needs no rescan of the roots.
//
// Sweep poisons what it frees (ASan manual poisoning) and keeps it in a
// quarantine of a bounded size before giving it back to malloc, so a later
// use of swept memory is an ASan report.
//
// The checks a finished cycle runs; each finding starts with its id:
//   GC1 after marking, every object reachable from the roots is marked;
//   GC2 after sweeping, every object reachable from the roots is allocated;
//   GC3 no object a map uses was released. What a map uses is its own
//       account, not the collector's: its arrays, overflow slices and
//       chains, and the indirect objects and string bytes of live slots
//       (an evacuated slot's stale copy, which Go's collector still sees,
//       is not a use);
//   GC4 an object reachable from no root was released (else MallocHeap would
//       leak it);
//   GC5 release() names an object this heap holds, once, with its size (not
//       one the collector already freed);
//   GC6 every object a map uses is reachable by the collector's rules (else
//       the sweep frees it under the map);
//   GC7 during a cycle, no pointer word of a scanned object (or of a map's
//       header) changed without the write barrier: each is compared with a
//       shadow copy taken when it was scanned (or allocated), as Go's
//       wbshadow debug mode did. A missing barrier often loses nothing, since
//       the other half of the hybrid barrier may cover it; this catches it
//       anyway.
// GC3 and GC4 check the map's release() against the collector; GC6 checks
// the collector's contract (noscan overflow buckets in mapextra, and so on).
//
// One thread: the map's operations and the collector's steps (run from a
// yield hook) alternate, as in the harness.
#ifndef GOMAP_GC_HEAP_H_
#define GOMAP_GC_HEAP_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "gomap/heap.h"

namespace gomap {

class CollectingHeap final : public Heap {
 public:
  // Bytes of swept objects kept poisoned before malloc may reuse them.
  static constexpr size_t kDefaultQuarantine = size_t{4} << 20;

  explicit CollectingHeap(size_t quarantine_bytes = kDefaultQuarantine);
  CollectingHeap(const CollectingHeap&) = delete;
  CollectingHeap& operator=(const CollectingHeap&) = delete;
  // Frees everything, reachable or not; its maps must be gone.
  ~CollectingHeap() override;

  void* alloc(size_t size, const PointerMap* ptrs) override;
  void release(void* p, size_t size) override;
  void map_made(const MapType* t, hmap* h) override;
  void map_freed(hmap* h) override;
  void iter_began(hiter* it) override;
  void iter_ended(hiter* it) override;
  void barrier(const void* slot, const void* ptr) override;

  // Greys the object containing p, if it is white and a cycle is marking.
  void shade(const void* p);

  // A handle a test holds on the object containing p: a root until dropped.
  void hold(const void* p);
  void drop(const void* p);

  // A whole cycle at once (stop the world).
  void collect();
  // An incremental cycle: start, mark steps, finish. mark returns the units
  // of work done, fewer than asked only when nothing is left grey.
  void start_cycle();
  size_t mark(size_t units);
  void finish_cycle();
  bool marking() const { return marking_; }

  size_t live_bytes() const { return live_bytes_; }
  size_t live_objects() const { return objects_.size(); }
  // The bytes of the objects the maps use, by their own account (GC3).
  size_t used_bytes() const;
  uint64_t cycles() const { return cycles_; }
  // Whether p points into an object allocated and not yet swept.
  bool allocated(const void* p) const;
  // What the checks found, oldest first; empty while everything agreed.
  const std::vector<std::string>& findings() const { return findings_; }
  void clear_findings() { findings_.clear(); }

 private:
  enum class Color : uint8_t { kWhite, kGrey, kBlack };
  struct Object {
    size_t size;
    bool scan;
    PointerMap ptrs;  // a copy: the map's type may go before its objects
    Color color;
    bool released;
    bool reported;  // GC4 already said so; it stays black only as floating garbage
    // GC7: the pointer words when scanned (or allocated) in this cycle.
    std::vector<const void*> shadow;
  };
  using Objects = std::map<uintptr_t, Object>;

  Objects::iterator find(const void* p);
  Objects::const_iterator find(const void* p) const;
  // Calls f(slot) for every pointer word of o, by its pointer map.
  template <class F>
  static void for_each_slot(uintptr_t base, const Object& o, F f);
  static const void* load(const char* slot);
  void check_shadows();
  void scan_map(const hmap* h);
  void scan_iter(const hiter* it);
  // The objects reachable from the roots by the collector's rules, and
  // those the maps use by their own account.
  std::unordered_set<uintptr_t> reachable() const;
  std::unordered_set<uintptr_t> map_uses() const;
  void sweep();
  void finding(std::string what);

  const size_t quarantine_limit_;
  Objects objects_;
  size_t live_bytes_ = 0;
  std::vector<uintptr_t> grey_;
  bool marking_ = false;
  uint64_t cycles_ = 0;
  std::unordered_map<hmap*, const MapType*> maps_;
  std::unordered_set<hiter*> iters_;
  std::unordered_map<uintptr_t, int> holds_;
  std::deque<std::pair<void*, size_t>> quarantine_;
  std::map<uintptr_t, size_t> quarantined_;  // by address, to name a release of swept memory
  size_t quarantine_bytes_ = 0;
  std::vector<std::string> findings_;
  // GC7: the slots the barrier was told of this cycle, and each map's
  // pointer fields when it was scanned.
  std::unordered_set<uintptr_t> announced_;
  struct MapShadow {
    const void* fields[5];  // map_fields (gc_heap.cc)
  };
  std::unordered_map<const hmap*, MapShadow> map_shadows_;
};

}  // namespace gomap

#endif  // GOMAP_GC_HEAP_H_
