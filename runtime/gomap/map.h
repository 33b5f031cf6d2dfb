// gomap::Map<K, V>: Go's map for C++ users, with Go's semantics: a nil map
// reads as empty and panics (gomap::Panic) on assignment; iteration order is
// random; a range loop may run while the map changes, under Go's rules (an
// entry present throughout is produced exactly once, a deleted one never, an
// added one maybe). Keys and elems: int64_t, double (NaN keys as in Go),
// std::string, or any trivially copyable type of size 4 or a multiple of 8
// (hashed as plain memory; over 128 bytes it is stored indirectly, as in Go).
#ifndef GOMAP_MAP_H_
#define GOMAP_MAP_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "gomap/hash.h"
#include "gomap/heap.h"
#pragma push_macro("GOMAP_PUBLIC_HEADER")
#define GOMAP_PUBLIC_HEADER
#include "gomap/internal/access.h"
#include "gomap/internal/iter_next.h"
#pragma pop_macro("GOMAP_PUBLIC_HEADER")
#include "gomap/maptype.h"
#include "gomap/runtime.h"

namespace gomap {

// How a C++ type is represented as a Go value in a bucket.
template <class T, class = void>
struct GoValue {
  static_assert(std::is_trivially_copyable_v<T> && (sizeof(T) == 4 || sizeof(T) % 8 == 0),
                "gomap: a key or elem must be int64_t, double, std::string, or trivially "
                "copyable with a size of 4 or a multiple of 8");
  static constexpr TypeDesc type{sizeof(T), TypeAlg::kMem, false};
  using Go = T;
  using Arg = const T&;  // what set, lookup and erase take
  using View = T;        // what a range loop produces
  static const Go& to_go(const T& v) { return v; }
  static T view(const void* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
};

template <>
struct GoValue<double> {
  static constexpr TypeDesc type = kFloat64Type;
  using Go = double;
  using Arg = const double&;
  using View = double;
  static const Go& to_go(const double& v) { return v; }
  static double view(const void* p) {
    double v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
};

template <>
struct GoValue<std::string> {
  static constexpr TypeDesc type = kStringType;
  using Go = GoString;
  // A string is taken as a view, Go's string header: a lookup or delete need
  // not build a std::string, and the map copies the bytes only when it
  // stores a new key or elem. A std::string converts to it.
  using Arg = std::string_view;
  static Go to_go(std::string_view v) { return GoString{v.data(), static_cast<int64_t>(v.size())}; }
  // A range loop copies a string's header, not its bytes, as Go's does.
  using View = std::string_view;
  static View view(const void* p) {
    const GoString* s = static_cast<const GoString*>(p);
    return View(s->ptr, static_cast<size_t>(s->len));
  }
};

namespace internal {
// The access path Go's compiler would pick for a key type (mapfast): the
// same choice make_maptype records in MapType::fast, made at compile time.
template <class K>
constexpr auto keys_for() {
  constexpr TypeDesc d = GoValue<K>::type;
  if constexpr (d.alg == TypeAlg::kString) {
    return StrKeys{};
  } else if constexpr (d.alg == TypeAlg::kMem && d.size == 8) {
    return Fast64Keys{};
  } else if constexpr (d.alg == TypeAlg::kMem && d.size == 4) {
    return Fast32Keys{};
  } else {
    return GenericKeys{};
  }
}
template <class K>
using KeysFor = decltype(keys_for<K>());
}  // namespace internal

template <class K, class V>
class Map {
 public:
  using key_type = K;
  using mapped_type = V;
  using KeyArg = typename GoValue<K>::Arg;
  using ElemArg = typename GoValue<V>::Arg;

  // The descriptor Go's compiler would emit for map[K]V.
  static constexpr MapType kType = make_maptype(GoValue<K>::type, GoValue<V>::type);
  static const MapType* type() { return &kType; }

