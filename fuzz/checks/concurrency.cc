#include "checks/concurrency.h"

#include <cmath>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "checks/checks.h"
#include "gomap/fatal.h"
#include "gomap/testing.h"
#include "gomap/yield.h"
#include "oplang/script.h"

namespace gomap::harness {
namespace {

// The op-script's names of the runtime's yield points, in the runtime's
// order: the extension's switch points are the runtime's yield points.
static_assert(kSwitchPoints == kYieldPoints);
static_assert(static_cast<int>(SwitchPoint::kWriteHashing) ==
                  static_cast<int>(YieldPoint::kWriteHashing) &&
              static_cast<int>(SwitchPoint::kEvacuateEntry) ==
                  static_cast<int>(YieldPoint::kEvacuateEntry) &&
              static_cast<int>(SwitchPoint::kIterStep) == static_cast<int>(YieldPoint::kIterStep));

// Thrown at a yield point to abandon a switched-out statement after the run
// ended (Go's process would be gone); it unwinds that goroutine's thread.
struct Abandoned {};

// The goroutines of one run: a thread each, exactly one of them (or the
// controller) running at any time. Whoever holds the baton runs; handing it
// over goes through one mutex, so every access to the map by one goroutine
// happens-before the next goroutine's, as TSan sees it too.
class Scheduler {
 public:
  Scheduler(const Program& p, PortSubject& port) : goroutines_(p.header.goroutines) {
    for (int g = 0; g < goroutines_; g++) {
      auto& gr = gs_[g];
      gr.program.header = p.header;
      for (size_t i = 0; i < p.ops.size(); i++)
        if (p.ops[i].goroutine == g && p.ops[i].code != OpCode::kResume) {
          gr.program.ops.push_back(p.ops[i]);
          gr.statements.push_back(i);
        }
      gr.runner = std::make_unique<Runner>(gr.program, port);
    }
    set_yield_hook(&Scheduler::yield_hook, this);
    for (int g = 0; g < goroutines_; g++) gs_[g].thread = std::thread(&Scheduler::body, this, g);
  }

  ~Scheduler() {
    for (int g = 0; g < goroutines_; g++)
      if (gs_[g].switched_out) command(g, Command::kAbandon);
    for (int g = 0; g < goroutines_; g++) command(g, Command::kExit);
    for (int g = 0; g < goroutines_; g++) gs_[g].thread.join();
    set_yield_hook(nullptr, nullptr);
  }

  bool switched_out(int g) const { return gs_[g].switched_out; }

  // Runs g's next statement, or goes on with its switched-out one, until it
  // is switched out at until or ends.
  Slice start(size_t op, int g, const std::optional<Until>& until) {
    return run(op, g, Command::kStep, until);
  }
  Slice resume(size_t op, int g, const std::optional<Until>& until) {
    return run(op, g, Command::kResume, until);
  }

 private:
  enum class Command : uint8_t { kNone, kStep, kResume, kAbandon, kExit };

  struct Goroutine {
    Program program;                 // its own statements
    std::vector<size_t> statements;  // their indices in the whole program
    std::unique_ptr<Runner> runner;
    std::thread thread;
    Command command = Command::kNone;
    std::optional<Until> until;
    int reached[kSwitchPoints] = {};  // in this stretch of the run
    bool switched_out = false;
    SwitchPoint at = SwitchPoint::kWriteBegun;
    size_t started = 0;  // statements started
  };

  static constexpr int kController = -1;

  // Hands the baton to g with a command and waits until it comes back.
  void command(int g, Command c) {
    std::unique_lock<std::mutex> lock(mu_);
    gs_[g].command = c;
    turn_ = g;
    cv_.notify_all();
    cv_.wait(lock, [&] { return turn_ == kController; });
  }

  Slice run(size_t op, int g, Command c, const std::optional<Until>& until) {
    gs_[g].until = until;
    command(g, c);
    Slice s = finish(op, g, c == Command::kResume);
    s.statement = gs_[g].statements[gs_[g].started - 1];
    return s;
  }

  Slice finish(size_t op, int g, bool resumed) {
    Goroutine& gr = gs_[g];
    Slice s;
    s.op = op;
    s.goroutine = g;
    s.resumed = resumed;
    if (gr.switched_out) {
      s.end = Slice::End::kSwitchedOut;
      s.at = gr.at;
      return s;
    }
    s.observed = gr.runner->observed();
    s.reached = gr.runner->reached();
    switch (gr.runner->outcome()) {
      case Outcome::kCompleted: s.end = Slice::End::kCompleted; break;
      case Outcome::kPanicked: s.end = Slice::End::kPanicked; break;
      case Outcome::kFatal: s.end = Slice::End::kFatal; break;
    }
    return s;
  }

