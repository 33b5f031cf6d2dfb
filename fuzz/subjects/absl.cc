// Reference: Abseil's absl::flat_hash_map (Swiss table).

#include "absl/container/flat_hash_map.h"
#include "subjects/container.h"

namespace gomap::harness {
template <typename H>
H AbslHashValue(H h, const Big& b) {
  return H::combine_contiguous(std::move(h), b.w, 18);
}

namespace {
template <class Key>
using AbslMap = absl::flat_hash_map<Key, Value>;
}  // namespace

std::unique_ptr<Subject> make_absl_subject(const Header& header) {
  return make_container_subject<AbslMap>(header);
}

}  // namespace gomap::harness
