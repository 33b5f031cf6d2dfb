// Values of the op language: the four key and element kinds of an
// op-script, their literal syntax (parse) and their printed form (format),
// which follow Go's strconv so that the port and the Go oracle print the
// same bytes.
#ifndef GOMAP_FUZZ_OPLANG_VALUE_H_
#define GOMAP_FUZZ_OPLANG_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gomap::harness {

enum class Kind : uint8_t { kInt64, kString, kFloat64, kBig };

std::string_view kind_name(Kind k);
std::optional<Kind> kind_from_name(std::string_view name);

// One key or element. `big` keeps its literal in i (every word of the
// 144-byte value equals it).
struct Value {
  Kind kind = Kind::kInt64;
  int64_t i = 0;
  double f = 0;
  std::string s;

  static Value int64(int64_t v) { return Value{Kind::kInt64, v, 0, {}}; }
  static Value big(int64_t v) { return Value{Kind::kBig, v, 0, {}}; }
  static Value float64(double v) { return Value{Kind::kFloat64, 0, v, {}}; }
  static Value string(std::string v) { return Value{Kind::kString, 0, 0, std::move(v)}; }
  static Value zero(Kind k) { return Value{k, 0, 0, {}}; }
};

// The same value as a program holds it: floats by bits, except that every
// NaN is the same (a printed NaN parses back as the canonical one).
bool same_value(const Value& a, const Value& b);

// Go's map key identity: the keys of one entry, by Go's == (+0 and -0 are
// one key; a NaN equals no key, not even itself).
bool same_key(const Value& a, const Value& b);

// A strict weak order of keys that agrees with same_key, for ordered sets
// and maps keyed by map keys. Never give it a NaN.
struct KeyOrder {
  bool operator()(const Value& a, const Value& b) const;
};

// The literal's value, or an error message saying what is wrong with it.
struct ParsedValue {
  std::optional<Value> value;
  std::string error;
};
ParsedValue parse_value(Kind kind, std::string_view literal);
std::optional<int64_t> parse_int64(std::string_view s);

// The printed form: decimal, strconv.Quote, FormatFloat(f, 'g', -1, 64).
std::string format_value(const Value& v);
std::string go_quote(std::string_view s);
// At most a short prefix of a bad token or literal, for an error message: it
// may be a 100,000-digit number, and a control byte in it must not reach the
// terminal raw (\xHH instead); "..." marks a cut.
std::string short_text(std::string_view s);
std::string go_format_float(double f);

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_OPLANG_VALUE_H_
