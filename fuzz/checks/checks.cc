#include "checks/checks.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "checks/iteration_model.h"
#include "gomap/fatal.h"
#include "gomap/yield.h"
#include "oplang/script.h"

namespace gomap::harness {

std::string at_statement(const Op& op) {
  return "line " + std::to_string(op.line) + " `" + print_op(op) + "`: ";
}

void repeatable_run() {
  static const bool fatal_as_exception = [] {
    set_fatal_handler([](const char*) {});
    return true;
  }();
  (void)fatal_as_exception;
  seed_fastrand();
}

void run_gc_step(CollectingHeap& heap, const GcStep& step) {
  switch (step.action) {
    case GcAction::kStart: heap.start_cycle(); break;
    case GcAction::kMark: heap.mark(static_cast<size_t>(step.units)); break;
    case GcAction::kFinish: heap.finish_cycle(); break;
    case GcAction::kCycle:
      heap.finish_cycle();
      heap.collect();
      break;
  }
}

void Lockstep::yield_hook(YieldPoint point, const hmap*, void* self) {
  auto* run = static_cast<Lockstep*>(self);
  if (point == YieldPoint::kGrowStarted) run->grows_started_++;
  const GcAt* g = run->gc_at_;
  if (g && static_cast<int>(g->at.point) == static_cast<int>(point) &&
      ++run->arrivals_ == g->at.occurrence && run->port_->collector())
    run_gc_step(*run->port_->collector(), g->step);
}

Lockstep::Lockstep(const Program& p, References references) : program_(p) {
  repeatable_run();
  port_ = std::make_unique<PortSubject>(p.header);
  port_run_ = std::make_unique<Runner>(p, *port_);
  if (references == References::kAbslAndStd) {
    // The references ignore the port-only weak hash.
    Header h = p.header;
    h.weak_hash = WeakHash::kNone;
    refs_.push_back(make_absl_subject(h));
    refs_.push_back(make_std_subject(h));
    ref_runs_.reserve(refs_.size());
    for (auto& r : refs_) ref_runs_.emplace_back(p, *r);
    for (const Runner& r : ref_runs_) ref_seen_.push_back(&r.observed());
  }
  after_ = header_view(port_->map());
  set_yield_hook(&Lockstep::yield_hook, this);
}

Lockstep::~Lockstep() { set_yield_hook(nullptr, nullptr); }

bool Lockstep::step() {
  before_ = after_;
  grows_started_ = 0;
  gc_at_ = nullptr;
  arrivals_ = 0;
  if (next_ < program_.ops.size()) {
    const Op& op = program_.ops[next_];
    if (CollectingHeap* heap = port_->collector()) {
      if (op.code == OpCode::kGc) run_gc_step(*heap, op.gc);
      if (op.gc_at) gc_at_ = &*op.gc_at;
    }
  }
  if (!port_run_->step()) return false;
  next_++;
  gc_at_ = nullptr;
  after_ = header_view(port_->map());
  for (Runner& r : ref_runs_) r.step();
  return true;
}

Step Lockstep::last() {
  return Step{port_run_->last(), port_run_->observed(),
              ref_seen_,         port_run_->reached(),
              before_,           after_,
              grows_started_,    *port_};
}

std::optional<std::string> run_checks(Lockstep& run, const std::vector<Check>& checks) {
  while (run.step()) {
    Step s = run.last();
    for (const Check& c : checks)
      if (std::optional<std::string> problem = c(s)) return at_statement(s.op) + *problem;
  }
  return std::nullopt;
}

Check invariants() {
  return [](const Step& s) -> std::optional<std::string> {
    if (std::optional<std::string> bad = s.subject.check()) return "invariant " + *bad;
    return std::nullopt;
  };
}

// Go's rule, from its constants (not the runtime's functions): an insert of
// a new key into a map that is not growing doubles it when count+1 > 8 and
// count+1 > 6.5 * 2^B, or else grows it at the same size when noverflow >=
// 2^min(B, 15); no other statement starts a grow. An insert into a growing
// map first evacuates, which may finish the grow, and then the same rule
// applies to the state of that moment (not seen here): there only an insert
// may start a grow, doubling iff overloaded.
Check growth_rule() {
  return [](const Step& s) -> std::optional<std::string> {
    const HeaderView &a = s.before, &b = s.after;
    if (a.nil) return std::nullopt;
    bool inserted = (s.op.code == OpCode::kSet || s.op.code == OpCode::kAdd) && b.count > a.count;
    uint64_t next = static_cast<uint64_t>(a.count) + 1;
    bool overloaded = next > 8 && next * 2 > 13 * (uint64_t{1} << a.B);
    bool overflowing = a.noverflow >= (uint32_t{1} << std::min<int>(a.B, 15));
    bool a_growing = a.oldB >= 0;
    bool started = s.grows_started > 0;
    auto broken = [&](const std::string& what) {
      return "I11: " + what + " at count " + std::to_string(a.count) +
             ", B=" + std::to_string(a.B) + ", noverflow " + std::to_string(a.noverflow) +
             (a_growing ? " (growing)" : "") + (inserted ? ", inserting a new key" : "") +
             "; Go's rule says otherwise";
    };
    if (s.grows_started > 1) return broken(std::to_string(s.grows_started) + " grows started");
    if (started && !inserted) return broken("a grow started");
    if (!a_growing && started != (inserted && (overloaded || overflowing)))
      return broken(started ? "a grow started" : "no grow started");
    if (started && b.B != a.B + (overloaded ? 1 : 0))
      return broken("a grow went to B=" + std::to_string(b.B));
    return std::nullopt;
  };
}

namespace {

bool is_nan(const Value& v) { return v.kind == Kind::kFloat64 && std::isnan(v.f); }

// A dump's entries in an order that does not depend on the map's: by key
// (KeyOrder), NaN keys last by elem.
std::vector<Entry> canonical(std::vector<Entry> entries) {
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (is_nan(a.key) || is_nan(b.key)) {
      if (!is_nan(a.key) || !is_nan(b.key)) return is_nan(b.key);
      return format_value(a.elem) < format_value(b.elem);
    }
    return KeyOrder()(a.key, b.key);
  });
  return entries;
}

