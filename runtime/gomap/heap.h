// Where a map's memory comes from. Every bucket array, overflow bucket,
// indirect key or elem and owned string the map creates is allocated here,
// and every one it stops referencing is handed back through release(). This
// is the seam a garbage collector slots into: a collecting heap ignores
// release() and finds garbage by marking from the live maps and iterators.
#ifndef GOMAP_HEAP_H_
#define GOMAP_HEAP_H_

#include <atomic>
#include <cstddef>
#include <mutex>
#include <vector>

namespace gomap {

class Heap {
 public:
  virtual ~Heap() = default;
  // Zeroed memory, 8-byte aligned. noscan: holds no pointers the collector
  // must follow (Go's noscan spans; a bucket of a map without pointers).
  virtual void* alloc(size_t size, bool noscan) = 0;
  // The map no longer references p. An open iteration may still read it, so
  // an explicit heap defers the free while any iteration is pinned.
  virtual void release(void* p) = 0;
  // An iteration of a map using this heap began / ended. Safe to call from
  // several threads at once (concurrent iterations are legal).
  virtual void pin() = 0;
  virtual void unpin() = 0;
};

// The heap without a collector: calloc/free, with frees deferred while an
// iteration is open, since Go's iterators keep reading old bucket arrays and
// the keys in them after the map dropped them.
class MallocHeap final : public Heap {
 public:
  MallocHeap() = default;
  MallocHeap(const MallocHeap&) = delete;
  MallocHeap& operator=(const MallocHeap&) = delete;
  ~MallocHeap() override;

  void* alloc(size_t size, bool noscan) override;
  void release(void* p) override;
  void pin() override;
  void unpin() override;


 private:
  std::atomic<int> pins_{0};
  std::mutex deferred_mu_;
  std::vector<void*> deferred_;
};

}  // namespace gomap

#endif  // GOMAP_HEAP_H_
