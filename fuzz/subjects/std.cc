// Reference: the standard library's std::unordered_map.

#include <string_view>
#include <unordered_map>

#include "subjects/container.h"

namespace gomap::harness {
namespace {

template <class Key>
struct StdHash : std::hash<Key> {};
template <>
struct StdHash<Big> {
  size_t operator()(const Big& b) const {
    return std::hash<std::string_view>()(
        std::string_view(reinterpret_cast<const char*>(b.w), sizeof b.w));
  }
};

template <class Key>
using StdMap = std::unordered_map<Key, Value, StdHash<Key>>;

}  // namespace

std::unique_ptr<Subject> make_std_subject(const Header& header) {
  return make_container_subject<StdMap>(header);
}

}  // namespace gomap::harness
