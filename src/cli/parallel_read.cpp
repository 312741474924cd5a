// `ces score --threads N`: one file read in N parts at once, each part by its own
// engine session on its own thread, the later parts then added to the first in file
// order (ScoreSession::AbsorbPart). The engine stays free of threads and files; this
// file owns both. The result is the one a single session gives, byte for byte:
// whenever the parts cannot promise that (see ingest_parts.cpp and record_ranges.h),
// the file is read again in one part, which costs time but never changes a figure.
//
// Knobs for tests and measurements, from the environment:
//   CES_THREADS_REPORT=1..3   says on standard error how the file was read (threads_report.h)
//   CES_MIN_PART_BYTES=N      the smallest part (default 4 MiB; tests use 1 to cut tiny files)
//   CES_CUT_ANYWHERE=1        cut at any line start, not only where a day starts (tests: more cuts)
#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/arena_huge_pages.h"
#include "cli/cli_io.h"
#include "cli/commands.h"
#include "cli/thread_ranges.h"
#include "cli/threads_report.h"
#include "engine/aggregate/dataset.h"
#include "engine/csv/column_match.h"
#include "engine/csv/record_ranges.h"

namespace ces::cli {

namespace {

// Grows `bytes`, the file's bytes from `begin` on, to `size` bytes; false when the
// file ended first. The callers read a little, and more only when they must, into room
// reserved up front: only the bytes read are touched. Fresh pages are dear: reading
// whole windows into new blocks made planning the bench file's cuts, before any part
// starts, take 20-25 ms; so, 7-13 ms.
bool ReadUpTo(FILE* f, uint64_t begin, size_t size, std::string* bytes) {
  const size_t have = bytes->size();
  if (have >= size) return true;
  if (fseeko(f, static_cast<off_t>(begin + have), SEEK_SET) != 0) return false;
  bytes->resize(size);
  const size_t got = std::fread(&(*bytes)[have], 1, size - have, f);
  bytes->resize(have + got);
  return have + got == size;
}

struct Part {
  uint64_t begin = 0, end = 0;
  std::unique_ptr<ScoreSession> session;
  int64_t first_line = 1;  // the session's line number at the part's first byte
  int64_t end_line = 1;    // ... and after its last byte
  bool ok = false;
  std::string took;        // the part's wall time, for the report's level 3
};

// The latest valid day any part has read so far. With as_of "auto" the file's as-of
// date is at least that, so each part prunes by it too (ScoreSession::RaiseLatestDay):
// on a log in time order the parts before the last keep hardly more than their
// customers while they read, instead of a window of buckets each (peak memory).
class LatestDay {
 public:
  // Offers the part's own latest day; returns the latest of all parts.
  int32_t Offer(const std::optional<int32_t>& day) {
    int32_t seen = latest_.load(std::memory_order_relaxed);
    while (day && *day > seen && !latest_.compare_exchange_weak(seen, *day, std::memory_order_relaxed)) {
    }
    return std::max(seen, day.value_or(seen));
  }

 private:
  std::atomic<int32_t> latest_{INT32_MIN};
};

// What the parts have seen that rules out merging them, watched while they read: then
// every part stops at once and the file is read in one part without waiting for the
// rest (a shuffled 1M-row log with plain fractional sums took 1.5x as long before).
class RuledOut {
 public:
  explicit RuledOut(size_t parts) : spans_(parts) {}

  // The first reason found (a static string), or null.
  const char* why() const { return why_.load(std::memory_order_relaxed); }

  // After part k read a piece: its own reasons (ScoreSession::RulesOutParts), then the
  // merge's rule on days between each part and all the parts before it.
  void Check(size_t k, const ScoreSession& s) {
    const char* why = s.RulesOutParts();
    if (!why) {
      std::lock_guard<std::mutex> lock(mutex_);
      spans_[k] = s.stored_span();
      Ingestor::StoredSpan earlier = spans_[0];
      for (size_t j = 1; j < spans_.size() && !why; ++j) {
        why = s.SpansRuleOut(earlier, spans_[j]);
        earlier.Join(spans_[j]);
      }
    }
    const char* none = nullptr;
    if (why) why_.compare_exchange_strong(none, why);
  }

