// The op language: one typed program of map operations. The op-script
// parser and printer (script.h), the fuzzers' byte codec (codec.h) and every
// subject speak it; docs/op-script.md says what each statement means.
#ifndef GOMAP_FUZZ_OPLANG_PROGRAM_H_
#define GOMAP_FUZZ_OPLANG_PROGRAM_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "oplang/value.h"

namespace gomap::harness {

inline constexpr int kMaxIterations = 8;

// The process-wide key of Go's portable memhash, and the op-script's default
// for it (each word odd, as Go forces them).
using HashKey = std::array<uint64_t, 4>;
inline constexpr HashKey kDefaultHashKey = {0x243f6a8885a308d3ull, 0x13198a2e03707345ull,
                                            0xa4093822299f31d1ull, 0x082efa98ec4e6c89ull};

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

// The concurrency extension (`goroutines=N` in the header): up to four
// logical goroutines share the map; each statement names the goroutine that
// runs it, and may be switched out at a named point inside the runtime
// (`until POINT`), to go on at that goroutine's next `resume`.
inline constexpr int kMaxGoroutines = 4;

// The runtime's yield points, as the extension names them (docs/op-script.md).
enum class SwitchPoint : uint8_t {
  kWriteHashing,
  kWriteBegun,
  kGrowStarted,
  kBetweenEvacuations,
  kEvacuateEntry,
  kOverflowLinked,
  kClearEmptied,
  kWriteEnding,
  kAccessChecked,
  kIterInit,
  kIterStep,
};
inline constexpr int kSwitchPoints = static_cast<int>(SwitchPoint::kIterStep) + 1;
std::string_view switch_point_name(SwitchPoint p);
std::optional<SwitchPoint> switch_point_from_name(std::string_view name);

// Switch out at the occurrence-th time (from 1) the statement reaches point
// in this stretch of its run.
struct Until {
  SwitchPoint point = SwitchPoint::kWriteBegun;
  int occurrence = 1;
};

// The collector extension (`gc` in the header): the port's map lives on a
// collecting heap (gomap/gc_heap.h), and the script places collector work
// between statements (`gc STEP`) and inside them (`STATEMENT gc STEP at
// POINT[#N]`).
enum class GcAction : uint8_t {
  kStart,   // start a cycle: roots grey, the write barrier on
  kMark,    // mark up to `units` units of work
  kFinish,  // finish the cycle: drain, verify, check, sweep
  kCycle,   // a whole cycle at once
};
inline constexpr int kMaxMarkUnits = 1 << 20;
struct GcStep {
  GcAction action = GcAction::kCycle;
  int units = 0;  // kMark only: 1 to kMaxMarkUnits
};
struct GcAt {
  GcStep step;
  Until at;  // the occurrence-th time the statement reaches the point
};

struct Header {
  Kind key = Kind::kInt64;
  Kind elem = Kind::kInt64;
  bool nil = false;
  int64_t hint = 0;
  std::optional<uint32_t> seed;
  HashKey hashkey = kDefaultHashKey;
  WeakHash weak_hash = WeakHash::kNone;
  int goroutines = 0;  // 0: an ordinary script; 2 to kMaxGoroutines: the extension
  bool gc = false;     // the collector extension
};

std::string_view weak_hash_name(WeakHash w);

enum class OpCode : uint8_t {
  kSet,
  kAdd,
  kGet,
  kDel,
  kLen,
  kClear,
  kDump,
  kIter,
  kNext,
  kLayout,
  kResume,  // the concurrency extension: go on with a switched-out statement
  kGc,      // the collector extension: a collector step between statements
};

struct IterStart {
  uint64_t start = 0;
  uint64_t offset = 0;
};

struct Op {
  OpCode code = OpCode::kLen;
  Value key;                       // set, add, get, del
  Value elem;                      // set; add's increment as an int64
  int iteration = 0;               // iter, next: which of the open iterations
  std::optional<IterStart> start;  // iter: a fixed first bucket and offset
  int goroutine = 0;               // the goroutine that runs it (the extension)
  std::optional<Until> until;      // where it is switched out (the extension)
  GcStep gc;                       // gc: the step
  std::optional<GcAt> gc_at;       // collector work inside the statement (the extension)
  int line = 0;                    // the source line, 0 if not parsed from text
};

struct Program {
  Header header;
  std::vector<Op> ops;
};

// Equal as programs: same header and statements (values by same_value;
// source lines are not compared).
bool same_program(const Program& a, const Program& b);

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_OPLANG_PROGRAM_H_
