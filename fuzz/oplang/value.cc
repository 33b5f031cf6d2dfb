#include "oplang/value.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace gomap::harness {
namespace {

struct RuneRange {
  uint32_t lo, hi;
};
constexpr RuneRange kPrintable[] = {
#include "isprint_table.inc"
};

bool go_isprint(uint32_t r) {
  auto it = std::upper_bound(std::begin(kPrintable), std::end(kPrintable), r,
                             [](uint32_t v, const RuneRange& rr) { return v < rr.lo; });
  if (it == std::begin(kPrintable)) return false;
  --it;
  return r <= it->hi;
}

// Decodes one UTF-8 rune as Go's utf8.DecodeRuneInString does: an invalid
// or short sequence is (RuneError, 1).
constexpr uint32_t kRuneError = 0xFFFD;
std::pair<uint32_t, size_t> decode_rune(std::string_view s) {
  unsigned char c0 = s[0];
  if (c0 < 0x80) return {c0, 1};
  auto cont = [&](size_t i) {
    return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  };
  auto cb = [&](size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(s[i]) & 0x3F);
  };
  if (c0 >= 0xC2 && c0 <= 0xDF && cont(1)) return {(uint32_t(c0 & 0x1F) << 6) | cb(1), 2};
  if (c0 >= 0xE0 && c0 <= 0xEF && cont(1) && cont(2)) {
    unsigned char c1 = s[1];
    if ((c0 == 0xE0 && c1 < 0xA0) || (c0 == 0xED && c1 > 0x9F)) return {kRuneError, 1};
    return {(uint32_t(c0 & 0x0F) << 12) | (cb(1) << 6) | cb(2), 3};
  }
  if (c0 >= 0xF0 && c0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    unsigned char c1 = s[1];
    if ((c0 == 0xF0 && c1 < 0x90) || (c0 == 0xF4 && c1 > 0x8F)) return {kRuneError, 1};
    return {(uint32_t(c0 & 0x07) << 18) | (cb(1) << 12) | (cb(2) << 6) | cb(3), 4};
  }
  return {kRuneError, 1};
}

void append_utf8(std::string& out, uint32_t r) {
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

bool valid_rune(uint32_t r) { return r <= 0x10FFFF && !(r >= 0xD800 && r <= 0xDFFF); }

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// strconv.Unquote of a double-quoted literal.
std::optional<std::string> go_unquote(std::string_view lit, std::string* why) {
  if (lit.size() < 2 || lit.front() != '"' || lit.back() != '"') {
    *why = "a string literal must be double-quoted";
    return std::nullopt;
  }
  std::string_view s = lit.substr(1, lit.size() - 2);
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '"') {
      *why = "unescaped \" inside a string literal";
      return std::nullopt;
    }
    if (c == '\n') {
      *why = "newline inside a string literal";
      return std::nullopt;
    }
    if (c != '\\') {
      auto [r, n] = decode_rune(s.substr(i));
      if (n == 1 && static_cast<unsigned char>(c) >= 0x80) {
        *why = "invalid UTF-8 in a string literal (escape such bytes as \\xHH)";
        return std::nullopt;
      }
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    if (i + 1 >= s.size()) {
      *why = "string literal ends in a backslash";
      return std::nullopt;
    }
    char e = s[i + 1];
    i += 2;
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case 'x':
      case 'u':
      case 'U': {
        size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + n > s.size()) {
          *why = std::string("short \\") + e + " escape";
          return std::nullopt;
        }
        uint32_t v = 0;
        for (size_t j = 0; j < n; j++) {
          int h = hexval(s[i + j]);
          if (h < 0) {
            *why = std::string("bad hex digit in \\") + e + " escape";
            return std::nullopt;
          }
          v = v << 4 | static_cast<uint32_t>(h);
        }
        i += n;
        if (e == 'x') {
          out += static_cast<char>(v);
        } else if (!valid_rune(v)) {
          *why = "escape is not a valid Unicode code point";
          return std::nullopt;
        } else {
          append_utf8(out, v);
        }
        break;
      }
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        uint32_t v = static_cast<uint32_t>(e - '0');
        for (int j = 0; j < 2; j++) {
          if (i >= s.size() || s[i] < '0' || s[i] > '7') {
            *why = "octal escape needs three digits";
            return std::nullopt;
          }
          v = v * 8 + static_cast<uint32_t>(s[i++] - '0');
        }
        if (v > 255) {
          *why = "octal escape above \\377";
          return std::nullopt;
        }
        out += static_cast<char>(v);
        break;
      }
      default:
        *why = "unknown escape \\" + short_text(std::string_view(&e, 1));
        return std::nullopt;
    }
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++)
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  return true;
}

