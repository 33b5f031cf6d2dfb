// The three misuse programs of Go's crash tests (runtime/testdata/testprog/
// map.go: concurrentMapWrites, concurrentMapReadWrite,
// concurrentMapIterateWrite), on the port, with two threads: one writes key
// 5, the other writes key 6, reads key 6 or ranges over the map, each 10,000
// times with a pause between steps where Go calls runtime.Gosched.
// runtime/bench/go/misuse is the same program in Go; ci/detection.sh runs
// the two alternately and tabulates how often and how fast each detector
// fires.
//
// The pause stands for Gosched as Go's scheduler runs it here: with two
// goroutines on two Ps there is nothing else to run, so Gosched returns after
// a trip through the run queue (about 200 ns a step, map write included, on
// this project's machine) and never gives the CPU to another process.
// std::this_thread::yield costs as much on an idle machine, but on a busy one
// it hands the core to whatever else runs, for a time slice, at every step,
// which Go never does; so the pause is a spin of that length instead.
//
//   gomap_misuse writes|readwrite|iteratewrite [--until=SECONDS]
//
// With --until the threads keep stepping until the detector fires or
// SECONDS pass, instead of stopping after 10,000 steps. A detection prints
// Go's fatal error on stderr and aborts (the port's default fatal handler);
// otherwise the program prints "not detected" and exits 0.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "gomap/map.h"

namespace {

constexpr int kSteps = 10000;
constexpr auto kGoschedTime = std::chrono::nanoseconds(150);

void gosched() {
  auto end = std::chrono::steady_clock::now() + kGoschedTime;
  while (std::chrono::steady_clock::now() < end) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}

[[noreturn]] void usage(const char* why) {
  std::fprintf(
      stderr,
      "gomap_misuse: %s\nusage: gomap_misuse writes|readwrite|iteratewrite [--until=SECONDS]\n",
      why);
  std::exit(64);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) usage("expected a program name and at most one option");
  enum { kWrites, kReadWrite, kIterateWrite } program;
  if (std::strcmp(argv[1], "writes") == 0) {
    program = kWrites;
  } else if (std::strcmp(argv[1], "readwrite") == 0) {
    program = kReadWrite;
  } else if (std::strcmp(argv[1], "iteratewrite") == 0) {
    program = kIterateWrite;
  } else {
    usage(("unknown program " + std::string(argv[1])).c_str());
  }
  double until = 0;
  if (argc == 3) {
    const char* opt = argv[2];
    char* end = nullptr;
    if (std::strncmp(opt, "--until=", 8) != 0)
      usage(("unknown option " + std::string(opt)).c_str());
    until = std::strtod(opt + 8, &end);
    if (end == opt + 8 || *end != '\0' || !(until > 0))
      usage("--until takes a positive number of seconds");
  }

  gomap::Map<int64_t, int64_t> m;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(until);
  // Counts steps, or runs until the deadline when --until is given.
  auto more = [&](int i) {
    return until > 0 ? (i & 63) != 0 || std::chrono::steady_clock::now() < deadline : i < kSteps;
  };
  std::thread writer([&] {
    for (int i = 0; more(i); i++) {
      m.set(5, 0);
      gosched();
    }
  });
  std::thread other([&] {
    for (int i = 0; more(i); i++) {
      switch (program) {
        case kWrites: m.set(6, 0); break;
        case kReadWrite: (void)m.get(6); break;
        case kIterateWrite:
          for (auto kv : m) (void)kv;
          break;
      }
      gosched();
    }
  });
  writer.join();
  other.join();
  std::puts("not detected");
  return 0;
}