  // A goroutine's thread: waits for the baton, runs what it is told.
  void body(int g) {
    t_goroutine = g;
    // The runtime's randomness is per thread: each goroutine's repeats.
    seed_fastrand(kRepeatableSeed + static_cast<uint64_t>(g));
    Goroutine& gr = gs_[g];
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return turn_ == g; });
      Command c = gr.command;
      if (c == Command::kExit) {
        turn_ = kController;
        cv_.notify_all();
        return;
      }
      if (c == Command::kStep) {
        std::memset(gr.reached, 0, sizeof gr.reached);
        gr.started++;
        lock.unlock();
        try {
          gr.runner->step();
        } catch (const Abandoned&) {
        }
        lock.lock();
      }
      turn_ = kController;
      cv_.notify_all();
    }
  }

  static void yield_hook(YieldPoint point, const hmap*, void* context) {
    if (t_goroutine < 0) return;
    auto* self = static_cast<Scheduler*>(context);
    Goroutine& gr = self->gs_[t_goroutine];
    int p = static_cast<int>(point);
    gr.reached[p]++;
    if (!gr.until || static_cast<int>(gr.until->point) != p ||
        gr.reached[p] != gr.until->occurrence)
      return;
    std::unique_lock<std::mutex> lock(self->mu_);
    gr.switched_out = true;
    gr.at = static_cast<SwitchPoint>(p);
    self->turn_ = kController;
    self->cv_.notify_all();
    self->cv_.wait(lock, [&] { return self->turn_ == t_goroutine; });
    gr.switched_out = false;
    if (gr.command == Command::kAbandon) throw Abandoned{};
    std::memset(gr.reached, 0, sizeof gr.reached);
  }

  static thread_local int t_goroutine;

  int goroutines_;
  Goroutine gs_[kMaxGoroutines];
  std::mutex mu_;
  std::condition_variable cv_;
  int turn_ = kController;
};

thread_local int Scheduler::t_goroutine = kController;

// What the walk over a program reports to, and asks.
struct Observer {
  virtual ~Observer() = default;
  // Before g runs again: false ends the run there.
  virtual bool may_run(int g) = 0;
  // After each slice: false ends the run there.
  virtual bool after(const Slice& s) = 0;
};

// Walks the program's schedule: each statement starts in its goroutine
// (which first finishes a switched-out statement, if it has one), each
// `resume` goes on with one; at the end the switched-out statements finish,
// lowest goroutine first.
void walk(const Program& p, Scheduler& sched, Observer& obs) {
  auto run = [&](size_t op, int g, bool resume, const std::optional<Until>& until) {
    if (!obs.may_run(g)) return false;
    Slice s = resume ? sched.resume(op, g, until) : sched.start(op, g, until);
    return obs.after(s) && (s.end == Slice::End::kCompleted || s.end == Slice::End::kSwitchedOut);
  };
  for (size_t i = 0; i < p.ops.size(); i++) {
    const Op& op = p.ops[i];
    int g = op.goroutine;
    if (op.code == OpCode::kResume) {
      if (sched.switched_out(g) && !run(i, g, true, op.until)) return;
      continue;
    }
    if (sched.switched_out(g) && !run(i, g, true, std::nullopt)) return;
    if (!run(i, g, false, op.until)) return;
  }
  for (int g = 0; g < p.header.goroutines; g++)
    if (sched.switched_out(g) && !run(p.ops.size(), g, true, std::nullopt)) return;
}

struct Recorder : Observer {
  Interleaving run;
  bool may_run(int) override { return true; }
  bool after(const Slice& s) override {
    run.slices.push_back(s);
    return true;
  }
};

}  // namespace

Interleaving run_interleaved(const Program& program, PortSubject& port) {
  Recorder recorder;
  {
    Scheduler sched(program, port);
    walk(program, sched, recorder);
  }
  return std::move(recorder.run);
}

namespace {

// Go's flag protocol, step by step, over the statements of an interleaving.
// Each statement is the sequence of protocol steps Go's code for it takes,
// with the yield points between them; a slice runs its goroutine's steps up
// to the point where the port switched it out, or to the end.
class FlagModel : public Observer {
 public:
  explicit FlagModel(const Program& p) : p_(p) {}

  bool may_run(int g) override {
    // Two writes overlapped (a writer set hashWriting while another held
    // it): Go's map is then in no defined state, and only the writer that
    // must meet its failing check next has a defined future.
    return !defeated_ || g == defeater_;
  }

  bool after(const Slice& s) override {
    size_t index = slices_++;
    if (auto problem = step(s)) {
      result_.problem =
          "slice " + std::to_string(index + 1) + " (" + describe(s) + "): " + *problem;
      return false;
    }
    if (result_.fatal) result_.fatal_slice = index;
    result_.undefined = defeated_;
    return !result_.fatal;
  }

