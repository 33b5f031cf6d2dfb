// Traces, typed: what one statement observed, as values. Checks compare
// observations; the printer turns them into the trace lines of
// docs/op-script.md, the one place where a trace becomes text.
#ifndef GOMAP_FUZZ_OPLANG_TRACE_H_
#define GOMAP_FUZZ_OPLANG_TRACE_H_

#include <optional>
#include <string>
#include <vector>

#include "oplang/program.h"
#include "oplang/value.h"

namespace gomap::harness {

struct Entry {
  Value key;
  Value elem;
};

// Only the fields that the kind names are meaningful.
struct Observation {
  enum class Kind : uint8_t {
    kNothing,  // a statement that prints nothing (set, del, clear, iter, ...)
    kGet,      // key, found (nullopt: absent)
    kLen,      // len
    kDump,     // entries, in no particular order
    kNext,     // next: the entry, or nullopt at the end
    kLayout,   // text: the layout lines, as the port prints them
    kPanic,    // text: Go's panic message; the script stopped
    kFatal,    // text: the fatal error's message; the script stopped
  };
  Kind kind = Kind::kNothing;
  Value key;
  std::optional<Value> found;
  int64_t len = 0;
  std::vector<Entry> entries;
  std::optional<Entry> next;
  std::string text;
};

// The trace lines of one observation. elem is the map's element kind (an
// absent key prints its zero value).
std::string print_observation(const Observation& o, Kind elem);

// A dump's entry line without the indent: `K = V`.
std::string entry_line(const Entry& e);

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_OPLANG_TRACE_H_
