// Subjects: the map implementations a program runs on, behind one small
// interface. Adding an implementation under test is one adapter file and a
// line in make_subject.
//
// A subject raises gomap::Panic where Go panics and gomap::FatalError where
// Go dies with a fatal error; the runner turns both into observations.
#ifndef GOMAP_FUZZ_SUBJECTS_SUBJECT_H_
#define GOMAP_FUZZ_SUBJECTS_SUBJECT_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "oplang/program.h"
#include "oplang/trace.h"

namespace gomap::harness {

// What a subject can do beyond the common statements.
struct Capabilities {
  bool layout = false;            // the `layout` statement
  bool fixed_iter_start = false;  // `iter start= offset=`
};

class Subject {
 public:
  virtual ~Subject() = default;
  virtual Capabilities capabilities() const = 0;

  virtual void set(const Value& key, const Value& elem) = 0;
  virtual void add(const Value& key, int64_t n) = 0;
  virtual std::optional<Value> get(const Value& key) = 0;
  virtual void del(const Value& key) = 0;
  virtual int64_t len() = 0;
  virtual void clear() = 0;
  // Every entry, in no particular order, read without iterating.
  virtual std::vector<Entry> entries() = 0;
  // Starts iteration `slot` (abandoning the one there) and returns the first
  // entry it reached, copied, or nullopt when there is none.
  virtual std::optional<Entry> iter_begin(int slot, const std::optional<IterStart>& start) = 0;
  // Advances iteration `slot` and returns the entry it reached, copied.
  virtual std::optional<Entry> iter_next(int slot) = 0;
  // The layout lines (only where capabilities().layout).
  virtual std::string layout() { return {}; }
  // The first violated internal invariant, if the subject can tell.
  virtual std::optional<std::string> check() { return std::nullopt; }
};

enum class Engine { kPort, kAbsl, kStd };
std::string_view engine_name(Engine e);
std::optional<Engine> engine_from_name(std::string_view name);

// A subject running map[K]V for the program's header (nil, hint, seed).
// The port also takes the header's hashkey; set it before any map exists.
std::unique_ptr<Subject> make_subject(Engine engine, const Header& header);

// Per-engine factories (one adapter file each).
std::unique_ptr<Subject> make_port_subject(const Header& header);
std::unique_ptr<Subject> make_absl_subject(const Header& header);
std::unique_ptr<Subject> make_std_subject(const Header& header);

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_SUBJECTS_SUBJECT_H_
