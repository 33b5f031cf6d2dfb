#include "check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "container_subject.h"
#include "gomap/internal/fastrand.h"
#include "iter_model.h"
#include "port_subject.h"
#include "runner.h"
#include "script.h"

namespace gomap::ops {
namespace {

// Go stores the key of the latest assignment (needkeyupdate), the
// references keep the first: a dump's zero float key is compared without
// its sign (and so in sorted order again), and its sign is checked against
// Go's rule separately.
std::string without_zero_sign(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  -0 = ", 0) == 0) line.erase(2, 1);
    lines.push_back(line);
  }
  if (!lines.empty() && lines[0].rfind("dump ", 0) == 0) std::sort(lines.begin() + 1, lines.end());
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::string at_statement(const Op& op) {
  return "line " + std::to_string(op.line) + " `" + print_op(op) + "`: ";
}

// Catches the runtime's fatal errors as exceptions (the check reports them).
struct FatalAsException {
  FatalAsException() { set_fatal_handler([](const char*) {}); }
};

// The runtime's own random choices (an iteration's start, NaN hashes, the
// seed of a map without one) repeat for the same input, so that a crash
// replays.
void repeatable_randomness() { seed_fastrand(0x9e3779b97f4a7c15ull); }

}  // namespace

namespace {

// What one statement printed on the port, absl and std: the first difference.
// zero_negative: the sign Go's rule gives a stored zero float key, if any.
std::optional<std::string> compare_printed(const Program& p, const Op& op, const std::string& port,
                                           const std::string& absl, const std::string& std_,
                                           std::optional<bool> zero_negative) {
  bool zero_keys = p.header.key == Kind::kFloat64 && op.code == OpCode::kDump;
  if (zero_keys ? without_zero_sign(port) != without_zero_sign(absl) : port != absl)
    return at_statement(op) + "port printed\n" + port + "absl printed\n" + absl;
  if (absl != std_) return at_statement(op) + "absl printed\n" + absl + "std printed\n" + std_;
  if (zero_keys && zero_negative) {
    bool shows_negative = port.find("\n  -0 = ") != std::string::npos;
    if (shows_negative != *zero_negative)
      return at_statement(op) + "the stored zero key is " + (shows_negative ? "-0" : "0") +
             " but the last assignment used " + (*zero_negative ? "-0" : "0") +
             " (needkeyupdate)";
  }
  return std::nullopt;
}

// The growth state of the port's map around one statement.
struct GrowthState {
  bool nil = true;
  int64_t count = 0;
  uint8_t B = 0;
  uint16_t noverflow = 0;
  bool growing = false;
  uint64_t grows = 0;
};

GrowthState growth_state(const PortSubject& port) {
  const hmap* h = port.map();
  if (h == nullptr) return {};
  return {false, h->count, h->B, h->noverflow, h->growing(), h->grows};
}

// Go's rule for starting a grow, from its constants (not the runtime's
// functions): an insert of a new key into a map that is not growing doubles
// it when count+1 > 8 and count+1 > 6.5 * 2^B, or else grows it at the same
// size when noverflow >= 2^min(B, 15); no other statement starts a grow.
// An insert into a growing map first evacuates, which may finish the grow,
// and then the same rule applies to the state of that moment (not seen
// here): there only an insert may start a grow, doubling iff overloaded.
std::optional<std::string> check_growth_rule(const Op& op, const GrowthState& a,
                                             const GrowthState& b) {
  if (a.nil) return std::nullopt;
  bool inserted = (op.code == OpCode::kSet || op.code == OpCode::kAdd) && b.count > a.count;
  uint64_t next = static_cast<uint64_t>(a.count) + 1;
  bool overloaded = next > 8 && next * 2 > 13 * (uint64_t{1} << a.B);
  bool overflowing = a.noverflow >= (uint32_t{1} << std::min<int>(a.B, 15));
  bool started = b.grows != a.grows;
  auto broken = [&](const std::string& what) {
    return at_statement(op) + what + " at count " + std::to_string(a.count) + ", B=" +
           std::to_string(a.B) + ", noverflow " + std::to_string(a.noverflow) +
           (a.growing ? " (growing)" : "") + (inserted ? ", inserting a new key" : "") +
           "; Go's rule says otherwise";
  };
  if (started && !inserted) return broken("a grow started");
  if (!a.growing && started != (inserted && (overloaded || overflowing)))
    return broken(started ? "a grow started" : "no grow started");
  if (started && b.B != a.B + (overloaded ? 1 : 0))
    return broken("a grow went to B=" + std::to_string(b.B));
  return std::nullopt;
}

std::string take(std::ostringstream& out) {
  std::string s = out.str();
  out.str("");
  return s;
}

}  // namespace

std::optional<std::string> check_differential(const Program& p) {
  static FatalAsException fatal_as_exception;
  repeatable_randomness();
  PortSubject port(p.header);
  Header ref_header = p.header;
  ref_header.weak_hash = WeakHash::kNone;
  auto absl = make_absl_subject(ref_header);
  auto std_ = make_std_subject(ref_header);
  std::ostringstream out_port, out_absl, out_std;
  Runner run_port(p, port, out_port), run_absl(p, *absl, out_absl), run_std(p, *std_, out_std);
  // The sign of a zero float key as Go's rule has it: the last assignment's.
  std::optional<bool> zero_negative;
  GrowthState before = growth_state(port);
  while (run_port.step()) {
    GrowthState after = growth_state(port);
    if (auto broken = check_growth_rule(run_port.last(), before, after)) return broken;
    before = after;
    run_absl.step();
    run_std.step();
    const Op& op = run_port.last();
    if (out_port.tellp() > 0 || out_absl.tellp() > 0 || out_std.tellp() > 0) {
      if (auto diff = compare_printed(p, op, take(out_port), take(out_absl), take(out_std),
                                      zero_negative))
        return diff;
    }
    if (std::optional<std::string> bad = port.check()) return at_statement(op) + "invariant: " + *bad;
    bool zero_key = op.key.kind == Kind::kFloat64 && op.key.f == 0;
    if (zero_key && (op.code == OpCode::kSet || op.code == OpCode::kAdd) && port.map())
      zero_negative = std::signbit(op.key.f);
    if ((zero_key && op.code == OpCode::kDel) || op.code == OpCode::kClear) zero_negative.reset();
  }
  return std::nullopt;
}

std::optional<std::string> check_iteration(const Program& p) {
  static FatalAsException fatal_as_exception;
  repeatable_randomness();
  PortSubject port(p.header);
  std::ostringstream sink;
  Runner runner(p, port, sink);
  IterationModel model;
  GrowthState before = growth_state(port);
  while (runner.step()) {
    sink.str("");
    const Op& op = runner.last();
    GrowthState after = growth_state(port);
    if (auto broken = check_growth_rule(op, before, after)) return broken;
    before = after;
    if (std::optional<std::string> broken = model.after(op, runner.reached()))
      return at_statement(op) + *broken;
    if (std::optional<std::string> bad = port.check()) return at_statement(op) + "invariant: " + *bad;
    if (op.code == OpCode::kGet) {
      std::optional<Value> got = port.get(op.key);
      std::optional<Value> want = model.lookup(op.key);
      if (got.has_value() != want.has_value() || (got && !same_value(*got, *want)))
        return at_statement(op) + "lookup returned " + (got ? format_value(*got) : "nothing") +
               ", the model has " + (want ? format_value(*want) : "nothing");
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_script(std::string_view text) {
  auto parsed = parse_script(text);
  if (std::holds_alternative<ParseError>(parsed)) {
    const ParseError& e = std::get<ParseError>(parsed);
    if (e.line < 1) return "a parse error with line " + std::to_string(e.line);
    return std::nullopt;
  }
  const Program& p = std::get<Program>(parsed);
  std::string printed = print_script(p);
  auto again = parse_script(printed);
  if (auto* e = std::get_if<ParseError>(&again))
    return "the printed program does not parse (line " + std::to_string(e->line) + ": " +
           e->message + "):\n" + printed;
  if (!same_program(p, std::get<Program>(again)))
    return "the printed program parses to a different program:\n" + printed;
  if (print_script(std::get<Program>(again)) != printed) return "printing is not stable:\n" + printed;
  return std::nullopt;
}

void run_baseline(const Program& p) {
  auto absl = make_absl_subject(p.header);
  auto std_ = make_std_subject(p.header);
  std::ostringstream sink;
  run_program(p, *absl, sink);
  sink.str("");
  run_program(p, *std_, sink);
}

namespace {
std::optional<std::string> baseline_check(const Program& p) {
  run_baseline(p);
  return std::nullopt;
}
}  // namespace

const std::vector<TargetSpec>& all_targets() {
  static const std::vector<TargetSpec> targets = {
      {"diff_int64", {Kind::kInt64, Kind::kInt64}, false, &check_differential},
      {"diff_string", {Kind::kString, Kind::kString}, false, &check_differential},
      {"diff_float64", {Kind::kFloat64, Kind::kInt64}, false, &check_differential},
      {"diff_big", {Kind::kBig, Kind::kBig}, false, &check_differential},
      {"diff_ptr", {Kind::kInt64, Kind::kString}, false, &check_differential},
      {"iter", {Kind::kInt64, Kind::kInt64, /*iterations=*/true}, false, &check_iteration},
      {"iter_float64", {Kind::kFloat64, Kind::kInt64, /*iterations=*/true}, false, &check_iteration},
      {"script", {}, /*text_input=*/true, nullptr},
      {"baseline", {Kind::kInt64, Kind::kInt64, false, true, /*weak_hashes=*/false}, false,
       &baseline_check},
  };
  return targets;
}

const TargetSpec* find_target(std::string_view name) {
  for (const TargetSpec& t : all_targets())
    if (t.name == name) return &t;
  return nullptr;
}

void report(const Program& p, const std::string& problem) {
  std::fprintf(stderr, "==== gomap: %s\n==== the input as an op-script:\n%s==== end\n",
               problem.c_str(), print_script(p).c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace gomap::ops
