#include "gomap/gc_heap.h"

#include <sanitizer/asan_interface.h>

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <tuple>
#include <unordered_set>

#include "gomap/hash.h"
#include "gomap/internal/hmap.h"

namespace gomap {
namespace {

std::string describe(uintptr_t base, size_t size, bool scan) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "object 0x%" PRIxPTR " (%zu bytes, %s)", base, size,
                scan ? "scanned" : "noscan");
  return buf;
}

uintptr_t addr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

}  // namespace

CollectingHeap::CollectingHeap(size_t quarantine_bytes) : quarantine_limit_(quarantine_bytes) {}

CollectingHeap::~CollectingHeap() {
  for (auto& [base, o] : objects_) std::free(reinterpret_cast<void*>(base));
  for (auto [p, size] : quarantine_) {
    ASAN_UNPOISON_MEMORY_REGION(p, size);
    std::free(p);
  }
}

CollectingHeap::Objects::iterator CollectingHeap::find(const void* p) {
  auto it = objects_.upper_bound(addr(p));
  if (it == objects_.begin()) return objects_.end();
  --it;
  return addr(p) < it->first + it->second.size ? it : objects_.end();
}

CollectingHeap::Objects::const_iterator CollectingHeap::find(const void* p) const {
  return const_cast<CollectingHeap*>(this)->find(p);
}

bool CollectingHeap::allocated(const void* p) const { return find(p) != objects_.end(); }

void CollectingHeap::finding(std::string what) { findings_.push_back(std::move(what)); }

