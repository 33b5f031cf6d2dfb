// The op language: one typed program of map operations. The op-script
// parser and printer (script.h), the fuzzers' byte decoder and every engine
// speak it; see shared/spec/op-script.md for its meaning.
#ifndef GOMAP_FUZZ_OPS_PROGRAM_H_
#define GOMAP_FUZZ_OPS_PROGRAM_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "gomap/hash.h"
#include "value.h"

namespace gomap::ops {

inline constexpr int kMaxIterations = 8;

// A deliberately weak hash for the port (an extension of the op-script:
// `weakhash=const|bits|identity` in the header). The layout rules stay Go's;
// only the spread of keys over buckets and tophashes changes, so long
// overflow chains and colliding evacuations become common.
enum class WeakHash : uint8_t {
  kNone,
  kConst,     // every key hashes alike: one chain, one tophash
  kBits,      // the real hash keeping its two low bits and its top bit
  kIdentity,  // the key's first 8 bytes (its value, for int64 and big)
};

struct Header {
  Kind key = Kind::kInt64;
  Kind elem = Kind::kInt64;
  bool nil = false;
  int64_t hint = 0;
  std::optional<uint32_t> seed;
  HashKey hashkey = kDefaultHashKey;
  WeakHash weak_hash = WeakHash::kNone;
};

std::string_view weak_hash_name(WeakHash w);

enum class OpCode : uint8_t { kSet, kAdd, kGet, kDel, kLen, kClear, kDump, kIter, kNext, kLayout };

struct IterStart {
  uint64_t start = 0;
  uint64_t offset = 0;
};

struct Op {
  OpCode code = OpCode::kLen;
  Value key;                        // set, add, get, del
  Value elem;                       // set; add's increment as an int64
  int iteration = 0;                // iter, next: which of the open iterations
  std::optional<IterStart> start;  // iter: a fixed first bucket and offset
  int line = 0;                     // the source line, 0 if not parsed from text
};

struct Program {
  Header header;
  std::vector<Op> ops;
};

// Equal as programs: same header and statements (values by same_value;
// source lines are not compared).
bool same_program(const Program& a, const Program& b);

}  // namespace gomap::ops

#endif  // GOMAP_FUZZ_OPS_PROGRAM_H_
