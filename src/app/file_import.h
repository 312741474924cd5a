// PLACEHOLDER for the engine's streaming CSV reader: follows one file as its bytes
// arrive (bytes, lines, timing) and carries the user's cancel request. When the engine
// lands, App feeds the engine session instead and this class goes away.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ces::app {

class FileImport {
 public:
  enum class Status { Idle, Reading, Done, Cancelled, Failed };

  void Begin(std::string_view name, std::uint64_t size);  // forgets any previous file
  bool Feed(const std::uint8_t* data, std::size_t size);  // false once cancelled
  void Finish();                                          // all bytes arrived
  void Fail(std::string_view message);                    // reading failed
  void RequestCancel();                                   // honoured at the next Feed

  Status status() const { return status_; }
  bool reading() const { return status_ == Status::Reading; }
  const std::string& name() const { return name_; }
  const std::string& error() const { return error_; }
  std::uint64_t totalBytes() const { return totalBytes_; }  // as announced by Begin
  std::uint64_t bytesRead() const { return bytesRead_; }
  std::uint64_t lines() const;                              // a last line without '\n' counts
  double ElapsedSeconds() const;                            // frozen once the file stops
  double BytesPerSecond() const;

 private:
  using Clock = std::chrono::steady_clock;
  void Stop(Status status);

  Status status_ = Status::Idle;
  std::string name_;
  std::string error_;
  std::uint64_t totalBytes_ = 0;
  std::uint64_t bytesRead_ = 0;
  std::uint64_t newlines_ = 0;
  std::uint8_t lastByte_ = '\n';
  bool cancelRequested_ = false;
  Clock::time_point started_{};
  Clock::time_point stopped_{};
};

const char* ToString(FileImport::Status status);  // "idle", "reading", "done", "cancelled", "error"

}  // namespace ces::app