std::string shown(const Observation& o, Kind elem) {
  std::string text = print_observation(o, elem);
  return text.empty() ? "nothing\n" : text;
}

// The first difference between two observations of one statement: the same
// kind, equal values, and a dump's entries equal as sets. keys_by_identity:
// keys compare by Go's == (the references keep a zero float key's first
// sign, Go the last assigned one: same_as_references checks that apart).
bool same_observation(const Observation& a, const Observation& b, bool keys_by_identity) {
  using K = Observation::Kind;
  if (a.kind != b.kind) return false;
  auto same_entry = [&](const Entry& x, const Entry& y) {
    bool keys = is_nan(x.key)      ? is_nan(y.key)
                : keys_by_identity ? same_key(x.key, y.key)
                                   : same_value(x.key, y.key);
    return keys && same_value(x.elem, y.elem);
  };
  switch (a.kind) {
    case K::kNothing: return true;
    case K::kGet:
      return a.found.has_value() == b.found.has_value() &&
             (!a.found || same_value(*a.found, *b.found));
    case K::kLen: return a.len == b.len;
    case K::kDump: {
      std::vector<Entry> x = canonical(a.entries), y = canonical(b.entries);
      return std::equal(x.begin(), x.end(), y.begin(), y.end(), same_entry);
    }
    case K::kNext: return true;    // orders differ by design; iteration_rules checks them
    case K::kLayout: return true;  // the references have none
    case K::kPanic:
    case K::kFatal: return a.text == b.text;
  }
  return false;
}

}  // namespace