 private:
  std::atomic<const char*> why_{nullptr};
  std::mutex mutex_;
  std::vector<Ingestor::StoredSpan> spans_;  // each part's so far
};

// Reads one part: the header again (all parts but the first), then its bytes.
void ReadPart(const std::string& path, const ScoreModel& model, const std::string& header, bool last,
              LatestDay* latest, RuledOut* ruled_out, size_t k, Part* part) {
  const auto start = std::chrono::steady_clock::now();
  try {
    part->session = std::make_unique<ScoreSession>(model, ReadOptions(/*prune=*/true, /*printed_only=*/true));
    ScoreSession& s = *part->session;
    if (part->begin > 0 && !s.Feed(header.data(), header.size())) return;
    part->first_line = s.lines_read();
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return;
    std::vector<char> buf(kReadChunk);
    ArenaHugePages huge_pages;
    huge_pages.Advise();
    bool fed = fseeko(f, static_cast<off_t>(part->begin), SEEK_SET) == 0;
    for (uint64_t at = part->begin, chunks = 1; fed && at < part->end && !ruled_out->why(); ++chunks) {
      if (chunks % 8 == 0) huge_pages.Advise();  // new heaps, as the part's arena grows
      const size_t want = static_cast<size_t>(std::min<uint64_t>(buf.size(), part->end - at));
      const size_t got = std::fread(buf.data(), 1, want, f);
      if (got == 0) fed = false;
      else fed = s.Feed(buf.data(), got);
      at += got;
      const int32_t day = latest->Offer(s.dataset().max_day);
      if (fed && day != INT32_MIN) s.RaiseLatestDay(day);
      ruled_out->Check(k, s);
    }
    std::fclose(f);
    if (!fed || ruled_out->why()) return;
    part->ok = s.EndPart(last);
    part->end_line = s.lines_read();
    part->took = MillisecondsSince(start);
  } catch (const std::exception&) {  // out of memory in a part: one session will say it properly
    part->ok = false;
    part->session.reset();
  }
}

// Where to cut: about equal parts, each cut at a record start; where the file is in
// time order, at a change of day (whole days per part keep plain sums -- amounts not
// held exactly, decimal_sums.h -- as one reader adds them, see ingest_parts.cpp).
std::vector<uint64_t> PlanCuts(FILE* f, uint64_t size, uint64_t header_end, char delimiter, int time_column,
                               TimeFormat format, int parts) {
  std::vector<uint64_t> cuts{header_end}, mid_day{header_end};
  const uint64_t body = size - header_end;
  const int day_column = EnvNumber("CES_CUT_ANYWHERE", 0) ? -1 : time_column;
  auto keep = [&](std::vector<uint64_t>& into, uint64_t nominal, size_t at) {
    const uint64_t cut = nominal - 1 + at;
    if (at != kNoCut && cut > into.back() && cut < size) into.push_back(cut);
  };
  for (int k = 1; k < parts; ++k) {
    const uint64_t nominal = header_end + body / static_cast<uint64_t>(parts) * static_cast<uint64_t>(k);
    // A day usually starts within the first MiB: read a quarter of one, then twice as
    // much each time none starts, up to the window, scanning only the lines read since
    // (CutFinder), so a longer read finds the same cut. The window is wide (64 MiB: a
    // 10M-row log over a week has ~70 MB days) because a cut mid-day (below) is no cut
    // for plain sums; it is read only where no day starts sooner.
    const size_t window = static_cast<size_t>(std::min<uint64_t>(64u << 20, body / static_cast<uint64_t>(parts)));
    std::string bytes;  // from the byte before `nominal`: a cut right at it is seen
    bytes.reserve(window + 1);
    size_t at = kNoCut;
    CutFinder finder(delimiter, day_column, format);
    for (size_t want = std::min<size_t>(256u << 10, window);; want = std::min(want * 2, window)) {
      const bool more = ReadUpTo(f, nominal - 1, want + 1, &bytes);
      at = finder.Find(bytes);
      if (at != kNoCut || !more || want == window) break;
    }
    keep(cuts, nominal, at);
    if (day_column >= 0) keep(mid_day, nominal, CutInWindow(bytes, delimiter, -1, format));
  }
  // No day starts near any cut (a file of a day or two, or times not read here): cut
  // mid-day at line starts all the same rather than read on one thread. Parts merge when
  // the sums are held exactly (whole numbers, short decimals), or there are none; with
  // plain sums they see that they share a day after their first batch (RuledOut) and
  // the file is read in one part. Where some day starts near a cut, only such cuts are
  // made: one mid-day cut among them would make plain sums refuse them all.
  return cuts.size() == 1 ? mid_day : cuts;
}

}  // namespace

std::unique_ptr<ScoreSession> ScoreFileInParts(const std::string& input, const ScoreModel& model, int threads) {
  auto one_part = [&](const std::string& why) {
    ThreadsReport(1, "one part (" + why + ")");
    StepClock clock;
    auto session = ScoreInput(input, model, /*prune=*/true, /*stdin_bytes=*/nullptr, /*printed_only=*/true);
    clock.Step("reading and scoring in one part");
    return session;
  };
  if (input == "-") return one_part("standard input is streamed");
  if (threads <= 1) return one_part("--threads 1");
  FILE* f = std::fopen(input.c_str(), "rb");
  if (!f) return one_part("cannot open");
  std::fseek(f, 0, SEEK_END);
  const auto size = static_cast<uint64_t>(ftello(f));
  const uint64_t min_part = EnvNumber("CES_MIN_PART_BYTES", 4u << 20);
  const int parts = static_cast<int>(std::min<uint64_t>(static_cast<uint64_t>(threads), size / min_part));
  if (parts <= 1) {
    std::fclose(f);
    return one_part("small file");
  }
  // The header, read again by every part but the first.
  const IngestPlan plan = MakeIngestPlan(model, true);
  std::string head;  // enough to hold the header line, up to 1 MiB (as PlanCuts reads)
  head.reserve(1 << 20);
  for (size_t want = 64u << 10;; want = std::min<size_t>(want * 4, 1 << 20))
    if (!ReadUpTo(f, 0, want, &head) || head.find('\n') != std::string::npos || want == 1 << 20) break;
  const size_t header_length = HeaderRecordLength(head, plan.delimiter);
  if (header_length == kNoCut) {
    std::fclose(f);
    return one_part("the header is not one line");
  }
  const std::string header = head.substr(0, header_length);
  int time_column = -1;
  char delimiter = 0;
  {
    ScoreSession probe(model);
    probe.Feed(header.data(), header.size());
    std::string problem;
    delimiter = probe.dataset().delimiter;
    if (!probe.failed() && !plan.time.empty()) time_column = FindColumn(probe.dataset().columns, plan.time, &problem);
  }
  std::vector<uint64_t> cuts = PlanCuts(f, size, header_length, delimiter, time_column, plan.time_format, parts);
  std::fclose(f);
  cuts.front() = 0;  // the first part reads the header itself
  if (cuts.size() < 2) return one_part("no place to cut");

  for (uint64_t c : cuts) ThreadsReport(2, "cut at byte " + std::to_string(c));
  std::vector<Part> reads(cuts.size());
  for (size_t k = 0; k < reads.size(); ++k) {
    reads[k].begin = cuts[k];
    reads[k].end = k + 1 < cuts.size() ? cuts[k + 1] : size;
  }
  // This thread reads the last part, new threads the others. In a log in time order the
  // last part keeps the window's buckets while the earlier ones mostly count and drop
  // rows, and this thread's heap is the quickest to grow: glibc's main arena grows by
  // sbrk in 2 MiB pages (main.cpp), a new thread's by 64 MiB heaps that ArenaHugePages
  // has to find and open first. (Before those were opened, the later half took
  // 1.2-1.3 s in a new thread against 0.9-1.0 s for the earlier; BENCHMARKS.md.)
  std::vector<std::thread> workers;
  LatestDay latest;
  RuledOut ruled_out(reads.size());
  const size_t mine = reads.size() - 1;
  for (size_t k = 0; k < mine; ++k)
    workers.emplace_back(ReadPart, std::cref(input), std::cref(model), std::cref(header), false, &latest, &ruled_out, k,
                         &reads[k]);
  ReadPart(input, model, header, true, &latest, &ruled_out, mine, &reads[mine]);
  for (std::thread& t : workers) t.join();
  for (size_t k = 0; k < reads.size(); ++k)
    if (reads[k].ok) ThreadsReport(3, "part " + std::to_string(k + 1) + " took " + reads[k].took);
  StepClock clock;  // from here on one thread works: its steps one after the other

  if (const char* why = ruled_out.why()) {
    reads.clear();
    return one_part(std::string(why) + "; seen while reading");
  }
  for (const Part& p : reads)
    if (!p.ok) return one_part("a part ended inside a record or could not be read");
  // Part k's lines continue where part k - 1's ended.
  int64_t line = reads[0].end_line;
  std::unique_ptr<ScoreSession> first = std::move(reads[0].session);
  for (size_t k = 1; k < reads.size(); ++k) {
    std::string why;
    if (!first->AbsorbPart(*reads[k].session, line - reads[k].first_line, header.size(), &why)) {
      first.reset();
      reads.clear();
      return one_part(why);
    }
    line += reads[k].end_line - reads[k].first_line;
    reads[k].session.reset();
  }
  clock.Step("merging the parts");
  // No malloc_trim here, though the merge freed buckets in the other threads' arenas,
  // which the scoring does not allocate from. Trimming (on a thread of its own) held
  // the arenas' locks and gave back pages the scoring then faulted in again: on the
  // bench file finishing and scoring took three times as long with it, at the same
  // peak; only with many customers (1M) did it lower the peak, by 7%
  // (docs/threads.md has the figures).
  first->MeasureWith(ThreadRanges(static_cast<int>(reads.size())));
  first->Finish();
  if (first->failed()) return one_part("the parts could not be finished");
  clock.Step("finishing and scoring");
  ThreadsReport(1, std::to_string(reads.size()) + " parts read at once");
  return first;
}

}  // namespace ces::cli
