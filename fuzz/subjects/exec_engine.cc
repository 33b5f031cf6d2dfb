#include "subjects/exec_engine.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>
#include <utility>

extern char** environ;

namespace gomap::harness {
namespace {

constexpr std::string_view kGreeting = "#gomap-engine 1 ";
constexpr std::string_view kEndOk = "#end ok";
constexpr std::string_view kEndError = "#end error: ";
constexpr std::string_view kEnd = "#end";
constexpr std::string_view kFatal = "fatal error: ";
// How long an engine may stay silent before it counts as hung: far beyond
// any script a fuzzer makes, well inside libFuzzer's default -timeout.
constexpr int kAnswerTimeoutMs = 120'000;
// An engine greets as it starts; one that stays silent is not one.
constexpr int kGreetingTimeoutMs = 10'000;
// How much of what a dead engine left on stderr a report quotes.
constexpr size_t kQuoteLimit = 300;

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string read_whole(int fd) {
  std::string out;
  if (::lseek(fd, 0, SEEK_SET) < 0) return out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::string shorten(std::string_view s) {
  if (s.size() <= kQuoteLimit) return std::string(s);
  return std::string(s.substr(0, kQuoteLimit)) + "...";
}

}  // namespace

std::vector<std::string> ExecEngine::split_command(std::string_view command) {
  std::vector<std::string> argv;
  size_t i = 0;
  while (i < command.size()) {
    while (i < command.size() && command[i] == ' ') i++;
    size_t j = command.find(' ', i);
    if (j == std::string_view::npos) j = command.size();
    if (j > i) argv.emplace_back(command.substr(i, j - i));
    i = j;
  }
  return argv;
}

std::variant<std::unique_ptr<ExecEngine>, std::string> ExecEngine::start(
    std::vector<std::string> argv) {
  if (argv.empty() || argv[0].empty()) return std::string("an engine needs a command to run");
  // A write to an engine that just died must come back as an error (EPIPE),
  // not kill this process.
  ::signal(SIGPIPE, SIG_IGN);
  std::unique_ptr<ExecEngine> e(new ExecEngine(std::move(argv)));
  if (std::string why = e->spawn(); !why.empty()) return why;
  return e;
}

std::string ExecEngine::spawn() {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return errno_text("pipe");
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]), ::close(in[1]);
    return errno_text("pipe");
  }
  stderr_file_ = ::memfd_create("engine-stderr", MFD_CLOEXEC);
  if (stderr_file_ < 0) {
    ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]);
    return errno_text("memfd_create");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, stderr_file_, 2);
  std::vector<char*> args;
  for (std::string& a : argv_) args.push_back(a.data());
  args.push_back(nullptr);
  int err = ::posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  to_engine_ = in[1];
  from_engine_ = out[0];
  pending_.clear();
  if (err != 0) {
    pid_ = -1;
    reap();
    return "cannot start engine " + shorten(argv_[0]) + ": " + std::strerror(err);
  }
  alive_ = true;
  // The greeting: one line, before anything else.
  std::string line;
  for (;;) {
    size_t nl = pending_.find('\n');
    if (nl != std::string::npos) {
      line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      break;
    }
    pollfd p{from_engine_, POLLIN, 0};
    int ready = ::poll(&p, 1, kGreetingTimeoutMs);
    char buf[4096];
    ssize_t n = ready > 0 ? ::read(from_engine_, buf, sizeof buf) : -1;
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      reap();
      std::string err_text = read_whole(stderr_file_);
      return "engine " + shorten(argv_[0]) + " " +
             (ready == 0
                  ? "did not greet within " + std::to_string(kGreetingTimeoutMs / 1000) + " s"
                  : "ended before its greeting") +
             (err_text.empty() ? "" : "; its stderr: " + shorten(err_text));
    }
    pending_.append(buf, static_cast<size_t>(n));
  }
  if (line.rfind(kGreeting, 0) != 0) {
    reap();
    return "engine " + shorten(argv_[0]) +
           " does not speak the protocol of docs/engines.md: " + "its first line is \"" +
           shorten(line) + "\", not \"" + std::string(kGreeting) + "NAME\"";
  }
  name_ = line.substr(kGreeting.size());
  return {};
}

