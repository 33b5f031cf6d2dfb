#include "oplang/script.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <set>
#include <vector>

namespace gomap::harness {
namespace {

// Splits a statement into tokens at spaces and tabs, keeping a double-quoted
// string literal (which may hold spaces and escaped quotes) whole.
bool tokenize(std::string_view line, std::vector<std::string_view>* out, std::string* why) {
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
      i++;
      continue;
    }
    size_t start = i;
    if (line[i] == '"') {
      i++;
      while (i < line.size() && line[i] != '"') i += line[i] == '\\' ? 2 : 1;
      if (i >= line.size()) {
        *why = "unterminated string literal";
        return false;
      }
      i++;
      if (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
        *why = "string literal followed by text without a space";
        return false;
      }
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') i++;
    }
    out->push_back(line.substr(start, i - start));
  }
  return true;
}

std::optional<uint64_t> parse_hex(std::string_view s, size_t max_digits) {
  if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return std::nullopt;
  s.remove_prefix(2);
  if (s.size() > max_digits) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (d < 0) return std::nullopt;
    v = v << 4 | static_cast<uint64_t>(d);
  }
  return v;
}

std::optional<uint64_t> parse_uint64(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

class Parser {
 public:
  std::variant<Program, ParseError> run(std::string_view text) {
    bool have_header = false;
    size_t pos = 0;
    int lineno = 0;
    while (pos <= text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      std::string_view line = text.substr(pos, nl - pos);
      pos = nl + 1;
      lineno++;
      line_ = lineno;
      std::string_view trimmed = trim(line);
      if (trimmed.empty() || trimmed[0] == '#') continue;
      std::vector<std::string_view> toks;
      std::string why;
      if (!tokenize(trimmed, &toks, &why)) return err(why);
      if (!have_header) {
        if (toks[0] != "map") return err("the first statement must be the header `map K V ...`");
        if (auto e = header(toks)) return *e;
        if (prog_.header.gc && prog_.header.goroutines)
          return err("`gc` and goroutines= do not go together");
        have_header = true;
        continue;
      }
      Op op;
      op.line = lineno;
      if (prog_.header.goroutines > 0) {
        if (auto e = scheduled(&toks, &op)) return *e;
      }
      if (auto e = collected(&toks, &op)) return *e;
      if (auto e = statement(toks, &op)) return *e;
      prog_.ops.push_back(std::move(op));
    }
    if (!have_header) {
      line_ = lineno;
      return err("no header: the script must start with `map K V ...`");
    }
    return std::move(prog_);
  }

 private:
  static std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
      s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
      s.remove_suffix(1);
    return s;
  }

  ParseError err(std::string message) const { return ParseError{line_, std::move(message)}; }

  std::optional<ParseError> header(const std::vector<std::string_view>& t) {
    if (t.size() < 3) return err("the header needs a key and an element type: `map K V`");
    auto k = kind_from_name(t[1]);
    if (!k) return err("unknown key type " + short_text(t[1]) + " (int64, string, float64, big)");
    auto v = kind_from_name(t[2]);
    if (!v || *v == Kind::kFloat64)
      return err("unknown element type " + short_text(t[2]) + " (int64, string, big)");
    Header& h = prog_.header;
    h.key = *k;
    h.elem = *v;
    std::set<std::string_view> seen;
    for (size_t i = 3; i < t.size(); i++) {
      std::string_view f = t[i];
      size_t eq = f.find('=');
      std::string_view name = f.substr(0, eq);
      if (!seen.insert(name).second)
        return err("header field " + short_text(name) + " given twice");
      std::string_view val = eq == std::string_view::npos ? std::string_view() : f.substr(eq + 1);
      if (f == "nil") {
        h.nil = true;
      } else if (f == "gc") {
        h.gc = true;
      } else if (name == "hint" && eq != std::string_view::npos) {
        auto n = parse_int64(val);
        if (!n) return err("bad hint " + short_text(val) + " (an int64)");
        h.hint = *n;
      } else if (name == "seed" && eq != std::string_view::npos) {
        auto s = parse_hex(val, 8);
        if (!s) return err("bad seed " + short_text(val) + " (0x and up to 8 hex digits)");
        h.seed = static_cast<uint32_t>(*s);
      } else if (name == "hashkey" && eq != std::string_view::npos) {
        size_t p = 0;
        for (int w = 0; w < 4; w++) {
          size_t c = val.find(',', p);
          std::string_view word = val.substr(p, c == std::string_view::npos ? val.npos : c - p);
          auto x = parse_hex(word, 16);
          if (!x || (w < 3 && c == std::string_view::npos) ||
              (w == 3 && c != std::string_view::npos))
            return err("bad hashkey " + short_text(val) + " (four 0x words separated by commas)");
          h.hashkey[w] = *x;
          p = c + 1;
        }
      } else if (name == "goroutines" && eq != std::string_view::npos) {
        auto n = parse_uint64(val);
        if (!n || *n < 2 || *n > kMaxGoroutines)
          return err("bad goroutines=" + short_text(val) + " (2 to " +
                     std::to_string(kMaxGoroutines) + ")");
        h.goroutines = static_cast<int>(*n);
      } else if (name == "weakhash" && eq != std::string_view::npos) {
        bool found = false;
        for (WeakHash w : {WeakHash::kConst, WeakHash::kBits, WeakHash::kIdentity})
          if (weak_hash_name(w) == val) h.weak_hash = w, found = true;
        if (!found) return err("bad weakhash " + short_text(val) + " (const, bits, identity)");
      } else {
        return err("unknown header field " + short_text(f));
      }
    }
    return std::nullopt;
  }

  std::optional<ParseError> value(Kind kind, std::string_view lit, Value* out) {
    ParsedValue pv = parse_value(kind, lit);
    if (!pv.value) return err(pv.error);
    *out = std::move(*pv.value);
    return std::nullopt;
  }

  std::optional<ParseError> arity(const std::vector<std::string_view>& t, size_t n,
                                  const char* usage) {
    if (t.size() != n) return err(std::string("`") + std::string(t[0]) + "` takes " + usage);
    return std::nullopt;
  }

  // Parses the `@I` token tok (it starts with '@').
  std::optional<ParseError> iteration(std::string_view tok, int* out) {
    auto n = parse_uint64(tok.substr(1));
    if (!n || *n >= kMaxIterations) return err("bad iteration " + short_text(tok) + " (@0 to @7)");
    *out = static_cast<int>(*n);
    return std::nullopt;
  }

  // `POINT` or `POINT#N`: a yield point and its occurrence.
  std::optional<ParseError> point_spec(std::string_view spec, Until* u) {
    size_t hash = spec.find('#');
    auto point = switch_point_from_name(spec.substr(0, hash));
    if (!point) return err("unknown yield point " + short_text(spec.substr(0, hash)));
    *u = Until{*point, 1};
    if (hash != std::string_view::npos) {
      auto n = parse_uint64(spec.substr(hash + 1));
      if (!n || *n < 1 || *n > 1000000) return err("bad occurrence in " + short_text(spec));
      u->occurrence = static_cast<int>(*n);
    }
    return std::nullopt;
  }

  // A collector step's words, `start`, `mark N`, `finish` or `cycle`: all of
  // t from `from` on.
  std::optional<ParseError> gc_step(const std::vector<std::string_view>& t, size_t from,
                                    GcStep* step) {
    static constexpr const char* kUsage = "`gc start`, `gc mark N`, `gc finish` or `gc cycle`";
    if (from >= t.size()) return err(std::string("a collector step: ") + kUsage);
    std::string_view a = t[from];
    size_t want = a == "mark" ? 2 : 1;
    if (t.size() - from != want) return err(std::string("a collector step is ") + kUsage);
    if (a == "start") {
      step->action = GcAction::kStart;
    } else if (a == "finish") {
      step->action = GcAction::kFinish;
    } else if (a == "cycle") {
      step->action = GcAction::kCycle;
    } else if (a == "mark") {
      auto n = parse_uint64(t[from + 1]);
      if (!n || *n < 1 || *n > kMaxMarkUnits)
        return err("bad mark units " + short_text(t[from + 1]) + " (1 to " +
                   std::to_string(kMaxMarkUnits) + ")");
      step->action = GcAction::kMark;
      step->units = static_cast<int>(*n);
    } else {
      return err("unknown collector step " + short_text(a) + " (" + kUsage + ")");
    }
    return std::nullopt;
  }

  // The collector extension's parts: a `gc STEP` statement, or a statement
  // followed by `gc STEP at POINT[#N]` (removed from t).
  std::optional<ParseError> collected(std::vector<std::string_view>* t, Op* op) {
    auto gc = std::find(t->begin(), t->end(), "gc");
    if (gc == t->end()) return std::nullopt;
    if (!prog_.header.gc) return err("a collector step in a script without `gc` in its header");
    if (gc == t->begin()) {
      op->code = OpCode::kGc;
      return gc_step(*t, 1, &op->gc);
    }
    if (t->size() < 2 || (*t)[t->size() - 2] != "at")
      return err("a statement's collector step ends in `at POINT[#N]`");
    GcAt at;
    if (auto e = point_spec(t->back(), &at.at)) return e;
    std::vector<std::string_view> words(gc, t->end() - 2);
    if (auto e = gc_step(words, 1, &at.step)) return e;
    if ((*t)[0] == "resume") return err("`resume` takes no collector step");
    op->gc_at = at;
    t->erase(gc, t->end());
    return std::nullopt;
  }

  // The concurrency extension's parts of a statement: the `gK` before it,
  // and `until POINT[#N]` after it (removed from t); `resume` is a statement
  // of its own.
  std::optional<ParseError> scheduled(std::vector<std::string_view>* t, Op* op) {
    std::string_view g = (*t)[0];
    auto k = g.size() > 1 && g[0] == 'g' ? parse_uint64(g.substr(1)) : std::nullopt;
    if (!k || *k >= static_cast<uint64_t>(prog_.header.goroutines))
      return err("a statement of a script with goroutines=" +
                 std::to_string(prog_.header.goroutines) + " starts with the goroutine, g0 to g" +
                 std::to_string(prog_.header.goroutines - 1) + ", not " + short_text(g));
    op->goroutine = static_cast<int>(*k);
    t->erase(t->begin());
    if (t->empty()) return err("`" + std::string(g) + "` runs nothing: a statement must follow");
    if (t->size() >= 2 && (*t)[t->size() - 2] == "until") {
      Until u;
      if (auto e = point_spec(t->back(), &u)) return e;
      op->until = u;
      t->resize(t->size() - 2);
    }
    if ((*t)[0] == "resume") {
      op->code = OpCode::kResume;
      return arity(*t, 1, "nothing but `until POINT`");
    }
    return std::nullopt;
  }

  std::optional<ParseError> statement(const std::vector<std::string_view>& t, Op* op) {
    if (op->code == OpCode::kResume || op->code == OpCode::kGc) return std::nullopt;
    const Header& h = prog_.header;
    std::string_view s = t[0];
    if (s == "map") return err("a second header: the script already has one");
    if (s == "set") {
      op->code = OpCode::kSet;
      if (auto e = arity(t, 3, "a key and an element: `set K V`")) return e;
      if (auto e = value(h.key, t[1], &op->key)) return e;
      return value(h.elem, t[2], &op->elem);
    }
    if (s == "add") {
      op->code = OpCode::kAdd;
      if (auto e = arity(t, 3, "a key and an int64 increment: `add K N`")) return e;
      if (h.elem != Kind::kInt64)
        return err("`add` needs int64 elements, the map's are " + std::string(kind_name(h.elem)));
      if (auto e = value(h.key, t[1], &op->key)) return e;
      return value(Kind::kInt64, t[2], &op->elem);
    }
    if (s == "get" || s == "del") {
      op->code = s == "get" ? OpCode::kGet : OpCode::kDel;
      if (auto e = arity(t, 2, "a key")) return e;
      return value(h.key, t[1], &op->key);
    }
    if (s == "len" || s == "clear" || s == "dump" || s == "layout") {
      op->code = s == "len"     ? OpCode::kLen
                 : s == "clear" ? OpCode::kClear
                 : s == "dump"  ? OpCode::kDump
                                : OpCode::kLayout;
      return arity(t, 1, "nothing");
    }
    if (s == "iter") {
      op->code = OpCode::kIter;
      std::optional<uint64_t> start, offset;
      for (size_t i = 1; i < t.size(); i++) {
        std::string_view a = t[i];
        if (a[0] == '@' && i == 1) {
          if (auto e = iteration(a, &op->iteration)) return e;
        } else if (a.substr(0, 6) == "start=" && !start) {
          start = parse_uint64(a.substr(6));
          if (!start) return err("bad " + short_text(a) + " (a non-negative decimal)");
        } else if (a.substr(0, 7) == "offset=" && !offset) {
          offset = parse_uint64(a.substr(7));
          if (!offset) return err("bad " + short_text(a) + " (a non-negative decimal)");
        } else {
          return err("unexpected " + short_text(a) + " in `iter [@I] [start=S offset=O]`");
        }
      }
      if (start.has_value() != offset.has_value())
        return err("`iter` takes start= and offset= together");
      if (start) op->start = IterStart{*start, *offset};
      opened_[op->iteration] = true;
      return owned(*op);
    }
    if (s == "next") {
      op->code = OpCode::kNext;
      if (t.size() > 2) return err("`next` takes at most an iteration: `next [@I]`");
      if (t.size() == 2) {
        if (t[1][0] != '@') return err("unexpected " + short_text(t[1]) + " after `next`");
        if (auto e = iteration(t[1], &op->iteration)) return e;
      }
      if (!opened_[op->iteration])
        return err("`next` without an `iter`" +
                   (op->iteration ? " @" + std::to_string(op->iteration) : std::string()) +
                   " before it");
      return owned(*op);
    }
    return err("unknown statement " + short_text(s));
  }

  // An iteration belongs to the goroutine that first starts it.
  std::optional<ParseError> owned(const Op& op) {
    int& owner = owner_[op.iteration];
    if (owner < 0) owner = op.goroutine;
    if (owner != op.goroutine)
      return err("iteration @" + std::to_string(op.iteration) + " belongs to g" +
                 std::to_string(owner) + ", not g" + std::to_string(op.goroutine));
    return std::nullopt;
  }

  Program prog_;
  int line_ = 0;
  bool opened_[kMaxIterations] = {};
  static_assert(kMaxIterations == 8);
  int owner_[kMaxIterations] = {-1, -1, -1, -1, -1, -1, -1, -1};
};