// strconv.ParseFloat(s, 64) for decimal and hexadecimal literals and the
// special spellings; underscores are not accepted.
std::optional<double> go_parse_float(std::string_view s, std::string* why) {
  *why = "bad float64 literal";
  if (s.empty()) return std::nullopt;
  std::string_view body = s;
  bool neg = false;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (ieq(body, "inf") || ieq(body, "infinity"))
    return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (ieq(s, "nan")) return std::numeric_limits<double>::quiet_NaN();
  size_t i = 0;
  bool hex = body.size() > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
  if (hex) i = 2;
  auto digit = [&](char c) { return hex ? hexval(c) >= 0 : is_digit(c); };
  size_t mant = 0;
  while (i < body.size() && digit(body[i])) i++, mant++;
  if (i < body.size() && body[i] == '.') {
    i++;
    while (i < body.size() && digit(body[i])) i++, mant++;
  }
  if (mant == 0) return std::nullopt;
  char expc = hex ? 'p' : 'e';
  if (i < body.size() && std::tolower(static_cast<unsigned char>(body[i])) == expc) {
    i++;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) i++;
    size_t e = 0;
    while (i < body.size() && is_digit(body[i])) i++, e++;
    if (e == 0) return std::nullopt;
  } else if (hex) {
    *why = "hexadecimal float64 literal needs a p exponent";
    return std::nullopt;
  }
  if (i != body.size()) return std::nullopt;
  std::string z(s);
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(z.c_str(), &end);
  if (end != z.c_str() + z.size()) return std::nullopt;
  if (std::isinf(v)) {
    *why = "float64 literal out of range";
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::kInt64: return "int64";
    case Kind::kString: return "string";
    case Kind::kFloat64: return "float64";
    case Kind::kBig: return "big";
  }
  return "?";
}

std::optional<Kind> kind_from_name(std::string_view name) {
  for (Kind k : {Kind::kInt64, Kind::kString, Kind::kFloat64, Kind::kBig})
    if (kind_name(k) == name) return k;
  return std::nullopt;
}

bool same_value(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::kInt64:
    case Kind::kBig: return a.i == b.i;
    case Kind::kString: return a.s == b.s;
    case Kind::kFloat64:
      if (std::isnan(a.f) || std::isnan(b.f)) return std::isnan(a.f) && std::isnan(b.f);
      return std::memcmp(&a.f, &b.f, sizeof a.f) == 0;
  }
  return false;
}

std::optional<int64_t> parse_int64(std::string_view s) {
  if (s.empty()) return std::nullopt;
  size_t start = s[0] == '-' ? 1 : 0;
  if (start == s.size()) return std::nullopt;
  for (size_t i = start; i < s.size(); i++)
    if (!is_digit(s[i])) return std::nullopt;
  int64_t v;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

bool same_key(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::kFloat64: return a.f == b.f;
    case Kind::kString: return a.s == b.s;
    default: return a.i == b.i;
  }
}

bool KeyOrder::operator()(const Value& a, const Value& b) const {
  if (a.kind != b.kind) return a.kind < b.kind;
  switch (a.kind) {
    case Kind::kFloat64: return a.f < b.f;  // -0 < +0 is false both ways: one key
    case Kind::kString: return a.s < b.s;
    default: return a.i < b.i;
  }
}

