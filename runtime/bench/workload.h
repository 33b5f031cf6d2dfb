// The benchmark workloads' inputs, generated the same way here and in
// go/map_bench_test.go so that the port, absl, std and Go 1.19 see the same
// keys in the same order:
//
//   splitmix64(seed): state += 0x9e3779b97f4a7c15, then the usual finaliser.
//   present key i: the i-th output of splitmix64(1) with the top bit cleared.
//   absent key i:  the i-th output of splitmix64(2) with the top bit set,
//                  so no absent key is ever present.
//   string keys:   the same numbers as 16 lowercase hex digits (%016x).
//   random order:  a Fisher-Yates shuffle of 0..n-1 drawing from
//                  splitmix64(3): for i = n-1 down to 1, swap i and
//                  next() % (i + 1).
//   elem of key i: i.
//
// Keys are held as Go holds them, so that the probes of a lookup or delete
// cost the same memory traffic on both sides: a string key is a 16-byte
// header (std::string_view: pointer and length) into bytes laid out one key
// after another, as Go's allocator lays out successive 16-byte strings in
// one span. A std::string of 16 characters would instead be a 32-byte
// object with its bytes in a malloc'd block of their own: twice the memory,
// and a second cache miss for every random probe.
#ifndef GOMAP_BENCH_WORKLOAD_H_
#define GOMAP_BENCH_WORKLOAD_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace gomap::bench {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

inline constexpr uint64_t kTopBit = uint64_t{1} << 63;

inline std::vector<uint64_t> key_numbers(size_t n, bool present) {
  SplitMix64 rng(present ? 1 : 2);
  std::vector<uint64_t> out(n);
  for (auto& k : out) k = present ? rng.next() & ~kTopBit : rng.next() | kTopBit;
  return out;
}

inline std::vector<size_t> random_order(size_t n) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; i++) order[i] = i;
  SplitMix64 rng(3);
  for (size_t i = n; i-- > 1;) std::swap(order[i], order[rng.next() % (i + 1)]);
  return order;
}

// The bytes of a string key: 16 lowercase hex digits.
inline void hex16(uint64_t number, char* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 15; i >= 0; i--, number >>= 4) out[i] = kHex[number & 15];
}

// Everything one (key type, size) pair needs, built once per process. Key
// is what the benchmarks store and probe with: K, or for std::string keys
// a view of bytes held in `bytes`.
template <class K>
struct Inputs {
  static constexpr bool kString = std::is_same_v<K, std::string>;
  using Key = std::conditional_t<kString, std::string_view, K>;

  std::vector<Key> present;  // insertion order
  std::vector<Key> absent;
  std::vector<size_t> order;  // lookup and delete order: indices into present
  std::string bytes;          // string keys only: present's, then absent's

  static const Inputs& get(size_t n) {
    static std::map<size_t, Inputs> cache;
    auto [it, fresh] = cache.try_emplace(n);
    if (fresh) it->second.build(n);
    return it->second;
  }

 private:
  void build(size_t n) {
    if constexpr (kString) bytes.resize(2 * n * 16);  // once: the views point into it
    char* next = bytes.data();
    auto keys = [&](bool present_keys) {
      std::vector<Key> out;
      for (uint64_t k : key_numbers(n, present_keys)) {
        if constexpr (kString) {
          hex16(k, next);
          out.emplace_back(next, 16);
          next += 16;
        } else {
          out.push_back(static_cast<K>(k));
        }
      }
      return out;
    };
    present = keys(true);
    absent = keys(false);
    order = random_order(n);
  }
};

}  // namespace gomap::bench

#endif  // GOMAP_BENCH_WORKLOAD_H_
