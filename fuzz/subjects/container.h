// A subject over a C++ hash map container (absl::flat_hash_map,
// std::unordered_map): the references the port is compared with. They have
// no layout and no notion of an iteration start, and their iterators do not
// survive a rehash, so iteration here is Go's rules in their simplest form:
// the keys present at the start, in the container's order, each produced if
// it is still present when reached, with its current elem. NaN keys cannot be
// looked up, so they are produced from the snapshot unless a clear came
// between.
#ifndef GOMAP_FUZZ_SUBJECTS_CONTAINER_H_
#define GOMAP_FUZZ_SUBJECTS_CONTAINER_H_

#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "gomap/fatal.h"
#include "subjects/big.h"
#include "subjects/subject.h"

namespace gomap::harness {

inline int64_t to_key(const Value& v, int64_t*) { return v.i; }
inline double to_key(const Value& v, double*) { return v.f; }
inline std::string to_key(const Value& v, std::string*) { return v.s; }
inline Big to_key(const Value& v, Big*) { return Big::of(v.i); }
inline Value from_key(int64_t k) { return Value::int64(k); }
inline Value from_key(double k) { return Value::float64(k); }
inline Value from_key(const std::string& k) { return Value::string(k); }
inline Value from_key(const Big& k) { return Value::big(static_cast<int64_t>(k.w[0])); }

template <class T>
bool self_equal(const T&) {
  return true;
}
inline bool self_equal(double d) { return !std::isnan(d); }

// MapT<Key> is a container mapping Key to Value.
template <template <class> class MapT, class Key>
class ContainerSubject final : public Subject {
 public:
  explicit ContainerSubject(const Header& h) : header_(h), nil_(h.nil) {
    if (!nil_ && h.hint > 0 && h.hint < (int64_t{1} << 20)) m_.reserve(static_cast<size_t>(h.hint));
  }

  Capabilities capabilities() const override { return {}; }

  void set(const Value& key, const Value& elem) override {
    if (nil_) panic_nil_map();
    m_.insert_or_assign(k(key), elem);
  }
  void add(const Value& key, int64_t n) override {
    if (nil_) panic_nil_map();
    Value& v = m_.try_emplace(k(key), Value::zero(header_.elem)).first->second;
    v.i = static_cast<int64_t>(static_cast<uint64_t>(v.i) + static_cast<uint64_t>(n));
  }
  std::optional<Value> get(const Value& key) override {
    auto it = m_.find(k(key));
    if (it == m_.end()) return std::nullopt;
    return it->second;
  }
  void del(const Value& key) override { m_.erase(k(key)); }
  int64_t len() override { return static_cast<int64_t>(m_.size()); }
  void clear() override {
    m_.clear();
    generation_++;
  }
  std::vector<Entry> entries() override {
    std::vector<Entry> out;
    for (const auto& [key, elem] : m_) out.push_back({from_key(key), elem});
    return out;
  }
  std::optional<Entry> iter_begin(int slot, const std::optional<IterStart>&) override {
    Iteration& it = iters_[slot];
    it.snapshot.clear();
    for (const auto& [key, elem] : m_) it.snapshot.push_back({key, elem});
    it.pos = 0;
    it.generation = generation_;
    return advance(it);
  }
  std::optional<Entry> iter_next(int slot) override { return advance(iters_[slot]); }

 private:
  struct Iteration {
    std::vector<std::pair<Key, Value>> snapshot;
    size_t pos = 0;
    uint64_t generation = 0;
  };

  static Key k(const Value& v) { return to_key(v, static_cast<Key*>(nullptr)); }
  // Go's panic, raised as the port raises it.
  [[noreturn]] static void panic_nil_map() { throw Panic("assignment to entry in nil map"); }

  std::optional<Entry> advance(Iteration& it) {
    while (it.pos < it.snapshot.size()) {
      const auto& [key, elem] = it.snapshot[it.pos++];
      if (!self_equal(key)) {
        if (it.generation == generation_) return Entry{from_key(key), elem};
        continue;
      }
      auto found = m_.find(key);
      if (found != m_.end()) return Entry{from_key(found->first), found->second};
    }
    return std::nullopt;
  }

  Header header_;
  bool nil_;
  MapT<Key> m_;
  uint64_t generation_ = 0;
  Iteration iters_[kMaxIterations];
};

// Instantiates the subject for the header's key kind.
template <template <class> class MapT>
std::unique_ptr<Subject> make_container_subject(const Header& h) {
  switch (h.key) {
    case Kind::kInt64: return std::make_unique<ContainerSubject<MapT, int64_t>>(h);
    case Kind::kFloat64: return std::make_unique<ContainerSubject<MapT, double>>(h);
    case Kind::kString: return std::make_unique<ContainerSubject<MapT, std::string>>(h);
    case Kind::kBig: return std::make_unique<ContainerSubject<MapT, Big>>(h);
  }
  return nullptr;
}

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_SUBJECTS_CONTAINER_H_
