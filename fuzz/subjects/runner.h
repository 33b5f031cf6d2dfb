// Runs a program on a subject, one statement at a time, and says what each
// statement observed (oplang/trace.h); run_program prints the whole trace.
#ifndef GOMAP_FUZZ_SUBJECTS_RUNNER_H_
#define GOMAP_FUZZ_SUBJECTS_RUNNER_H_

#include <optional>
#include <ostream>
#include <string_view>

#include "oplang/program.h"
#include "oplang/script.h"
#include "oplang/trace.h"
#include "subjects/subject.h"

namespace gomap::harness {

// The first statement the subject cannot run, as a script error.
std::optional<ParseError> check_capabilities(const Program& program, const Capabilities& caps,
                                             std::string_view engine);

enum class Outcome {
  kCompleted,
  kPanicked,  // a panic stopped the script
  kFatal,     // a fatal error stopped the script
};

// After a statement that stopped the script (a panic or a fatal error) the
// runner runs nothing more.
class Runner {
 public:
  Runner(const Program& program, Subject& subject) : program_(program), subject_(subject) {}

  // Runs the next statement; false once the script is over or stopped.
  bool step();
  // The statement step() ran last, and what it observed.
  const Op& last() const { return program_.ops[next_ - 1]; }
  const Observation& observed() const { return observed_; }

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
  size_t next_ = 0;
  Outcome outcome_ = Outcome::kCompleted;
  bool stopped_ = false;
  IterState iters_[kMaxIterations];
  std::optional<Reached> reached_;
  Observation observed_;
};

// Runs the whole program and prints its trace.
Outcome run_program(const Program& program, Subject& subject, std::ostream& out);

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_SUBJECTS_RUNNER_H_
