#include "gomap/heap.h"

#include <cstdlib>
#include <new>

namespace gomap {

MallocHeap::~MallocHeap() {
  for (void* p : deferred_) std::free(p);
}

void* MallocHeap::alloc(size_t size, bool) {
  void* p = std::calloc(1, size ? size : 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void MallocHeap::release(void* p) {
  if (p == nullptr) return;
  if (pins_.load(std::memory_order_acquire) == 0) {
    std::free(p);
    return;
  }
  std::lock_guard<std::mutex> lock(deferred_mu_);
  deferred_.push_back(p);
}

void MallocHeap::pin() { pins_.fetch_add(1, std::memory_order_acq_rel); }

void MallocHeap::unpin() {
  if (pins_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  std::vector<void*> to_free;
  {
    std::lock_guard<std::mutex> lock(deferred_mu_);
    to_free.swap(deferred_);
  }
  for (void* p : to_free) std::free(p);
}

}  // namespace gomap
