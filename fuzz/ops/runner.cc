#include "runner.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gomap/fatal.h"

namespace gomap::ops {

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

namespace {

std::string entry_line(const Entry& e) {
  return format_value(e.key) + " = " + format_value(e.elem);
}

}  // namespace

bool Runner::step() {
  if (stopped_ || next_ >= program_.ops.size()) return false;
  const Op& op = program_.ops[next_++];
  reached_.reset();
  try {
    execute(op);
  } catch (const Panic& e) {
    out_ << "panic: " << e.what() << "\n";
    outcome_ = Outcome::kPanicked;
    stopped_ = true;
  } catch (const FatalError& e) {
    out_ << "fatal error: " << e.what() << "\n";
    outcome_ = Outcome::kFatal;
    stopped_ = true;
  }
  return true;
}

void Runner::execute(const Op& op) {
  Subject& s = subject_;
  std::ostream& out = out_;
  switch (op.code) {
    case OpCode::kSet: s.set(op.key, op.elem); break;
    case OpCode::kAdd: s.add(op.key, op.elem.i); break;
    case OpCode::kGet: {
      std::optional<Value> v = s.get(op.key);
      out << "get " << format_value(op.key) << " = "
          << format_value(v ? *v : Value::zero(program_.header.elem)) << (v ? " true\n" : " false\n");
      break;
    }
    case OpCode::kDel: s.del(op.key); break;
    case OpCode::kLen: out << "len " << s.len() << "\n"; break;
    case OpCode::kClear: s.clear(); break;
    case OpCode::kDump: {
      std::vector<std::string> lines;
      for (const Entry& e : s.entries()) lines.push_back("  " + entry_line(e));
      std::sort(lines.begin(), lines.end());
      out << "dump " << lines.size() << "\n";
      for (const std::string& l : lines) out << l << "\n";
      break;
    }
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
      out << "next " << (it.current ? entry_line(*it.current) : "end") << "\n";
      break;
    }
    case OpCode::kLayout: s.layout(out); break;
  }
}

Outcome run_program(const Program& p, Subject& s, std::ostream& out) {
  Runner runner(p, s, out);
  while (runner.step()) {
  }
  return runner.outcome();
}

}  // namespace gomap::ops
