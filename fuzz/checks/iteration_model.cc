#include "checks/iteration_model.h"

#include <cmath>

namespace gomap::harness {
namespace {

bool is_nan(const Value& v) { return v.kind == Kind::kFloat64 && std::isnan(v.f); }

}  // namespace

std::optional<Value> IterationModel::lookup(const Value& key) const {
  if (is_nan(key)) return std::nullopt;
  auto it = contents_.find(key);
  if (it == contents_.end()) return std::nullopt;
  return it->second;
}

void IterationModel::add_nan() {
  nans_++;
  for (Iteration& it : iters_) it.nans_existed++;
}

void IterationModel::erase(const Value& key) {
  contents_.erase(key);
  for (Iteration& it : iters_) {
    it.throughout.erase(key);
    it.produced.erase(key);
  }
}

std::optional<std::string> IterationModel::after(const Op& op,
                                                 const std::optional<Runner::Reached>& reached) {
  switch (op.code) {
    case OpCode::kSet:
      if (is_nan(op.key)) {
        add_nan();
      } else {
        contents_.insert_or_assign(op.key, op.elem);
      }
      break;
    case OpCode::kAdd:
      if (is_nan(op.key)) {
        add_nan();
      } else {
        auto [it, fresh] = contents_.try_emplace(op.key, Value::int64(0));
        it->second.i = static_cast<int64_t>(static_cast<uint64_t>(it->second.i) +
                                            static_cast<uint64_t>(op.elem.i));
      }
      break;
    case OpCode::kDel:
      if (!is_nan(op.key)) erase(op.key);
      break;
    case OpCode::kClear: {
      std::map<Value, Value, KeyOrder> gone;
      gone.swap(contents_);
      for (const auto& kv : gone) erase(kv.first);
      nans_ = 0;
      for (Iteration& it : iters_) {
        it.nans_throughout = 0;
        it.cleared = true;
      }
      break;
    }
    case OpCode::kIter: {
      Iteration& it = iters_[op.iteration];
      it = Iteration{};
      for (const auto& kv : contents_) it.throughout.insert(kv.first);
      it.nans_throughout = nans_;
      it.nans_existed = nans_;
      break;
    }
    default: break;
  }
  if (reached) return reach(reached->iteration, reached->entry);
  return std::nullopt;
}

std::optional<std::string> IterationModel::reach(int slot, const std::optional<Entry>& entry) {
  Iteration& it = iters_[slot];
  std::string where = "iteration @" + std::to_string(slot) + ": ";
  if (!entry) {
    it.ended = true;
    if (!it.throughout.empty())
      return where + "ended without producing " + format_value(*it.throughout.begin()) +
             ", present for the whole iteration";
    if (it.nans_produced < it.nans_throughout)
      return where + "ended after " + std::to_string(it.nans_produced) + " of the " +
             std::to_string(it.nans_throughout) + " NaN entries present throughout";
    return std::nullopt;
  }
  if (it.ended) return where + "produced an entry after its end";
  if (is_nan(entry->key)) {
    if (++it.nans_produced > it.nans_existed)
      return where + "produced more NaN entries than existed during the iteration";
    return std::nullopt;
  }
  const Value& key = entry->key;
  std::string k = format_value(key);
  auto found = contents_.find(key);
  if (found == contents_.end()) return where + "produced " + k + ", which is not in the map";
  if (!it.produced.insert(key).second && !it.cleared) return where + "produced " + k + " twice";
  it.throughout.erase(key);
  if (!same_value(found->second, entry->elem))
    return where + "produced " + k + " = " + format_value(entry->elem) + " but its elem is " +
           format_value(found->second);
  return std::nullopt;
}

}  // namespace gomap::harness