Check same_as_references() {
  // The sign Go's rule gives the stored zero float key: the last
  // assignment's, until a delete of it or a clear.
  auto zero_negative = std::make_shared<std::optional<bool>>();
  return [zero_negative](const Step& s) -> std::optional<std::string> {
    static constexpr const char* kNames[] = {"absl", "std"};
    Kind elem = s.subject.elem_kind();
    auto differ = [&](const char* a, const Observation& x, const char* b, const Observation& y) {
      return std::string(a) + " observed\n" + shown(x, elem) + b + " observed\n" + shown(y, elem);
    };
    if (!s.refs.empty() && !same_observation(s.port, *s.refs[0], true))
      return differ("port", s.port, kNames[0], *s.refs[0]);
    for (size_t i = 1; i < s.refs.size(); i++)
      if (!same_observation(*s.refs[i], *s.refs[0], false))
        return differ(kNames[i], *s.refs[i], kNames[0], *s.refs[0]);
    const Op& op = s.op;
    if (s.port.kind == Observation::Kind::kDump && *zero_negative) {
      for (const Entry& e : s.port.entries) {
        if (e.key.kind != Kind::kFloat64 || e.key.f != 0) continue;
        if (std::signbit(e.key.f) != **zero_negative)
          return std::string("the stored zero key is ") + (std::signbit(e.key.f) ? "-0" : "0") +
                 " but the last assignment used " + (**zero_negative ? "-0" : "0") +
                 " (needkeyupdate)";
      }
    }
    bool zero_key = op.key.kind == Kind::kFloat64 && op.key.f == 0;
    if (zero_key && (op.code == OpCode::kSet || op.code == OpCode::kAdd) && !s.after.nil)
      *zero_negative = std::signbit(op.key.f);
    if ((zero_key && op.code == OpCode::kDel) || op.code == OpCode::kClear) zero_negative->reset();
    return std::nullopt;
  };
}

Check iteration_rules() {
  auto model = std::make_shared<IterationModel>();
  return [model](const Step& s) -> std::optional<std::string> {
    if (std::optional<std::string> broken = model->after(s.op, s.reached)) return broken;
    if (s.port.kind == Observation::Kind::kGet) {
      const std::optional<Value>& got = s.port.found;
      std::optional<Value> want = model->lookup(s.op.key);
      if (got.has_value() != want.has_value() || (got && !same_value(*got, *want)))
        return "lookup returned " + (got ? format_value(*got) : "nothing") + ", the model has " +
               (want ? format_value(*want) : "nothing");
    }
    return std::nullopt;
  };
}

std::optional<std::string> check_differential(const Program& p) {
  Lockstep run(p, References::kAbslAndStd);
  return run_checks(run, {growth_rule(), same_as_references(), invariants()});
}

Check collector_agrees() {
  return [](const Step& s) -> std::optional<std::string> {
    CollectingHeap* heap = s.subject.collector();
    if (heap == nullptr || heap->findings().empty()) return std::nullopt;
    return "the collector: " + heap->findings().front();
  };
}

std::optional<std::string> check_gc(const Program& p) {
  Lockstep run(p, References::kAbslAndStd);
  if (std::optional<std::string> problem =
          run_checks(run, {growth_rule(), same_as_references(), iteration_rules(), invariants(),
                           collector_agrees()}))
    return problem;
  PortSubject& port = run.port();
  CollectingHeap* heap = port.collector();
  if (heap == nullptr) return std::nullopt;
  auto found = [&](const char* when) -> std::optional<std::string> {
    if (heap->findings().empty()) return std::nullopt;
    return std::string("at the end, ") + when + ", the collector: " + heap->findings().front();
  };
  port.end_iterations();
  heap->finish_cycle();
  if (port.map() != nullptr && header_view(port.map()).oldB < 0) {
    heap->collect();
    heap->collect();
    if (auto f = found("growth done and two cycles run")) return f;
    if (heap->live_bytes() != heap->used_bytes())
      return "at the end, growth done and two cycles run, the heap holds " +
             std::to_string(heap->live_bytes()) + " bytes in " +
             std::to_string(heap->live_objects()) + " objects, but the map uses " +
             std::to_string(heap->used_bytes()) + ": the rest is kept alive by stale pointers";
  }
  port.free_map();
  heap->collect();
  if (auto f = found("the map freed")) return f;
  if (heap->live_bytes() != 0)
    return "at the end, the map freed and a cycle run, the heap still holds " +
           std::to_string(heap->live_bytes()) + " bytes in " +
           std::to_string(heap->live_objects()) + " objects";
  return std::nullopt;
}

std::optional<std::string> check_iteration(const Program& p) {
  Lockstep run(p, References::kNone);
  return run_checks(run, {growth_rule(), iteration_rules(), invariants()});
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
  if (print_script(std::get<Program>(again)) != printed)
    return "printing is not stable:\n" + printed;
  return std::nullopt;
}

std::optional<std::string> run_baseline(const Program& p) {
  for (auto make : {&make_absl_subject, &make_std_subject}) {
    std::unique_ptr<Subject> s = make(p.header);
    Runner r(p, *s);
    while (r.step()) {
    }
  }
  return std::nullopt;
}

}  // namespace gomap::harness
