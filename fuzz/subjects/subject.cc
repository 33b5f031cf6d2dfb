#include "subjects/subject.h"

namespace gomap::harness {

std::string_view engine_name(Engine e) {
  switch (e) {
    case Engine::kPort: return "port";
    case Engine::kAbsl: return "absl";
    case Engine::kStd: return "std";
  }
  return "?";
}

std::optional<Engine> engine_from_name(std::string_view name) {
  for (Engine e : {Engine::kPort, Engine::kAbsl, Engine::kStd})
    if (engine_name(e) == name) return e;
  return std::nullopt;
}

std::unique_ptr<Subject> make_subject(Engine engine, const Header& header) {
  switch (engine) {
    case Engine::kPort: return make_port_subject(header);
    case Engine::kAbsl: return make_absl_subject(header);
    case Engine::kStd: return make_std_subject(header);
  }
  return nullptr;
}

}  // namespace gomap::harness
