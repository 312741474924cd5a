// `ces score --threads N`: the scored table formatted on N threads at once and written
// in order. With a million customers writing took ~230 ms on one thread, most of it
// turning numbers into text; the rows are independent, so blocks of rows are formatted
// anywhere and only their writing is in order. The engine formats (AppendResultsRows);
// the threads and their hand-over are here.
//
// One knob for tests, from the environment:
//   CES_WRITE_BLOCK_ROWS=N   rows per block (default 4096; tests use a few, so that
//                            small tables are written in many blocks)
#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_io.h"
#include "cli/commands.h"
#include "engine/results/results_csv.h"

namespace ces::cli {

namespace {

// Blocks taken by the formatting threads in turn and written by the caller's thread in
// order. A block is taken only while it is fewer than `ring` blocks ahead of the
// writing, so memory stays at `ring` blocks (~0.6 MB each with ten activities)
// however long the table. The blocks' buffers go round between the threads and the
// ring instead of being allocated afresh: fresh pages cost their zeroing (a 100k-row
// table was no faster on two threads with new buffers for each block).
class Blocks {
 public:
  Blocks(size_t count, size_t ring) : count_(count), ring_(ring), text_(ring), ready_(ring, false) {}

  // The next block to format, or false when there is none left or the writing stopped.
  bool Take(size_t* block) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || next_ >= count_ || next_ < written_ + ring_; });
    if (stopped_ || next_ >= count_) return false;
    *block = next_++;
    return true;
  }
  // Like Take, without waiting: for the writing thread, which must not wait on itself.
  bool TryTake(size_t* block) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_ || next_ >= count_ || next_ >= written_ + ring_) return false;
    *block = next_++;
    return true;
  }
  // Hands a formatted block over; `text` gets a spent buffer back to format into.
  void Put(size_t block, std::string* text) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      text_[block % ring_].swap(*text);
      ready_[block % ring_] = true;
    }
    changed_.notify_all();
  }
  // The next block in order once it is formatted, swapped with `text` (a written
  // buffer, for reuse); false when it is not yet (`wait`: waits for it instead, unless
  // the formatting stopped).
  bool NextInOrder(std::string* text, bool wait) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (wait) changed_.wait(lock, [&] { return stopped_ || ready_[written_ % ring_]; });
    if (!ready_[written_ % ring_]) return false;
    text->swap(text_[written_ % ring_]);
    ready_[written_ % ring_] = false;
    return true;
  }
  void Written() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++written_;
    }
    changed_.notify_all();
  }
  size_t written() const { return written_; }
  // No more blocks are taken (`failed`: a formatting thread ran out of memory).
  void Stop(bool failed = false) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
      failed_ = failed_ || failed;
    }
    changed_.notify_all();
  }
  bool failed() {
    std::lock_guard<std::mutex> lock(mutex_);
    return failed_;
  }

 private:
  const size_t count_, ring_;
  std::mutex mutex_;
  std::condition_variable changed_;
  size_t next_ = 0, written_ = 0;
  bool stopped_ = false, failed_ = false;
  std::vector<std::string> text_;
  std::vector<bool> ready_;
};

}  // namespace

bool WriteResultsInParallel(const ScoreSession& s, int threads, const std::function<bool(std::string_view)>& write) {
  const Dataset& data = s.dataset();
  const ScoreModel& model = s.model();
  const ScoreTable& table = s.table();
  const size_t rows = EnvNumber("CES_WRITE_BLOCK_ROWS", 4096), total = table.order.size();
  const size_t count = (total + rows - 1) / rows;
  if (threads <= 1 || count <= 1) return WriteResultsCsv(data, model, table, write);
  threads = static_cast<int>(std::min<size_t>(static_cast<size_t>(threads), count));  // no idle threads

  auto format = [&](size_t block, std::string* text) {
    text->clear();
    AppendResultsRows(data, model, table, block * rows, (block + 1) * rows, SIZE_MAX, *text);
  };
  Blocks blocks(count, 2 * static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  for (int k = 1; k < threads; ++k)
    workers.emplace_back([&] {
      try {
        std::string text;
        for (size_t block; blocks.Take(&block);) {
          format(block, &text);
          blocks.Put(block, &text);
        }
      } catch (const std::bad_alloc&) {
        blocks.Stop(/*failed=*/true);
      }
    });
  auto finish = [&] {
    blocks.Stop();
    for (std::thread& t : workers) t.join();
  };
  // This thread writes in order, and formats a block itself whenever the next one to
  // write is not ready yet (with two threads it formats about half of them).
  bool ok = true;
  try {
    std::string text, mine;
    AppendResultsHeader(model, text);
    ok = write(text);
    while (ok && !blocks.failed() && blocks.written() < count) {
      size_t block;
      if (blocks.NextInOrder(&text, false)) {
        ok = write(text);
        blocks.Written();
      } else if (blocks.TryTake(&block)) {
        format(block, &mine);
        blocks.Put(block, &mine);
      } else if (blocks.NextInOrder(&text, true)) {
        ok = write(text);
        blocks.Written();
      }
    }
  } catch (...) {  // out of memory here: the threads first, then main.cpp says it
    finish();
    throw;
  }
  finish();
  if (blocks.failed()) throw std::bad_alloc();  // said by main.cpp, as on one thread
  return ok;
}

}  // namespace ces::cli