std::string hex(uint64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*" PRIx64, width, v);
  return buf;
}

}  // namespace

namespace {
constexpr std::string_view kSwitchPointNames[kSwitchPoints] = {
    "write-hashing",  "write-begun",     "grow-started",  "between-evacuations",
    "evacuate-entry", "overflow-linked", "clear-emptied", "write-ending",
    "access-checked", "iter-init",       "iter-step",
};
}  // namespace

std::string_view switch_point_name(SwitchPoint p) { return kSwitchPointNames[static_cast<int>(p)]; }

std::optional<SwitchPoint> switch_point_from_name(std::string_view name) {
  for (int i = 0; i < kSwitchPoints; i++)
    if (kSwitchPointNames[i] == name) return static_cast<SwitchPoint>(i);
  return std::nullopt;
}

std::string_view weak_hash_name(WeakHash w) {
  switch (w) {
    case WeakHash::kNone: return "none";
    case WeakHash::kConst: return "const";
    case WeakHash::kBits: return "bits";
    case WeakHash::kIdentity: return "identity";
  }
  return "?";
}

std::variant<Program, ParseError> parse_script(std::string_view text) { return Parser().run(text); }

namespace {
std::string print_statement(const Op& op);
}  // namespace

namespace {
std::string print_point(const Until& u) {
  std::string s(switch_point_name(u.point));
  if (u.occurrence != 1) s += "#" + std::to_string(u.occurrence);
  return s;
}
std::string print_gc_step(const GcStep& g) {
  switch (g.action) {
    case GcAction::kStart: return "gc start";
    case GcAction::kMark: return "gc mark " + std::to_string(g.units);
    case GcAction::kFinish: return "gc finish";
    case GcAction::kCycle: return "gc cycle";
  }
  return "gc ?";
}
}  // namespace

