// An engine in another process: any executable that reads op-scripts and
// prints their traces by the protocol of docs/engines.md. The Go 1.19
// oracle (`gooracle --serve`) is the reference engine; `gomap-script serve`
// puts the port (or absl, or std) behind the same protocol.
//
// Unlike a Subject, which runs one statement at a time in this process, an
// engine takes a whole script and gives back its whole trace: that is all a
// program in another language can be asked for, and all a comparison of
// traces needs.
#ifndef GOMAP_FUZZ_SUBJECTS_EXEC_ENGINE_H_
#define GOMAP_FUZZ_SUBJECTS_EXEC_ENGINE_H_

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gomap::harness {

struct EngineResult {
  enum class Status {
    kRan,          // the script ran: to its end, a panic, or a fatal error (the trace's last line)
    kScriptError,  // the engine rejected the script and ran none of it; `error` says why
    kDied,         // the engine died without a fatal error, or said something out of protocol
  };
  Status status = Status::kRan;
  // The trace lines. When the engine died of a fatal error (a Go throw),
  // its `fatal error: ...` line from stderr ends the trace, as it ends the
  // trace of an engine that reports it itself.
  std::string trace;
  std::string error;
};

class ExecEngine {
 public:
  // Starts argv (argv[0] found on PATH when it has no slash) and reads its
  // greeting; on failure, one line saying what went wrong.
  static std::variant<std::unique_ptr<ExecEngine>, std::string> start(
      std::vector<std::string> argv);
  // "exec:CMD ARG..." split at spaces; the command line of an engine.
  static std::vector<std::string> split_command(std::string_view command);
  ~ExecEngine();
  ExecEngine(const ExecEngine&) = delete;
  ExecEngine& operator=(const ExecEngine&) = delete;

  // Runs one script. An engine that died is started again before the next
  // script, so one death costs one script, never the run.
  EngineResult run(std::string_view script);
  // run() in two halves, so that the caller can work while the engine does:
  // send() hands the engine a script, receive() waits for its trace. Every
  // send() is followed by one receive() before the next send().
  void send(std::string_view script);
  EngineResult receive();
  // What the engine called itself in its greeting.
  const std::string& name() const { return name_; }
  // How many times the engine has been started again after dying.
  int restarts() const { return restarts_; }

 private:
  explicit ExecEngine(std::vector<std::string> argv) : argv_(std::move(argv)) {}
  std::string spawn();  // empty on success, else why not
  void reap();          // closes the pipes, ends and waits for the process
  // After the engine stopped answering mid-script: what it left on stderr.
  EngineResult died(std::string trace, const std::string& why);

  std::vector<std::string> argv_;
  std::string name_;
  pid_t pid_ = -1;
  int to_engine_ = -1;
  int from_engine_ = -1;
  int stderr_file_ = -1;                     // the engine's stderr, read back when it dies
  std::string pending_;                      // read from the engine, not yet consumed
  std::optional<EngineResult> failed_send_;  // what receive() reports when send() failed
  int restarts_ = 0;
  bool alive_ = false;
};

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_SUBJECTS_EXEC_ENGINE_H_
