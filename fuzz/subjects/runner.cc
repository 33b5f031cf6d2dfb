#include "subjects/runner.h"

#include <string>

#include "gomap/fatal.h"

namespace gomap::harness {

std::optional<ParseError> check_capabilities(const Program& p, const Capabilities& caps,
                                             std::string_view engine) {
  for (const Op& op : p.ops) {
    if (op.code == OpCode::kLayout && !caps.layout)
      return ParseError{op.line, "engine " + std::string(engine) + " has no layout to print"};
    if (op.code == OpCode::kIter && op.start && !caps.fixed_iter_start)
      return ParseError{op.line, "engine " + std::string(engine) +
                                     " cannot start an iteration at a given bucket"};
  }
  return std::nullopt;
}

bool Runner::step() {
  if (stopped_ || next_ >= program_.ops.size()) return false;
  const Op& op = program_.ops[next_++];
  reached_.reset();
  // Only the fields of the observation's kind are meaningful: resetting the
  // kind is enough, and keeps the others' storage for the next statement.
  observed_.kind = Observation::Kind::kNothing;
  try {
    execute(op);
  } catch (const Panic& e) {
    observed_.kind = Observation::Kind::kPanic;
    observed_.text = e.what();
    outcome_ = Outcome::kPanicked;
    stopped_ = true;
  } catch (const FatalError& e) {
    observed_.kind = Observation::Kind::kFatal;
    observed_.text = e.what();
    outcome_ = Outcome::kFatal;
    stopped_ = true;
  }
  return true;
}

void Runner::execute(const Op& op) {
  using K = Observation::Kind;
  Subject& s = subject_;
  Observation& o = observed_;
  switch (op.code) {
    case OpCode::kSet: s.set(op.key, op.elem); break;
    case OpCode::kAdd: s.add(op.key, op.elem.i); break;
    case OpCode::kGet:
      o.kind = K::kGet;
      o.key = op.key;
      o.found = s.get(op.key);
      break;
    case OpCode::kDel: s.del(op.key); break;
    case OpCode::kLen:
      o.kind = K::kLen;
      o.len = s.len();
      break;
    case OpCode::kClear: s.clear(); break;
    case OpCode::kDump:
      o.kind = K::kDump;
      o.entries = s.entries();
      break;
    case OpCode::kIter: {
      IterState& it = iters_[op.iteration];
      it.current = s.iter_begin(op.iteration, op.start);
      it.first_pending = true;
      reached_ = Reached{op.iteration, it.current};
      break;
    }
    case OpCode::kNext: {
      IterState& it = iters_[op.iteration];
      if (it.first_pending) {
        it.first_pending = false;
      } else if (it.current) {
        it.current = s.iter_next(op.iteration);
        reached_ = Reached{op.iteration, it.current};
      }
      o.kind = K::kNext;
      o.next = it.current;
      break;
    }
    case OpCode::kLayout:
      o.kind = K::kLayout;
      o.text = s.layout();
      break;
    // The collector's steps are the collector's, not a subject's (Lockstep
    // runs them); a resume is the scheduler's.
    case OpCode::kGc:
    case OpCode::kResume: break;
  }
}

Outcome run_program(const Program& p, Subject& s, std::ostream& out) {
  Runner runner(p, s);
  while (runner.step()) out << print_observation(runner.observed(), p.header.elem);
  return runner.outcome();
}

}  // namespace gomap::harness