std::string print_op(const Op& op, bool goroutines) {
  std::string s = print_statement(op);
  if (goroutines) s = "g" + std::to_string(op.goroutine) + " " + s;
  if (op.until) s += " until " + print_point(*op.until);
  if (op.gc_at) s += " " + print_gc_step(op.gc_at->step) + " at " + print_point(op.gc_at->at);
  return s;
}

namespace {
std::string print_statement(const Op& op) {
  auto at = [&]() { return op.iteration ? " @" + std::to_string(op.iteration) : std::string(); };
  switch (op.code) {
    case OpCode::kSet: return "set " + format_value(op.key) + " " + format_value(op.elem);
    case OpCode::kAdd: return "add " + format_value(op.key) + " " + format_value(op.elem);
    case OpCode::kGet: return "get " + format_value(op.key);
    case OpCode::kDel: return "del " + format_value(op.key);
    case OpCode::kLen: return "len";
    case OpCode::kClear: return "clear";
    case OpCode::kDump: return "dump";
    case OpCode::kLayout: return "layout";
    case OpCode::kIter: {
      std::string s = "iter" + at();
      if (op.start)
        s += " start=" + std::to_string(op.start->start) +
             " offset=" + std::to_string(op.start->offset);
      return s;
    }
    case OpCode::kNext: return "next" + at();
    case OpCode::kResume: return "resume";
    case OpCode::kGc: return print_gc_step(op.gc);
  }
  return "?";
}
}  // namespace

