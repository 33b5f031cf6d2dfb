#include "oplang/codec.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

namespace gomap::harness {
namespace {

constexpr int64_t kHints[7] = {0, 0, 0, 8, 9, 13, 100};
constexpr uint8_t kLiteralHint = 7;
constexpr int kRanges[8] = {4, 8, 16, 32, 64, 128, 256, 1024};
constexpr uint8_t kNilHeader = 0xFF;
constexpr uint8_t kWeakConst = 5, kWeakBits = 6, kWeakIdentity = 7;

constexpr uint16_t kLiteralIndex = 0xE000;  // 0xE000-0xEFFF: a literal follows
constexpr uint16_t kSpecialIndex = 0xF000;  // and up: the special keys
constexpr uint16_t kLiteralIncrement = 0x8000;
constexpr size_t kMaxLiteralString = 4096;
constexpr uint8_t kIterationEscape = 3;  // bits 0-1: a byte naming the iteration follows
constexpr uint8_t kFixedStart = 0x80;
constexpr uint8_t kLiteralStart = 0xFF;
constexpr int kCompactIterations = 3;
constexpr Kind kAnyKeys[4] = {Kind::kInt64, Kind::kString, Kind::kFloat64, Kind::kBig};
constexpr Kind kAnyElems[4] = {Kind::kInt64, Kind::kString, Kind::kBig, Kind::kInt64};
constexpr uint8_t kPlacementPoints = 32;  // bits 0-4
static_assert(kSwitchPoints < kPlacementPoints);
constexpr uint8_t kOccurrenceFollows = 0x80;
constexpr int kMaxPlacedOccurrence = 64;
constexpr uint8_t kLiteralUnits = 0xFF;
static_assert(kCompactIterations <= kIterationEscape && kMaxIterations <= 8);

// Opcodes and their weights; an opcode byte picks by byte % total weight.
struct Choice {
  OpCode code;
  int weight;
};

std::vector<Choice> choices(const DecodeOptions& o) {
  std::vector<Choice> c = {{OpCode::kSet, 40},
                           {OpCode::kDel, 25},
                           {OpCode::kGet, 10},
                           {OpCode::kLen, 2},
                           {OpCode::kDump, 1}};
  if (o.elem == Kind::kInt64) c.push_back({OpCode::kAdd, 6});
  if (o.clears) c.push_back({OpCode::kClear, 1});
  if (o.iterations) {
    c.push_back({OpCode::kIter, 6});
    c.push_back({OpCode::kNext, 30});
  }
  if (o.layout) c.push_back({OpCode::kLayout, 2});
  if (o.goroutines) c.push_back({OpCode::kResume, 14});
  if (o.gc) c.push_back({OpCode::kGc, 8});
  return c;
}

class Reader {
 public:
  Reader(const uint8_t* d, size_t n) : d_(d), n_(n) {}
  bool done() const { return i_ >= n_; }
  uint8_t u8() { return i_ < n_ ? d_[i_++] : 0; }
  uint16_t u16() {
    uint16_t lo = u8();
    return static_cast<uint16_t>(lo | (u8() << 8));
  }
  uint32_t u32() {
    uint32_t lo = u16();
    return lo | (static_cast<uint32_t>(u16()) << 16);
  }
  uint64_t u64() {
    uint64_t lo = u32();
    return lo | (static_cast<uint64_t>(u32()) << 32);
  }
  std::string bytes(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; i++) s.push_back(static_cast<char>(u8()));
    return s;
  }

