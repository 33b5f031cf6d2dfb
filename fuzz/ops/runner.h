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

// A gomap::FatalError reaching the runner (the fatal handler returned) ends
// the run as kFatal.
Outcome run_program(const Program& program, Subject& subject, std::ostream& out);

}  // namespace gomap::ops

#endif  // GOMAP_FUZZ_OPS_RUNNER_H_