  using Result = ModelResult;
  const Result& result() const { return result_; }

  std::string describe(const Slice& s) const {
    std::string what = "`" + print_op(p_.ops[s.statement], true) + "` line " +
                       std::to_string(p_.ops[s.statement].line) + (s.resumed ? ", resumed" : "");
    switch (s.end) {
      case Slice::End::kSwitchedOut:
        return what + ", switched out at " + std::string(switch_point_name(s.at));
      case Slice::End::kCompleted: return what + ", ran to its end";
      case Slice::End::kPanicked: return what + ", panicked: " + s.observed.text;
      case Slice::End::kFatal: return what + ", fatal error: " + s.observed.text;
    }
    return what;
  }

 private:
  enum class Action : uint8_t {
    kCheckWrite,  // hashWriting set: "concurrent map writes"
    kCheckRead,   // hashWriting set: "concurrent map read and map write"
    kCheckIter,   // hashWriting set: "concurrent map iteration and map write"
    kSet,         // h.flags ^= hashWriting
    kEffect,      // the write's change to the entries
    kCheckEnd,    // hashWriting clear: "concurrent map writes"
    kClear,       // h.flags &^= hashWriting
    kPoint,       // a yield point
    kInner,       // growth's yield points, any number of times
    kPanic,       // assignment to a nil map
  };
  struct Event {
    Action kind;
    SwitchPoint point = SwitchPoint::kWriteBegun;
  };
  struct G {
    std::vector<Event> events;
    size_t pos = 0;
    size_t statement = 0;
  };
  struct Iteration {
    bool first_pending = false;
    bool ended = true;
  };

  bool empty() const { return keys_.empty() && nans_ == 0; }

  // The steps of Go's code for statement op, decided where it starts.
  std::vector<Event> events_of(const Op& op) const {
    using K = Action;
    using P = SwitchPoint;
    auto point = [](P p) { return Event{K::kPoint, p}; };
    bool absent = p_.header.nil || empty();  // the early return of Go's code
    std::vector<Event> write = {{K::kCheckWrite},
                                point(P::kWriteHashing),
                                {K::kSet},
                                point(P::kWriteBegun),
                                {K::kInner},
                                {K::kEffect},
                                point(P::kWriteEnding),
                                {K::kCheckEnd},
                                {K::kClear}};
    switch (op.code) {
      case OpCode::kSet:
      case OpCode::kAdd:
        if (p_.header.nil) return {{K::kPanic}};
        return write;
      case OpCode::kDel: return absent ? std::vector<Event>{} : write;
      case OpCode::kClear:
        if (absent) return {};
        return {{K::kCheckWrite},        {K::kSet},    point(P::kWriteBegun),
                point(P::kClearEmptied), {K::kEffect}, point(P::kWriteEnding),
                {K::kCheckEnd},          {K::kClear}};
      case OpCode::kGet:
        if (absent) return {};
        return {{K::kCheckRead}, point(P::kAccessChecked)};
      case OpCode::kIter:
        if (absent) return {};
        return {point(P::kIterInit), point(P::kIterStep), {K::kCheckIter}};
      case OpCode::kNext: {
        const Iteration& it = iters_[op.iteration];
        if (it.first_pending || it.ended) return {};
        return {point(P::kIterStep), {K::kCheckIter}};
      }
      default: return {};  // len, dump: no check, no yield point
    }
  }

  void effect(const Op& op) {
    result_.effects.push_back(current_statement_);
    bool nan = op.key.kind == Kind::kFloat64 && std::isnan(op.key.f);
    switch (op.code) {
      case OpCode::kSet:
      case OpCode::kAdd:
        if (nan) {
          nans_++;
        } else {
          keys_.insert(op.key);
        }
        break;
      case OpCode::kDel:
        if (!nan) keys_.erase(op.key);
        break;
      case OpCode::kClear:
        keys_.clear();
        nans_ = 0;
        break;
      default: break;
    }
  }