void* CollectingHeap::alloc(size_t size, const PointerMap* ptrs) {
  void* p = std::calloc(1, size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  Object o{size, ptrs != nullptr, ptrs ? *ptrs : PointerMap{}, Color::kWhite, false, false, {}};
  // Allocated black during a cycle: it holds nothing yet, and what is stored
  // in it later passes the write barrier.
  if (marking_) o.color = Color::kBlack;
  auto it = objects_.emplace(addr(p), o).first;
  if (marking_)
    for_each_slot(it->first, it->second,
                  [&](const char*) { it->second.shadow.push_back(nullptr); });
  live_bytes_ += size;
  return p;
}

void CollectingHeap::release(void* p, size_t size) {
  if (p == nullptr) return;
  auto it = objects_.find(addr(p));
  if (it == objects_.end()) {
    auto q = quarantined_.upper_bound(addr(p));
    bool swept = q != quarantined_.begin() && addr(p) < std::prev(q)->first + std::prev(q)->second;
    char buf[160];
    std::snprintf(buf, sizeof buf, "GC5 release of 0x%" PRIxPTR " (%zu bytes): %s", addr(p), size,
                  swept ? "the collector freed it already, unreachable before the map let it go"
                        : "not an object of this heap");
    finding(buf);
    return;
  }
  Object& o = it->second;
  if (o.released || o.size != size) {
    finding("GC5 release of " + describe(it->first, o.size, o.scan) +
            (o.released ? ": released twice" : ": with size " + std::to_string(size)));
  }
  o.released = true;
}

void CollectingHeap::map_made(const MapType* t, hmap* h) {
  maps_[h] = t;
  if (marking_) scan_map(h);
}

void CollectingHeap::map_freed(hmap* h) { maps_.erase(h); }

void CollectingHeap::iter_began(hiter* it) {
  iters_.insert(it);
  // A root that appears during a cycle is scanned at once, as a goroutine's
  // stack is scanned once: what it loads later comes from the heap, under
  // the barrier.
  if (marking_) scan_iter(it);
}

void CollectingHeap::iter_ended(hiter* it) { iters_.erase(it); }

void CollectingHeap::hold(const void* p) {
  holds_[addr(p)]++;
  if (marking_) shade(p);
}

void CollectingHeap::drop(const void* p) {
  auto i = holds_.find(addr(p));
  if (i != holds_.end() && --i->second == 0) holds_.erase(i);
}

void CollectingHeap::shade(const void* p) {
  if (!marking_ || p == nullptr) return;
  auto it = find(p);
  if (it == objects_.end() || it->second.color != Color::kWhite) return;
  it->second.color = Color::kGrey;
  grey_.push_back(it->first);
}

template <class F>
void CollectingHeap::for_each_slot(uintptr_t base, const Object& o, F f) {
  if (!o.scan || o.ptrs.size == 0) return;
  size_t words = o.ptrs.size / 8;
  for (size_t e = 0; e + o.ptrs.size <= o.size; e += o.ptrs.size) {
    for (size_t w = 0; w < words; w++)
      if (o.ptrs.has(w)) f(reinterpret_cast<const char*>(base + e + 8 * w));
  }
}

const void* CollectingHeap::load(const char* slot) {
  const void* v;
  std::memcpy(&v, slot, sizeof v);
  return v;
}

void CollectingHeap::barrier(const void* slot, const void* ptr) {
  if (!marking_) return;
  shade(load(static_cast<const char*>(slot)));
  shade(ptr);
  announced_.insert(addr(slot));
}

namespace {
// The roots' pointer fields, the one list scanning, the reachability walk
// and the shadow check share: a map's (hmap and mapextra; nullptr where
// there is no mapextra) and an iteration's.
constexpr int kMapFields = 5;
std::array<const void* const*, kMapFields> map_slots(const hmap* h) {
  const mapextra* x = h->extra;
  auto field = [](const auto* f) { return reinterpret_cast<const void* const*>(f); };
  return {field(&h->buckets), field(&h->oldbuckets), x ? field(&x->overflow) : nullptr,
          x ? field(&x->oldoverflow) : nullptr, x ? field(&x->nextOverflow) : nullptr};
}
std::array<const void*, kMapFields> map_fields(const hmap* h) {
  std::array<const void*, kMapFields> f{};
  std::array<const void* const*, kMapFields> slots = map_slots(h);
  for (int i = 0; i < kMapFields; i++) f[i] = slots[i] ? *slots[i] : nullptr;
  return f;
}
std::array<const void*, 6> iter_fields(const hiter* it) {
  return {it->key, it->elem, it->buckets, it->bptr, it->overflow, it->oldoverflow};
}
}  // namespace

void CollectingHeap::scan_map(const hmap* h) {
  std::array<const void*, kMapFields> f = map_fields(h);
  for (const void* p : f) shade(p);
  std::copy(f.begin(), f.end(), map_shadows_[h].fields);
}

void CollectingHeap::scan_iter(const hiter* it) {
  for (const void* p : iter_fields(it)) shade(p);
}

void CollectingHeap::start_cycle() {
  if (marking_) return;
  cycles_++;
  marking_ = true;
  write_barrier_ = true;
  for (auto [h, t] : maps_) scan_map(h);
  for (hiter* it : iters_) scan_iter(it);
  for (auto [p, n] : holds_) shade(reinterpret_cast<const void*>(p));
}

size_t CollectingHeap::mark(size_t units) {
  size_t done = 0;
  while (done < units && !grey_.empty()) {
    uintptr_t base = grey_.back();
    grey_.pop_back();
    auto it = objects_.find(base);
    if (it == objects_.end()) continue;
    Object& o = it->second;
    o.color = Color::kBlack;
    done++;
    o.shadow.clear();
    for_each_slot(base, o, [&](const char* slot) {
      done++;
      const void* v = load(slot);
      o.shadow.push_back(v);
      shade(v);
    });
  }
  return done;
}

std::unordered_set<uintptr_t> CollectingHeap::reachable() const {
  // A traversal of its own, independent of the mark bits it checks.
  std::unordered_set<uintptr_t> seen;
  std::vector<uintptr_t> stack;
  auto visit = [&](const void* p) {
    if (p == nullptr) return;
    auto it = find(p);
    if (it != objects_.end() && seen.insert(it->first).second) stack.push_back(it->first);
  };
  for (auto [h, t] : maps_)
    for (const void* p : map_fields(h)) visit(p);
  for (const hiter* it : iters_)
    for (const void* p : iter_fields(it)) visit(p);
  for (auto [p, n] : holds_) visit(reinterpret_cast<const void*>(p));
  while (!stack.empty()) {
    uintptr_t base = stack.back();
    stack.pop_back();
    for_each_slot(base, objects_.at(base), [&](const char* slot) { visit(load(slot)); });
  }
  return seen;
}

std::unordered_set<uintptr_t> CollectingHeap::map_uses() const {
  std::unordered_set<uintptr_t> seen;
  auto use = [&](const void* p) {
    if (p == nullptr) return;
    auto it = find(p);
    if (it != objects_.end()) seen.insert(it->first);
  };
  for (const auto& [map, type] : maps_) {
    const hmap* h = map;
    const MapType* t = type;
    use(h->buckets);
    use(h->oldbuckets);
    if (const mapextra* x = h->extra) {
      for (const bmapSlice* s : {x->overflow, x->oldoverflow}) {
        if (s == nullptr) continue;
        use(s);
        use(s->array);
        for (bmap* b : *s) use(b);
      }
      use(x->nextOverflow);
    }
    auto walk = [&](bmap* array, uintptr_t n) {
      if (array == nullptr) return;
      for (uintptr_t i = 0; i < n; i++) {
        for (bmap* b = bucket_at(t, array, i); b != nullptr; b = overflow_of(t, b)) {
          use(b);
          for (uintptr_t j = 0; j < kBucketCnt; j++) {
            if (tophashes(b)[j] < kMinTopHash) continue;
            for (auto [slot, indirect, type] :
                 {std::tuple{key_slot(t, b, j), t->indirectkey, &t->key},
                  std::tuple{elem_slot(t, b, j), t->indirectelem, &t->elem}}) {
              char* v = deref(indirect, slot);
              if (indirect) use(v);
              if (type->alg == TypeAlg::kString) {
                GoString str;
                std::memcpy(&str, v, sizeof str);
                if (str.len != 0) use(str.ptr);
              }
            }
          }
        }
      }
    };
    walk(h->buckets, bucket_shift(h->B));
    if (h->oldbuckets != nullptr) walk(h->oldbuckets, h->noldbuckets());
  }
  return seen;
}

size_t CollectingHeap::used_bytes() const {
  size_t n = 0;
  for (uintptr_t base : map_uses()) n += objects_.at(base).size;
  return n;
}

void CollectingHeap::finish_cycle() {
  if (!marking_) return;
  while (mark(SIZE_MAX) != 0) {
  }
  check_shadows();
  std::unordered_set<uintptr_t> live = reachable();
  for (uintptr_t base : live) {
    const Object& o = objects_.at(base);
    if (o.color == Color::kWhite)
      finding("GC1 after marking, " + describe(base, o.size, o.scan) +
              " is reachable but unmarked: the sweep would free it");
  }
  for (uintptr_t base : map_uses()) {
    const Object& o = objects_.at(base);
    if (o.released)
      finding("GC3 " + describe(base, o.size, o.scan) +
              " was released but the map still uses it: a use after release");
    if (!live.count(base))
      finding("GC6 " + describe(base, o.size, o.scan) +
              " is in use by a map but the collector cannot reach it: it frees it now");
  }
  for (auto& [base, o] : objects_) {
    if (o.released || o.reported || live.count(base)) continue;
    o.reported = true;
    finding("GC4 " + describe(base, o.size, o.scan) +
            " is unreachable but was never released: MallocHeap would leak it");
  }
  sweep();
  for (uintptr_t base : live)
    if (objects_.find(base) == objects_.end())
      finding("GC2 after sweeping, " + describe(base, 0, false) + " is reachable but was freed");
  marking_ = false;
  write_barrier_ = false;
}

void CollectingHeap::check_shadows() {
  int reported = 0;
  auto report = [&](const std::string& where, const char* slot, const void* was, const void* is) {
    if (reported++ >= 4) return;  // the first few say enough
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "GC7 the pointer word at 0x%" PRIxPTR
                  " of %s changed from %p to %p during "
                  "marking without the write barrier",
                  addr(slot), where.c_str(), was, is);
    finding(buf);
  };
  for (auto& entry : objects_) {
    uintptr_t base = entry.first;
    Object& o = entry.second;
    if (o.shadow.empty()) continue;
    size_t i = 0;
    for_each_slot(base, o, [&](const char* slot) {
      const void* now = load(slot);
      if (i < o.shadow.size() && now != o.shadow[i] && !announced_.count(addr(slot)))
        report(describe(base, o.size, o.scan), slot, o.shadow[i], now);
      i++;
    });
    o.shadow.clear();
  }
  for (auto& [h, s] : map_shadows_) {
    if (!maps_.count(const_cast<hmap*>(h))) continue;
    std::array<const void* const*, kMapFields> slots = map_slots(h);
    std::array<const void*, kMapFields> now = map_fields(h);
    for (int f = 0; f < kMapFields; f++) {
      if (now[f] != s.fields[f] && (slots[f] == nullptr || !announced_.count(addr(slots[f]))))
        report("a map's header", reinterpret_cast<const char*>(slots[f]), s.fields[f], now[f]);
    }
  }
  map_shadows_.clear();
  announced_.clear();
}

void CollectingHeap::sweep() {
  for (auto it = objects_.begin(); it != objects_.end();) {
    Object& o = it->second;
    if (o.color != Color::kWhite) {
      o.color = Color::kWhite;
      ++it;
      continue;
    }
    void* p = reinterpret_cast<void*>(it->first);
    size_t size = o.size;
    live_bytes_ -= size;
    it = objects_.erase(it);
    ASAN_POISON_MEMORY_REGION(p, size);
    quarantine_.emplace_back(p, size);
    quarantined_[addr(p)] = size;
    quarantine_bytes_ += size;
  }
  while (quarantine_bytes_ > quarantine_limit_ && !quarantine_.empty()) {
    auto [p, size] = quarantine_.front();
    quarantine_.pop_front();
    quarantined_.erase(addr(p));
    quarantine_bytes_ -= size;
    ASAN_UNPOISON_MEMORY_REGION(p, size);
    std::free(p);
  }
}

void CollectingHeap::collect() {
  start_cycle();
  finish_cycle();
}

}  // namespace gomap
