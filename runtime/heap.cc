#include "gomap/heap.h"

#include <sanitizer/asan_interface.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace gomap {

MallocHeap::~MallocHeap() {
  for (auto [p, size] : deferred_)
    if (size > small_max_) std::free(p);
  for (void* c : chunks_) std::free(c);
}

void* MallocHeap::alloc_small(size_t size) {
  size_t cls = size_class(size);
  size_t bytes = cls * kGranule;
  if (FreeSlot* s = free_[cls]) {
    ASAN_UNPOISON_MEMORY_REGION(s, bytes);
    free_[cls] = s->next;
    std::memset(s, 0, bytes);
    ASAN_POISON_MEMORY_REGION(s, bytes);
    ASAN_UNPOISON_MEMORY_REGION(s, size);
    return s;
  }
  if (static_cast<size_t>(bump_end_ - bump_) < bytes) {
    // The tail of the old chunk (less than kSmallMax bytes) is left unused.
    void* c = std::calloc(1, kChunkSize);
    if (c == nullptr) throw std::bad_alloc();
    chunks_.push_back(c);
    bump_ = static_cast<char*>(c);
    bump_end_ = bump_ + kChunkSize;
    ASAN_POISON_MEMORY_REGION(c, kChunkSize);
  }
  void* p = bump_;  // never handed out before: still zero from calloc
  bump_ += bytes;
  ASAN_UNPOISON_MEMORY_REGION(p, size);
  return p;
}

void* MallocHeap::alloc(size_t size, bool) {
  if (size <= small_max_) return alloc_small(size);
  void* p = std::calloc(1, size ? size : 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void MallocHeap::free_now(void* p, size_t size) {
  if (size > small_max_) {
    std::free(p);
    return;
  }
  size_t cls = size_class(size);
  ASAN_UNPOISON_MEMORY_REGION(p, cls * kGranule);
  FreeSlot* s = static_cast<FreeSlot*>(p);
  s->next = free_[cls];
  free_[cls] = s;
  ASAN_POISON_MEMORY_REGION(p, cls * kGranule);
}

void MallocHeap::release(void* p, size_t size) {
  if (p == nullptr) return;
  if (pins_.load(std::memory_order_acquire) == 0) {
    free_now(p, size);
    return;
  }
  std::lock_guard<std::mutex> lock(deferred_mu_);
  deferred_.emplace_back(p, size);
}

void MallocHeap::pin() { pins_.fetch_add(1, std::memory_order_acq_rel); }

void MallocHeap::unpin() {
  if (pins_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  std::vector<std::pair<void*, size_t>> to_free;
  {
    std::lock_guard<std::mutex> lock(deferred_mu_);
    to_free.swap(deferred_);
  }
  for (auto [p, size] : to_free) free_now(p, size);
}

}  // namespace gomap