  // make(map[K]V, hint)
  explicit Map(int64_t hint = 0) : heap_(std::make_unique<MallocHeap>()) {
    h_ = makemap(type(), hint, heap_.get());
  }
  // var m map[K]V
  static Map nil() { return Map(NilTag{}); }

  Map(Map&& o) noexcept : heap_(std::move(o.heap_)), h_(std::exchange(o.h_, nullptr)) {}
  Map& operator=(Map&& o) noexcept {
    if (this != &o) {
      discard_map(h_);
      heap_ = std::move(o.heap_);
      h_ = std::exchange(o.h_, nullptr);
    }
    return *this;
  }
  Map(const Map&) = delete;
  Map& operator=(const Map&) = delete;
  // The map's heap is its own: destroying the heap frees every entry at once.
  ~Map() { discard_map(h_); }

  bool is_nil() const { return h_ == nullptr; }
  int64_t size() const { return h_ ? h_->count : 0; }
  bool empty() const { return size() == 0; }

  // m[k] = v
  void set(KeyArg k, ElemArg v) {
    auto gk = GoValue<K>::to_go(k);
    void* e = internal::assign_impl<Keys>(type(), h_, &gk);
    if constexpr (std::is_same_v<typename GoValue<V>::Go, V>) {
      std::memcpy(e, &v, sizeof v);
    } else {
      auto gv = GoValue<V>::to_go(v);
      store_elem(type(), h_, e, &gv);
    }
  }
  // v, ok := m[k]
  std::optional<V> lookup(KeyArg k) const {
    auto gk = GoValue<K>::to_go(k);
    const void* e = internal::access_impl<Keys>(type(), h_, &gk).elem;
    if (e == nullptr) return std::nullopt;
    return V(GoValue<V>::view(e));
  }
  // v := m[k]: the zero value when absent.
  V get(KeyArg k) const { return lookup(k).value_or(V{}); }
  bool contains(KeyArg k) const {
    auto gk = GoValue<K>::to_go(k);
    return internal::access_impl<Keys>(type(), h_, &gk).key != nullptr;
  }
  // delete(m, k)
  void erase(KeyArg k) {
    auto gk = GoValue<K>::to_go(k);
    internal::delete_impl<Keys>(type(), h_, &gk);
  }
  // clear(m)
  void clear() { mapclear(type(), h_); }

  // A range loop: `for (auto [k, v] : m)`. Each entry is copied out when the
  // iteration reaches it, as Go's range copies before the loop body runs. A
  // string comes out as a std::string_view of the map's bytes, as Go copies
  // only a string's header: the bytes stay valid until the loop ends, even
  // if the loop deletes or overwrites the entry (the heap is pinned).
  class iterator {
   public:
    using value_type = std::pair<typename GoValue<K>::View, typename GoValue<V>::View>;
    const value_type& operator*() const { return current_; }
    const value_type* operator->() const { return &current_; }
    [[gnu::always_inline]] iterator& operator++() {
      internal::iter_next(type(), it_.get());
      load();
      return *this;
    }
    bool operator==(std::default_sentinel_t) const { return it_->key == nullptr; }

   private:
    friend class Map;
    explicit iterator(hmap* h) : it_(std::make_unique<hiter>()) {
      mapiterinit(type(), h, it_.get());
      load();
    }
    void load() {
      if (it_->key == nullptr) return;
      current_ = {GoValue<K>::view(it_->key), GoValue<V>::view(it_->elem)};
    }
    std::unique_ptr<hiter> it_;
    value_type current_{};
  };
  iterator begin() const { return iterator(h_); }
  std::default_sentinel_t end() const { return {}; }

  // The runtime's map, for the test seams of gomap/testing.h.
  hmap* raw() const { return h_; }

 private:
  using Keys = internal::KeysFor<K>;
  struct NilTag {};
  explicit Map(NilTag) {}

  std::unique_ptr<MallocHeap> heap_;
  hmap* h_ = nullptr;
};

}  // namespace gomap

#endif  // GOMAP_MAP_H_
