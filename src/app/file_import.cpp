#include "app/file_import.h"

#include <algorithm>

namespace ces::app {

void FileImport::Begin(std::string_view name, std::uint64_t size) {
  *this = FileImport{};
  status_ = Status::Reading;
  name_ = name;
  totalBytes_ = size;
  started_ = Clock::now();
}

bool FileImport::Feed(const std::uint8_t* data, std::size_t size) {
  if (status_ != Status::Reading) return false;
  if (cancelRequested_) {
    Stop(Status::Cancelled);
    return false;
  }
  newlines_ += static_cast<std::uint64_t>(std::count(data, data + size, std::uint8_t{'\n'}));
  if (size > 0) lastByte_ = data[size - 1];
  bytesRead_ += size;
  return true;
}

void FileImport::Finish() {
  if (status_ == Status::Reading) Stop(Status::Done);
}

void FileImport::Fail(std::string_view message) {
  if (status_ == Status::Idle) started_ = Clock::now();
  error_ = message;
  Stop(Status::Failed);
}

void FileImport::RequestCancel() {
  if (status_ == Status::Reading) cancelRequested_ = true;
}

std::uint64_t FileImport::lines() const {
  return newlines_ + (bytesRead_ > 0 && lastByte_ != '\n' ? 1 : 0);
}

double FileImport::ElapsedSeconds() const {
  if (status_ == Status::Idle) return 0.0;
  const Clock::time_point end = status_ == Status::Reading ? Clock::now() : stopped_;
  return std::chrono::duration<double>(end - started_).count();
}

double FileImport::BytesPerSecond() const {
  const double seconds = ElapsedSeconds();
  return seconds > 0.0 ? static_cast<double>(bytesRead_) / seconds : 0.0;
}

void FileImport::Stop(Status status) {
  status_ = status;
  stopped_ = Clock::now();
}

const char* ToString(FileImport::Status status) {
  switch (status) {
    case FileImport::Status::Idle: return "idle";
    case FileImport::Status::Reading: return "reading";
    case FileImport::Status::Done: return "done";
    case FileImport::Status::Cancelled: return "cancelled";
    case FileImport::Status::Failed: return "error";
  }
  return "unknown";
}

}  // namespace ces::app
