// The harness's checks: one stepping loop (Lockstep, run_checks) that runs a
// program on the port, and on the references when asked, one statement at a
// time; and per-statement checks, each one function, that the fuzz targets
// and the properties combine. A check returns the first problem it sees,
// described, or nullopt.
#ifndef GOMAP_FUZZ_CHECKS_CHECKS_H_
#define GOMAP_FUZZ_CHECKS_CHECKS_H_

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gomap/gc_heap.h"
#include "gomap/testing.h"
#include "gomap/yield.h"
#include "oplang/program.h"
#include "oplang/trace.h"
#include "subjects/port.h"
#include "subjects/runner.h"

namespace gomap::harness {

// What a check sees of one statement.
struct Step {
  const Op& op;
  const Observation& port;                   // what the port observed
  std::span<const Observation* const> refs;  // what each reference observed (none without them)
  const std::optional<Runner::Reached>& reached;  // the port's iteration
  const HeaderView& before;                       // the port's map before the statement
  const HeaderView& after;                        // and after it
  int grows_started;  // hashGrow calls during the statement (YieldPoint::kGrowStarted)
  PortSubject& subject;
};

using Check = std::function<std::optional<std::string>(const Step&)>;

enum class References { kNone, kAbslAndStd };

// Makes a run repeatable before it starts: this thread's runtime randomness
// reseeded, and fatal errors raised as gomap::FatalError for the runner to
// observe instead of aborting the process.
void repeatable_run();

// Runs a program on the port and, with references, on absl::flat_hash_map
// and std::unordered_map, statement by statement. The runtime's own random
// choices (an unfixed iteration start, NaN hashes, the seed of a map
// without one) repeat for the same program, so that a finding replays, and
// fatal errors reach the runner as exceptions instead of aborting. It owns
// the yield hook while it lives (one Lockstep at a time). With `gc` in the
// header it runs the program's collector steps on the port's collecting
// heap: `gc STEP` statements before the port's step, and a statement's
// `gc STEP at POINT#N` when the statement reaches that point the N-th time.
class Lockstep {
 public:
  Lockstep(const Program& program, References references);
  ~Lockstep();

  // Runs the next statement everywhere; false once the program is over or
  // the port stopped (a panic or a fatal error).
  bool step();
  Step last();
  PortSubject& port() { return *port_; }

 private:
  static void yield_hook(YieldPoint point, const hmap* h, void* self);

  const Program& program_;
  size_t next_ = 0;
  const GcAt* gc_at_ = nullptr;  // the running statement's placed collector step
  int arrivals_ = 0;             // at gc_at_'s point, so far in the statement
  std::unique_ptr<PortSubject> port_;
  std::vector<std::unique_ptr<Subject>> refs_;
  std::unique_ptr<Runner> port_run_;
  std::vector<Runner> ref_runs_;
  std::vector<const Observation*> ref_seen_;
  HeaderView before_, after_;
  int grows_started_ = 0;
};

// The loop every check runs in: steps until the end and runs each check
// after each statement; the first problem comes back prefixed with the
// statement it followed.
std::optional<std::string> run_checks(Lockstep& run, const std::vector<Check>& checks);

// The port's invariant checker (internal/hmap.h's catalogue, I1-I10).
Check invariants();
// I11: Go's rule for when a grow starts and of which kind.
Check growth_rule();
// Every observation of the port equals absl's and std's (values compared,
// a zero float key's sign by Go's needkeyupdate rule rather than the
// references'); iteration order is not compared.
Check same_as_references();
// Go's iteration rules (IterationModel), and every lookup against the model.
Check iteration_rules();
// The collecting heap's checks (GC1-GC7, gomap/gc_heap.h) found nothing.
Check collector_agrees();

// Runs one collector step.
void run_gc_step(CollectingHeap& heap, const GcStep& step);

// The fuzz targets' checks: what each runs on one program.
std::optional<std::string> check_differential(const Program& program);
std::optional<std::string> check_iteration(const Program& program);
// Arbitrary text through the op-script parser: never a crash; a parsed
// program prints as a script that parses back to the same program.
std::optional<std::string> check_script(std::string_view text);
// The program on absl and std only, nothing checked: the cost yardstick.
std::optional<std::string> run_baseline(const Program& program);
// The collector extension: every observation against absl and std, the
// invariants, the collector's checks after every statement, and at the end
// no leak: with growth done and two full cycles run, the heap holds exactly
// what the map uses (by its own account), and once the map is freed,
// nothing.
std::optional<std::string> check_gc(const Program& program);

// go_diff: the program printed as an op-script and run on the port and on
// an engine in another process (docs/engines.md: the Go 1.19 oracle unless
// $GOMAP_ORACLE names another), the two traces compared line for line,
// layout dumps included.
std::optional<std::string> check_go_diff(const Program& program);
// Starts go_diff's engine once a process: $GOMAP_ORACLE (a command line),
// or `gooracle --serve` beside this binary; without one, or when it does not
// start, says why and exits with status 2.
void start_go_diff_engine();

// "line L `statement`: " for a problem found after op.
std::string at_statement(const Op& op);

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_CHECKS_CHECKS_H_