std::string print_script(const Program& p) {
  const Header& h = p.header;
  std::string out = "map " + std::string(kind_name(h.key)) + " " + std::string(kind_name(h.elem));
  if (h.nil) out += " nil";
  if (h.gc) out += " gc";
  if (h.hint != 0) out += " hint=" + std::to_string(h.hint);
  if (h.seed) out += " seed=" + hex(*h.seed, 8);
  if (h.hashkey != kDefaultHashKey) {
    out += " hashkey=";
    for (int i = 0; i < 4; i++) out += (i ? "," : "") + hex(h.hashkey[i], 16);
  }
  if (h.weak_hash != WeakHash::kNone)
    out += " weakhash=" + std::string(weak_hash_name(h.weak_hash));
  if (h.goroutines) out += " goroutines=" + std::to_string(h.goroutines);
  out += '\n';
  for (const Op& op : p.ops) {
    out += print_op(op, h.goroutines > 0);
    out += '\n';
  }
  return out;
}

bool same_program(const Program& a, const Program& b) {
  const Header &x = a.header, &y = b.header;
  if (x.key != y.key || x.elem != y.elem || x.nil != y.nil || x.hint != y.hint ||
      x.seed != y.seed || x.hashkey != y.hashkey || x.weak_hash != y.weak_hash ||
      x.goroutines != y.goroutines || x.gc != y.gc || a.ops.size() != b.ops.size())
    return false;
  for (size_t i = 0; i < a.ops.size(); i++) {
    const Op &p = a.ops[i], &q = b.ops[i];
    if (p.code != q.code || p.iteration != q.iteration || p.goroutine != q.goroutine) return false;
    if (p.until.has_value() != q.until.has_value()) return false;
    if (p.until && (p.until->point != q.until->point || p.until->occurrence != q.until->occurrence))
      return false;
    auto same_step = [](const GcStep& s, const GcStep& t) {
      return s.action == t.action && s.units == t.units;
    };
    if (p.code == OpCode::kGc && !same_step(p.gc, q.gc)) return false;
    if (p.gc_at.has_value() != q.gc_at.has_value()) return false;
    if (p.gc_at &&
        (!same_step(p.gc_at->step, q.gc_at->step) || p.gc_at->at.point != q.gc_at->at.point ||
         p.gc_at->at.occurrence != q.gc_at->at.occurrence))
      return false;
    if (p.start.has_value() != q.start.has_value()) return false;
    if (p.start && (p.start->start != q.start->start || p.start->offset != q.start->offset))
      return false;
    bool has_key = p.code == OpCode::kSet || p.code == OpCode::kAdd || p.code == OpCode::kGet ||
                   p.code == OpCode::kDel;
    if (has_key && !same_value(p.key, q.key)) return false;
    if ((p.code == OpCode::kSet || p.code == OpCode::kAdd) && !same_value(p.elem, q.elem))
      return false;
  }
  return true;
}

}  // namespace gomap::harness
