#include "gomap/heap.h"

#include <sanitizer/asan_interface.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace gomap {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

size_t huge_round(size_t size) { return (size + kHugePage - 1) & ~(kHugePage - 1); }

// Zeroed memory straight from the kernel, 2 MiB aligned so that it can be
// backed by huge pages, and advised to be.
void* map_huge(size_t size) {
  size_t len = huge_round(size);
  void* raw =
      mmap(nullptr, len + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  uintptr_t start = reinterpret_cast<uintptr_t>(raw);
  uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned != start) munmap(raw, aligned - start);
  uintptr_t end = start + len + kHugePage;
  if (end != aligned + len) munmap(reinterpret_cast<void*>(aligned + len), end - (aligned + len));
  void* p = reinterpret_cast<void*>(aligned);
  madvise(p, len, MADV_HUGEPAGE);  // advice: nothing to do if it is refused
  return p;
}

// Zeroed memory of any size: calloc below 2 MiB, map_huge from there.
void* os_alloc(size_t size) {
  if (size >= kHugePage) return map_huge(size);
  void* p = std::calloc(1, size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void os_free(void* p, size_t size) {
  if (size >= kHugePage) {
    munmap(p, huge_round(size));
  } else {
    std::free(p);
  }
}

}  // namespace

MallocHeap::~MallocHeap() {
  // Everything still allocated, released or not: large objects are all on
  // the list (deferred ones too), small ones all inside the chunks.
  for (LargeHeader* l = large_.next; l != &large_;) {
    LargeHeader* next = l->next;
    os_free(l, l->size);
    l = next;
  }
  for (auto [c, size] : chunks_) os_free(c, size);
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
    size_t len = next_chunk_;
    void* c = os_alloc(len);
    chunks_.emplace_back(c, len);
    if (next_chunk_ < kHugePage) next_chunk_ *= 2;
    bump_ = static_cast<char*>(c);
    bump_end_ = bump_ + len;
    ASAN_POISON_MEMORY_REGION(c, len);
  }
  void* p = bump_;  // never handed out before: still zero
  bump_ += bytes;
  ASAN_UNPOISON_MEMORY_REGION(p, size);
  return p;
}

void* MallocHeap::alloc_large(size_t size) {
  size_t total = sizeof(LargeHeader) + size;
  auto* l = static_cast<LargeHeader*>(os_alloc(total));
  l->size = total;
  l->prev = &large_;
  l->next = large_.next;
  large_.next->prev = l;
  large_.next = l;
  return l + 1;
}

void* MallocHeap::alloc(size_t size, const PointerMap*) {
  return size <= small_max_ ? alloc_small(size) : alloc_large(size);
}

void MallocHeap::free_now(void* p, size_t size) {
  if (size > small_max_) {
    LargeHeader* l = static_cast<LargeHeader*>(p) - 1;
    l->prev->next = l->next;
    l->next->prev = l->prev;
    os_free(l, l->size);
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