 private:
  const uint8_t* d_;
  size_t n_;
  size_t i_ = 0;
};

class Writer {
 public:
  void u8(unsigned v) { out_.push_back(static_cast<char>(v & 0xFF)); }
  void u16(unsigned v) {
    u8(v);
    u8(v >> 8);
  }
  void u32(uint32_t v) {
    u16(v);
    u16(v >> 16);
  }
  void u64(uint64_t v) {
    u32(static_cast<uint32_t>(v));
    u32(static_cast<uint32_t>(v >> 32));
  }
  void bytes(std::string_view s) { out_.append(s); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

const double kSpecialFloats[] = {std::numeric_limits<double>::quiet_NaN(),
                                 -0.0,
                                 0.0,
                                 std::numeric_limits<double>::infinity(),
                                 -std::numeric_limits<double>::infinity(),
                                 5e-324,
                                 2.2250738585072009e-308,
                                 1.7976931348623157e308};
using namespace std::string_view_literals;
constexpr std::string_view kSpecialStrings[] = {
    ""sv,
    "a"sv,
    "\x00"sv,
    "a\x00b"sv,
    "\xff\xfe"sv,
    "\xc3\xa9"sv,
    "long-key-0123456789-0123456789-0123456789-0123456789"sv};
constexpr uint16_t kSpecialCount = 16;  // 0xF000 + [0, 16) reach every special (bigs: any)

// Key index -> key, for an index below kLiteralIndex or from kSpecialIndex.
Value key_of(Kind kind, uint16_t idx, int range) {
  int i = idx % range;
  bool special = idx >= kSpecialIndex;
  switch (kind) {
    case Kind::kInt64:
      return Value::int64(!special    ? i
                          : (idx & 1) ? INT64_MIN + (idx & 0xE)
                                      : INT64_MAX - (idx & 0xE));
    case Kind::kBig: return Value::big(special ? -static_cast<int64_t>(idx) : i);
    case Kind::kFloat64:
      if (special) return Value::float64(kSpecialFloats[idx % 8]);
      return Value::float64(i / 2.0);
    case Kind::kString:
      if (special) return Value::string(std::string(kSpecialStrings[idx % 7]));
      return Value::string("k" + std::to_string(i));
  }
  return Value{};
}

Value elem_of(Kind kind, uint16_t v) {
  switch (kind) {
    case Kind::kString: return Value::string("v" + std::to_string(v));
    case Kind::kBig: return Value::big(v);
    default: return Value::int64(v);
  }
}

Value read_literal(Reader& r, Kind kind) {
  switch (kind) {
    case Kind::kString: {
      size_t n = r.u16() % kMaxLiteralString;
      return Value::string(r.bytes(n));
    }
    case Kind::kFloat64: {
      uint64_t bits = r.u64();
      double f;
      std::memcpy(&f, &bits, sizeof f);
      return Value::float64(f);
    }
    case Kind::kBig: return Value::big(static_cast<int64_t>(r.u64()));
    case Kind::kInt64: return Value::int64(static_cast<int64_t>(r.u64()));
  }
  return Value{};
}

void write_literal(Writer& w, const Value& v) {
  switch (v.kind) {
    case Kind::kString:
      w.u16(static_cast<unsigned>(v.s.size()));
      w.bytes(v.s);
      break;
    case Kind::kFloat64: {
      uint64_t bits;
      std::memcpy(&bits, &v.f, sizeof bits);
      w.u64(bits);
      break;
    }
    default: w.u64(static_cast<uint64_t>(v.i));
  }
}

Value read_key(Reader& r, Kind kind, int range) {
  uint16_t idx = r.u16();
  if (idx >= kLiteralIndex && idx < kSpecialIndex) return read_literal(r, kind);
  return key_of(kind, idx, range);
}

bool is_nan(const Value& v) { return v.kind == Kind::kFloat64 && std::isnan(v.f); }

// What keeps a comparable_with_go program's trace Go's own: the map's NaN
// state and which iterations may go on.
struct GoComparable {
  bool nan_in_map = false;
  bool* opened;

  void end_iterations() { std::fill(opened, opened + kMaxIterations, false); }
  // Why op (as it stands) is not comparable, or empty.
  std::string refusal(const Op& op) const {
    bool iterates = op.code == OpCode::kIter || op.code == OpCode::kNext;
    if (nan_in_map && (iterates || op.code == OpCode::kLayout))
      return "a layout or an iteration while a NaN key, in a random bucket, is in the map";
    if (op.code == OpCode::kIter && !op.start) return "an iteration without a fixed start";
    if (op.code == OpCode::kNext && !opened[op.iteration])
      return "an iteration open across a clear or a NaN insert";
    return {};
  }
  // The statement's effect on what later statements may do.
  void after(const Op& op) {
    if (op.code == OpCode::kClear) nan_in_map = false, end_iterations();
    if ((op.code == OpCode::kSet || op.code == OpCode::kAdd) && is_nan(op.key))
      nan_in_map = true, end_iterations();
    if (op.code == OpCode::kIter) opened[op.iteration] = true;
  }
  // Turns a decoded statement into the comparable one.
  void settle(Op& op) {
    if (nan_in_map && op.code == OpCode::kLayout) op.code = OpCode::kDump;
    if (nan_in_map && (op.code == OpCode::kIter || op.code == OpCode::kNext)) {
      opened[op.iteration] = false;
      op.code = OpCode::kLen;
      op.iteration = 0;
      op.start.reset();
    }
    if (op.code == OpCode::kIter && !op.start) op.start = IterStart{0, 0};
    after(op);
  }
};

int read_iteration(Reader& r, uint8_t b) {
  uint8_t low = b & 3;
  return low == kIterationEscape ? r.u8() % kMaxIterations : low % kCompactIterations;
}

}  // namespace

namespace {

GcStep read_gc_step(Reader& r, uint8_t action) {
  GcStep s;
  s.action = static_cast<GcAction>(action & 3);
  if (s.action == GcAction::kMark) {
    uint8_t u = r.u8();
    s.units = u == kLiteralUnits ? 1 + static_cast<int>(r.u32() % kMaxMarkUnits) : 1 + u;
  }
  return s;
}

void write_gc_step_units(Writer& w, const GcStep& s) {
  if (s.action != GcAction::kMark) return;
  if (s.units - 1 < kLiteralUnits) {
    w.u8(static_cast<unsigned>(s.units - 1));
  } else {
    w.u8(kLiteralUnits);
    w.u32(static_cast<uint32_t>(s.units - 1));
  }
}

}  // namespace

Program decode(const uint8_t* data, size_t size, const DecodeOptions& options) {
  Reader r(data, size);
  Program p;
  uint8_t h = r.u8();
  // The kinds may come from the input (any_kinds): decode with them.
  DecodeOptions o = options;
  p.header.nil = h == kNilHeader;
  uint8_t weak = (h >> 3) & 7;
  if (o.weak_hashes && !p.header.nil && weak >= kWeakConst)
    p.header.weak_hash = weak == kWeakConst  ? WeakHash::kConst
                         : weak == kWeakBits ? WeakHash::kBits
                                             : WeakHash::kIdentity;
  int range = kRanges[r.u8() & 7];
  p.header.seed = r.u32();
  uint8_t hint_class = h & 7;
  p.header.hint =
      hint_class == kLiteralHint
          ? static_cast<int64_t>(r.u64() % static_cast<uint64_t>(2 * o.hint_reach + 1)) -
                o.hint_reach
          : kHints[hint_class];
  if (o.goroutines) p.header.goroutines = 2 + r.u8() % (o.goroutines - 1);
  if (o.any_kinds) {
    uint8_t k = r.u8();
    o.key = kAnyKeys[k & 3];
    o.elem = kAnyElems[(k >> 2) & 3];
  }
  p.header.key = o.key;
  p.header.elem = o.elem;
  p.header.gc = o.gc;

  std::vector<Choice> cs = choices(o);
  int total = 0;
  for (const Choice& c : cs) total += c.weight;
  bool opened[kMaxIterations] = {};
  GoComparable comparable{.opened = opened};
  while (!r.done() && p.ops.size() < o.max_ops) {
    Op op;
    if (p.header.goroutines) {
      uint8_t sched = r.u8();
      op.goroutine = (sched & 3) % p.header.goroutines;
      int point = (sched >> 2) & 15;
      if (point >= 1 && point <= kSwitchPoints)
        op.until = Until{static_cast<SwitchPoint>(point - 1), 1 + (sched >> 6)};
    }
    if (o.gc) {
      uint8_t place = r.u8();
      int point = place % kPlacementPoints;
      int occurrence = place & kOccurrenceFollows ? 2 + r.u8() % (kMaxPlacedOccurrence - 1) : 1;
      if (point >= 1 && point <= kSwitchPoints) {
        GcStep step = read_gc_step(r, place >> 5);
        op.gc_at = GcAt{step, Until{static_cast<SwitchPoint>(point - 1), occurrence}};
      }
    }
    int pick = r.u8() % total;
    OpCode code = cs.back().code;
    for (const Choice& c : cs) {
      if (pick < c.weight) {
        code = c.code;
        break;
      }
      pick -= c.weight;
    }
    op.code = code;
    op.line = static_cast<int>(p.ops.size()) + 2;  // its line in the printed op-script
    switch (code) {
      case OpCode::kSet: {
        op.key = read_key(r, o.key, range);
        uint16_t v = r.u16();
        op.elem = v >= kLiteralIndex ? read_literal(r, o.elem) : elem_of(o.elem, v);
        break;
      }
      case OpCode::kAdd: {
        op.key = read_key(r, o.key, range);
        uint16_t n = r.u16();
        op.elem = Value::int64(n == kLiteralIncrement ? static_cast<int64_t>(r.u64())
                                                      : static_cast<int16_t>(n));
        break;
      }
      case OpCode::kGet:
      case OpCode::kDel: op.key = read_key(r, o.key, range); break;
      case OpCode::kGc:
        op.gc_at.reset();
        op.gc = read_gc_step(r, r.u8());
        break;
      case OpCode::kIter: {
        uint8_t b = r.u8();
        op.iteration = read_iteration(r, b);
        if (p.header.goroutines) op.iteration = op.goroutine;
        if (b & kFixedStart) {
          uint8_t start = r.u8();
          if (start == kLiteralStart) {
            uint64_t s = r.u64();
            op.start = IterStart{s, r.u64()};
          } else {
            op.start = IterStart{start, static_cast<uint64_t>(b >> 4) & 7};
          }
        }
        opened[op.iteration] = true;
        break;
      }
      case OpCode::kNext: {
        op.iteration = read_iteration(r, r.u8());
        if (p.header.goroutines) op.iteration = op.goroutine;
        // A next with nothing to advance is an iter: every Program is valid.
        if (!opened[op.iteration]) {
          op.code = OpCode::kIter;
          opened[op.iteration] = true;
        }
        break;
      }
      default: break;
    }
    if (o.comparable_with_go) comparable.settle(op);
    p.ops.push_back(std::move(op));
  }
  return p;
}

namespace {

// The index of key among the range's ordinary keys (key_of's inverse), or
// -1 when it is not one of them.
int64_t ordinary_index(const Value& key) {
  switch (key.kind) {
    case Kind::kInt64:
    case Kind::kBig: return key.i >= 0 && key.i < kLiteralIndex ? key.i : -1;
    case Kind::kFloat64: {
      double twice = key.f * 2;
      bool whole = twice >= 0 && twice < kLiteralIndex && twice == std::floor(twice);
      return whole && !std::signbit(key.f) ? static_cast<int64_t>(twice) : -1;
    }
    case Kind::kString: {
      const std::string& s = key.s;
      if (s.size() < 2 || s.size() > 6 || s[0] != 'k' || (s[1] == '0' && s.size() > 2)) return -1;
      int64_t n = 0;
      for (size_t i = 1; i < s.size(); i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        n = n * 10 + (s[i] - '0');
      }
      return n;
    }
  }
  return -1;
}

// The key index that decodes to key, or kLiteralIndex when none does.
uint16_t key_index(const Value& key, int range) {
  int64_t i = ordinary_index(key);
  if (i >= 0 && i < range) return static_cast<uint16_t>(i);
  for (uint16_t j = 0; j < kSpecialCount; j++)
    if (same_value(key_of(key.kind, kSpecialIndex + j, range), key)) return kSpecialIndex + j;
  if (key.kind == Kind::kBig && key.i <= -kSpecialIndex && key.i >= -0xFFFF)
    return static_cast<uint16_t>(-key.i);  // key_of's special bigs: -idx
  return kLiteralIndex;
}

// The elem code that decodes to elem, or kLiteralIndex.
uint16_t elem_code(const Value& elem) {
  int64_t n = -1;
  switch (elem.kind) {
    case Kind::kString:
      if (elem.s.size() > 1 && elem.s[0] == 'v' && elem.s.size() <= 6) {
        n = 0;
        for (size_t i = 1; i < elem.s.size(); i++) {
          if (elem.s[i] < '0' || elem.s[i] > '9') return kLiteralIndex;
          n = n * 10 + (elem.s[i] - '0');
        }
      }
      break;
    default: n = elem.i; break;
  }
  if (n < 0 || n >= kLiteralIndex) return kLiteralIndex;
  uint16_t code = static_cast<uint16_t>(n);
  return same_value(elem_of(elem.kind, code), elem) ? code : kLiteralIndex;
}

// The range class whose keys cover most of the program's keys, so that
// the bytes stay short; any class decodes the same program.
uint8_t best_range(const Program& p) {
  uint8_t best = 0;
  size_t best_hits = 0;
  for (uint8_t c = 0; c < 8; c++) {
    size_t hits = 0;
    for (const Op& op : p.ops) {
      bool keyed = op.code == OpCode::kSet || op.code == OpCode::kAdd || op.code == OpCode::kGet ||
                   op.code == OpCode::kDel;
      if (keyed && key_index(op.key, kRanges[c]) < kLiteralIndex) hits++;
    }
    if (hits > best_hits) best = c, best_hits = hits;
  }
  return best;
}

}  // namespace

std::variant<std::string, EncodeError> encode(const Program& p, const DecodeOptions& options) {
  const Header& h = p.header;
  auto no = [](const std::string& why) { return EncodeError{why}; };
  DecodeOptions o = options;
  int kinds = -1;
  if (o.any_kinds) {
    for (int k = 0; k < 16 && kinds < 0; k++)
      if (kAnyKeys[k & 3] == h.key && kAnyElems[k >> 2] == h.elem) kinds = k;
    if (kinds >= 0) o.key = h.key, o.elem = h.elem;
  }
  if (h.gc != o.gc)
    return no(h.gc ? "the target runs no collector" : "the target's programs run the collector");
  if (h.key != o.key || h.elem != o.elem)
    return no("the map is map[" + std::string(kind_name(h.key)) + "]" +
              std::string(kind_name(h.elem)) + ", the target's map[" +
              std::string(kind_name(o.key)) + "]" + std::string(kind_name(o.elem)));
  if (!h.seed) return no("the header has no seed= (every decoded map has one)");
  if (h.hashkey != kDefaultHashKey) return no("the header sets a hashkey");
  if (h.weak_hash != WeakHash::kNone && (!o.weak_hashes || h.nil))
    return no("the header's weak hash is not one the target uses");
  if (p.ops.size() > o.max_ops) return no("more than " + std::to_string(o.max_ops) + " statements");
  if (h.hint < -o.hint_reach || h.hint > o.hint_reach)
    return no("a hint beyond +-" + std::to_string(o.hint_reach));
  if (h.goroutines > o.goroutines || (h.goroutines == 0) != (o.goroutines == 0))
    return no(h.goroutines ? "the target runs no goroutines"
                           : "the target's programs run goroutines");

  Writer w;
  uint8_t hint_class = kLiteralHint;
  for (uint8_t c = 0; c < kLiteralHint; c++)
    if (kHints[c] == h.hint) {
      hint_class = c;
      break;
    }
  if (h.nil) {
    hint_class = kLiteralHint;
    w.u8(kNilHeader);
  } else {
    uint8_t weak = h.weak_hash == WeakHash::kConst      ? kWeakConst
                   : h.weak_hash == WeakHash::kBits     ? kWeakBits
                   : h.weak_hash == WeakHash::kIdentity ? kWeakIdentity
                                                        : 0;
    w.u8(hint_class | weak << 3);
  }
  uint8_t range_class = best_range(p);
  int range = kRanges[range_class];
  w.u8(range_class);
  w.u32(*h.seed);
  if (hint_class == kLiteralHint) w.u64(static_cast<uint64_t>(h.hint + o.hint_reach));
  if (h.goroutines) w.u8(static_cast<unsigned>(h.goroutines - 2));
  if (o.any_kinds) w.u8(static_cast<unsigned>(kinds));

  std::vector<Choice> cs = choices(o);
  auto write_key = [&](const Value& key) {
    uint16_t idx = key_index(key, range);
    w.u16(idx);
    if (idx == kLiteralIndex) write_literal(w, key);
  };
  auto write_iteration = [&](uint8_t flags, int iteration) {
    if (iteration < kCompactIterations) {
      w.u8(flags | iteration);
    } else {
      w.u8(flags | kIterationEscape);
      w.u8(static_cast<unsigned>(iteration));
    }
  };
  bool opened[kMaxIterations] = {};
  GoComparable comparable{.opened = opened};
  for (const Op& op : p.ops) {
    auto where = [&]() { return "line " + std::to_string(op.line) + ": "; };
    if (o.comparable_with_go) {
      if (std::string why = comparable.refusal(op); !why.empty()) return no(where() + why);
      comparable.after(op);
    }
    int base = 0;
    bool allowed = false;
    for (const Choice& c : cs) {
      if (c.code == op.code) {
        allowed = true;
        break;
      }
      base += c.weight;
    }
    if (!allowed) return no(where() + "the target's programs have no such statement");
    bool keyed = op.code == OpCode::kSet || op.code == OpCode::kAdd || op.code == OpCode::kGet ||
                 op.code == OpCode::kDel;
    if (keyed && op.key.kind == Kind::kString && op.key.s.size() >= kMaxLiteralString)
      return no(where() + "a key of " + std::to_string(op.key.s.size()) + " bytes");
    if (op.code == OpCode::kSet && op.elem.kind == Kind::kString &&
        op.elem.s.size() >= kMaxLiteralString)
      return no(where() + "an elem of " + std::to_string(op.elem.s.size()) + " bytes");
    if (h.goroutines) {
      bool iterates = op.code == OpCode::kIter || op.code == OpCode::kNext;
      if (iterates && op.iteration != op.goroutine)
        return no(where() + "an iteration that is not its goroutine's own (@g)");
      if (op.until && op.until->occurrence > 4) return no(where() + "an occurrence over 4");
      unsigned point = op.until ? 1 + static_cast<unsigned>(op.until->point) : 0;
      unsigned occurrence = op.until ? static_cast<unsigned>(op.until->occurrence - 1) : 0;
      w.u8(static_cast<unsigned>(op.goroutine) | point << 2 | occurrence << 6);
    }
    if (o.gc) {
      if (!op.gc_at || op.code == OpCode::kGc) {
        if (op.gc_at) return no(where() + "a collector step placed inside `gc`");
        w.u8(0);
      } else {
        const GcAt& g = *op.gc_at;
        if (g.at.occurrence > kMaxPlacedOccurrence)
          return no(where() + "an occurrence over " + std::to_string(kMaxPlacedOccurrence));
        bool more = g.at.occurrence > 1;
        w.u8((1 + static_cast<unsigned>(g.at.point)) | static_cast<unsigned>(g.step.action) << 5 |
             (more ? kOccurrenceFollows : 0));
        if (more) w.u8(static_cast<unsigned>(g.at.occurrence - 2));
        write_gc_step_units(w, g.step);
      }
    } else if (op.gc_at) {
      return no(where() + "the target's programs run no collector");
    }
    w.u8(static_cast<unsigned>(base));
    switch (op.code) {
      case OpCode::kSet: {
        write_key(op.key);
        uint16_t code = elem_code(op.elem);
        w.u16(code);
        if (code == kLiteralIndex) write_literal(w, op.elem);
        break;
      }
      case OpCode::kAdd: {
        write_key(op.key);
        int64_t n = op.elem.i;
        if (n >= INT16_MIN + 1 && n <= INT16_MAX) {
          w.u16(static_cast<uint16_t>(static_cast<int16_t>(n)));
        } else {
          w.u16(kLiteralIncrement);
          w.u64(static_cast<uint64_t>(n));
        }
        break;
      }
      case OpCode::kGet:
      case OpCode::kDel: write_key(op.key); break;
      case OpCode::kIter: {
        if (!op.start) {
          write_iteration(0, op.iteration);
        } else if (op.start->start < kLiteralStart && op.start->offset < 8) {
          write_iteration(kFixedStart | static_cast<uint8_t>(op.start->offset << 4), op.iteration);
          w.u8(static_cast<unsigned>(op.start->start));
        } else {
          write_iteration(kFixedStart, op.iteration);
          w.u8(kLiteralStart);
          w.u64(op.start->start);
          w.u64(op.start->offset);
        }
        break;
      }
      case OpCode::kNext: write_iteration(0, op.iteration); break;
      case OpCode::kGc:
        w.u8(static_cast<unsigned>(op.gc.action));
        write_gc_step_units(w, op.gc);
        break;
      default: break;
    }
  }
  return w.take();
}

}  // namespace gomap::harness
