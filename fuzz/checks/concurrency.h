// Concurrent-write detection, made exact. Go's map has no locks: a writer
// sets hashWriting (by xor, after hashing) and checks it again before it
// clears it; readers and iterators check it; a conflict is one of three
// fatal errors. A program of the concurrency extension (docs/op-script.md)
// says which goroutine runs each statement and where it is switched out;
// the Scheduler runs it on the port, each goroutine a thread, exactly one
// running at a time (a baton handed over at the runtime's yield points), so
// an input replays the same interleaving every time, under any sanitizer.
// FlagModel then says, from that interleaving alone, which fatal error Go's
// protocol raises, in which goroutine and at which statement, or that none
// does; check_concurrent holds the port to it.
#ifndef GOMAP_FUZZ_CHECKS_CONCURRENCY_H_
#define GOMAP_FUZZ_CHECKS_CONCURRENCY_H_

#include <optional>
#include <string>
#include <vector>

#include "oplang/program.h"
#include "oplang/trace.h"
#include "subjects/port.h"
#include "subjects/runner.h"

namespace gomap::harness {

// One stretch of a goroutine's run: a statement started, or a switched-out
// one resumed, until it was switched out again or ended.
struct Slice {
  size_t op = 0;  // the program's statement that made the slice
  int goroutine = 0;
  size_t statement = 0;  // the statement run: its index in the program
  bool resumed = false;  // went on with a switched-out statement
  enum class End : uint8_t { kSwitchedOut, kCompleted, kPanicked, kFatal };
  End end = End::kCompleted;
  SwitchPoint at = SwitchPoint::kWriteBegun;  // kSwitchedOut: where
  Observation observed;                       // kCompleted, kPanicked, kFatal
  std::optional<Runner::Reached> reached;     // kCompleted: the iteration's
};

struct Interleaving {
  std::vector<Slice> slices;
};

// Runs a program of the concurrency extension on port. At the end of the
// program every goroutine still switched out goes on to the end of its
// statement, lowest first; a panic or a fatal error ends the run, and the
// statements still switched out are abandoned (Go's process would be gone).
Interleaving run_interleaved(const Program& program, PortSubject& port);

// What Go's flag protocol makes of an interleaving, computed from it alone
// (which goroutine ran, from where to where): the fatal error Go raises and
// in which slice, or none; or the first thing the port did that Go's code
// cannot (a problem).
struct ModelResult {
  bool fatal = false;
  size_t fatal_slice = 0;
  std::string message;
  std::string problem;
  std::vector<size_t> effects;  // statements whose writes took effect, in order
  // Two writes overlapped (a writer set hashWriting while another held it):
  // Go's map is in no defined state from there, so the run stops unless
  // the writer that must meet its failing check is the one to go on.
  bool undefined = false;
};
ModelResult flag_model(const Program& program, const Interleaving& run);

// The concurrent target's check: the port's fatal errors are exactly the
// model's, and when none fires, the map holds what the completed writes
// leave in the order they took effect (checked on absl).
std::optional<std::string> check_concurrent(const Program& program);

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_CHECKS_CONCURRENCY_H_
