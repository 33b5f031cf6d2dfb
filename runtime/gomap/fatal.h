// Go's two ways for a map to fail: a panic (recoverable: assignment to a nil
// map) and a fatal error (not recoverable: a detected concurrent write).
#ifndef GOMAP_FATAL_H_
#define GOMAP_FATAL_H_

#include <stdexcept>
#include <string>

namespace gomap {

// A Go panic raised by a map operation; what() is Go's message.
class Panic : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown after a fatal-error handler returns. Go never returns from a fatal
// error, so the map that raised it is in whatever state it was: a test may
// inspect it but must not rely on it.
class FatalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Called with the message of a fatal error ("concurrent map writes", ...).
// The default prints "fatal error: <message>" to stderr and aborts.
using FatalHandler = void (*)(const char* message);

// Installs a handler for every thread; returns the previous one. nullptr
// restores the default.
FatalHandler set_fatal_handler(FatalHandler handler);

namespace internal {
[[noreturn]] void fatal(const char* message);
[[noreturn]] void panic_assignment_to_nil_map();
}  // namespace internal

}  // namespace gomap

#endif  // GOMAP_FATAL_H_