void ExecEngine::reap() {
  if (to_engine_ >= 0) ::close(to_engine_);
  if (from_engine_ >= 0) ::close(from_engine_);
  to_engine_ = from_engine_ = -1;
  if (pid_ > 0) {
    // An engine exits when its stdin ends; one that does not is ended.
    int status;
    pid_t done = 0;
    for (int i = 0; i < 100 && (done = ::waitpid(pid_, &status, WNOHANG)) == 0; i++)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (done == 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
  }
  pid_ = -1;
  alive_ = false;
}

EngineResult ExecEngine::died(std::string trace, const std::string& why) {
  reap();
  std::string err_text = read_whole(stderr_file_);
  ::close(stderr_file_);
  stderr_file_ = -1;
  EngineResult r;
  r.trace = std::move(trace);
  // A Go throw: the runtime's `fatal error: ...` line ends the trace, as the
  // trace of an engine that survives a fatal error ends with it.
  for (size_t at = 0; at < err_text.size();) {
    size_t nl = err_text.find('\n', at);
    std::string_view line(err_text.data() + at,
                          (nl == std::string::npos ? err_text.size() : nl) - at);
    if (line.rfind(kFatal, 0) == 0) {
      r.trace.append(line);
      r.trace.push_back('\n');
      return r;
    }
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  r.status = EngineResult::Status::kDied;
  r.error = "engine " + name_ + " " + why +
            (err_text.empty() ? "" : "; its stderr: " + shorten(err_text));
  return r;
}

EngineResult ExecEngine::run(std::string_view script) {
  send(script);
  return receive();
}

void ExecEngine::send(std::string_view script) {
  failed_send_.reset();
  if (!alive_) {
    if (stderr_file_ >= 0) ::close(stderr_file_), stderr_file_ = -1;
    restarts_++;
    if (std::string why = spawn(); !why.empty()) {
      failed_send_ = EngineResult{EngineResult::Status::kDied, {}, why};
      return;
    }
  }
  std::string frame = "#script " + std::to_string(script.size()) + "\n";
  if (!write_all(to_engine_, frame) || !write_all(to_engine_, script))
    failed_send_ = died(std::string(), "stopped reading its input");
}

EngineResult ExecEngine::receive() {
  if (failed_send_) return *std::exchange(failed_send_, std::nullopt);
  size_t line_start = 0;  // the first line of pending_ not looked at yet
  for (;;) {
    size_t nl = pending_.find('\n', line_start);
    if (nl == std::string::npos) {
      pollfd p{from_engine_, POLLIN, 0};
      int ready = ::poll(&p, 1, kAnswerTimeoutMs);
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0)
        return died(pending_,
                    "gave no answer within " + std::to_string(kAnswerTimeoutMs / 1000) + " s");
      char buf[65536];
      ssize_t n = ::read(from_engine_, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return died(pending_, "ended in the middle of a script");
      pending_.append(buf, static_cast<size_t>(n));
      continue;
    }
    std::string_view line(pending_.data() + line_start, nl - line_start);
    if (line.rfind(kEnd, 0) != 0) {
      line_start = nl + 1;
      continue;
    }
    EngineResult r;
    r.trace = pending_.substr(0, line_start);
    if (line == kEndOk) {
      r.status = EngineResult::Status::kRan;
    } else if (line.rfind(kEndError, 0) == 0) {
      r.status = EngineResult::Status::kScriptError;
      r.error = std::string(line.substr(kEndError.size()));
    } else {
      std::string bad(line);
      pending_.clear();
      return died(r.trace, "ended a script with \"" + shorten(bad) + "\", out of protocol");
    }
    pending_.erase(0, nl + 1);
    return r;
  }
}

ExecEngine::~ExecEngine() {
  reap();
  if (stderr_file_ >= 0) ::close(stderr_file_);
}

}  // namespace gomap::harness
