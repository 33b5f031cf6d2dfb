#include "oplang/trace.h"

#include <algorithm>

namespace gomap::harness {

std::string entry_line(const Entry& e) {
  return format_value(e.key) + " = " + format_value(e.elem);
}

std::string print_observation(const Observation& o, Kind elem) {
  using K = Observation::Kind;
  switch (o.kind) {
    case K::kNothing: return "";
    case K::kGet:
      return "get " + format_value(o.key) + " = " +
             format_value(o.found ? *o.found : Value::zero(elem)) +
             (o.found ? " true\n" : " false\n");
    case K::kLen: return "len " + std::to_string(o.len) + "\n";
    case K::kDump: {
      // Sorted by the bytes of the printed line, so that the order does not
      // depend on the map's.
      std::vector<std::string> lines;
      for (const Entry& e : o.entries) lines.push_back("  " + entry_line(e) + "\n");
      std::sort(lines.begin(), lines.end());
      std::string out = "dump " + std::to_string(lines.size()) + "\n";
      for (const std::string& l : lines) out += l;
      return out;
    }
    case K::kNext: return "next " + (o.next ? entry_line(*o.next) : std::string("end")) + "\n";
    case K::kLayout: return o.text;
    case K::kPanic: return "panic: " + o.text + "\n";
    case K::kFatal: return "fatal error: " + o.text + "\n";
  }
  return "";
}

}  // namespace gomap::harness