ParsedValue parse_value(Kind kind, std::string_view lit) {
  ParsedValue r;
  switch (kind) {
    case Kind::kInt64:
    case Kind::kBig:
      if (auto v = parse_int64(lit)) {
        r.value = kind == Kind::kBig ? Value::big(*v) : Value::int64(*v);
      } else {
        r.error =
            std::string("bad ") + std::string(kind_name(kind)) + " literal " + short_text(lit);
      }
      return r;
    case Kind::kString: {
      std::string why;
      if (auto v = go_unquote(lit, &why))
        r.value = Value::string(std::move(*v));
      else
        r.error = "bad string literal " + short_text(lit) + ": " + why;
      return r;
    }
    case Kind::kFloat64: {
      std::string why;
      if (auto v = go_parse_float(lit, &why))
        r.value = Value::float64(*v);
      else
        r.error = why + " " + short_text(lit);
      return r;
    }
  }
  return r;
}

std::string go_quote(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  size_t i = 0;
  while (i < s.size()) {
    auto [r, n] = decode_rune(s.substr(i));
    if (n == 1 && r == kRuneError) {
      unsigned char b = s[i];
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
      i += 1;
      continue;
    }
    i += n;
    if (r == '"' || r == '\\') {
      out += '\\';
      out += static_cast<char>(r);
      continue;
    }
    // Every ASCII rune from space to tilde is printable, as in Go's table;
    // the table's binary search is for the rest.
    if (r >= ' ' && r < 0x7f) {
      out += static_cast<char>(r);
      continue;
    }
    if (go_isprint(r)) {
      append_utf8(out, r);
      continue;
    }
    switch (r) {
      case '\a': out += "\\a"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\v': out += "\\v"; continue;
      default: break;
    }
    if (r < ' ' || r == 0x7f) {
      out += "\\x";
      out += kHex[(r >> 4) & 0xF];
      out += kHex[r & 0xF];
    } else if (r < 0x10000) {
      out += "\\u";
      for (int sh = 12; sh >= 0; sh -= 4) out += kHex[(r >> sh) & 0xF];
    } else {
      out += "\\U";
      for (int sh = 28; sh >= 0; sh -= 4) out += kHex[(r >> sh) & 0xF];
    }
  }
  out += '"';
  return out;
}

std::string go_format_float(double f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f == 0) return std::signbit(f) ? "-0" : "0";
  // Shortest round-trip digits and decimal exponent, then Go's %g layout:
  // exponent form when exp < -4 || exp >= 6 (FormatFloat's shortest rule).
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  bool neg = sci[0] == '-';
  if (neg) sci.remove_prefix(1);
  size_t epos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, epos))
    if (c != '.') digits += c;
  int exp = std::atoi(std::string(sci.substr(epos + 1)).c_str());
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= 6) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += exp < 0 ? '-' : '+';
    int ae = exp < 0 ? -exp : exp;
    if (ae < 10) out += '0';
    out += std::to_string(ae);
    return out;
  }
  int dp = exp + 1;  // digits before the decimal point
  if (dp <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-dp), '0');
    out += digits;
  } else if (static_cast<size_t>(dp) >= digits.size()) {
    out += digits;
    out.append(static_cast<size_t>(dp) - digits.size(), '0');
  } else {
    out += digits.substr(0, static_cast<size_t>(dp));
    out += '.';
    out += digits.substr(static_cast<size_t>(dp));
  }
  return out;
}

std::string format_value(const Value& v) {
  switch (v.kind) {
    case Kind::kInt64:
    case Kind::kBig: return std::to_string(v.i);
    case Kind::kString: return go_quote(v.s);
    case Kind::kFloat64: return go_format_float(v.f);
  }
  return "?";
}

std::string short_text(std::string_view s) {
  constexpr size_t kMax = 40;
  size_t n = std::min(s.size(), kMax);
  // Cut before a UTF-8 sequence, not inside it: back over at most three
  // continuation bytes.
  while (n < s.size() && n > kMax - 3 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) n--;
  std::string out;
  for (unsigned char c : s.substr(0, n)) {
    if (c < 0x20 || c == 0x7f) {
      char esc[5];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      out += esc;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (n < s.size()) out += "...";
  return out;
}

}  // namespace gomap::harness