  std::optional<std::string> step(const Slice& s) {
    G& g = gs_[s.goroutine];
    const Op& op = p_.ops[s.statement];
    current_statement_ = s.statement;
    if (!s.resumed) {
      g.events = events_of(op);
      g.pos = 0;
      g.statement = s.statement;
    }
    bool to_end = s.end != Slice::End::kSwitchedOut;
    // A slice switched out at growth's points again, where it was: no step.
    if (!to_end && g.pos > 0 && g.events[g.pos - 1].kind == Action::kInner && is_inner(s.at))
      return std::nullopt;
    for (; g.pos < g.events.size(); g.pos++) {
      const Event& e = g.events[g.pos];
      std::optional<std::string> fires;
      switch (e.kind) {
        case Action::kCheckWrite:
          if (writing_) fires = "concurrent map writes";
          break;
        case Action::kCheckRead:
          if (writing_) fires = "concurrent map read and map write";
          break;
        case Action::kCheckIter:
          if (writing_) fires = "concurrent map iteration and map write";
          break;
        case Action::kCheckEnd:
          if (!writing_) fires = "concurrent map writes";
          break;
        case Action::kSet:
          if (writing_ && !defeated_) {
            defeated_ = true;
            defeater_ = s.goroutine;
          }
          writing_ = !writing_;
          break;
        case Action::kClear: writing_ = false; break;
        case Action::kEffect: effect(op); break;
        case Action::kPanic:
          if (s.end != Slice::End::kPanicked)
            return "Go panics here (assignment to entry in nil map); the port did not";
          g.pos = g.events.size();
          return std::nullopt;
        case Action::kPoint:
          if (!to_end && e.point == s.at) {
            g.pos++;
            return std::nullopt;
          }
          break;
        case Action::kInner:
          if (!to_end && is_inner(s.at)) {
            g.pos++;
            return std::nullopt;
          }
          break;
      }
      if (fires) {
        if (s.end != Slice::End::kFatal)
          return "Go's check raises `fatal error: " + *fires + "` here; the port went on";
        if (s.observed.text != *fires)
          return "Go raises `fatal error: " + *fires + "` here; the port raised `" +
                 s.observed.text + "`";
        result_.fatal = true;
        result_.message = *fires;
        return std::nullopt;
      }
    }
    if (!to_end)
      return "the port switched out at " + std::string(switch_point_name(s.at)) +
             ", which Go's code for this statement does not reach from where it was";
    if (s.end == Slice::End::kFatal)
      return "the port raised `fatal error: " + s.observed.text + "`; Go's protocol raises nothing";
    if (s.end == Slice::End::kPanicked) return "the port panicked; Go does not";
    // Where the statement's iteration stands now, as the runner keeps it.
    if (op.code == OpCode::kIter) {
      iters_[op.iteration] = {true, !(s.reached && s.reached->entry)};
    } else if (op.code == OpCode::kNext) {
      Iteration& it = iters_[op.iteration];
      if (it.first_pending) {
        it.first_pending = false;
      } else if (s.reached) {
        it.ended = !s.reached->entry;
      }
    }
    return std::nullopt;
  }

  static bool is_inner(SwitchPoint p) {
    return p == SwitchPoint::kGrowStarted || p == SwitchPoint::kBetweenEvacuations ||
           p == SwitchPoint::kEvacuateEntry || p == SwitchPoint::kOverflowLinked;
  }

  const Program& p_;
  G gs_[kMaxGoroutines];
  Iteration iters_[kMaxIterations];
  std::set<Value, KeyOrder> keys_;
  int64_t nans_ = 0;
  bool writing_ = false;
  bool defeated_ = false;
  int defeater_ = -1;
  size_t current_statement_ = 0;
  size_t slices_ = 0;
  Result result_;
};

}  // namespace

ModelResult flag_model(const Program& p, const Interleaving& run) {
  FlagModel model(p);
  for (const Slice& s : run.slices)
    if (!model.may_run(s.goroutine) || !model.after(s)) break;
  return model.result();
}

std::optional<std::string> check_concurrent(const Program& p) {
  if (p.header.goroutines == 0) return std::nullopt;
  repeatable_run();
  PortSubject port(p.header);
  FlagModel model(p);
  {
    Scheduler sched(p, port);
    walk(p, sched, model);
  }
  const ModelResult& r = model.result();
  if (!r.problem.empty() || r.fatal || r.undefined) {
    // The run ended mid-way: statements were abandoned where they stood.
    port.abandon();
    if (!r.problem.empty()) return r.problem;
    return std::nullopt;
  }
  // No fatal error: the map holds what the writes that took effect leave,
  // in the order they did, as a map without goroutines has it.
  Header h = p.header;
  h.weak_hash = WeakHash::kNone;
  h.goroutines = 0;
  std::unique_ptr<Subject> ref = make_absl_subject(h);
  for (size_t i : r.effects) {
    const Op& op = p.ops[i];
    switch (op.code) {
      case OpCode::kSet: ref->set(op.key, op.elem); break;
      case OpCode::kAdd: ref->add(op.key, op.elem.i); break;
      case OpCode::kDel: ref->del(op.key); break;
      case OpCode::kClear: ref->clear(); break;
      default: break;
    }
  }
  Observation got, want;
  got.kind = want.kind = Observation::Kind::kDump;
  got.entries = port.entries();
  want.entries = ref->entries();
  if (print_observation(got, h.elem) != print_observation(want, h.elem))
    return "after the run the port holds\n" + print_observation(got, h.elem) +
           "but its writes, in the order they took effect, leave\n" +
           print_observation(want, h.elem);
  return std::nullopt;
}

}  // namespace gomap::harness
