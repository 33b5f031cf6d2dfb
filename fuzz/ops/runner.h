// Runs a program on a subject and prints its trace, exactly as the op-script
// spec says: the one printer of traces, for every engine.
#ifndef GOMAP_FUZZ_OPS_RUNNER_H_
#define GOMAP_FUZZ_OPS_RUNNER_H_

#include <optional>
#include <ostream>
#include <string_view>

#include "program.h"
#include "script.h"
#include "subject.h"

namespace gomap::ops {

// The first statement the engine cannot run, as a script error.
std::optional<ParseError> check_capabilities(const Program& program, const Capabilities& caps,
                                             std::string_view engine);

enum class Outcome {
  kCompleted,
  kPanicked,  // printed `panic: ...`; the script stopped
  kFatal,     // printed `fatal error: ...`; the script stopped
};

// Runs a program one statement at a time, so that a caller can check the
// subject between statements. After a statement that stopped the script
// (a panic or a fatal error) the runner runs nothing more.
class Runner {
 public:
  Runner(const Program& program, Subject& subject, std::ostream& out)
      : program_(program), subject_(subject), out_(out) {}

  // Runs the next statement; false once the script is over or stopped.
  bool step();
  // The statement step() ran last.
  const Op& last() const { return program_.ops[next_ - 1]; }

  // What the last step's iteration reached: an `iter`, or a `next` that
  // advanced, reached an entry (copied then) or the end. Empty when the
  // last step reached nothing (any other statement, a `next` printing the
  // entry its `iter` reached, a `next` after the end).
  struct Reached {
    int iteration = 0;
    std::optional<Entry> entry;  // nullopt: the end
  };
  const std::optional<Reached>& reached() const { return reached_; }
  Outcome outcome() const { return outcome_; }

 private:
  void execute(const Op& op);

  // Where each iteration stands: `iter` reaches and copies the first entry,
  // the first `next` prints it, later ones advance first.
  struct IterState {
    bool first_pending = false;
    std::optional<Entry> current;
  };

  const Program& program_;
  Subject& subject_;
  std::ostream& out_;
  size_t next_ = 0;
  Outcome outcome_ = Outcome::kCompleted;
  bool stopped_ = false;
  IterState iters_[kMaxIterations];
  std::optional<Reached> reached_;
};

// Runs the whole program. A gomap::FatalError reaching the runner (the fatal
// handler returned) ends the run as kFatal.
Outcome run_program(const Program& program, Subject& subject, std::ostream& out);

}  // namespace gomap::ops

#endif  // GOMAP_FUZZ_OPS_RUNNER_H_
