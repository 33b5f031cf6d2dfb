// The port under test as a subject: gomap's runtime map driven through its
// untyped entry points, so that one adapter serves every key and elem kind.
// Its map is open to the runtime's test seams (gomap/testing.h).
#ifndef GOMAP_FUZZ_SUBJECTS_PORT_H_
#define GOMAP_FUZZ_SUBJECTS_PORT_H_

#include <memory>

#include "gomap/gc_heap.h"
#include "gomap/heap.h"
#include "gomap/maptype.h"
#include "gomap/runtime.h"
#include "gomap/testing.h"
#include "subjects/subject.h"

namespace gomap::harness {

// The map's heap: a CollectingHeap with `gc` in the header; otherwise a
// MallocHeap whose small objects come from its pool when the seed is odd
// (production's allocation path, poisoned free slots under ASan) and from
// malloc when it is even or absent.
class PortSubject final : public Subject {
 public:
  explicit PortSubject(const Header& header);
  ~PortSubject() override;

  Capabilities capabilities() const override { return {true, true}; }
  void set(const Value& key, const Value& elem) override;
  void add(const Value& key, int64_t n) override;
  std::optional<Value> get(const Value& key) override;
  void del(const Value& key) override;
  int64_t len() override;
  void clear() override;
  std::vector<Entry> entries() override;
  std::optional<Entry> iter_begin(int slot, const std::optional<IterStart>& start) override;
  std::optional<Entry> iter_next(int slot) override;
  std::string layout() override;
  std::optional<std::string> check() override;

  // Drops the map without walking it, for a map left mid-statement by a run
  // that was abandoned (Go's process would be gone): its heap, destroyed
  // with the subject, frees what the map allocated. Under ASan small
  // objects (string bytes) are malloc'd one by one and would leak: use it
  // for maps without strings only.
  void abandon();

  // The collecting heap the map lives on (a header with `gc`), else nullptr.
  CollectingHeap* collector() const { return collector_; }
  // Ends every open iteration, and frees the map (what its end leaves to a
  // collector).
  void end_iterations();
  void free_map();

  const MapType* type() const { return &t_; }
  Kind elem_kind() const { return header_.elem; }
  hmap* map() const { return h_; }
  // A key's hash under the map's current seed.
  uint64_t hash(const Value& key) const;
  // The key a bucket slot's key pointer (as introspection gives it) holds.
  Value key_at(const void* p) const;

 private:
  std::optional<Entry> current(hiter* it) const;
  void after_possible_reseed(int64_t count_before);
  void print_array(std::string& out, const char* name, const std::vector<ChainView>& arr) const;

  Header header_;
  MapType t_;
  std::unique_ptr<Heap> heap_;
  CollectingHeap* collector_ = nullptr;
  hmap* h_ = nullptr;
  uint32_t reseeds_ = 0;
  std::unique_ptr<hiter> iters_[kMaxIterations];
};

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_SUBJECTS_PORT_H_
