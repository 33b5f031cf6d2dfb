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
#ifndef GOMAP_BENCH_WORKLOAD_H_
#define GOMAP_BENCH_WORKLOAD_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
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

template <class K>
K key_of(uint64_t number);
template <>
inline int64_t key_of<int64_t>(uint64_t number) {
  return static_cast<int64_t>(number);
}
template <>
inline std::string key_of<std::string>(uint64_t number) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; i--, number >>= 4) s[static_cast<size_t>(i)] = kHex[number & 15];
  return s;
}

// Everything one (key type, size) pair needs, built once per process.
template <class K>
struct Inputs {
  std::vector<K> present;  // insertion order
  std::vector<K> absent;
  std::vector<size_t> order;  // lookup and delete order: indices into present

  static const Inputs& get(size_t n) {
    static std::map<size_t, Inputs> cache;
    auto [it, fresh] = cache.try_emplace(n);
    if (fresh) {
      for (uint64_t k : key_numbers(n, true)) it->second.present.push_back(key_of<K>(k));
      for (uint64_t k : key_numbers(n, false)) it->second.absent.push_back(key_of<K>(k));
      it->second.order = random_order(n);
    }
    return it->second;
  }
};

}  // namespace gomap::bench

#endif  // GOMAP_BENCH_WORKLOAD_H_
