// The map benchmarks: six workloads, two key types, three sizes, each on the
// port (through the typed façade a C++ user would use), absl::flat_hash_map
// and std::unordered_map, with the same inputs (workload.h). One benchmark
// iteration runs the whole workload over n keys; ci/bench.sh divides by n
// (reported as the counter "keys") to get ns per key operation, the unit of
// the Go benchmarks beside it.
//
// Names: <impl>/<workload>/<key>/<n>, e.g. port/lookup_hit/string/100000.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "gomap/map.h"
#include "workload.h"

namespace gomap::bench {
namespace {

// One adapter per implementation: make a map, optionally sized for n, and
// insert, find and erase with the inputs' keys (Inputs<K>::Key: a string
// key is a std::string_view). Each takes the view where its API can (the
// port and absl look up and erase by view, absl by its own string_view,
// which this Abseil build keeps apart from std's; std finds by view through
// a transparent hash, and erases the entry it found).
template <class K>
using Key = typename Inputs<K>::Key;

struct Port {
  static constexpr const char* kName = "port";
  template <class K>
  using Map = gomap::Map<K, int64_t>;
  template <class K>
  static Map<K> make(size_t hint) {
    return Map<K>(static_cast<int64_t>(hint));
  }
  template <class K>
  static void insert(Map<K>& m, Key<K> k, int64_t v) {
    m.set(k, v);
  }
  template <class K>
  static std::optional<int64_t> find(const Map<K>& m, Key<K> k) {
    return m.lookup(k);
  }
  template <class K>
  static void erase(Map<K>& m, Key<K> k) {
    m.erase(k);
  }
};

template <template <class...> class Table, const char* Name, class StringView>
struct StdLike {
  static constexpr const char* kName = Name;
  // The table's view of a probe.
  template <class K>
  static auto probe(Key<K> k) {
    if constexpr (std::is_same_v<K, std::string>) {
      return StringView(k.data(), k.size());
    } else {
      return k;
    }
  }
  template <class K>
  using Map = Table<K, int64_t>;
  template <class K>
  static Map<K> make(size_t hint) {
    Map<K> m;
    if (hint) m.reserve(hint);
    return m;
  }
  template <class K>
  static void insert(Map<K>& m, Key<K> k, int64_t v) {
    m.insert_or_assign(K(k), v);
  }
  template <class K>
  static std::optional<int64_t> find(const Map<K>& m, Key<K> k) {
    auto it = m.find(probe<K>(k));
    if (it == m.end()) return std::nullopt;
    return it->second;
  }
  template <class K>
  static void erase(Map<K>& m, Key<K> k) {
    if (auto it = m.find(probe<K>(k)); it != m.end()) m.erase(it);
  }
};
constexpr char kAbsl[] = "absl";
constexpr char kStd[] = "std";
template <class K, class V>
using AbslMap = absl::flat_hash_map<K, V>;
// std::hash<std::string> with is_transparent, so that find takes a view.
template <class K>
struct TransparentHash : std::hash<K> {};
template <>
struct TransparentHash<std::string> {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class K, class V>
using StdMap = std::unordered_map<K, V, TransparentHash<K>, std::equal_to<>>;
using Absl = StdLike<AbslMap, kAbsl, absl::string_view>;
using Std = StdLike<StdMap, kStd, std::string_view>;

template <class Impl, class K>
typename Impl::template Map<K> filled(const Inputs<K>& in) {
  auto m = Impl::template make<K>(0);
  for (size_t i = 0; i < in.present.size(); i++)
    Impl::insert(m, in.present[i], static_cast<int64_t>(i));
  return m;
}

void finish(benchmark::State& state, size_t n) { state.counters["keys"] = static_cast<double>(n); }

// Insert every key into a new map, which grows as it goes (or is made for n
// keys up front, with_hint); the map's destruction is part of the cost, as
// the collector's is of Go's.
template <class Impl, class K, bool with_hint>
void Insert(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  const auto& in = Inputs<K>::get(n);
  for (auto _ : state) {
    auto m = Impl::template make<K>(with_hint ? n : 0);
    for (size_t i = 0; i < n; i++) Impl::insert(m, in.present[i], static_cast<int64_t>(i));
    benchmark::DoNotOptimize(m);
  }
  finish(state, n);
}

// Look up every present key, in random order.
template <class Impl, class K>
void LookupHit(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  const auto& in = Inputs<K>::get(n);
  auto m = filled<Impl>(in);
  for (auto _ : state) {
    int64_t sum = 0;
    for (size_t i : in.order) sum += *Impl::find(m, in.present[i]);
    benchmark::DoNotOptimize(sum);
  }
  finish(state, n);
}

// Look up n keys that are not there.
template <class Impl, class K>
void LookupMiss(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  const auto& in = Inputs<K>::get(n);
  auto m = filled<Impl>(in);
  for (auto _ : state) {
    size_t found = 0;
    for (Key<K> k : in.absent) found += Impl::find(m, k).has_value();
    if (found != 0) state.SkipWithError("an absent key was found");
    benchmark::DoNotOptimize(found);
  }
  finish(state, n);
}

// Delete every key, in random order, from a full map (filled untimed).
template <class Impl, class K>
void DeleteAll(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  const auto& in = Inputs<K>::get(n);
  for (auto _ : state) {
    state.PauseTiming();
    auto m = filled<Impl>(in);
    state.ResumeTiming();
    for (size_t i : in.order) Impl::erase(m, in.present[i]);
    benchmark::DoNotOptimize(m);
    state.PauseTiming();
    if (!m.empty()) state.SkipWithError("the map is not empty after deleting every key");
    {
      auto gone = std::move(m);  // destroyed untimed
    }
    state.ResumeTiming();
  }
  finish(state, n);
}

template <class K>
size_t key_weight(const K& k) {
  if constexpr (std::is_integral_v<K>) {
    return static_cast<size_t>(k);
  } else {
    return k.size();
  }
}

// Visit every entry, reading its key and elem.
template <class Impl, class K>
void Iterate(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  const auto& in = Inputs<K>::get(n);
  auto m = filled<Impl>(in);
  for (auto _ : state) {
    size_t sum = 0, seen = 0;
    for (const auto& [k, v] : m) {
      sum += key_weight(k) + static_cast<size_t>(v);
      seen++;
    }
    if (seen != n) state.SkipWithError("the iteration did not visit every entry");
    benchmark::DoNotOptimize(sum);
  }
  finish(state, n);
}

template <class K>
const char* key_name() {
  return std::is_same_v<K, std::string> ? "string" : "int64";
}

template <class Impl, class K>
void register_impl() {
  auto add = [](const char* workload, void (*fn)(benchmark::State&)) {
    std::string name = std::string(Impl::kName) + "/" + workload + "/" + key_name<K>();
    benchmark::RegisterBenchmark(name.c_str(), fn)
        ->ArgName("")
        ->Arg(1000)
        ->Arg(100000)
        ->Arg(1000000)
        ->Unit(benchmark::kMicrosecond);
  };
  add("insert_nohint", Insert<Impl, K, false>);
  add("insert_hint", Insert<Impl, K, true>);
  add("lookup_hit", LookupHit<Impl, K>);
  add("lookup_miss", LookupMiss<Impl, K>);
  add("delete_all", DeleteAll<Impl, K>);
  add("iterate", Iterate<Impl, K>);
}

template <class K>
void register_key() {
  register_impl<Port, K>();
  register_impl<Absl, K>();
  register_impl<Std, K>();
}

}  // namespace
}  // namespace gomap::bench

int main(int argc, char** argv) {
  gomap::bench::register_key<int64_t>();
  gomap::bench::register_key<std::string>();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
