#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "subjects/port.h"

#include "gomap/fatal.h"
#include "gomap/runtime.h"
#include "gomap/testing.h"
#include "subjects/big.h"

namespace gomap::harness {
namespace {

TypeDesc type_of(Kind k) {
  switch (k) {
    case Kind::kInt64: return kInt64Type;
    case Kind::kString: return kStringType;
    case Kind::kFloat64: return kFloat64Type;
    case Kind::kBig: return kBigType;
  }
  return kInt64Type;
}

uint64_t big_hash(const void* p, uint64_t seed) { return memhash(p, seed, sizeof(Big)); }

// A Value laid out as Go stores it; strings point into the Value.
struct GoBytes {
  alignas(8) unsigned char b[sizeof(Big)];
  explicit GoBytes(const Value& v) {
    switch (v.kind) {
      case Kind::kInt64: std::memcpy(b, &v.i, 8); break;
      case Kind::kFloat64: std::memcpy(b, &v.f, 8); break;
      case Kind::kBig: {
        Big big = Big::of(v.i);
        std::memcpy(b, &big, sizeof big);
        break;
      }
      case Kind::kString: {
        GoString s{v.s.data(), static_cast<int64_t>(v.s.size())};
        std::memcpy(b, &s, sizeof s);
        break;
      }
    }
  }
};

Value from_go(Kind k, const void* p) {
  switch (k) {
    case Kind::kInt64: {
      int64_t v;
      std::memcpy(&v, p, 8);
      return Value::int64(v);
    }
    case Kind::kFloat64: {
      double v;
      std::memcpy(&v, p, 8);
      return Value::float64(v);
    }
    case Kind::kBig: {
      int64_t v;
      std::memcpy(&v, p, 8);
      return Value::big(v);
    }
    case Kind::kString: {
      GoString s;
      std::memcpy(&s, p, sizeof s);
      return Value::string(std::string(s.ptr, static_cast<size_t>(s.len)));
    }
  }
  return Value{};
}

// The weak hashes (program.h). They ignore the seed on purpose: a weak
// hash is a fixed spread.
uint64_t hash_const(const void*, uint64_t) { return 0x9e3779b97f4a7c15ull; }
// Identity hashes must still hash equal keys alike: +0 and -0 as one, a
// string by its bytes (not by where they are).
uint64_t hash_identity(const void* p, uint64_t) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
uint64_t hash_identity_f64(const void* p, uint64_t) {
  double f;
  std::memcpy(&f, p, 8);
  if (f == 0) f = 0;
  uint64_t v;
  std::memcpy(&v, &f, 8);
  return v;
}
uint64_t hash_identity_str(const void* p, uint64_t) {
  GoString s;
  std::memcpy(&s, p, sizeof s);
  uint64_t v = 0;
  if (s.len > 0) std::memcpy(&v, s.ptr, static_cast<size_t>(std::min<int64_t>(s.len, 8)));
  return v ^ static_cast<uint64_t>(s.len) << 56;
}
template <uint64_t (*Real)(const void*, uint64_t)>
uint64_t hash_bits(const void* p, uint64_t seed) {
  return Real(p, seed) & 0x8000000000000003ull;
}

using Hasher = uint64_t (*)(const void*, uint64_t);

Hasher weak_hasher(WeakHash w, const MapType& t) {
  switch (w) {
    case WeakHash::kNone: return t.hasher;
    case WeakHash::kConst: return &hash_const;
    case WeakHash::kIdentity:
      switch (t.key.alg) {
        case TypeAlg::kString: return &hash_identity_str;
        case TypeAlg::kFloat64: return &hash_identity_f64;
        case TypeAlg::kMem: return &hash_identity;
      }
      break;
    case WeakHash::kBits:
      switch (t.key.alg) {
        case TypeAlg::kString: return &hash_bits<strhash>;
        case TypeAlg::kFloat64: return &hash_bits<f64hash>;
        case TypeAlg::kMem: return t.key.size == 8 ? &hash_bits<memhash64> : &hash_bits<big_hash>;
      }
  }
  return t.hasher;
}

// The reseed rule both runners share: with a fixed seed S, the k-th time
// the runtime reseeds the map (a del or clear that empties it), the seed
// becomes S + k*0x9e3779b9, so that layouts stay reproducible.
constexpr uint32_t kReseedStep = 0x9e3779b9u;

}  // namespace

namespace {

MapType port_maptype(const Header& h) {
  MapType t = make_maptype(type_of(h.key), type_of(h.elem));
  if (h.weak_hash != WeakHash::kNone) {
    t.hasher = weak_hasher(h.weak_hash, t);
    t.fast = FastPath::kGeneric;  // the fast paths hash with the real hash
  }
  return t;
}

}  // namespace

PortSubject::PortSubject(const Header& h) : header_(h), t_(port_maptype(h)) {
  set_hashkey(h.hashkey);
  if (h.gc) {
    auto heap = std::make_unique<CollectingHeap>();
    collector_ = heap.get();
    heap_ = std::move(heap);
  } else {
    // Half the programs (by their seed) run the pool that production builds
    // use for string bytes, whose free slots are poisoned under ASan; the
    // other half malloc each string, which ASan's quarantine watches longer.
    bool pooled = h.seed && (*h.seed & 1);
    heap_ = std::make_unique<MallocHeap>(pooled ? MallocHeap::SmallObjects::kPooled
                                                : MallocHeap::SmallObjects::kMalloc);
  }
  if (!h.nil) {
    h_ = makemap(&t_, h.hint, heap_.get());
    if (h.seed) set_hash0(h_, *h.seed);
  }
}

PortSubject::~PortSubject() {
  end_iterations();
  free_map();
}

void PortSubject::end_iterations() {
  for (auto& it : iters_) it.reset();
}

void PortSubject::free_map() {
  freemap(&t_, h_);
  h_ = nullptr;
}

void PortSubject::set(const Value& key, const Value& elem) {
  GoBytes k(key), e(elem);
  void* slot = mapassign(&t_, h_, k.b);
  store_elem(&t_, h_, slot, e.b);
}

void PortSubject::add(const Value& key, int64_t n) {
  GoBytes k(key);
  void* slot = mapassign(&t_, h_, k.b);
  uint64_t v;
  std::memcpy(&v, slot, 8);
  v += static_cast<uint64_t>(n);  // Go's += wraps
  std::memcpy(slot, &v, 8);
}

std::optional<Value> PortSubject::get(const Value& key) {
  GoBytes k(key);
  const void* e = mapaccess(&t_, h_, k.b);
  if (e == nullptr) return std::nullopt;
  return from_go(header_.elem, e);
}

void PortSubject::del(const Value& key) {
  GoBytes k(key);
  int64_t before = len();
  mapdelete(&t_, h_, k.b);
  after_possible_reseed(before);
}

int64_t PortSubject::len() { return maplen(h_); }

void PortSubject::clear() {
  int64_t before = len();
  mapclear(&t_, h_);
  after_possible_reseed(before);
}

std::vector<Entry> PortSubject::entries() {
  std::vector<Entry> out;
  MapView v = inspect(&t_, h_);
  for (const auto* arr : {&v.buckets, &v.oldbuckets})
    for (const ChainView& chain : *arr)
      for (const BucketView& b : chain)
        for (int i = 0; i < kBucketCnt; i++)
          if (b.keys[i])
            out.push_back({from_go(header_.key, b.keys[i]), from_go(header_.elem, b.elems[i])});
  return out;
}

std::optional<Entry> PortSubject::iter_begin(int slot, const std::optional<IterStart>& start) {
  iters_[slot] = std::make_unique<hiter>();
  hiter* it = iters_[slot].get();
  if (start) {
    mapiterinit_at(&t_, h_, it, start->start, static_cast<uint8_t>(start->offset & 7));
  } else {
    mapiterinit(&t_, h_, it);
  }
  return current(it);
}

std::optional<Entry> PortSubject::iter_next(int slot) {
  hiter* it = iters_[slot].get();
  mapiternext(it);
  return current(it);
}

std::string PortSubject::layout() {
  MapView v = inspect(&t_, h_);
  char head[160];
  std::snprintf(
      head, sizeof head,
      "layout B=%d count=%" PRId64 " noverflow=%d nevacuate=%" PRIuPTR " flags=0x%02x oldB=", v.B,
      v.count, v.noverflow, v.nevacuate, v.flags);
  std::string out = head;
  out += v.oldB < 0 ? std::string("-") : std::to_string(v.oldB);
  out += "\n";
  print_array(out, "bucket", v.buckets);
  print_array(out, "old", v.oldbuckets);
  return out;
}

void PortSubject::abandon() {
  for (auto& it : iters_) it.reset();
  discard_map(h_);
  h_ = nullptr;
}

std::optional<std::string> PortSubject::check() { return check_invariants(&t_, h_); }

uint64_t PortSubject::hash(const Value& key) const {
  GoBytes k(key);
  return t_.hasher(k.b, header_view(h_).hash0);
}

Value PortSubject::key_at(const void* p) const { return from_go(header_.key, p); }

std::optional<Entry> PortSubject::current(hiter* it) const {
  if (it->key == nullptr) return std::nullopt;
  return Entry{from_go(header_.key, it->key), from_go(header_.elem, it->elem)};
}

void PortSubject::after_possible_reseed(int64_t count_before) {
  if (header_.seed && count_before > 0 && len() == 0) {
    reseeds_++;
    set_hash0(h_, *header_.seed + reseeds_ * kReseedStep);
  }
}

void PortSubject::print_array(std::string& out, const char* name,
                              const std::vector<ChainView>& arr) const {
  for (size_t i = 0; i < arr.size(); i++) {
    for (size_t j = 0; j < arr[i].size(); j++) {
      const BucketView& b = arr[i][j];
      out += name;
      out += " " + std::to_string(i);
      if (j) out += "+" + std::to_string(j);
      out += ":";
      char hx[4];
      for (uint8_t th : b.tophash) {
        std::snprintf(hx, sizeof hx, " %02x", th);
        out += hx;
      }
      out += " |";
      for (int s = 0; s < kBucketCnt; s++)
        out += " " + (b.keys[s] ? format_value(from_go(header_.key, b.keys[s])) : std::string("_"));
      out += "\n";
    }
  }
}

std::unique_ptr<Subject> make_port_subject(const Header& header) {
  return std::make_unique<PortSubject>(header);
}

}  // namespace gomap::harness
