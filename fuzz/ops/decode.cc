#include "decode.h"

#include <cmath>
#include <limits>
#include <string_view>

namespace gomap::ops {
namespace {

constexpr int64_t kHints[8] = {0, 0, 0, 8, 9, 13, 100, -1};
constexpr int kRanges[8] = {4, 8, 16, 32, 64, 128, 256, 1024};

// Opcodes and their weights; an opcode byte picks by byte % total weight.
struct Choice {
  OpCode code;
  int weight;
};

std::vector<Choice> choices(const DecodeOptions& o) {
  std::vector<Choice> c = {{OpCode::kSet, 40}, {OpCode::kDel, 25}, {OpCode::kGet, 10},
                           {OpCode::kLen, 2}, {OpCode::kDump, 1}};
  if (o.elem == Kind::kInt64) c.push_back({OpCode::kAdd, 6});
  if (o.clears) c.push_back({OpCode::kClear, 1});
  if (o.iterations) {
    c.push_back({OpCode::kIter, 6});
    c.push_back({OpCode::kNext, 30});
  }
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

 private:
  const uint8_t* d_;
  size_t n_;
  size_t i_ = 0;
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
    ""sv, "a"sv, "\x00"sv, "a\x00b"sv, "\xff\xfe"sv, "\xc3\xa9"sv,
    "long-key-0123456789-0123456789-0123456789-0123456789"sv};

// Key index -> key: mostly small values, a few special ones.
Value key_of(Kind kind, uint16_t idx, int range) {
  int i = idx % range;
  bool special = idx >= 0xF000;
  switch (kind) {
    case Kind::kInt64:
      return Value::int64(!special ? i : (idx & 1) ? INT64_MIN + (idx & 0xE) : INT64_MAX - (idx & 0xE));
    case Kind::kBig:
      return Value::big(special ? -static_cast<int64_t>(idx) : i);
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

}  // namespace

Program decode(const uint8_t* data, size_t size, const DecodeOptions& o) {
  Reader r(data, size);
  Program p;
  uint8_t h = r.u8();
  p.header.key = o.key;
  p.header.elem = o.elem;
  p.header.hint = kHints[h & 7];
  uint8_t weak = (h >> 3) & 7;
  if (o.weak_hashes && weak >= 5)
    p.header.weak_hash = weak == 5 ? WeakHash::kConst : weak == 6 ? WeakHash::kBits : WeakHash::kIdentity;
  p.header.nil = h == 0xFF;  // rare: a nil map only reads and panics
  int range = kRanges[r.u8() & 7];
  p.header.seed = r.u32();

  std::vector<Choice> cs = choices(o);
  int total = 0;
  for (const Choice& c : cs) total += c.weight;
  bool opened[kMaxIterations] = {};
  while (!r.done() && p.ops.size() < o.max_ops) {
    int pick = r.u8() % total;
    OpCode code = cs.back().code;
    for (const Choice& c : cs) {
      if (pick < c.weight) {
        code = c.code;
        break;
      }
      pick -= c.weight;
    }
    Op op;
    op.code = code;
    op.line = static_cast<int>(p.ops.size()) + 2;  // its line in the printed op-script
    switch (code) {
      case OpCode::kSet:
      case OpCode::kAdd:
        op.key = key_of(o.key, r.u16(), range);
        op.elem = code == OpCode::kAdd ? Value::int64(static_cast<int16_t>(r.u16()))
                                       : elem_of(o.elem, r.u16());
        break;
      case OpCode::kGet:
      case OpCode::kDel:
        op.key = key_of(o.key, r.u16(), range);
        break;
      case OpCode::kIter: {
        uint8_t b = r.u8();
        op.iteration = b % 3;
        if (b & 0x80) op.start = IterStart{r.u8(), static_cast<uint64_t>(b >> 4) & 7};
        opened[op.iteration] = true;
        break;
      }
      case OpCode::kNext: {
        op.iteration = r.u8() % 3;
        // A next with nothing to advance is an iter: every Program is valid.
        if (!opened[op.iteration]) {
          op.code = OpCode::kIter;
          opened[op.iteration] = true;
        }
        break;
      }
      default:
        break;
    }
    p.ops.push_back(std::move(op));
  }
  return p;
}

std::string encode(const RawHeader& h, const std::vector<RawOp>& ops, const DecodeOptions& o) {
  std::string out;
  auto u8 = [&](unsigned v) { out.push_back(static_cast<char>(v & 0xFF)); };
  auto u16 = [&](unsigned v) {
    u8(v);
    u8(v >> 8);
  };
  u8(h.nil ? 0xFF : (h.hint_class & 7) | ((h.weak & 7) << 3));
  u8(h.range_class & 7);
  u16(h.seed);
  u16(h.seed >> 16);
  std::vector<Choice> cs = choices(o);
  for (const RawOp& op : ops) {
    int base = 0;
    for (const Choice& c : cs) {
      if (c.code == op.code) break;
      base += c.weight;
    }
    u8(base);
    switch (op.code) {
      case OpCode::kSet:
      case OpCode::kAdd:
        u16(op.key_index);
        u16(op.value);
        break;
      case OpCode::kGet:
      case OpCode::kDel:
        u16(op.key_index);
        break;
      case OpCode::kIter:
      case OpCode::kNext:
        u8(op.iteration);
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace gomap::ops
